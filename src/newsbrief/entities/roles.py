"""Titles and roles around a person's name: "White House press secretary Jen Psaki" -> the role."""

from __future__ import annotations

import re

# Words that make a run of words a role ("secretary", "president"), checked lower-cased.
ROLE_WORDS = frozenset(
    """president premier minister secretary spokesman spokeswoman spokesperson chancellor governor
    senator congressman congresswoman representative mayor chief executive director chairman
    chairwoman chair leader head general commander ambassador envoy king queen prince princess
    pope judge justice lawyer attorney analyst professor economist officer official coach captain
    manager founder ceo cfo coo chairperson councillor councilman councilwoman candidate adviser
    advisor inspector superintendent sheriff colonel lieutenant sergeant admiral marshal
    commissioner deputy mp mep dr mr mrs ms sir dame lord lady rev reverend bishop archbishop
    cardinal rabbi imam chairs editor correspondent reporter author researcher scientist
    treasurer auditor prosecutor detective constable boss pundit presenter broadcaster singer
    actor actress comedian director producer novelist writer playwright rapper musician
    guitarist drummer designer striker forward midfielder defender goalkeeper keeper
    winger scrum-half fly-half full-back flanker hooker prop player sprinter runner athlete
    boxer golfer batsman bowler jockey driver rider skater swimmer champion trainer model star
    diplomat creator baker farmer teacher nurse doctor surgeon engineer student owner shopkeeper
    fisherman pilot chef mechanic photographer architect firefighter paramedic pastor priest
    businessman businesswoman entrepreneur investor economist lawmaker activist campaigner
    volunteer resident worker skipper sailor navigator principal headteacher strategist historian
    consultant""".split()
)
# Lower-case words that may sit inside a role ("press secretary", "foreign minister").
ROLE_MODIFIERS = frozenset(
    """press foreign deputy vice former acting prime defence defense interior home health finance
    national security state chief executive general senior top campaign communications justice
    economy trade energy education transport environment culture sports team party opposition
    district county city council associate assistant managing executive lead head""".split()
)
_BARE_TITLES = frozenset("mr mrs ms miss dr sir dame".split())
# Abbreviations whose full stop does not end a sentence ("Gov. Newsom", "Lt. Col. Smith").
TITLE_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gov sen rep lt gen col sgt capt prof rev st jr sr maj cpl supt insp".split()
)
_TOKEN = re.compile(r"[\w.'’&-]+|[^\w\s]")
_MAX_ROLE_TOKENS = 7
_NOT_ROLE = frozenset("the a an and but or so then yet".split())


def role_before(text: str, start: int) -> str | None:
    """The role written right before a name that starts at ``start`` in ``text``, if any."""
    window = text[max(0, start - 120) : start]
    tokens = _TOKEN.findall(window)
    run: list[str] = []
    for token in reversed(tokens):
        lower = token.lower().rstrip(".")
        if token.endswith(".") and len(lower) > 1 and lower not in TITLE_ABBREVIATIONS:
            break  # a full stop: the sentence before ended ("... director. Sam Taylor-Johnson")
        if token[:1].isupper() or lower in ROLE_WORDS or lower in ROLE_MODIFIERS:
            run.append(token)
            if len(run) >= _MAX_ROLE_TOKENS:
                break
            continue
        break
    run.reverse()
    # A leading determiner or conjunction ("The", "And producer Shogo Tomiyama") is not part of it.
    while run and run[0].lower() in _NOT_ROLE:
        run.pop(0)
    # A bare title ("Mr") is no role, and a capitalised word before it ("Tuesday Mr") no part of one.
    roles = [i for i, t in enumerate(run) if t.lower().rstrip(".") in ROLE_WORDS - _BARE_TITLES]
    if not roles:
        return None
    # The role ends at its last role word; a capitalised word after it ("Vladimir") is the name.
    return " ".join(run[: roles[-1] + 1])


_APPOSITIVE = re.compile(r",\s+(?:the|a|an)\s+([^,;.()]{3,80}?)\s*(?:[,;.)]|$)", re.I)


def role_after(text: str, end: int) -> str | None:
    """An appositive role after a name: "Jen Psaki, the White House press secretary, said"."""
    match = _APPOSITIVE.match(text, end)
    if not match:
        return None
    phrase = match.group(1).strip()
    words = phrase.split()
    if not words or words[-1].lower() not in ROLE_WORDS or len(words) > _MAX_ROLE_TOKENS:
        return None
    return phrase


TITLES = frozenset("president mr mrs ms dr sir dame lord lady prof professor gen general".split())


def strip_titles(name: str) -> str:
    """A name without leading titles: "President Putin" -> "Putin"."""
    words = name.split()
    while len(words) > 1 and (words[0].lower().rstrip(".") in TITLES or words[0].lower() in ROLE_WORDS):
        words.pop(0)
    return " ".join(words)
