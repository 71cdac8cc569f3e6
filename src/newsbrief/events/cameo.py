"""The CAMEO event taxonomy: what a code means, its root, its quad class and its PLOVER category.

Codes are strings ("043", "1312"): the first two digits are the root (01-20), the third the
sub-category, a fourth a further refinement. A dictionary may use codes outside CAMEO (the
PETRARCH validation dictionaries use WEIS-era codes such as "174K"); such a code keeps no root.
"""

from __future__ import annotations

import re

ROOTS: dict[str, str] = {
    "01": "Make public statement",
    "02": "Appeal",
    "03": "Express intent to cooperate",
    "04": "Consult",
    "05": "Engage in diplomatic cooperation",
    "06": "Engage in material cooperation",
    "07": "Provide aid",
    "08": "Yield",
    "09": "Investigate",
    "10": "Demand",
    "11": "Disapprove",
    "12": "Reject",
    "13": "Threaten",
    "14": "Protest",
    "15": "Exhibit force posture",
    "16": "Reduce relations",
    "17": "Coerce",
    "18": "Assault",
    "19": "Fight",
    "20": "Use unconventional mass violence",
}

# The second level of CAMEO 1.1 (the "xx0" codes are their root's name).
CODES: dict[str, str] = {
    "011": "Decline comment",
    "012": "Make pessimistic comment",
    "013": "Make optimistic comment",
    "014": "Consider policy option",
    "015": "Acknowledge or claim responsibility",
    "016": "Deny responsibility",
    "017": "Engage in symbolic act",
    "018": "Make empathetic comment",
    "019": "Express accord",
    "021": "Appeal for material cooperation",
    "022": "Appeal for diplomatic cooperation",
    "023": "Appeal for aid",
    "024": "Appeal for political reform",
    "025": "Appeal to yield",
    "026": "Appeal to others to meet or negotiate",
    "027": "Appeal to others to settle dispute",
    "028": "Appeal to others to engage in or accept mediation",
    "031": "Express intent to engage in material cooperation",
    "032": "Express intent to provide diplomatic cooperation",
    "033": "Express intent to provide material aid",
    "034": "Express intent to institute political reform",
    "035": "Express intent to yield",
    "036": "Express intent to meet or negotiate",
    "037": "Express intent to settle dispute",
    "038": "Express intent to accept mediation",
    "039": "Express intent to mediate",
    "041": "Discuss by telephone",
    "042": "Make a visit",
    "043": "Host a visit",
    "044": "Meet at a third location",
    "045": "Mediate",
    "046": "Engage in negotiation",
    "051": "Praise or endorse",
    "052": "Defend verbally",
    "053": "Rally support on behalf of",
    "054": "Grant diplomatic recognition",
    "055": "Apologize",
    "056": "Forgive",
    "057": "Sign formal agreement",
    "061": "Cooperate economically",
    "062": "Cooperate militarily",
    "063": "Engage in judicial cooperation",
    "064": "Share intelligence or information",
    "071": "Provide economic aid",
    "072": "Provide military aid",
    "073": "Provide humanitarian aid",
    "074": "Provide military protection or peacekeeping",
    "075": "Grant asylum",
    "081": "Ease administrative sanctions",
    "082": "Ease political dissent",
    "083": "Accede to requests or demands for political reform",
    "084": "Return, release",
    "085": "Ease economic sanctions, boycott, embargo",
    "086": "Allow international involvement",
    "087": "De-escalate military engagement",
    "091": "Investigate crime, corruption",
    "092": "Investigate human rights abuses",
    "093": "Investigate military action",
    "094": "Investigate war crimes",
    "101": "Demand material cooperation",
    "102": "Demand diplomatic cooperation",
    "103": "Demand material aid",
    "104": "Demand political reform",
    "105": "Demand that target yields",
    "106": "Demand meeting, negotiation",
    "107": "Demand settling of dispute",
    "108": "Demand mediation",
    "111": "Criticize or denounce",
    "112": "Accuse",
    "113": "Rally opposition against",
    "114": "Complain officially",
    "115": "Bring lawsuit against",
    "116": "Find guilty or liable (legally)",
    "121": "Reject material cooperation",
    "122": "Reject request or demand for material aid",
    "123": "Reject request or demand for political reform",
    "124": "Refuse to yield",
    "125": "Reject proposal to meet, discuss, or negotiate",
    "126": "Reject mediation",
    "127": "Reject plan, agreement to settle dispute",
    "128": "Defy norms, law",
    "129": "Veto",
    "131": "Threaten non-force",
    "132": "Threaten with administrative sanctions",
    "133": "Threaten political dissent, protest",
    "134": "Threaten to halt negotiations",
    "135": "Threaten to halt mediation",
    "136": "Threaten to halt international involvement",
    "137": "Threaten with repression",
    "138": "Threaten to use military force",
    "139": "Give ultimatum",
    "141": "Demonstrate or rally",
    "142": "Conduct hunger strike",
    "143": "Conduct strike or boycott",
    "144": "Obstruct passage, block",
    "145": "Protest violently, riot",
    "150": "Demonstrate military or police power",
    "151": "Increase police alert status",
    "152": "Increase military alert status",
    "153": "Mobilize or increase police power",
    "154": "Mobilize or increase armed forces",
    "161": "Reduce or break diplomatic relations",
    "162": "Reduce or stop material aid",
    "163": "Impose embargo, boycott, or sanctions",
    "164": "Halt negotiations",
    "165": "Halt mediation",
    "166": "Expel or withdraw",
    "171": "Seize or damage property",
    "172": "Impose administrative sanctions",
    "173": "Arrest, detain, or charge with legal action",
    "174": "Expel or deport individuals",
    "175": "Use tactics of violent repression",
    "180": "Use unconventional violence",
    "181": "Abduct, hijack, or take hostage",
    "182": "Physically assault",
    "183": "Conduct suicide, car, or other non-military bombing",
    "184": "Use as human shield",
    "185": "Attempt to assassinate",
    "186": "Assassinate",
    "190": "Use conventional military force",
    "191": "Impose blockade, restrict movement",
    "192": "Occupy territory",
    "193": "Fight with small arms and light weapons",
    "194": "Fight with artillery and tanks",
    "195": "Employ aerial weapons",
    "196": "Violate ceasefire",
    "200": "Use unconventional mass violence",
    "201": "Engage in mass expulsion",
    "202": "Engage in mass killings",
    "203": "Engage in ethnic cleansing",
    "204": "Use weapons of mass destruction",
}

