"""Keyphrases: offsets into the body, the configured count, rarity over frequency."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import newsbrief
from newsbrief.article import Article
from newsbrief.document import build_document
from newsbrief.keywords import extract_keywords, load_background
from newsbrief.keywords.background import parse_background


def test_every_keyword_is_its_first_occurrence_in_the_body(sample_text: str) -> None:
    brief = newsbrief.brief(sample_text, layers=["keywords"])
    assert 5 <= len(brief.keywords) <= 10
    for keyword in brief.keywords:
        if keyword.start is None:
            assert keyword.end is None and keyword.text in (brief.title or "")
        else:
            assert brief.body[keyword.start : keyword.end] == keyword.text
            assert brief.body.find(keyword.text) <= keyword.start
    scores = [k.score for k in brief.keywords]
    assert scores == sorted(scores, reverse=True)


def test_the_count_is_configurable_and_zero_turns_them_off(sample_text: str) -> None:
    assert len(newsbrief.brief(sample_text, layers=["keywords"], keywords=3).keywords) == 3
    assert newsbrief.brief(sample_text, layers=["keywords"], keywords=0).keywords == ()
    assert newsbrief.brief(sample_text, layers=["keypoints"]).keywords == ()


def test_a_repeated_rare_name_beats_common_words() -> None:
    body = (
        "The council met on Monday to discuss the plan.\n"
        "Councillor Ingrid Vasquez said the Brackwater tunnel would open next year.\n"
        "The Brackwater tunnel has cost more than planned, the council said.\n"
        "Work on the Brackwater tunnel began in 2021."
    )
    doc = build_document(Article(body=body, title="Tunnel delay"))
    top = [k.text.lower() for k in extract_keywords(doc, 3)]
    assert "brackwater tunnel" in top
    assert "said" not in top and "the" not in top


def test_no_phrase_is_inside_another() -> None:
    body = "Kelly Holmes won again. Holmes said Kelly Holmes was tired. Holmes ran the 800m in Glasgow."
    words = [k.text.lower() for k in extract_keywords(build_document(Article(body=body)), 10)]
    assert len(words) == len(set(words))
    for a in words:
        assert not any(a != b and f" {a} " in f" {b} " for b in words), words


def test_the_background_file_parses_and_a_bad_one_is_refused() -> None:
    background = load_background()
    assert background.documents > 1000 and background.idf("government") < background.idf("brackwater")
    try:
        parse_background("term\t3\n")
    except newsbrief.InputError:
        pass
    else:
        raise AssertionError("a background without its document count was accepted")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400), st.one_of(st.none(), st.text(max_size=60)))
def test_any_text_gives_keywords_whose_offsets_hold(body: str, title: str | None) -> None:
    doc = build_document(Article(body=body, title=title))
    for keyword in extract_keywords(doc):
        if keyword.start is not None:
            assert keyword.end is not None and body[keyword.start : keyword.end] == keyword.text
        assert keyword.text.strip()
