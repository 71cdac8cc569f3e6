"""Bytes to text: refuse binary data and oversized input, repair invalid UTF-8 and say so."""

from __future__ import annotations

import codecs
from typing import BinaryIO

from newsbrief.errors import InputError

# News articles are tens of kilobytes; 10 MiB leaves room for long-form pieces and HTML pages with
# inline scripts, and bounds the time and memory one input can take.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

_BINARY_SAMPLE = 8192


def read_limited(stream: BinaryIO, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a stream, refusing it once it passes ``max_bytes`` (never holds more than that)."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"input is larger than the limit of {max_bytes:,} bytes (see --max-bytes)")
    return data


def decode_bytes(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Decode article bytes to text, returning the text and any repair warnings.

    UTF-16/32 and UTF-8 byte-order marks are honoured; anything else is read as UTF-8, with
    undecodable bytes replaced by U+FFFD and a warning that counts them.
    """
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _decode(data, codec)
    if looks_binary(data):
        raise InputError("input looks like binary data, not text or HTML")
    return _decode(data, "utf-8")


def looks_binary(data: bytes) -> bool:
    """True when the start of ``data`` has NUL bytes or is mostly control characters."""
    sample = data[:_BINARY_SAMPLE]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > len(sample) * 0.1


def _decode(data: bytes, codec: str) -> tuple[str, tuple[str, ...]]:
    text = data.decode(codec, errors="replace")
    # Count replacements the decoder made, not U+FFFD characters the source already had.
    bad = text.count("\ufffd") - data.decode(codec, errors="ignore").count("\ufffd")
    if bad:
        name = codec.upper().removesuffix("-SIG")
        return text, (f"invalid {name}: {bad} undecodable byte sequence(s) replaced with U+FFFD",)
    return text, ()
