"""Readers for PETRARCH-format dictionaries: actors, agents, verbs (with patterns) and discards.

The format is PETRARCH2's (``dictionaries.rst`` in openeventdata/petrarch2), itself TABARI's: so
users can bring the Phoenix dictionaries, the PETRARCH validation ones, or their own. Words are
matched upper-cased and whole; an underscore or a blank joins the words of a phrase. A file that
breaks the format is a ``DictionaryError`` naming the file and line; oddities the published
dictionaries contain (a seven-digit date, a code with letters) are kept or skipped, never fatal.

Map: ``files`` finds a spec's files and reads each with the reader of its kind, one module a file
format (``actors``, ``agents``, ``verbs``, ``discards``), all on the shared line format
(``lines``: comments, joined phrases, [codes], dates, plural and verb forms), into ``entries``.
"""

from newsbrief.events.dictionaries.entries import (
    Actor,
    Agent,
    DatedCode,
    Dictionaries,
    DictionaryError,
    Discard,
    Element,
    Pattern,
    PhraseIndex,
    VerbBlock,
    VerbForm,
)
from newsbrief.events.dictionaries.files import dictionary_files, read_dictionaries
from newsbrief.events.dictionaries.lines import verb_forms

__all__ = [
    "Actor",
    "Agent",
    "DatedCode",
    "Dictionaries",
    "DictionaryError",
    "Discard",
    "Element",
    "Pattern",
    "PhraseIndex",
    "VerbBlock",
    "VerbForm",
    "dictionary_files",
    "read_dictionaries",
    "verb_forms",
]
