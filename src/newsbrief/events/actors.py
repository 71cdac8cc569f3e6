"""Who an event's source or target is: CAMEO actor codes read from a noun phrase.

Dictionary phrases are found in the sentence's words first (longest match, left to right): actors
("GONDOR" -> GON, with date restrictions) and agents ("GOVERNMENT" -> ~GOV). A named entity the
dictionaries do not know is coded from what the entity layer knows of it: a place by its canonical
name ("U.S." -> United States -> USA), a person by their role ("Russian President" -> RUSGOV).
A noun phrase then combines the actor and the agents of its own words ("the Calenardhon
government" -> CALGOV), takes its country from "of / in / from" ("soldiers from Gondor" ->
GONMIL), and splits at "and" ("Gondor and Osgiliath" -> GON, OSG).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsbrief.events.dictionaries import Actor, Agent, Dictionaries
from newsbrief.events.parsed import NOUN_MODIFIERS, RELATIVES, Parsed, noun_head, word_head
from newsbrief.events.where import country_of

# Prepositions that give a role its country or organisation: "soldiers from Gondor",
# "the government of Gondor", "human rights activists in Arnor".
_OF = frozenset("of in from at".split())
# Inside a noun phrase, these start what is no longer the phrase's own words.
_CLAUSE_DEPS = frozenset("relcl acl advcl ccomp xcomp conj cc prep appos punct".split())
NO_ACTOR = "---"
_PERSONAL = frozenset("he him she her".split())
_PLACES = frozenset({"GPE", "LOC"})


@dataclass(frozen=True, slots=True)
class Span:
    """A dictionary (or entity) match over words ``first``..``last`` of a sentence.

    ``code`` is an actor code (``None`` for a null actor, which names nobody), or for an agent its
    agent code with ``prefix`` telling where it goes; ``entity`` the entity layer's id.
    """

    first: int
    last: int
    kind: str  # "actor" or "agent"
    code: str | None
    prefix: bool = False
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class ActorRef:
    """A coded actor: its code, entity id, and the token range of the words that named it."""

    code: str
    entity: str | None
    first: int  # token indexes
    last: int


# The entity layer, as the coder sees it: (start, end, id, label, role, canonical name) of each
# entity mention inside a sentence, offsets relative to the sentence.
EntityMention = tuple[int, int, str, str, str | None, str]


def find_spans(
    parsed: Parsed, dictionaries: Dictionaries, date: int | None, mentions: Sequence[EntityMention] = ()
) -> list[Span]:
    """Dictionary actors and agents in the sentence's words, then entities they did not cover."""
    words = parsed.upper_words
    spans: list[Span] = []
    i = 0
    while i < len(words):
        actor = dictionaries.actors.match(words, i)
        if actor and not _written_as_name(parsed, i, actor[0]):
            actor = None
        agent = dictionaries.agents.match(words, i)
        if actor and (not agent or actor[0] >= agent[0]):
            entry = actor[1]
            assert isinstance(entry, Actor)
            spans.append(Span(i, i + actor[0] - 1, "actor", entry.code_on(date)))
            i += actor[0]
        elif agent:
            entry = agent[1]
            assert isinstance(entry, Agent)
            spans.append(Span(i, i + agent[0] - 1, "agent", entry.code, entry.prefix))
            i += agent[0]
        else:
            i += 1
    return _with_entities(parsed, dictionaries, date, spans, mentions)


def _written_as_name(parsed: Parsed, first: int, length: int) -> bool:
    """An actor is a name: it starts with a capital ("Gondor", not "west of the city"), and a
    short acronym is written in capitals ("US", "UN", never the pronoun "us")."""
    text = parsed.tokens[parsed.words[first].first].text
    if not (text[:1].isupper() or text[:1].isdigit()):
        return False
    if length == 1 and len(text.strip(".")) <= 3 and text.isalpha():
        return text.isupper()
    return True


def _with_entities(
    parsed: Parsed,
    dictionaries: Dictionaries,
    date: int | None,
    spans: list[Span],
    mentions: Sequence[EntityMention],
) -> list[Span]:
    """Link spans to entity mentions, and code the mentions no actor span covers."""
    if not mentions:
        return spans
    word_at: list[tuple[int, int]] = [
        (parsed.tokens[w.first].start, parsed.tokens[w.last].end) for w in parsed.words
    ]
    result: list[Span] = []
    covered: set[int] = set()
    for span in spans:
        start, end = word_at[span.first][0], word_at[span.last][1]
        entity = next((m[2] for m in mentions if m[0] < end and start < m[1]), None)
        result.append(Span(span.first, span.last, span.kind, span.code, span.prefix, entity))
        if span.kind == "actor":
            covered.update(range(span.first, span.last + 1))
    for start, end, entity_id, label, role, name in mentions:
        inside = [k for k, (s, e) in enumerate(word_at) if s >= start and e <= end]
        if not inside or covered & set(inside):
            continue
        code = entity_code(dictionaries, date, label, role, name)
        if code is None:
            continue
        # The entity replaces any agent matched inside its name ("Bank" of "World Bank").
        result = [s for s in result if not (inside[0] <= s.first and s.last <= inside[-1])]
        result.append(Span(inside[0], inside[-1], "actor", code, entity=entity_id))
    return sorted(result, key=lambda s: s.first)


