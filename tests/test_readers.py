from __future__ import annotations

import codecs
import contextlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsbrief import InputError, read
from newsbrief.readers import parse_record, parse_text, read_bytes
from newsbrief.readers.decode import decode_bytes, read_limited


def test_plain_text_headline_and_body(sample_text: str) -> None:
    article = parse_text(sample_text)
    lines = [line for line in sample_text.splitlines() if line.strip()]
    assert article.title == lines[0]
    assert article.body.split("\n") == lines[1:]
    assert article.given_key_points == ()


def test_seed_form_bullets_are_given_key_points_not_body() -> None:
    text = "Headline here\n- First point\n- Second point\n\nBody one. More body.\nBody two."
    article = parse_text(text)
    assert article.title == "Headline here"
    assert article.given_key_points == ("First point", "Second point")
    assert article.body == "Body one. More body.\nBody two."


def test_bullets_inside_body_stay_body() -> None:
    article = parse_text("Headline\nIntro paragraph.\n- a listed item\nEnd.")
    assert "- a listed item" in article.body
    assert article.given_key_points == ()


def test_single_paragraph_is_all_body() -> None:
    article = parse_text("Only one paragraph. It has two sentences.")
    assert article.title is None
    assert article.body == "Only one paragraph. It has two sentences."


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = (
        "Title\n\nThe council met on Tuesday and\nagreed to build the bridge over\nthe harbour at last.\n\n"
        "Opponents said the plan was\nrushed and would cost\ntoo much money.\n"
    )
    article = parse_text(text)
    assert article.body.split("\n") == [
        "The council met on Tuesday and agreed to build the bridge over the harbour at last.",
        "Opponents said the plan was rushed and would cost too much money.",
    ]


@pytest.mark.parametrize("text", ["", "   \n\t\n  "])
def test_empty_input_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        parse_text(text)


def test_headline_without_body_is_refused() -> None:
    with pytest.raises(InputError, match="no body"):
        parse_text("Headline\n- only a bullet\n")


def test_binary_is_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        read_bytes(bytes(range(256)) * 10)


def test_invalid_utf8_is_replaced_and_reported() -> None:
    article = read_bytes("Headline\nCaf\u00e9 owners said prices rose. Then they fell.".encode("latin-1"))
    assert "\ufffd" in article.body
    assert any("invalid UTF-8" in w and "1 undecodable" in w for w in article.warnings)


def test_source_replacement_chars_are_not_counted() -> None:
    text, warnings = decode_bytes("Already \ufffd here.".encode())
    assert text == "Already \ufffd here." and warnings == ()


def test_utf16_with_bom() -> None:
    data = codecs.BOM_UTF16_LE + "Headline\nBody text here. Second one.".encode("utf-16-le")
    assert read_bytes(data).title == "Headline"


def test_size_limit_refuses_without_reading_everything(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"Headline\n" + b"Word and word. " * 100_000)
    with pytest.raises(InputError, match="larger than the limit of 1,000 bytes"):
        read(str(path), max_bytes=1000)
    with path.open("rb") as stream, pytest.raises(InputError):
        read_limited(stream, 10)


def test_missing_file() -> None:
    with pytest.raises(InputError, match="no such file"):
        read("/nonexistent/article.txt")


HTML = """<!doctype html><html><head><title>Harbour bridge approved | Port Calder News</title>
<meta name="author" content="Ana Silva">
<meta property="article:published_time" content="2026-03-05T10:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Harbour bridge approved</h1>
<p>The council voted on Tuesday to approve a new bridge across the harbour, ending years of dispute.</p>
<p>Work will begin next spring and is expected to take three years, officials said in a statement.</p>
<p>"This is the day the town meets itself," said the council leader at the end of the meeting.</p>
</article><footer>Copyright 2026 Port Calder News. All rights reserved.</footer></body></html>"""


def test_html_article_extraction(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    article = read(str(path))
    assert article.title and "Harbour bridge approved" in article.title
    assert article.body.startswith("The council voted on Tuesday")
    assert "Copyright" not in article.body and "Home" not in article.body
    assert article.byline == "Ana Silva"
    assert article.published == "2026-03-05"


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><div></div></body></html>",
        "<<<>>>&&&</p></div>",
        "<html><head><script>var a = 1;</script></head><body><nav><a href='/'>Home</a></nav></body></html>",
    ],
)
def test_html_without_article_is_refused(html: str) -> None:
    with pytest.raises(InputError, match=r"no article text|could not be parsed"):
        read_bytes(html.encode(), kind="html")


def test_broken_html_with_an_article_still_reads() -> None:
    broken = (
        "<html><body><article><p>The council approved the bridge on Tuesday night after years of dispute"
        "<p>Work starts in spring and takes three years, the council said in a statement.<div></span>"
    )
    article = read_bytes(broken.encode(), kind="html")
    assert "The council approved the bridge" in article.body


def test_json_record(tmp_path: Path) -> None:
    path = tmp_path / "rec.json"
    path.write_text(
        json.dumps({"id": 7, "title": "T", "text": "Body one. Body two.", "url": "https://x.test/a"})
    )
    article = read(str(path))
    assert (article.id, article.title, article.body, article.url) == (
        "7",
        "T",
        "Body one. Body two.",
        "https://x.test/a",
    )


@pytest.mark.parametrize(
    ("record", "message"),
    [([1, 2], "JSON object"), ({"text": 5}, "'text' must be a string"), ({"id": "x"}, "neither")],
)
def test_bad_records(record: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_record(record)


def test_malformed_json_file() -> None:
    with pytest.raises(InputError, match="invalid JSON"):
        read_bytes(b'{"text": "unterminated', kind="json")


@given(st.text(max_size=500))
def test_text_reader_never_crashes_and_keeps_body_clean(text: str) -> None:
    try:
        article = parse_text(text)
    except InputError:
        return
    assert article.body
    for line in article.body.split("\n"):
        assert line and line == line.strip()
    # Nothing is invented: every word of the body comes from the input.
    cleaned = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)
    for token in article.body.split():
        assert token in cleaned


@given(st.binary(max_size=300))
def test_byte_reader_errors_are_input_errors(data: bytes) -> None:
    with contextlib.suppress(InputError):
        read_bytes(data, kind="text")
