from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

import newsbrief
from newsbrief.nlp.spacy_pipeline import spacy_available
from newsbrief.readers import parse_text
from newsbrief.render import render


@pytest.fixture
def schema() -> dict[str, object]:
    text = resources.files("newsbrief").joinpath("schema/brief.schema.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


def test_json_follows_schema_and_offsets(sample_text: str, schema: dict[str, object]) -> None:
    data = json.loads(render(newsbrief.brief(sample_text), "json"))
    jsonschema.validate(data, schema)
    assert len(data["key_points"]) == 3
    for kp in data["key_points"]:
        assert data["body"][kp["start"] : kp["end"]].removesuffix(".") == kp["text"]


def test_seed_form_round_trips(sample_text: str) -> None:
    brief = newsbrief.brief(sample_text)
    again = parse_text(render(brief, "text"))
    assert again.title == brief.title
    assert again.body == brief.body
    assert list(again.given_key_points) == [kp.text for kp in brief.key_points]


def test_text_form_layout(sample_text: str) -> None:
    lines = render(newsbrief.brief(sample_text), "text").splitlines()
    assert lines[0] == sample_text.splitlines()[0]
    assert all(line.startswith("- ") for line in lines[1:4])
    assert not lines[4].startswith("- ")


HOSTILE = (
    "Evil <script>alert(1)</script> headline\n"
    'The page said <img src=x onerror="alert(2)"> and more words here.\n'
    'Second line & "quotes" stay text.'
)


def test_html_escapes_everything() -> None:
    page = render(newsbrief.brief(HOSTILE), "html")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "&lt;img" in page
    assert page.count("<mark") == len(newsbrief.brief(HOSTILE).key_points)


def test_html_marks_key_points(sample_text: str) -> None:
    page = render(newsbrief.brief(sample_text), "html")
    for i in (1, 2, 3):
        assert f'href="#kp{i}"' in page and f'<mark id="kp{i}" tabindex="-1">' in page
    assert "<h2>Funding and costs</h2>" in page


def test_markdown(sample_text: str) -> None:
    brief = newsbrief.brief(sample_text)
    md = render(brief, "markdown")
    assert md.startswith(f"# {brief.title}")
    assert "## Funding and costs" in md
    points = md.split("**Key points**\n\n", 1)[1].split("\n\n", 1)[0]
    assert points.count("- ") == 3
    assert "\\<script\\>" in render(newsbrief.brief(HOSTILE), "markdown")


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(newsbrief.brief("Title\nBody sentence one here. And two."), "pdf")


def test_unknown_layer() -> None:
    with pytest.raises(ValueError, match="unknown layer"):
        newsbrief.brief("Title\nBody sentence one here.", layers=["telepathy"])


EVENTS = (
    "Neighbours trade blame\n"
    'France criticised Germany <img src=x onerror="alert(3)"> on Tuesday over the border dispute.\n'
    "Germany accused France of breaking the agreement, officials said."
)


@pytest.mark.skipif(not spacy_available(), reason="the nlp extra (spaCy pipeline) is not installed")
def test_events_render_in_every_format() -> None:
    brief = newsbrief.brief(EVENTS)
    assert {(e.source, e.target) for e in brief.events} >= {("FRA", "DEU"), ("DEU", "FRA")}
    md = render(brief, "markdown")
    assert "**Who did what**" in md and "(FRA) →" in md
    text = render(brief, "text", ("events",))
    assert "[events]" in text and "Criticize or denounce [111]" in text
    page = render(brief, "html")
    assert "<img" not in page and "&lt;img" in page
    assert 'aria-labelledby="did-h"' in page
    for event in brief.events:
        # Each event links to the mark holding its sentence, key point or not.
        anchor = (
            f"kp{[kp.start for kp in brief.key_points].index(event.start) + 1}"
            if any(kp.start == event.start for kp in brief.key_points)
            else f"s{event.sentence}"
        )
        assert f'href="#{anchor}"' in page and f'id="{anchor}"' in page