def entity_code(
    dictionaries: Dictionaries, date: int | None, label: str, role: str | None, name: str
) -> str | None:
    """An entity's actor code from its canonical name, or for a person from their role; a place
    the dictionaries do not know stands for its country when ISO 3166 says which ("Lagos" NGA)."""
    named = code_words(dictionaries, date, name.upper().split())
    if label in _PLACES and named is None:
        return country_of(name)
    if label != "PERSON":
        return named
    if role:
        return code_words(dictionaries, date, role.upper().replace("-", " ").split())
    return None


def code_words(dictionaries: Dictionaries, date: int | None, words: list[str]) -> str | None:
    """The actor a short run of words names ("RUSSIAN PRESIDENT" -> RUSGOV), ignoring grammar."""
    actors: list[str] = []
    agents: list[tuple[str, bool]] = []
    i = 0
    while i < len(words):
        actor = dictionaries.actors.match(words, i)
        agent = dictionaries.agents.match(words, i)
        if actor and (not agent or actor[0] >= agent[0]):
            entry = actor[1]
            assert isinstance(entry, Actor)
            code = entry.code_on(date)
            if code:
                actors.append(code)
            i += actor[0]
        elif agent:
            entry_ = agent[1]
            assert isinstance(entry_, Agent)
            agents.append((entry_.code, entry_.prefix))
            i += agent[0]
        else:
            i += 1
    if not actors and not agents:
        return None
    return combine(actors[0] if actors else None, agents)


def combine(actor: str | None, agents: Sequence[tuple[str, bool]]) -> str:
    """An actor code with its agents: ARN + ~GOV -> ARNGOV, NGO~ + ARN -> NGOARN; an agent the
    code already holds is not added twice (HGWGOVMED + ~GOVMED stays HGWGOVMED)."""
    code = actor or NO_ACTOR
    for agent, prefix in agents:
        if agent in code[3:] or (not prefix and code.endswith(agent)):
            continue
        code = (agent + code if actor else agent) if prefix else code + agent
    return code