# PLOVER, the successor ontology (Open Event Data Alliance), with the names of its current (2021)
# manual: one category per CAMEO root, with the exceptions CAMEO files under one root but PLOVER
# under another. Statements (01) are no PLOVER event.
_PLOVER_ROOTS: dict[str, str | None] = {
    "01": None,
    "02": "REQUEST",
    "03": "AGREE",
    "04": "CONSULT",
    "05": "SUPPORT",
    "06": "COOPERATE",
    "07": "AID",
    "08": "YIELD",
    "09": "ACCUSE",
    "10": "REQUEST",
    "11": "ACCUSE",
    "12": "REJECT",
    "13": "THREATEN",
    "14": "PROTEST",
    "15": "MOBILIZE",
    "16": "SANCTION",
    "17": "COERCE",
    "18": "ASSAULT",
    "19": "ASSAULT",
    "20": "ASSAULT",
}
_PLOVER_CODES = {"057": "AGREE", "087": "YIELD", "166": "YIELD", "084": "YIELD"}
# The categories of the current manual, and the names older drafts (and older coders) gave them.
PLOVER = (
    "AGREE CONSULT SUPPORT COOPERATE AID YIELD REQUEST ACCUSE REJECT THREATEN PROTEST SANCTION "
    "MOBILIZE COERCE ASSAULT"
).split()
OLDER_NAMES = {
    "CONCEDE": "YIELD",
    "RETREAT": "YIELD",
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
# The CAMEO code an event of a category gets when no verb of the lexicon says more: the "not
# specified below" code of the category's main root.
CATEGORY_CODES = {
    "AGREE": "030",
    "CONSULT": "040",
    "SUPPORT": "050",
    "COOPERATE": "060",
    "AID": "070",
    "YIELD": "080",
    "REQUEST": "020",
    "ACCUSE": "110",
    "REJECT": "120",
    "THREATEN": "130",
    "PROTEST": "140",
    "MOBILIZE": "150",
    "SANCTION": "160",
    "COERCE": "170",
    "ASSAULT": "190",
}


def current_name(category: str) -> str:
    """A PLOVER category under the current manual's name ("FIGHT" -> "ASSAULT")."""
    upper = category.strip().upper()
    return OLDER_NAMES.get(upper, upper)


# GDELT's quad classes: verbal cooperation (01-05), material cooperation (06-08), verbal conflict
# (09-13), material conflict (14-20).
QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}

_CAMEO = re.compile(r"(0[1-9]|1[0-9]|20)\d{1,2}")


def root(code: str) -> str | None:
    """The two-digit CAMEO root of ``code`` ("1312" -> "13"), ``None`` for a non-CAMEO code."""
    return code[:2] if _CAMEO.fullmatch(code) else None


def quad_class(code: str) -> int | None:
    """GDELT's quad class of ``code`` (1-4), ``None`` for a non-CAMEO code."""
    top = root(code)
    if top is None:
        return None
    number = int(top)
    return 1 if number <= 5 else 2 if number <= 8 else 3 if number <= 13 else 4


def plover(code: str) -> str | None:
    """The PLOVER category of ``code`` ("ASSAULT"), ``None`` for statements and non-CAMEO codes."""
    top = root(code)
    if top is None:
        return None
    return _PLOVER_CODES.get(code[:3], _PLOVER_ROOTS[top])


def name(code: str) -> str | None:
    """CAMEO's label of ``code`` (of its three-digit parent for a four-digit code)."""
    top = root(code)
    if top is None:
        return None
    three = code[:3]
    return CODES.get(three) or ROOTS[top]
