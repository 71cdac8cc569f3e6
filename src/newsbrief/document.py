"""Document: an Article cut into paragraphs and sentences, each with offsets into the body."""

from __future__ import annotations

from dataclasses import dataclass

from newsbrief.article import Article
from newsbrief.nlp.sentences import LINE_END_PUNCTUATION, split_sentences
from newsbrief.nlp.words import words

# A sub-heading is a short line that does not end like a sentence ("No presidential summit imminent").
_HEADING_MAX_WORDS = 12


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One line of the body; ``body[start:end] == text``."""

    index: int
    start: int
    end: int
    text: str
    is_heading: bool


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence; ``body[start:end] == text``. ``rank_in_paragraph`` counts from 0."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    rank_in_paragraph: int
    is_heading: bool


@dataclass(frozen=True, slots=True)
class Document:
    """The analysed form of an Article that every analysis takes."""

    article: Article
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]

    @property
    def body(self) -> str:
        return self.article.body


def is_heading(line: str) -> bool:
    """True for a short line without sentence-final punctuation: a sub-heading, never a key point."""
    stripped = line.strip()
    return (
        bool(stripped)
        and not stripped.endswith(LINE_END_PUNCTUATION)
        and len(stripped.split()) <= _HEADING_MAX_WORDS
    )


def build_document(article: Article) -> Document:
    """Split the article body (one paragraph a line) into paragraphs and sentences."""
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    offset = 0
    for line in article.body.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        heading = is_heading(line)
        para = Paragraph(len(paragraphs), start, end, line, heading)
        paragraphs.append(para)
        spans = [(0, len(line))] if heading else split_sentences(line)
        for rank, (s, e) in enumerate(spans):
            sentences.append(
                Sentence(len(sentences), start + s, start + e, line[s:e], para.index, rank, heading)
            )
    return Document(article, tuple(paragraphs), tuple(sentences))


def sentence_words(doc: Document) -> list[list[str]]:
    """Each sentence's lower-cased word tokens, made once for every layer that reads words."""
    return [words(s.text) for s in doc.sentences]
