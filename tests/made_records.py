"""Article records made up for the batch tests: numbered, each different, as long as asked."""

from __future__ import annotations

import json
import random

_WORDS = "council harbour bridge ferry union workers minister budget court river station museum school port"


def made_records(n: int, sentences: int = 60) -> list[str]:
    """``n`` JSONL lines ``{"id": "r<i>", "title", "text"}`` of ``sentences`` sentences each."""
    words = _WORDS.split()
    lines = []
    for i in range(n):
        pick = random.Random(i).choice
        body = " ".join(
            f"The {pick(words)} {pick(words)} said on day {k} that the {pick(words)} plan "
            f"would cost {k + i % 97} million."
            for k in range(sentences)
        )
        lines.append(json.dumps({"id": f"r{i}", "title": f"Story {i} of the {pick(words)}", "text": body}))
    return lines


def with_broken_lines(lines: list[str]) -> list[str]:
    """``lines`` with bad records mixed in: broken JSON, a list, an empty text, a blank line,
    a record without text, and an oversized line."""
    out = list(lines)
    out.insert(1, "{not json")
    out.insert(4, json.dumps(["a", "list"]))
    out.insert(7, json.dumps({"id": "empty", "text": "   "}))
    out.insert(9, "")
    out.insert(12, json.dumps({"id": "no-text", "title": "Only a title"}))
    out.insert(15, json.dumps({"id": "huge", "text": "word " * 3_000_000}))
    return out
