"""Who did what to whom in one parsed sentence: verbs, their source and target, and the code.

Verbs are read deepest first, so that a clause's own event is known before the clause above it:
"X said Y attacked Z" is Y -> Z, and "said" finds no target of its own in a clause that already
has an event. For each verb the dictionaries know:

- the code: the most specific pattern that fits (``patterns``), else the verb's own;
- negation: "did not attack", "not prepared to meet" code nothing, unless a pattern says what
  the negation means;
- speculation: "may", "might", "could", "if Russia attacks", "should Russia invade" code
  nothing, nor does "would" outside a reported clause ("I would send him");
- the source: its subject; a passive verb's "by" phrase; a verb without a subject of its own
  ("Arnor is about to restore ...", "... and promised aid") takes the subject above it; a relative
  "that" the noun it stands for ("an order that bans": whoever signed it); "he" the person last
  named; a pattern's ``$``;
- the target: a passive verb's subject; else the first actor of its object, of its prepositional
  phrases, of an infinitive it governs, of a clause it governs that has no event; a pattern's
  ``+``; actors joined by "and" with no target act on each other ("Gondor and Osgiliath renewed
  ties");
- combination: a verb of threatening, promising, refusing, appealing or demanding that governs
  another coded verb makes one event of the two ("threatened to impose sanctions" is a threat of
  sanctions, 1312; "vowed to attack" a threat of force, 138).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsbrief.events.actors import NO_ACTOR, ActorRef, PhraseCoder, Span
from newsbrief.events.dictionaries import Dictionaries
from newsbrief.events.parsed import RELATIVES, Parsed, noun_head, word_head
from newsbrief.events.patterns import VerbMatch, find_verb, match_verb

_SPECULATIVE = frozenset("may might could".split())
_NEGATORS = frozenset("not n't never".split())
# Acts that actors joined by "and" do to each other when no target is named ("Gondor and
# Osgiliath renewed ties", "met", "clashed"); "X and Y called for calm" calls on nobody in it.
_MUTUAL = frozenset({"03", "04", "05", "06", "19"})
# Prepositions that never introduce who is acted on ("according to", "despite", "during").
_NOT_TARGETS = frozenset("according despite during after before since until amid following".split())
_CONDITIONS = frozenset("if unless whether".split())
_COPULAS = frozenset("is are was were be been being".split())
# Words that make what follows a forecast: "likely to", "expected to", "set to", "due to".
_FORESEEN = frozenset("likely unlikely expected set due poised possible probable".split())
_WHERE = frozenset("in at near outside inside across around throughout".split())
# Verbs that report another act ("said it would retaliate"): the act is the clause they govern.
_REPORTING = frozenset(
    "say says said tell tells told add adds added announce announces announced state states stated "
    "claim claims claimed report reports reported note notes noted".split()
)
_PERSONAL = frozenset("he she him her".split())
_INHERIT = frozenset("xcomp conj acomp pcomp".split())
_TEMPORAL = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week month
    year night morning evening weekend""".split()
)
# Documents that act for whoever issues them: "signed an order that bans", "decrees recognising".
_DOCUMENTS = frozenset(
    """order orders decree decrees law laws bill bills resolution resolutions directive directives
    measure measures statement edict regulation regulations sanctions agreement""".split()
)


def _through_adjectives(parsed: Parsed, v: int) -> list[int]:
    """The verbs an adjective after a copula leads to ("is likely to be lifted" -> "lifted")."""
    return [x for a in parsed.kids(v, "acomp") for x in parsed.kids(a, "xcomp")]


@dataclass(frozen=True, slots=True)
class RawEvent:
    """One coded event in a sentence: actors as coded, the code, and the verb's token."""

    source: ActorRef
    target: ActorRef
    code: str
    verb: int


# The target of an act with no one named as acted on ("protesters marched", "troops withdrew").
NO_TARGET = ActorRef("", None, -1, -1)
# The source of a passive act that does not say by whom ("was arrested").
UNNAMED = ActorRef(NO_ACTOR, None, -1, -1)


