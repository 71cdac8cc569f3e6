"""Feed lists from OPML files, the format feed readers export their subscriptions in."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from newsbrief.errors import InputError

MAX_OPML_BYTES = 5 * 1024 * 1024


def read_opml(path: str) -> list[str]:
    """The ``xmlUrl`` of every outline in an OPML file, in order, each once."""
    file = Path(path)
    if not file.is_file():
        raise InputError(f"no such OPML file: {path}")
    if file.stat().st_size > MAX_OPML_BYTES:
        raise InputError(f"{path} is larger than {MAX_OPML_BYTES:,} bytes: not an OPML subscription list")
    try:
        root = ET.fromstring(file.read_bytes())
    except ET.ParseError as exc:
        raise InputError(f"{path} is not OPML: {exc}") from exc
    urls: list[str] = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url.startswith(("http://", "https://")) and url not in urls:
            urls.append(url)
    if not urls:
        raise InputError(f"{path} lists no feeds (no outline with an xmlUrl)")
    return urls
