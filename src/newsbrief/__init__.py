"""newsbrief: the headline and key points of a news article, and the analyst's layer beneath.

>>> import newsbrief
>>> b = newsbrief.brief(text, title="Headline")       # doctest: +SKIP
>>> [kp.text for kp in b.key_points]                   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from newsbrief.article import Article
from newsbrief.brief import LAYERS, Brief, build_brief
from newsbrief.errors import FetchError, InputError, NewsbriefError
from newsbrief.keypoints import KeyPoint, load_model
from newsbrief.readers import read
from newsbrief.readers.text import parse_text

__all__ = [
    "LAYERS",
    "Article",
    "Brief",
    "FetchError",
    "InputError",
    "KeyPoint",
    "NewsbriefError",
    "brief",
    "brief_article",
    "read",
]
try:
    __version__ = version("newsbrief")  # the installed distribution's, so it is stated once
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"


def brief(
    text: str,
    title: str | None = None,
    *,
    points: int = 3,
    layers: Sequence[str] | None = None,
    model: str | None = None,
    keywords: int = 10,
) -> Brief:
    """Brief an article given as text.

    With ``title``, ``text`` is the body. Without it, ``text`` is read like a plain-text file: the
    first line is the headline when more lines follow, and seed-form bullets under it are skipped.
    ``model`` is the path of a key-point model from ``make train``; ``None`` is the shipped one.
    """
    return brief_article(
        parse_text(text, title=title), points=points, layers=layers, model=model, keywords=keywords
    )


def brief_article(
    article: Article,
    *,
    points: int = 3,
    layers: Sequence[str] | None = None,
    model: str | None = None,
    keywords: int = 10,
) -> Brief:
    """Brief an Article from any reader (``newsbrief.read``, a JSON record, HTML)."""
    return build_brief(article, points=points, layers=layers, model=load_model(model), keywords=keywords)
