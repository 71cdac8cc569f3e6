"""Reported speech with a clear cue: "X warned that ...", "X insisted that ..."."""

from __future__ import annotations

import re

from newsbrief.document import Document
from newsbrief.quotes.context import Mentions
from newsbrief.quotes.quote import Quote
from newsbrief.quotes.speakers import resolve_speaker, shown_speaker

_REPORT_VERBS = (
    "said|says|warned|warns|insisted|insists|argued|argues|claimed|claims|stated|states|noted|"
    "announced|asserted|alleged|denied|confirmed|admitted|acknowledged|maintained|believes|believed|"
    "suggested|predicted|stressed|explained|added|told \\w+|has said|have said|had said|"
    "has warned|have warned|had warned|has insisted|have insisted|had insisted|has claimed|"
    "have now warned|have alleged|has asserted|has alleged|has repeatedly warned"
)
_REPORTED = re.compile(
    rf"(?P<who>[^,;:“”\"]{{2,80}}?)\s+(?P<verb>{_REPORT_VERBS})\s+that\s+(?P<clause>[^“”\"]+)"
)


def reported_speech(doc: Document, spans: list[tuple[int, int]], mentions: Mentions) -> list[Quote]:
    """ "X warned that ..." outside quotation marks: reported speech with its speaker."""
    out: list[Quote] = []
    for sent in doc.sentences:
        if sent.is_heading or any(s < sent.end and sent.start < e for s, e in spans):
            continue
        m = _REPORTED.search(sent.text)
        if not m:
            continue
        who = re.sub(r"^(?:However|But|And|Meanwhile|Now|Still|Also),?\s+", "", m.group("who").strip())
        who = re.sub(r"\s+(?:has|have|had|now|also|repeatedly|,)+$", "", who).strip(" ,")
        if not who or len(who.split()) > 8:
            continue
        clause_start = sent.start + m.start("clause")
        clause = m.group("clause").rstrip(". ")
        at = sent.start + m.start("who") + m.group("who").find(who)
        entity = resolve_speaker(who, at, at, doc.body, mentions)
        out.append(
            Quote(
                clause,
                clause_start,
                clause_start + len(clause),
                "reported",
                shown_speaker(who, entity),
                entity.id if entity else None,
                m.group("verb"),
            )
        )
    return out
