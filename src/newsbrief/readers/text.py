"""Plain text to Article: headline, optional seed-form key points, body one paragraph a line."""

from __future__ import annotations

import re

from newsbrief.article import Article
from newsbrief.errors import InputError
from newsbrief.nlp.sentences import LINE_END_PUNCTUATION

_BULLET = re.compile(r"^\s*[-•*]\s+(.*\S)\s*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def normalize_body(text: str) -> str:
    """One paragraph a line, inner whitespace collapsed, control characters dropped.

    Blank-line separated blocks whose lines are hard-wrapped (most lines inside a block do not end
    a sentence) are joined into one paragraph each, so a wrapped e-mail reads like the web page.
    """
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    if _hard_wrapped(blocks):
        paragraphs = [" ".join(block) for block in blocks if block]
    else:
        paragraphs = [line for line in lines if line]
    return "\n".join(paragraphs)


def _hard_wrapped(blocks: list[list[str]]) -> bool:
    inner = [line for block in blocks for line in block[:-1]]
    if len(inner) < 3:
        return False
    open_ended = sum(1 for line in inner if not line.endswith(LINE_END_PUNCTUATION))
    return open_ended > 0.6 * len(inner)


def parse_text(
    text: str,
    title: str | None = None,
    *,
    find_headline: bool = True,
    warnings: tuple[str, ...] = (),
) -> Article:
    """Read an article from plain text.

    Without ``title`` (and with ``find_headline``), the first non-empty line is the headline when
    more lines follow; a single-paragraph text is all body. Bullet lines (``- ...``) directly
    under the headline are the seed form's given key points and are kept apart from the body.
    """
    if "\x00" in text:
        raise InputError("input contains NUL bytes: it looks like binary data, not text")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    if not nonempty:
        raise InputError("input is empty: no article text found")
    rest = lines
    given: list[str] = []
    if title is None and find_headline and len(nonempty) > 1:
        title = lines[nonempty[0]]
        rest = lines[nonempty[0] + 1 :]
        # Bullets directly under a headline are the seed form's key points, not body.
        while rest and (not rest[0].strip() or _BULLET.match(rest[0])):
            match = _BULLET.match(rest[0])
            if match:
                given.append(match.group(1))
            rest = rest[1:]
    body = normalize_body("\n".join(rest))
    if not body:
        raise InputError("input has a headline but no body text")
    headline = normalize_body(title).replace("\n", " ") if title else None
    return Article(body=body, title=headline or None, given_key_points=tuple(given), warnings=warnings)
