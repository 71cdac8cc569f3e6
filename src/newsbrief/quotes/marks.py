"""Quotation marks: where each quote starts and ends, across paragraphs, and which quoted
phrases are titles rather than anyone's words."""

from __future__ import annotations

import bisect
import re

from newsbrief.document import Document

_OPEN = {'"': '"', "“": "”"}


def inside_any(pos: int, spans: list[tuple[int, int]]) -> bool:
    """True when ``pos`` falls inside one of the sorted, disjoint ``spans``."""
    i = bisect.bisect_right(spans, pos, key=lambda span: span[0]) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def quote_spans(doc: Document) -> list[tuple[int, int]]:
    """Content spans between quotation marks; an open quote at a paragraph end continues when the
    next paragraph reopens it, and ends with its paragraph when it does not.

    A quote left open when the next one opens (``"First part. "Second part."``, the way a
    multi-paragraph quote reads once its line breaks are lost) ends where the next one begins.
    """
    spans: list[tuple[int, int]] = []
    pending: int | None = None  # start of a quote left open by the previous paragraph
    left_open = 0  # where that paragraph ends
    for para in doc.paragraphs:
        text, base = para.text, para.start
        if pending is not None and not text.startswith(tuple(_OPEN)):
            # The next paragraph does not reopen: the quote ends with its own paragraph.
            spans.append((pending, left_open))
            pending = None
        i = 0
        while i < len(text):
            ch = text[i]
            if ch not in _OPEN or (ch == '"' and not (_opens(text, i) or _opens_glued(text, i))):
                i += 1
                continue
            close = _closing(text, i)
            if close is None:
                if pending is None:
                    pending = base + i + 1
                left_open = base + len(text.rstrip())
                break
            reopened = _reopens(text, close)
            if pending is not None:
                spans.append((pending, base + close))
                pending = None
            elif close > i + 1:
                spans.append((base + i + 1, base + close))
            i = close if reopened else close + 1
    if pending is not None:
        spans.append((pending, left_open))
    # A mark left open at the very end ('He said "') opens nothing that anyone said.
    return [(start, end) for start, end in spans if doc.body[start:end].strip()]


_TITLE_SMALL_WORDS = frozenset("of and the in a an to for on at with from by or is vs &".split())


def looks_like_title(text: str) -> bool:
    """True for a short Title Case phrase: the name of a work or show, not someone's words."""
    words = text.strip(" ,.;:!").split()
    if not words or len(words) > 8:
        return False
    significant = [w for i, w in enumerate(words) if i == 0 or w.lower() not in _TITLE_SMALL_WORDS]
    return all(w[:1].isupper() or w[:1].isdigit() for w in significant)


def _reopens(text: str, j: int) -> bool:
    """True when the mark at ``j`` opens a quote (after a space, before a word)."""
    return text[j] in _OPEN and _opens(text, j) and bool(text[j + 1 : j + 2].strip())


def _closing(text: str, i: int) -> int | None:
    """Index of the mark that closes the quote opened at ``i`` (or of the next opening mark)."""
    closer = _OPEN[text[i]]
    for j in range(i + 1, len(text)):
        if j > i + 1 and _reopens(text, j):
            return j  # a new quote opens before this one closed
        if text[j] == closer:
            return j
    return None


def _opens(text: str, i: int) -> bool:
    """A straight quote opens when it starts the text or follows a space or opening bracket."""
    return i == 0 or text[i - 1] in " \t([—–-"


def _opens_glued(text: str, i: int) -> bool:
    """A straight quote glued to the full stop before it opens when a capital follows, outside any
    quote: 'Hicks told WTKR."That flag ..."' lost its space, not its quotation."""
    return text[i - 1 : i] in (".", "!", "?") and text[i + 1 : i + 2].isupper()


_NAMING = re.compile(
    r"\b(?:known as|so-called|also called|(?:is|are|was|were|be|being) called|the (?:word|term|phrase)s?)"
    r"\s+(?:an?\s+|the\s+)?$",
    re.I,
)


def names_a_term(body: str, start: int) -> bool:
    """True when the words before a quote that opens at ``start`` introduce a name or term, which
    quotes nobody: "known as a “least weasel”", "the so-called “harbour tax”"."""
    return _NAMING.search(body, max(0, start - 40), start - 1) is not None
