"""Count in how many news articles each content term occurs: the background the keywords and
stories layers weigh words by, shipped as ``src/newsbrief/keywords/frequencies.txt``.

    python training/document_frequency.py                  # BBC and CNN dev sets in ../shared/data
    python training/document_frequency.py --data my.jsonl --out my-frequencies.txt

Deterministic: the same records give the same file, byte for byte. Terms seen in fewer than
``--min-df`` articles are left out (an unseen term counts as the rarest kind), which keeps the
file small.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from newsbrief.nlp.words import content_terms

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
DEFAULT_DATA = [SHARED / "bbc-news-summary" / "dev.jsonl", SHARED / "cnn-dailymail" / "dev.jsonl"]
OUT = ROOT / "src" / "newsbrief" / "keywords" / "frequencies.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", nargs="*", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-df", type=int, default=3)
    args = parser.parse_args()
    missing = [p for p in args.data if not p.exists()]
    if missing:
        sys.exit(
            f"no data at {', '.join(map(str, missing))}: pass --data or put ../shared/data beside the repo"
        )
    df: Counter[str] = Counter()
    documents = 0
    for path in args.data:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                text = f"{record.get('title') or ''}\n{record.get('text') or ''}"
                df.update(set(content_terms(text)))
                documents += 1
    kept = sorted((term, n) for term, n in df.items() if n >= args.min_df)
    with args.out.open("w", encoding="utf-8", newline="\n") as out:
        out.write(f"# documents\t{documents}\n")
        out.write(f"# sources\t{' '.join(p.parent.name for p in args.data)}\n")
        out.writelines(f"{term}\t{n}\n" for term, n in kept)
    print(f"{args.out}: {len(kept):,} terms from {documents:,} articles")


if __name__ == "__main__":
    main()
