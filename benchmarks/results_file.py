"""RESULTS.md is written by the benchmarks: each owns one marked block and replaces only that."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def replace_block(name: str, block: str, path: Path = RESULTS) -> None:
    """Put ``block`` between ``<!-- name:start -->`` and ``<!-- name:end -->`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if start not in text or end not in text:
        raise SystemExit(f"{path} has no {start} ... {end} block to replace")
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    path.write_text(f"{before}{start}\n{block}\n{end}{after}", encoding="utf-8")
