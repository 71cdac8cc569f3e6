from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsbrief.nlp.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


# Hand-written hard cases, shared with benchmarks/splitters.py so every splitter meets the same ones.
CASES = [json.loads(line) for line in (Path(__file__).parent / "data" / "sentence_cases.jsonl").open()]


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:30] for c in CASES])
def test_news_cases(case: dict[str, object]) -> None:
    assert sentences(str(case["text"])) == case["sentences"]


def test_empty_and_blank() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \t ") == []


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_spans_cover_text_in_order(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip()
        # Nothing but whitespace is left between sentences.
        assert not text[previous_end:start].strip()
        previous_end = end
    assert not text[previous_end:].strip()


@given(
    st.lists(
        st.sampled_from(["The", "U.S.", "Mr.", "said", "it", "rose", "£1.50", "...", "?", '"', "A."]),
        max_size=60,
    )
)
def test_news_like_tokens_never_lose_text(tokens: list[str]) -> None:
    text = " ".join(tokens)
    joined = " ".join(sentences(text))
    assert joined.split() == text.split()
