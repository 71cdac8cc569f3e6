"""``make fuzz``: every target in fuzz_targets.py under atheris (coverage-guided, libFuzzer), its
share of 200,000 inputs, two at a time; the figures go into benchmarks/RESULTS.md.

Each target runs in its own process, instrumented, from a seed corpus of newsbrief's own sample
articles. A crash (an exception other than newsbrief's own, a failed property, a hang over 60 s)
stops that target, leaves its input in fuzz/crashes/, and makes the run exit 1.

    make fuzz                              # all targets, 200,000 inputs
    python fuzz/run.py --scale 0.1         # a tenth of that
    python fuzz/run.py --target sentences --runs 5000
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CRASHES = HERE / "crashes"
sys.path[:0] = [str(HERE), str(ROOT / "benchmarks")]


def seeds() -> list[bytes]:
    """Our own sample articles, whole, as records, as HTML and as a feed: where mutation starts."""
    samples = ROOT / "src" / "newsbrief" / "samples"
    texts = [p.read_bytes() for p in sorted(samples.glob("*.txt"))]
    records = (samples / "ferry-strike.jsonl").read_bytes().splitlines()
    out = [*texts, *records[:3], b"\n\n".join(records[:4])]
    for text in texts:
        title, _, body = text.decode().partition("\n")
        paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
        out.append(
            f"<html><head><title>{title}</title></head><body><article>{paragraphs}</article></body></html>".encode()
        )
        out.append(
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>{title}</title>'
            f"<link>https://example.com/a</link><description>{body[:300]}</description></item></channel></rss>".encode()
        )
    return out


def child(target: str, runs: int) -> None:
    """Fuzz one target in this process (atheris takes over argv and exits when done)."""
    import atheris

    corpus_seeds = seeds()
    with atheris.instrument_imports(include=["newsbrief"]):
        import fuzz_targets

        fn = fuzz_targets.TARGETS[target][0]
        for seed in corpus_seeds:  # the lazy imports of every path happen here, instrumented
            fn(seed)
    with tempfile.TemporaryDirectory() as corpus:
        for i, seed in enumerate(corpus_seeds):
            Path(corpus, f"seed-{i}").write_bytes(seed)
        CRASHES.mkdir(exist_ok=True)
        argv = [
            sys.argv[0],
            corpus,
            f"-runs={runs}",
            "-max_len=4096",
            "-timeout=60",
            "-rss_limit_mb=6144",
            f"-artifact_prefix={CRASHES}/{target}-",
            "-print_final_stats=1",
        ]
        atheris.Setup(argv, fn)
        atheris.Fuzz()


def run_target(target: str, runs: int) -> dict[str, object]:
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, __file__, "--target", target, "--runs", str(runs), "--child"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    log = proc.stdout + proc.stderr
    done = re.findall(r"stat::number_of_executed_units: (\d+)", log)
    cov = re.findall(r"cov: (\d+)", log)
    crashed = proc.returncode != 0
    if crashed:
        CRASHES.mkdir(exist_ok=True)
        (CRASHES / f"{target}.log").write_text(log[-20000:])
    return {
        "target": target,
        "runs": int(done[-1]) if done else 0,
        "seconds": time.monotonic() - started,
        "coverage": int(cov[-1]) if cov else 0,
        "crashed": crashed,
        "tail": "\n".join(log.strip().splitlines()[-15:]) if crashed else "",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", help="one target only")
    parser.add_argument("--runs", type=int, help="inputs for --target")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every target's share")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:  # before anything imports newsbrief: only modules imported later get instrumented
        child(args.target, args.runs)
        return 0
    from fuzz_targets import TARGETS

    plan = (
        {args.target: args.runs or TARGETS[args.target][1]}
        if args.target
        else {name: max(1, round(share * args.scale)) for name, (_, share) in TARGETS.items()}
    )
    # The dearest targets first, so the two workers finish together.
    order = sorted(plan, key=lambda n: -plan[n] * {"brief_full": 20, "stories": 6, "page": 3}.get(n, 1))
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda n: run_target(n, plan[n]), order))
    wall = time.monotonic() - started
    results.sort(key=lambda r: list(TARGETS).index(str(r["target"])))
    total = sum(int(r["runs"]) for r in results)  # type: ignore[call-overload]
    crashes = [r for r in results if r["crashed"]]
    lines = [
        "Command: `make fuzz` (`python fuzz/run.py`): atheris "
        f"{_version()} (libFuzzer, coverage-guided, newsbrief instrumented), {args.jobs} targets at a time, "
        "seeded with newsbrief's own samples; properties in `fuzz/fuzz_targets.py`; "
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        "| target | inputs | seconds | inputs/s | coverage (edges) | crashes |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        runs, seconds = int(r["runs"]), float(r["seconds"])  # type: ignore[call-overload, arg-type]
        lines.append(
            f"| {r['target']} | {runs:,} | {seconds:.0f} | {runs / max(seconds, 1e-9):,.0f} "
            f"| {r['coverage']:,} | {int(bool(r['crashed']))} |"
        )
    lines.append(f"| **all** | **{total:,}** | {wall:.0f} (wall) | | | **{len(crashes)}** |")
    block = "\n".join(lines)
    print(block)
    for r in crashes:
        print(f"\n--- {r['target']} crashed (input and log in fuzz/crashes/):\n{r['tail']}", file=sys.stderr)
    if not args.no_write and not args.target:
        from results_file import replace_block

        replace_block("fuzz", block)
    return 1 if crashes else 0


def _version() -> str:
    from importlib.metadata import version

    return version("atheris")


if __name__ == "__main__":
    sys.exit(main())
