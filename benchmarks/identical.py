"""Every layer's output on every ../shared/data set, written so that two versions can be compared.

A refactor must not change what the product says. This script briefs every record of every set
through the command line (key points, keywords, entities, quotes, events), codes PETRARCH2's
unit-test sentences with their own dictionaries, groups bbc-stories, WikiRef220 and the athletics
stories into stories and writes each story's brief (JSON), then writes a SHA-256 manifest.
Given ``--against`` an earlier run's folder, it names every file and record that differs.

    python benchmarks/identical.py /tmp/before                      # on the old commit
    python benchmarks/identical.py /tmp/after --against /tmp/before # on the new one
    python benchmarks/identical.py /tmp/after --base REV            # both: REV in a git worktree
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from newsbrief.cli import main as cli

ROOT = Path(__file__).resolve().parent
SHARED = ROOT.parent.parent / "shared" / "data"
BRIEFED = (
    "bbc-news-summary",
    "cnn-dailymail",
    "bbc-stories",
    "wikiref220",
    "plover-plv",
    "petrarch2-unittest",
)
GROUPED = ("bbc-stories", "wikiref220", "athletics")


def run(*argv: str) -> str:
    """Run one newsbrief command in this process; its standard output, or an error if it fails."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli(list(argv))
    if code != 0:
        raise SystemExit(f"newsbrief {' '.join(argv)} exited {code}")
    return out.getvalue()


def by_id(path: Path) -> None:
    """Sort a JSONL file by record id, so that the order workers finish in never shows."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows.sort(key=lambda r: str(r.get("id")))
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows), encoding="utf-8"
    )


def athletics(work: Path, shared: Path) -> Path:
    """The athletics stories' articles, taken from bbc-news-summary by the ids in our gold file."""
    wanted = [
        json.loads(line)["id"] for line in (ROOT / "gold" / "stories_athletics.jsonl").open(encoding="utf-8")
    ]
    wanted_ids = set(wanted)
    records = {}
    for line in (shared / "bbc-news-summary" / "dev.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        if record["id"] in wanted_ids:
            records[record["id"]] = record
    path = work / "athletics.jsonl"
    path.write_text("".join(json.dumps(records[i]) + "\n" for i in wanted), encoding="utf-8")
    return path


def write_all(out: Path, workers: int, shared: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        inputs = {name: shared / name / "dev.jsonl" for name in BRIEFED}
        inputs["athletics"] = athletics(work, shared)
        for name, path in inputs.items():
            target = out / f"{name}.briefs.jsonl"
            print(f"briefing {name}", file=sys.stderr)
            run("batch", str(path), "-o", str(target), "--workers", str(workers), "--no-progress")
            by_id(target)
        validate = work / "validate"
        validate.mkdir()
        for file in (shared / "cameo-dictionaries").glob("PETR.Validate.*"):
            shutil.copy(file, validate / file.name)
        target = out / "petrarch2-unittest.validate-events.jsonl"
        run(
            "events",
            str(inputs["petrarch2-unittest"]),
            "-o",
            str(target),
            "--dictionaries",
            str(validate),
            "--workers",
            str(workers),
            "--no-progress",
        )
        by_id(target)
        for name in GROUPED:
            print(f"grouping {name}", file=sys.stderr)
            briefs = out / f"{name}.briefs.jsonl"
            target = out / f"{name}.stories.jsonl"
            run("stories", str(briefs), "-o", str(target))
            db = f"sqlite:///{work / (name + '.db')}"
            run("ingest", "--db", db, str(briefs))
            run("stories", "--db", db)
            with (out / f"{name}.story-briefs.jsonl").open("w", encoding="utf-8") as briefs_out:
                for story in _stored_story_ids(db):
                    story_json = json.loads(run("story", story, "--db", db, "--format", "json"))
                    briefs_out.write(json.dumps(story_json, ensure_ascii=False, sort_keys=True) + "\n")
    manifest = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.glob("*.jsonl"))}
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def _stored_story_ids(db: str) -> list[str]:
    from newsbrief.store import Store

    with Store(db) as store:
        return sorted(s.id for s in store.stories(100_000))


def differences(after: Path, before: Path) -> list[str]:
    """Each file and record of ``after`` that is not byte for byte the one in ``before``."""
    found = []
    for old in sorted(before.glob("*.jsonl")):
        new = after / old.name
        if not new.exists():
            found.append(f"{old.name}: missing")
            continue
        old_lines, new_lines = old.read_bytes().splitlines(), new.read_bytes().splitlines()
        if old_lines == new_lines:
            continue
        if len(old_lines) != len(new_lines):
            found.append(f"{old.name}: {len(old_lines)} lines before, {len(new_lines)} after")
        for a, b in zip(old_lines, new_lines, strict=False):
            if a != b:
                found.append(f"{old.name}: {_record_id(a)} differs")
    return found


def _record_id(line: bytes) -> Any:
    record = json.loads(line)
    return record.get("id") if isinstance(record, dict) else None


def write_base(rev: str, out: Path, workers: int, shared: Path) -> None:
    """Every output of the package as it was at ``rev`` (a git worktree of it, imported first)."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), rev], cwd=ROOT, check=True)
        try:
            env = {**os.environ, "PYTHONPATH": str(tree / "src")}
            command = [sys.executable, __file__, str(out), "--workers", str(workers), "--shared", str(shared)]
            subprocess.run(command, env=env, check=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write every output into")
    parser.add_argument("--against", type=Path, help="an earlier run's folder: report every difference")
    parser.add_argument("--base", help="a git revision: write its outputs first, then compare against them")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--shared", type=Path, default=SHARED, help=f"the shared data (default {SHARED})")
    args = parser.parse_args()
    shared = args.shared.resolve()
    if not shared.is_dir():
        print(f"no data: {shared} is missing", file=sys.stderr)
        return 2
    if args.base:
        args.against = args.out.with_name(args.out.name + "-base")
        shutil.rmtree(args.against, ignore_errors=True)
        write_base(args.base, args.against, args.workers, shared)
    write_all(args.out, args.workers, shared)
    manifest = json.loads((args.out / "MANIFEST.json").read_text(encoding="utf-8"))
    records = sum(len(p.read_bytes().splitlines()) for p in args.out.glob("*.jsonl"))
    print(f"{len(manifest)} files, {records} records written to {args.out}")
    if args.against is None:
        return 0
    found = differences(args.out, args.against)
    for line in found:
        print(line)
    print(f"{len(found)} differences against {args.against}" if found else f"identical to {args.against}")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
