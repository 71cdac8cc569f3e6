"""Verb files (``*verbs*.txt``, ``CAMEO*.txt``): verb blocks with their forms, synsets and the
patterns that give a verb its code from the words around it."""

from __future__ import annotations

import re
from pathlib import Path

from newsbrief.events.dictionaries.entries import (
    NULL_CODES,
    Dictionaries,
    DictionaryError,
    Element,
    Pattern,
    VerbBlock,
    VerbForm,
)
from newsbrief.events.dictionaries.lines import (
    code_in,
    numbered_lines,
    phrase_words,
    plural_forms,
    verb_forms,
)


def read_verbs(path: Path, into: Dictionaries) -> None:
    """Synsets (``&NAME`` then ``+`` phrases), verb blocks (``--- NAME [CODE] ---``), verb lines,
    patterns (``- pre * post [CODE]``); transformations (``~``) are read past."""
    name = str(path)
    synsets: dict[str, list[tuple[str, ...]]] = {}
    synset: str | None = None
    plurals = True
    block: int | None = None
    pending: list[tuple[int, str]] = []  # pattern lines of the open block, parsed when it closes

    def close_block() -> None:
        nonlocal pending
        if block is not None:
            current = into.blocks[block]
            parsed = [_pattern(name, n, text, synsets) for n, text in pending]
            patterns = tuple(sorted((p for p in parsed if p is not None), key=lambda p: (-p.words, p.line)))
            into.blocks[block] = VerbBlock(current.name, current.code, patterns)
        pending = []

    for number, line in numbered_lines(path):
        stripped = line.strip()
        if stripped.startswith("&"):
            # "&PREPOSIT1_" is used as "&PREPOSIT1": the underscore only stops plurals.
            label = stripped.split()[0].upper()
            synset = label.rstrip("_")
            synsets[synset] = []
            plurals = not label.endswith("_")
            continue
        if synset is not None and stripped.startswith("+"):
            synsets[synset].extend(_synset_phrases(stripped[1:], plurals, synsets))
            continue
        synset = None
        if stripped.startswith("---"):
            close_block()
            _, code = code_in(name, number, stripped)
            title = re.sub(r"\[[^\]]*\]|-", " ", stripped).split()
            block = len(into.blocks)
            into.blocks.append(VerbBlock(" ".join(title) or "?", code, ()))
            continue
        if stripped.startswith("~"):
            continue
        if stripped.startswith("-"):
            if block is None:
                raise DictionaryError(name, number, "a pattern before any verb block (--- NAME [CODE] ---)")
            pending.append((number, stripped[1:]))
            continue
        if block is None:
            raise DictionaryError(name, number, f"a verb before any verb block: {stripped!r}")
        for form in _verb_line(name, number, stripped, block):
            into.verbs.setdefault(form.words[form.verb_index], []).append(form)
    close_block()


def _synset_phrases(
    text: str, plurals: bool, synsets: dict[str, list[tuple[str, ...]]]
) -> list[tuple[str, ...]]:
    text = text.strip().upper()
    if text.startswith("&"):
        return list(synsets.get(text.split()[0].rstrip("_"), []))
    words = phrase_words(text)
    if not words:
        return []
    phrases = [words]
    if plurals and not text.endswith("_"):
        phrases += [(*words[:-1], p) for p in plural_forms(words[-1])]
    return phrases


def _verb_line(path: str, number: int, text: str, block: int) -> list[VerbForm]:
    """``VERB {IRREGULAR FORMS} [CODE]``, or a phrase with ``+`` before the verb word."""
    rest, code = code_in(path, number, text)
    irregular: list[str] = []
    brace = re.search(r"\{([^{}]*)\}", rest)
    if brace:
        irregular = brace.group(1).split()
        rest = rest[: brace.start()] + rest[brace.end() :]
    elif "{" in rest or "}" in rest:
        raise DictionaryError(path, number, f"unbalanced braces in {text!r}")
    phrase = rest.strip()
    if not phrase:
        raise DictionaryError(path, number, f"a verb line with no verb: {text!r}")
    if code is not None and code in NULL_CODES:
        code = "---"
    forms: dict[tuple[str, ...], VerbForm] = {}
    for written in [phrase, *irregular]:
        parts = phrase_words(written.replace("+", " +"))
        marked = [i for i, w in enumerate(parts) if w.startswith("+")]
        verb_index = marked[0] if marked else 0
        words = tuple(w.lstrip("+") for w in parts)
        if not words or not all(words):
            continue
        variants = verb_forms(words[verb_index]) if written is phrase else (words[verb_index],)
        for variant in variants:
            full = (*words[:verb_index], variant, *words[verb_index + 1 :])
            forms.setdefault(full, VerbForm(full, verb_index, code, block))
    return list(forms.values())


def _pattern(path: str, number: int, text: str, synsets: dict[str, list[tuple[str, ...]]]) -> Pattern | None:
    """A pattern line after its ``-``. PETRARCH2's (PREP NOUN) and {NOUN PHRASE} groups are read
    as their words in order; an underscore joins a word to the next element."""
    body, code = code_in(path, number, text)
    if code is None:
        raise DictionaryError(path, number, f"a pattern without a [code]: {text.strip()!r}")
    # "*SCEPTICAL" (a missing blank, as in the published CAMEO file) is "* SCEPTICAL".
    body = re.sub(r"\*(?=[^\s_])", "* ", re.sub(r"(?<=[^\s_])\*", " *", body))
    tokens = re.sub(r"[(){}]", " ", body).split()
    elements: list[Element] = []
    verb_at = -1
    for token in tokens:
        pieces = token.split("_")
        for k, piece in enumerate(pieces):
            joined = k < len(pieces) - 1
            if piece == "":
                if k == 0 and elements:  # "_OUT": joined to what came before
                    elements[-1] = Element(elements[-1].kind, elements[-1].options, True)
                continue
            if piece == "*":
                if verb_at >= 0:
                    raise DictionaryError(path, number, f"two verb places (*) in {text.strip()!r}")
                verb_at = len(elements)
                elements.append(Element("verb", joined=joined))
                continue
            element = _element(piece.upper(), synsets, joined)
            if element is None:
                return None  # an undefined synset: PETRARCH ignores the pattern
            elements.append(element)
    if verb_at < 0:
        raise DictionaryError(path, number, f"a pattern without the verb's place (*): {text.strip()!r}")
    verb = elements[verb_at]
    return Pattern(
        tuple(elements[:verb_at]),
        tuple(elements[verb_at + 1 :]),
        code if code not in NULL_CODES else "---",
        number,
        verb.joined,
    )


def _element(piece: str, synsets: dict[str, list[tuple[str, ...]]], joined: bool) -> Element | None:
    if piece == "$":
        return Element("source", joined=joined)
    if piece == "+":
        return Element("target", joined=joined)
    if piece == "^":
        return Element("skip", joined=joined)
    if piece == "%":
        return Element("compound", joined=joined)
    if piece.startswith("&"):
        options = synsets.get(piece.rstrip("_"))
        if options is None:
            return None
        return Element("word", tuple(options), joined)
    return Element("word", ((piece,),), joined)