def _combine(outer: str, inner: str) -> str | None:
    """The code of a governing verb (threaten 13, intend 03, refuse 12, appeal 02, demand 10)
    with the code of the verb it governs, in CAMEO's own sub-codes; ``None`` for other verbs."""
    o, i = outer[:2], inner[:2]
    if not (o.isdigit() and i.isdigit()):
        return None
    inner_root = int(i)
    conflict = inner_root >= 14
    if o == "13" or (o == "03" and conflict):
        if inner_root >= 18:
            return "138"
        if inner[:3] == "163":
            return "1312"
        return {"17": "137", "16": "131", "14": "133", "15": "138"}.get(i, "130")
    if o == "03":
        return {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}.get(i, "030")
    if o == "12":
        return {"04": "125", "06": "121", "07": "121", "08": "124"}.get(i, "120")
    if o == "02":
        return {"04": "026", "05": "022", "06": "021", "07": "023", "08": "025"}.get(i, "020")
    if o == "10":
        return {"04": "106", "05": "102", "06": "101", "07": "103", "08": "105"}.get(i, "100")
    return None


class SentenceCoder:
    """Codes the events of one parsed sentence."""

    def __init__(
        self,
        parsed: Parsed,
        spans: list[Span],
        dictionaries: Dictionaries,
        people: frozenset[str] = frozenset(),
        antecedent: str | None = None,
    ) -> None:
        self.parsed = parsed
        self.spans = spans
        self.dictionaries = dictionaries
        self.people = people  # entity ids of persons
        self.antecedent = antecedent  # the code of the last person named before this sentence
        self.phrases = PhraseCoder(parsed, spans)
        self.phrases.resolve_pronoun = self._pronoun
        self._sources: dict[int, list[ActorRef]] = {}
        self._eventful: set[int] = set()  # verb tokens that produced an event
        self._verbs: set[int] = set()  # verb tokens the dictionaries know
        self._compound_pattern = False  # the current verb's pattern needs actors joined by "and"

    # --- verbs ---------------------------------------------------------------------------

    def verbs(self) -> list[VerbMatch]:
        parsed = self.parsed
        found: list[VerbMatch] = []
        w = 0
        while w < len(parsed.words):
            hit = find_verb(parsed, self.dictionaries, w)
            if hit is None:
                w += 1
                continue
            first, last, forms = hit
            token = parsed.words[w].first
            tok = parsed.tokens[token]
            if tok.is_verb and tok.dep not in {"aux", "auxpass"} and tok.tag != "MD":
                scope = max(self._subtree_words(token) | {last})
                found.append(
                    match_verb(parsed, self.dictionaries, self.spans, first, last, forms, token, scope)
                )
            w = max(w + 1, last + 1)
        return found

    def _subtree_words(self, token: int) -> set[int]:
        return {self.parsed.word_of[t] for t in self.parsed.subtree(token) if t in self.parsed.word_of}

    def _depth(self, token: int) -> int:
        depth, seen = 0, {token}
        while self.parsed.tokens[token].head != token and self.parsed.tokens[token].head not in seen:
            token = self.parsed.tokens[token].head
            seen.add(token)
            depth += 1
        return depth

    # --- the events ----------------------------------------------------------------------

    def events(self) -> list[RawEvent]:
        matches = sorted(self.verbs(), key=lambda m: -self._depth(m.token))
        self._verbs = {m.token for m in matches if m.acts}
        events: dict[int, list[RawEvent]] = {}
        for match in matches:
            coded = self._code(match, events)
            if coded:
                events[match.token] = coded
                self._eventful.add(match.token)
        seen: set[tuple[str, str, str]] = set()
        unique = []
        for token in sorted(events):
            for e in events[token]:
                key = (e.source.code, e.target.code, e.code)
                if key not in seen:
                    seen.add(key)
                    unique.append(e)
        return unique

    def main_verb(self) -> int | None:
        """The sentence's act: its root, or the clause a reporting root governs ("said the army
        had withdrawn" -> "withdrawn")."""
        parsed = self.parsed
        roots = [t.i for t in parsed.tokens if t.dep == "ROOT"]
        if not roots:
            return None
        # A dateline may be a root of its own ("KABUL: The Taliban ambushed ..."): take a verb.
        v = next((r for r in roots if parsed.tokens[r].is_verb), roots[0])
        if not parsed.tokens[v].is_verb:
            # "Mikhail Khodorkovsky, a former tycoon, called for ...", parsed as a noun whose
            # clause is the act.
            # (A relative clause, "which keeps peacekeepers there", describes; it is the act last.)
            below = [c for dep in ("acl", "ccomp", "conj", "relcl") for c in parsed.kids(v, dep)]
            v = next((c for c in below if parsed.tokens[c].is_verb), v)
        seen = {v}
        while parsed.tokens[v].lower in _REPORTING or parsed.tokens[v].lower in _COPULAS:
            # "is likely to be lifted", "was set to meet": the act is the verb the copula leads to.
            below = [
                c
                for c in (*parsed.kids(v, "ccomp", "xcomp"), *_through_adjectives(parsed, v))
                if parsed.tokens[c].is_verb and c not in seen
            ]
            if not below:
                break
            v = below[0]
            seen.add(v)
        return v

    def clauses(self) -> list[tuple[int, frozenset[int]]]:
        """The sentence's acts as clauses: (verb, its own tokens) for the main verb and for each
        verb joined to it ("welcomed the decision and urged both sides ...") or hanging on it
        with a subject of its own ("came hours after Azerbaijani troops shelled villages")."""
        parsed = self.parsed
        main = self.main_verb()
        if main is None:
            return []
        verbs = [main]
        for v in verbs:
            for c in parsed.kids(v, "conj", "advcl"):
                tok = parsed.tokens[c]
                if tok.is_verb and (tok.dep == "conj" or parsed.kids(c, "nsubj", "nsubjpass")):
                    verbs.append(c)
        others = set(verbs)
        out = []
        for v in sorted(verbs):
            tokens = set(parsed.subtree(v, frozenset(others - {v})))
            if parsed.tokens[v].dep == "conj" and not parsed.kids(v, "nsubj", "nsubjpass"):
                # "The EU welcomed ... and urged ...": the clause's subject is the first verb's.
                for s in parsed.kids(parsed.tokens[v].head, "nsubj", "nsubjpass"):
                    tokens.update(parsed.subtree(s))
            out.append((v, frozenset(tokens)))
        return out

    def has_event(self, verb: int) -> bool:
        """Whether a verb pattern coded an act at ``verb`` (after ``events``)."""
        return verb in self._eventful

    def learned(self, verb: int, code: str, named: Sequence[tuple[int, int, str]] = ()) -> list[RawEvent]:
        """The event the model read in this sentence, at ``verb`` with ``code``: the verb's
        source, and its target where one is named (else ``NO_TARGET``); nothing for an act that
        is negated, speculated or conditional, or that has no source. Call after ``events``, which
        marks the clauses that have acts of their own (a target is not looked for inside them)."""
        word = self.parsed.word_of.get(verb, 0)
        match = VerbMatch(word, word, verb, code, None, None, None)
        aux = {self.parsed.tokens[c].lower for c in self.parsed.kids(verb, "aux", "auxpass", "neg")}
        # What the model learned from includes intents ("would hold talks", "will lay down arms")
        # and refusals said by negation ("will not lift the embargo" is REJECT); otherwise a
        # negated act, or one that may happen ("may attack", "if Russia attacks"), is none.
        negated = bool(aux & _NEGATORS) or self._negated_above(verb)
        if (
            (negated and code[:2] != "12")
            or aux & _SPECULATIVE
            or self._conditional(verb)
            or self._foreseen(verb)
        ):
            return []
        sources = self._subject(verb, set()) or self._named_subject(verb, named)
        if not sources:
            return []
        targets = self._target(match, sources) or self._named_target(verb, named, sources)
        if not targets:
            if sources == [UNNAMED]:
                return []  # neither who acted nor on whom
            return [RawEvent(s, NO_TARGET, code, verb) for s in sources]
        # Two actors the dictionaries cannot code ("---") are still two: told apart by their words.
        return [
            RawEvent(a, b, code, verb)
            for a in sources
            for b in targets
            if a.code != b.code or (a.code == NO_ACTOR and (a.first, a.last) != (b.first, b.last))
        ]

    def _named_target(
        self, v: int, named: Sequence[tuple[int, int, str]], sources: list[ActorRef]
    ) -> list[ActorRef]:
        """An object the dictionaries cannot code but the entity layer names ("called for sanctions
        against Belneftekhim"): the first such entity in the verb's object or prepositions."""
        parsed = self.parsed
        places = parsed.kids(v, "nsubjpass") if self._passive(v) else []
        places += parsed.kids(v, "dobj", "dative", "iobj", "attr", "oprd")
        places += [
            p
            for p in parsed.kids(v, "prep")
            if not self._temporal(p) and parsed.tokens[p].lower not in _NOT_TARGETS
        ]
        taken = {t for s in sources if s.first >= 0 for t in range(s.first, s.last + 1)}
        skip = self._closed_clauses(v)
        for place in places:
            found = self._entity_in(set(parsed.subtree(place, skip)) - taken, named)
            if found:
                return found
        return []

    def _entity_in(self, tokens: set[int], named: Sequence[tuple[int, int, str]]) -> list[ActorRef]:
        """The first entity the entity layer names among ``tokens``, as an actor of unknown code."""
        for s, t, entity in sorted(named):
            inside = [
                i for i in tokens if self.parsed.tokens[i].start >= s and self.parsed.tokens[i].end <= t
            ]
            if inside:
                return [ActorRef(NO_ACTOR, entity, min(inside), max(inside))]
        return []

    def _named_subject(self, v: int, named: Sequence[tuple[int, int, str]]) -> list[ActorRef]:
        """A subject the rules do not code: the first actor anywhere in the subject's phrase ("The
        missiles fired by the Israeli military"), else an entity or a proper name the dictionaries
        cannot code ("The American Civil Liberties Union", code "---"); for a subject that names
        no one ("the fighters", "it"), the subject of the clause above ("Taliban leaders said the
        fighters will ..."). A passive with no "by" has a source the sentence does not name ("was
        arrested in Rwanda": "---", no words)."""
        parsed = self.parsed
        seen: set[int] = set()
        while v not in seen:
            seen.add(v)
            if self._passive(v):
                subjects = [p for c in parsed.kids(v, "agent") for p in parsed.kids(c, "pobj")]
                if not subjects:
                    return [UNNAMED]
            else:
                subjects = parsed.kids(v, "nsubj")
                head = parsed.tokens[v].head
                if not subjects and parsed.tokens[v].dep == "acl" and not parsed.tokens[head].is_verb:
                    subjects = [head]  # the noun the act hangs on (see main_verb)
            if subjects and not parsed.tokens[subjects[0]].is_pronoun:
                found = self._phrase_actor(subjects[0], named)
                if found:
                    return found
            if parsed.tokens[v].dep not in _INHERIT | {"ccomp", "advcl"} or parsed.tokens[v].head == v:
                return []
            v = parsed.tokens[v].head
        return []

    def _phrase_actor(self, head: int, named: Sequence[tuple[int, int, str]]) -> list[ActorRef]:
        parsed = self.parsed
        # Not a place the phrase mentions ("a crash in northern Peru" is not Peru's act).
        places = frozenset(
            t
            for t in parsed.subtree(head)
            if parsed.tokens[t].dep == "prep" and parsed.tokens[t].lower in _WHERE
        )
        tokens = set(parsed.subtree(head, places))
        found = self.phrases.first_in(tokens)
        if found:
            return found
        # Only entities the phrase holds whole (a name running on past it is not its own).
        first, last = min(tokens), max(tokens)
        start, end = parsed.tokens[first].start, parsed.tokens[last].end
        held = [m for m in named if m[0] >= start and m[1] <= end]
        found = self._entity_in(tokens, held)
        if found:
            return found
        core = self.phrases.core(head)
        if any(parsed.tokens[i].tag in {"NNP", "NNPS"} for i in core):
            return [ActorRef(NO_ACTOR, None, min(core), max(core))]
        return []

    def _foreseen(self, verb: int) -> bool:
        """ "Is likely to be lifted", "are expected to meet": what may happen, not what did."""
        parsed = self.parsed
        v, seen = verb, {verb}
        while parsed.tokens[v].dep in {"xcomp", "acomp"} and parsed.tokens[v].head not in seen:
            v = parsed.tokens[v].head
            seen.add(v)
            if parsed.tokens[v].lower in _FORESEEN:
                return True
        return False

    def _asserted(self, match: VerbMatch) -> bool:
        """Neither negated ("did not attack") nor speculated ("may attack", "if Russia attacks")."""
        parsed = self.parsed
        v = match.token
        aux = {parsed.tokens[c].lower for c in parsed.kids(v, "aux", "auxpass", "neg")}
        if aux & _SPECULATIVE or self._conditional(v) or ("would" in aux and not self._reported(v)):
            return False
        return not ((aux & _NEGATORS or self._negated_above(v)) and not match.negation_in_pattern)

    def _code(self, match: VerbMatch, inner: dict[int, list[RawEvent]]) -> list[RawEvent]:
        v = match.token
        if match.code is None or match.code == "---":
            return []
        if not self._asserted(match):
            return []
        combined = self._combination(match, inner)
        if combined:
            return combined
        sources = self._source(match)
        self._sources[v] = sources
        if not sources:
            return []
        targets = self._target(match, sources)
        self._compound_pattern = match.pattern is not None and any(
            e.kind == "compound" for e in (*match.pattern.pre, *match.pattern.post)
        )
        return self._pairs(sources, targets, match.code, v)

    def _negated_above(self, v: int) -> bool:
        """ "Not prepared to consider", "did not agree to meet": a negated verb or adjective that
        the verb completes negates it too."""
        parsed = self.parsed
        seen = {v}
        while parsed.tokens[v].dep in {"xcomp", "acomp"} and parsed.tokens[v].head not in seen:
            v = parsed.tokens[v].head
            seen.add(v)
            if any(parsed.tokens[c].lower in _NEGATORS for c in parsed.kids(v, "neg")):
                return True
        return False

    def _reported(self, v: int) -> bool:
        """Whether ``v`` is inside a clause someone reports ("said it would impose"): there,
        "would" is what was announced; in a sentence of its own, only what might happen."""
        parsed = self.parsed
        seen = {v}
        while parsed.tokens[v].head != v and parsed.tokens[v].head not in seen:
            if parsed.tokens[v].dep in {"ccomp", "xcomp"}:
                return True
            v = parsed.tokens[v].head
            seen.add(v)
        return False

    def _conditional(self, v: int) -> bool:
        """ "If Russia invades", "should Russia further invade": what may happen, not what did."""
        parsed = self.parsed
        if any(parsed.tokens[m].lower in _CONDITIONS for m in parsed.kids(v, "mark")):
            return True
        subjects = parsed.kids(v, "nsubj", "nsubjpass")
        return any(
            parsed.tokens[a].lower in {"should", "were", "had"} and subjects and a < min(subjects)
            for a in parsed.kids(v, "aux", "auxpass")
        )

    def _pairs(
        self, sources: list[ActorRef], targets: list[ActorRef], code: str, verb: int
    ) -> list[RawEvent]:
        forward, _, backward = code.partition(":")
        events: list[RawEvent] = []
        if not targets and len(sources) > 1 and (forward[:2] in _MUTUAL or self._compound_pattern):
            # "Gondor and Osgiliath have renewed ties": each acts on the other.
            for a in sources:
                for b in sources:
                    if a.code != b.code:
                        events += self._one(a, b, forward, backward, verb)
            return events
        for a in sources:
            for b in targets:
                if a.code != b.code:
                    events += self._one(a, b, forward, backward, verb)
        return events

    @staticmethod
    def _one(a: ActorRef, b: ActorRef, forward: str, backward: str, verb: int) -> list[RawEvent]:
        out = []
        if forward and forward != "---":
            out.append(RawEvent(a, b, forward, verb))
        if backward and backward != "---":
            out.append(RawEvent(b, a, backward, verb))
        return out

    def _combination(self, match: VerbMatch, inner: dict[int, list[RawEvent]]) -> list[RawEvent]:
        """A governing verb ("threatened", "vowed") and the event of the verb it governs: one
        event, which replaces the governed verb's own."""
        assert match.code is not None
        for x in self.parsed.kids(match.token, "xcomp"):
            governed = inner.get(x)
            if not governed or any(_combine(match.code, e.code) is None for e in governed):
                continue
            sources = self._source(match)
            # "urged Russia to withdraw from Ukraine" is aimed at Russia: the governing verb's own
            # object, when it names an actor, is the target; else the governed event's.
            asked = [r for o in self.parsed.kids(match.token, "dobj") for r in self.phrases.code(o)]
            out = [
                RawEvent(s, t, _combine(match.code, e.code) or e.code, match.token)
                for e in governed
                for s in (sources or [e.source])
                for t in (asked or [e.target])
                if s.code != t.code
            ]
            if out:
                del inner[x]
                return out
        return []

    # --- source --------------------------------------------------------------------------

    def _source(self, match: VerbMatch) -> list[ActorRef]:
        if match.source is not None:
            return self._span_refs(match.source)
        return self._subject(match.token, set())

    def _span_refs(self, k: int) -> list[ActorRef]:
        span = self.spans[k]
        head = noun_head(self.parsed, word_head(self.parsed, span.first, span.last))
        return self.phrases.code(head)

    def _subject(self, v: int, seen: set[int]) -> list[ActorRef]:
        """The actors doing what verb ``v`` says."""
        parsed = self.parsed
        if v in seen:
            return []
        seen.add(v)
        if v in self._sources:
            return self._sources[v]
        if self._passive(v):
            agents = [p for c in parsed.kids(v, "agent") for p in parsed.kids(c, "pobj")]
            return self.phrases.code(agents[0]) if agents else []
        subjects = parsed.kids(v, "nsubj", "csubj", "expl")
        for s in subjects:
            # "Old foes Gondor and Osgiliath have renewed ...": the parse may give two subjects.
            tok = parsed.tokens[s]
            if tok.lower in RELATIVES:
                return self._relative_subject(v, seen)
            if not tok.is_pronoun:
                refs = self.phrases.code(s)
            elif tok.lower in _PERSONAL:
                refs = self._person(s, v, seen)
            else:
                refs = self._above(v, seen)
            if refs:
                return refs
        if subjects:
            return []
        tok = parsed.tokens[v]
        if tok.dep == "xcomp" and self._passive(tok.head):
            # "Gollum was seen to break into ...", "Arnor is said to be about to restore ...".
            raised = parsed.kids(tok.head, "nsubjpass")
            if raised:
                return self.phrases.code(raised[0])
        if tok.dep in _INHERIT or (tok.dep == "advcl" and self._infinitive(v)):
            return self._subject(tok.head, seen)
        if tok.dep == "acl" and tok.tag == "VBG":
            return self._document_subject(tok.head, seen)
        return []

    def _above(self, v: int, seen: set[int]) -> list[ActorRef]:
        """For "he" or "it" as subject: the subject of the clause above, if any."""
        head = self.parsed.tokens[v].head
        return [] if head == v else self._subject(head, seen)

    def _relative_subject(self, v: int, seen: set[int]) -> list[ActorRef]:
        """ "The council, which voted ...": the noun the relative clause hangs on."""
        noun = self.parsed.tokens[v].head
        refs = self.phrases.code(noun)
        return refs or self._document_subject(noun, seen)

    def _document_subject(self, noun: int, seen: set[int]) -> list[ActorRef]:
        """ "X signed an order that bans Y": the order acts for whoever signed it."""
        tok = self.parsed.tokens[noun]
        if tok.lower not in _DOCUMENTS or tok.dep not in {"dobj", "nsubjpass"}:
            return []
        return self._subject(tok.head, seen)

    def _passive(self, v: int) -> bool:
        return bool(self.parsed.kids(v, "nsubjpass", "auxpass"))

    def _infinitive(self, v: int) -> bool:
        kids = self.parsed.kids(v)
        has_to = any(self.parsed.tokens[c].lower == "to" and self.parsed.tokens[c].dep == "aux" for c in kids)
        return has_to and not self.parsed.kids(v, "nsubj", "nsubjpass", "mark")

    def _person(self, token: int, v: int, seen: set[int]) -> list[ActorRef]:
        """ "He" or "she": the person who is the subject of the clause above ("Kerry said he would
        visit"), else the last person named before it in the sentence or the article."""
        above = self._above(v, seen)
        if above and any(r.entity in self.people for r in above):
            return above
        named = [
            k
            for k, span in enumerate(self.spans)
            if span.entity in self.people and span.code and self.parsed.words[span.last].last < token
        ]
        if named:
            return self.phrases.code(noun_head(self.parsed, self.phrases.span_head(named[-1])))
        if self.antecedent:
            return [ActorRef(self.antecedent, None, token, token)]
        return above

    def _pronoun(self, token: int) -> list[ActorRef]:
        """A pronoun subject or object: for "he", "him", "she", "her", the person last named;
        otherwise the actor of the subject of the nearest clause above."""
        parsed = self.parsed
        if parsed.tokens[token].lower in _PERSONAL:
            return self._person(token, parsed.tokens[token].head, {token})
        head = parsed.tokens[token].head
        seen = {token}
        while parsed.tokens[head].head != head and head not in seen:
            seen.add(head)
            head = parsed.tokens[head].head
            for s in parsed.kids(head, "nsubj"):
                if not parsed.tokens[s].is_pronoun:
                    return self.phrases.code(s)
        return []

    # --- target --------------------------------------------------------------------------

    def _target(self, match: VerbMatch, sources: list[ActorRef]) -> list[ActorRef]:
        if match.target is not None:
            refs = self._span_refs(match.target)
            if refs and {r.code for r in refs} == {s.code for s in sources}:
                # "Falastur noted that Cirith Ungol regretted": the pattern made the subject the
                # target, so the source is the subject of the clause above.
                above = self._above(match.token, set())
                if above:
                    sources[:] = above
            return refs
        parsed = self.parsed
        v = match.token
        # Neither the source itself nor its own country ("USAGOV ... by US individuals").
        exclude = [s.code for s in sources] + [s.code[:3] for s in sources if len(s.code) > 3]
        if self._passive(v):
            for s in parsed.kids(v, "nsubjpass"):
                refs = self.phrases.code(s)
                if refs:
                    return [r for r in refs if r.code not in exclude]
        skip = self._closed_clauses(v)
        places: list[int] = []
        places += parsed.kids(v, "dobj", "dative", "iobj", "attr", "oprd")
        places += [
            p
            for p in parsed.kids(v, "prep", "agent")
            if not self._temporal(p) and parsed.tokens[p].lower not in _NOT_TARGETS
        ]
        places += parsed.kids(v, "advmod")
        # A clause below with an event of its own is what was reported, not the target; so is
        # one put before its verb ("Ethiopia left Libya, an official said").
        places += [x for x in parsed.kids(v, "xcomp", "ccomp") if x > v and not self._has_event(x)]
        places += [x for x in parsed.kids(v, "advcl") if self._infinitive(x) and not self._has_event(x)]
        # Troops deployed are the means, not the target: "ordered troops into Ukraine" is aimed
        # at Ukraine, so an actor with no country yields to a later one that has one.
        means = (match.code or "")[:2] == "15"
        fallback: list[ActorRef] = []
        for place in sorted(places, key=lambda t: self._order(place_kind=t, v=v)):
            tokens = set(parsed.subtree(place, skip))
            found = self.phrases.first_in(tokens, exclude)
            if found is None:
                return fallback
            refs = found
            if refs and means and all(r.code.startswith(NO_ACTOR) for r in refs):
                fallback = fallback or refs
                refs = self.phrases.first_in(tokens, exclude + [r.code for r in refs]) or []
            if refs and not (means and all(r.code.startswith(NO_ACTOR) for r in refs)):
                return refs
        return fallback

    def _has_event(self, token: int) -> bool:
        """Whether a clause reports an action of its own (its verb, or the verb its verb leads
        to, is one the dictionaries code), which is what was said or believed, not who it was
        said to: "said Arnor is about to restore ties" does not say anything to Arnor."""
        stack, seen = [token], set()
        while stack:
            t = stack.pop()
            if t in seen:
                continue
            seen.add(t)
            if t in self._verbs:
                return True
            stack.extend(self.parsed.kids(t, "xcomp", "acomp", "ccomp"))
        return False

    def _order(self, place_kind: int, v: int) -> tuple[int, int]:
        dep = self.parsed.tokens[place_kind].dep
        rank = {
            "dobj": 0,
            "dative": 0,
            "iobj": 0,
            "attr": 1,
            "oprd": 1,
            "prep": 2,
            "agent": 2,
            "advmod": 3,
        }.get(dep, 4)
        return rank, place_kind

    def _closed_clauses(self, v: int) -> frozenset[int]:
        """Clauses under ``v`` that have events of their own, or are adverbial with a subject."""
        parsed = self.parsed
        closed = set(self._eventful)
        for t in parsed.subtree(v):
            tok = parsed.tokens[t]
            if t != v and tok.dep == "advcl" and not self._infinitive(t):
                closed.add(t)
        closed.discard(v)
        return frozenset(closed)

    def _temporal(self, prep: int) -> bool:
        objects = self.parsed.kids(prep, "pobj")
        return bool(objects) and all(self.parsed.tokens[o].lower in _TEMPORAL for o in objects)


def code_sentence(
    parsed: Parsed,
    spans: list[Span],
    dictionaries: Dictionaries,
    people: frozenset[str] = frozenset(),
    antecedent: str | None = None,
) -> list[RawEvent]:
    """The events of one parsed sentence. ``people`` are the entity ids of persons, so that "he"
    finds who it stands for; ``antecedent`` is the actor code of the last person named before."""
    if not parsed.tokens or not spans:
        return []
    return SentenceCoder(parsed, spans, dictionaries, people, antecedent).events()
