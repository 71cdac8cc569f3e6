from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsbrief.nlp.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Officials in the U.S. said so. The talks went on.",
            ["Officials in the U.S. said so.", "The talks went on."],
        ),
        ("He moved to the U.S. The move was quick.", ["He moved to the U.S.", "The move was quick."]),
        (
            "Mr. Smith and Dr. Jones met Gen. Lee. They talked.",
            ["Mr. Smith and Dr. Jones met Gen. Lee.", "They talked."],
        ),
        (
            "President George W. Bush spoke. J. K. Rowling listened.",
            ["President George W. Bush spoke.", "J. K. Rowling listened."],
        ),
        (
            "Shares closed at £102.80 on Friday. Trading was thin.",
            ["Shares closed at £102.80 on Friday.", "Trading was thin."],
        ),
        (
            "We argued for a decade... Tonight we start. It is late.",
            ["We argued for a decade...", "Tonight we start.", "It is late."],
        ),
        ('"Why now?" she asked. Nobody answered.', ['"Why now?" she asked.', "Nobody answered."]),
        ('"It is over." The crowd left.', ['"It is over."', "The crowd left."]),
        (
            "“I deem it necessary,” he said. “We act now.” Then he left.",
            ["“I deem it necessary,” he said.", "“We act now.”", "Then he left."],
        ),
        (
            "It rose 2.5% in Jan. 2005 says No. 10 Downing St. officials.",
            ["It rose 2.5% in Jan. 2005 says No. 10 Downing St. officials."],
        ),
        (
            "Baoshan Iron and Steel Co. said it would wait. Prices rose.",
            ["Baoshan Iron and Steel Co. said it would wait.", "Prices rose."],
        ),
        ("Is it real? Yes! It is.", ["Is it real?", "Yes!", "It is."]),
        ("No final stop here", ["No final stop here"]),
    ],
)
def test_news_cases(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


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
