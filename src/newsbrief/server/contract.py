"""What the OpenAPI document says beyond the request and response models: every status each
operation answers, and this server's own limits (points, records a batch, characters an
article), so that a client generated from ``/openapi.json`` sends nothing the server refuses
for a reason the document could have stated."""

from __future__ import annotations

from typing import Any

from newsbrief.server.models import ErrorOut
from newsbrief.server.settings import ServerSettings

# Every refusal the API makes, with what it means; each is a JSON ``{"error": {code, message}}``.
STATUSES: dict[int, str] = {
    400: "the input is no article: empty, binary, or an HTML page without article text",
    403: "the url is on a private, loopback or reserved address",
    404: "nothing stored under that id",
    409: "the store has no stories yet: run `newsbrief stories --db` first",
    413: "the request body, an article's text or the batch is over this server's limit",
    422: "the request breaks this document: a missing or wrong field, a number out of range",
    501: "a layer asked for is not installed on this server",
    502: "the url could not be fetched",
    504: "the work took longer than this server's time limit",
}
LARGEST_ID = 2**63 - 1  # ids are 64-bit integers in both databases


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` of an operation that can refuse with ``statuses``."""
    return {status: {"model": ErrorOut, "description": STATUSES[status]} for status in statuses}


def with_limits(schema: dict[str, Any], settings: ServerSettings) -> dict[str, Any]:
    """``schema`` (the generated OpenAPI document) with ``settings``' limits written into the
    request bodies: the most key points, records a batch, and characters of one article's text."""
    models = schema.get("components", {}).get("schemas", {})
    for name in ("BriefRequest", "BatchRequest"):
        points = models.get(name, {}).get("properties", {}).get("points")
        if points is not None:
            points["maximum"] = settings.max_points
    records = models.get("BatchRequest", {}).get("properties", {}).get("records")
    if records is not None:
        records["maxItems"] = settings.max_batch
    # One article's text; in a batch an over-long record gets its own error, the others their briefs.
    text = models.get("BriefRequest", {}).get("properties", {}).get("text")
    for option in (text or {}).get("anyOf", []):
        if option.get("type") == "string":
            option["maxLength"] = settings.max_text_chars
    return schema