class PhraseCoder:
    """Codes the noun phrases of one parsed sentence from its spans."""

    def __init__(self, parsed: Parsed, spans: list[Span]) -> None:
        self.parsed = parsed
        self.spans = spans
        # The token that heads each span, and the spans each token heads.
        self._span_head = [word_head(parsed, s.first, s.last) for s in spans]
        self._span_tokens = [
            set(range(parsed.words[s.first].first, parsed.words[s.last].last + 1)) for s in spans
        ]
        self.resolve_pronoun: Callable[[int], list[ActorRef]] = lambda _t: []

    def span_head(self, k: int) -> int:
        """The token that heads span ``k``."""
        return self._span_head[k]

    def first_in(self, tokens: set[int], exclude: Sequence[str] = ()) -> list[ActorRef] | None:
        """The actor(s) of the first noun phrase among ``tokens`` (in text order) that names one.
        A "him" or "her" before any name stands for someone: if the article does not code who,
        the answer is ``None`` (look no further) rather than a later name not the one acted on."""
        candidates: list[tuple[int, int | None]] = [
            (self.parsed.words[s.first].first, k)
            for k, s in enumerate(self.spans)
            if self._span_head[k] in tokens and not (s.kind == "actor" and s.code is None)
        ]
        candidates += [
            (t, None)
            for t in tokens
            if self.parsed.tokens[t].is_pronoun and self.parsed.tokens[t].dep in {"nsubj", "dobj", "pobj"}
        ]
        for t, k in sorted(candidates, key=lambda c: c[0]):
            found = (
                self.resolve_pronoun(t)
                if k is None
                else self.code(noun_head(self.parsed, self._span_head[k]))
            )
            refs = [r for r in found if r.code not in exclude]
            if refs:
                return refs
            if k is None and not found and self.parsed.tokens[t].lower in _PERSONAL:
                return None
        return []

    def code(self, head: int) -> list[ActorRef]:
        """The actors a noun phrase headed by token ``head`` names, one per conjunct."""
        conjuncts = self._conjuncts(head)
        coded = [self._code_one(c) for c in conjuncts]
        # "Lawmakers and officials in Fornost and Gondor", "Danish media and government": a role
        # with no country of its own takes the country of a sibling's "in/of" phrase, or else
        # that of the first conjunct.
        shared = next((bare for _refs, bare, via in coded if via), []) or coded[0][1]
        result: list[ActorRef] = []
        first_agents = self._agents(self.core(conjuncts[0]))
        for n, (c, (refs, _bare, _via)) in enumerate(zip(conjuncts, coded, strict=True)):
            if shared and refs and all(r.code.startswith(NO_ACTOR) for r in refs):
                agents = self._agents(self.core(c))
                refs = [ActorRef(combine(s.code, agents), s.entity, s.first, s.last) for s in shared]
            elif n and coded[0][2] and first_agents and refs and self._bare_name(c):
                # "Lawmakers in Fornost and Gondor", parsed as "[lawmakers in Fornost] and [Gondor]":
                # a bare name after the "in" phrase is read as part of it.
                refs = [ActorRef(combine(r.code, first_agents), r.entity, r.first, r.last) for r in refs]
            result.extend(refs)
        unique: dict[str, ActorRef] = {}
        for ref in result:
            unique.setdefault(ref.code, ref)
        return list(unique.values())

    def _bare_name(self, token: int) -> bool:
        """A conjunct that is only an actor's name (and a determiner), with no role of its own."""
        core = self.core(token) - {c for c in self.core(token) if self.parsed.tokens[c].dep == "det"}
        named = set().union(*(t for k, t in enumerate(self._span_tokens) if self.spans[k].kind == "actor"))
        return bool(core) and core <= named and not self._agents(core)

    def _conjuncts(self, head: int) -> list[int]:
        out = [head]
        for c in self.parsed.kids(head, "conj"):
            out.extend(self._conjuncts(c))
        return out

    def core(self, token: int) -> set[int]:
        """The phrase's own words: the head and its modifiers, not its clauses or conjuncts."""
        core = {token}
        for c in self.parsed.children[token]:
            if self.parsed.tokens[c].dep in NOUN_MODIFIERS:
                core.update(self.parsed.subtree(c))
        return core

    def _agents(self, core: set[int]) -> list[tuple[str, bool]]:
        return [
            (s.code or "", s.prefix)
            for k, s in enumerate(self.spans)
            if s.kind == "agent" and s.code and self._span_tokens[k] & core
        ]

    def _code_one(self, token: int) -> tuple[list[ActorRef], list[ActorRef], bool]:
        """(The actors of one conjunct, the same before its agents were added, whether the actor
        came from an "of/in/from" phrase)."""
        parsed = self.parsed
        tok = parsed.tokens[token]
        if tok.is_pronoun:
            refs = self.resolve_pronoun(token)
            return refs, refs, False
        if tok.lower in RELATIVES:
            return [], [], False
        core = self.core(token)
        actors = [
            k
            for k, s in enumerate(self.spans)
            if s.kind == "actor" and s.code and self._span_tokens[k] & core
        ]
        agents = self._agents(core)
        bare: list[ActorRef] = []
        via = False
        if actors:
            bare = [
                ActorRef(self.spans[k].code or "", self.spans[k].entity, *self._tokens(k))
                for k in self._leftmost_group(actors)
            ]
        else:
            for prep in parsed.kids(token, "prep"):
                if parsed.tokens[prep].lower not in _OF:
                    continue
                for pobj in parsed.kids(prep, "pobj"):
                    bare = [r for r in self.code(pobj) if not r.code.startswith(NO_ACTOR)]
                    if bare:
                        break
                if bare:
                    via = True
                    break
        # The words an actor is shown with: the whole phrase ("Russian President Vladimir Putin").
        if bare:
            return (
                [
                    ActorRef(combine(r.code, agents), r.entity, min(core | {r.first}), max(core | {r.last}))
                    for r in bare
                ],
                bare,
                via,
            )
        if agents and not any(parsed.tokens[t].tag == "PRP$" for t in core):
            # "their forces": a role whose owner a pronoun names, and no one else, is not coded.
            return [ActorRef(combine(None, agents), None, min(core), max(core))], [], False
        return [], [], False

    def _tokens(self, k: int) -> tuple[int, int]:
        tokens = self._span_tokens[k]
        return min(tokens), max(tokens)

    def _leftmost_group(self, actors: list[int]) -> list[int]:
        """The leftmost actor of a phrase, with the actors conjoined to it ("Eriadori and
        Calenardhon leaders"); another one beside it ("Gondor's minister Calimehtar") is dropped."""
        actors = sorted(actors, key=lambda k: self.spans[k].first)
        first = actors[0]
        group = [first]
        heads = {self._span_head[first]}
        for k in actors[1:]:
            head = self._span_head[k]
            tok = self.parsed.tokens[head]
            if tok.dep == "conj" and tok.head in heads:
                group.append(k)
                heads.add(head)
        return group
