"""The words and patterns of attribution: speech verbs, speaker phrases and the cues around a
quote ("X said", "said X", "according to X")."""

from __future__ import annotations

import re

from newsbrief.entities.roles import TITLE_ABBREVIATIONS

SPEECH_VERBS = (
    "said|says|say|added|adds|told|tells|stated|states|declared|announced|noted|notes|warned|warns|"
    "insisted|insists|argued|argues|explained|explains|claimed|claims|asked|asks|wrote|writes|"
    "recalled|continued|replied|responded|remarked|admitted|acknowledged|conceded|confirmed|"
    "denied|alleged|asserted|urged|tweeted|posted|suggested|predicted|cautioned|stressed|"
    "emphasised|emphasized|maintained|concluded|joked|commented|observed|called|described|"
    "testified|cried|shouted|yelled|screamed|exclaimed|whispered|questioned|praised|criticised|"
    "criticized|condemned|hailed|accused|dismissed|smiles|smiled|laughs|laughed|quipped|quips|"
    "sighed|sighs|snapped|boasted|boasts|concedes|recalls|agreed|agrees|apologised|apologized|"
    "apologises|apologizes|revealed|reveals|remembered|remembers|reckoned|reckons|mused|muses|"
    "giggled|giggles|wondered|wonders|"
    # The present tense of the verbs above, as features and columns write them ("the study observes");
    # none that is as often a noun ("questions", "comments", "jokes").
    "accuses|acknowledges|alleges|announces|asserts|cautions|concludes|condemns|confirms|"
    "continues|criticises|criticizes|declares|denies|describes|dismisses|emphasises|"
    "emphasizes|hails|observes|praises|predicts|replies|responds|shouts|"
    "stresses|suggests|testifies|urges|admits"
)
# "snapped up", "called off": a particle after the verb makes it no speech verb.
_SPEECH = rf"(?:{SPEECH_VERBS})(?!\s+(?:up|off|out)\b)"
_VERB = rf"(?:{_SPEECH}|adding|saying|asking|telling)"
# A speaker phrase: up to 8 words (10 right after a quote), stopping at punctuation ("Spurs sporting
# director Frank Arnesen", "said U.N. High Commissioner for Human Rights Zeid Ra'ad Al Hussein").
_TITLE = "|".join(sorted((w.capitalize() for w in TITLE_ABBREVIATIONS), key=len, reverse=True))
# A word, initials ("L.") or an abbreviated title ("Lt. Gen. James L. Terry").
_TOKEN = rf"(?:(?:{_TITLE})\.|(?:[A-Z]\.)+|[\w'’&-]+)"
_PHRASE = rf"{_TOKEN}(?:\s+{_TOKEN}){{0,7}}?"
_LONG_PHRASE = rf"{_TOKEN}(?:\s+{_TOKEN}){{0,9}}?"
# Auxiliaries and adverbs between a speaker and the verb ("has also said").
_AUX_WORD = (
    r"(?:also|later|then|recently|again|earlier|publicly|repeatedly|has|had|have|will|would|"
    r"went\s+on\s+to|goes\s+on\s+to)"
)
_AUX = rf"(?:{_AUX_WORD}\s+)*"
# An appositive between a name and its verb, between commas or dashes: "Francisco Costa, creative
# director of Calvin Klein, said", "Gerry Conlon - who was wrongly convicted - said".
APPOSITIVE = r"(?:,\s+[^,;:\"“”]{1,80},|\s+[-–—]\s+[^,;:\"“”–—]{1,80}?\s+[-–—])?"
AFTER_VERB = re.compile(
    rf"^[,\s—–-]*(?P<verb>{_VERB})\s+(?P<who>{_LONG_PHRASE})(?=\s*(?:[,.;:!?()\"“”]|$|\s+(?:in|on|at|to|during|after|before|when|as|of|from|last|this|who)\b))"
)
AFTER_SUBJECT = re.compile(
    rf"^[,\s—–-]*(?P<who>{_LONG_PHRASE})(?:,\s+(?P<named>[^,;:\"“”]{{1,80}}),|,\s+(?P<loose>[a-z][^,;:\"“”]{{0,80}}?))?"
    rf"\s+{_AUX}(?P<verb>{_VERB}|read|reads|ask|tell)\b"
)
# "..." the newspaper quotes a source close to the firm: the one quoted speaks.
AFTER_QUOTED = re.compile(
    rf"^[,\s]*(?:the\s+)?[\w'’ -]{{1,40}}?\s+(?P<verb>quote[sd])\s+(?!as\b)"
    rf"(?P<who>{_PHRASE})(?=\s*(?:[,.;:]|$))"
)
# "..." the PGA Tour website quoted him as saying: whoever "him" is.
AFTER_QUOTED_HIM = re.compile(
    r"^[,\s]*(?:the\s+)?[\w'’ -]{1,40}?\s+(?P<verb>quoted)\s+(?P<who>him|her|them)\s+as\s+saying\b"
)
# "..." he was quoted as saying by a radio station.
AFTER_PASSIVE = re.compile(rf"^[,\s]*(?P<who>{_PHRASE})\s+(?:was|were|is|are)\s+(?P<verb>quoted)\b")
# A description, then the name it describes: "one of their lawyers, Michalis Dimitrakopoulos."
_NAME_WORD = r"(?:[A-Z]\.|[A-Z][\w'’-]+)"
NAME_AFTER = re.compile(
    rf"(?:[^,;:\"“”.]|\.(?!\s)){{1,60}}?,\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})(?=\s*(?:[.,;]|$))"
)
NAME_ENDS = re.compile(rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})\s*$")
AFTER_BY = re.compile(rf"^[\s,]*by\s+(?P<who>(?:[A-Z]|the\s){_PHRASE})(?=\s*(?:[,.;:]|$))")
BEFORE = re.compile(
    rf"(?:^|[,;:]\s+|\b(?:and|but|while|as)\s+)(?P<who>{_PHRASE})(?P<apposition>{APPOSITIVE})\s+(?:(?:once|previously|{_AUX_WORD})\s+)*"
    rf"(?P<verb>{_VERB})(?:\s+[\w.'’&-]+){{0,6}}?\s*[:,]?\s*$"
)
# The verb first, as a column does: "Notes Hollywood stylist Cristina Ehrlich of ...: “...”"
VERB_FIRST = re.compile(
    r"(?:^|[\"”.!?]\s+)(?P<verb>Notes|Says|Adds|Explains|Writes|Recalls|Warns)\s+(?P<who>[^:;\"“”]{2,80}):\s*$"
)
ACCORDING = re.compile(rf"[Aa]ccording to\s+(?P<who>{_PHRASE})(?=\s*(?:[,.;:]|$))")
# After a name: "'s" or "of Iceland" or an appositive, a few words, then the speech verb.
SUBJECT_VERB = re.compile(
    rf"[’']?s?(?:\s+of\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)?{APPOSITIVE},?\s+(?:(?!(?:he|she|they|it|we|I)\s)\w[\w-]*\s+){{0,3}}?(?P<verb>{_VERB})\b"
)
INVERTED = re.compile(rf",\s+(?P<verb>said|says|added|adds)\s+(?P<who>{_PHRASE})(?=\s*(?:[,;—–]|\s-\s))")
PARTICIPLE = re.compile(
    r",\s+(?:and\s+)?(?P<verb>saying|adding|asking|tweeting|writing|telling(?:\s+[\w.'’-]+){1,4}?)\s*:?\s*$"
)
# "..., telling the court that he objected to the way that the "running of ..."": a participle
# that reports speech, anywhere before the quote.
PARTICIPLE_CLAUSE = re.compile(
    r",\s+(?:and\s+)?(?P<verb>saying|adding|telling|arguing|insisting|warning|claiming|noting)\b"
)
# "But he said for Russia to make progress the government must "renew ..."".
PRONOUN_SPEAKS = re.compile(
    rf"(?:^|[^\w’'])(?P<who>[Hh]e|[Ss]he|[Ii]t|[Tt]hey)\s+(?:(?:once|{_AUX_WORD})\s+)*"
    rf"(?P<verb>{_SPEECH}|ask|tell)\b"
)
# A word of a description, never a form of "be" ("The rapper was criticised" is no speaker).
# The forms of "be": a description never holds one, and one before a verb makes it passive.
BE_FORMS = ("was", "were", "is", "are", "been", "being", "be")
_BE = "|".join(BE_FORMS)
_NOT_BE = rf"(?!(?:{_BE})\b)"
DESCRIBED_SPEAKS = re.compile(
    rf"(?:^|,\s+|\b(?:and|but|while)\s+)(?P<who>[Tt]he\s+(?:{_NOT_BE}[a-z][\w-]*\s+){{0,3}}{_NOT_BE}[a-z][\w-]*)\s+"
    rf"{_AUX}(?P<verb>{_SPEECH})\b"
)
# A name right after one of these is part of another phrase ("Johannesson of Iceland"), no subject.
PREPOSITION_BEFORE = re.compile(
    r"\b(?:of|at|for|from|with|in|by|to|on|about|against|behind|near|like|than|into|via|over|under|"
    r"aboard|beside|between|among|toward|towards|past|beyond)"
    r"\s+(?:the\s+)?$",
    re.I,
)
# What stands between a person and a name that only qualifies them: " of advocacy group ",
# ", spokesman for e-mail software firm ", ", president of Cesar organisers, the ".
QUALIFIER = re.compile(r"(?:\s+of\s+|,\s+[a-z])[^;:\"“”]{0,80}")
RELATIVE = re.compile(r",\s+(?:who|which|whose|whom)\b")
VERB_ANYWHERE = re.compile(rf"\b({_SPEECH})\b")
# Between a name and its speech verb: adverbs and auxiliaries only ("Smith has also said"), never a
# conjunction that starts another clause ("a row with Benitez but claims").
SPOKE = re.compile(
    rf"[’']?s?{APPOSITIVE},?\s+(?:(?:also|has|had|have|later|then|now|once|previously|again|earlier|"
    rf"repeatedly|recently|publicly|\d+,)\s+){{0,2}}(?:{_SPEECH})\b"
)
SENTENCE_TAIL = re.compile(
    rf",\s+(?P<who>{_PHRASE})\s+(?:has\s+|had\s+)?(?P<verb>{_SPEECH})(?:\s+(?:the\s+)?[A-Z][\w.'’-]*){{0,3}}\s*\.?\s*$"
)
# A sentence that is nothing but an attribution, after a quote that closed its own: '“... we do.”
# Spike Call, command master chief of the Reagan, said in The 76er.'
ATTRIBUTION_SENTENCE = re.compile(
    r"[\s\"”]*(?!(?:Some|Many|Most|All|Both|Several|Few|Each|Others?|No|None)\b)"
    rf"(?P<who>[A-Z]{_PHRASE})(?:,\s+[^,;:\"“”]{{1,80}},)?\s+{_AUX}(?P<verb>{_SPEECH})"
    rf"(?:\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,3}}|\s+(?:in|on|at|during)\s+[^.!?\"“”]{{1,60}})?"
    r"\s*\.(?:\s|$)"
)
# "a user called Caleb Parke tweeted": the name "called" introduces, and its own verb.
CALLED_NAME = re.compile(rf"\s+(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,3}})\s+(?P<verb>{_SPEECH})\b")
TAIL_ACCORDING = re.compile(rf",\s+according\s+to\s+(?P<who>{_PHRASE})(?=\s*(?:[,.;]|$))")
PARTICLE_NAME = re.compile(r"(?:al|el|ad|as|ash|ar|abu|bin|ibn)-[A-Z]")
# A speaker at the end of a sentence of narration: "..., Manzoor Hussain, his brother told CNN."
TAIL_CUE = re.compile(
    rf",\s+(?P<who>{_PHRASE})(?:,\s+[^,;:\"“”]{{1,60}}?)?\s+{_AUX}(?P<verb>{_SPEECH})"
    rf"(?:\s+[\w.'’-]+){{0,3}}?\s*[.!?]?\s*$"
)
# Words for something said, beyond the speech verbs.
SPEECH_ACT = re.compile(
    r"\b(?:apologi[sz]e[ds]?|tribute|comments?|message|statement|interview|speech|letter|"
    r"tweet|words|credit(?:s|ed)|denounce[ds]?|brand(?:s|ed)?|dub(?:s|bed)?|label(?:s|led|ed)?|term(?:s|ed)|"
    r"vow(?:s|ed)|pledge[ds]?|promise[ds]?|complain(?:s|ed)|blame[ds]?|slam(?:s|med)|decr(?:y|ies|ied)|"
    r"declar(?:e|es|ed|ing)|cit(?:e|es|ed|ing)|express(?:es|ed)?|op-ed|attribut(?:e|es|ed|ing)|"
    r"alleg(?:e|es|ed|ing)|welcom(?:e|es|ed|ing)|thank(?:s|ed|ing)?|advis(?:e|es|ed|ing)|calling|"
    r"describing|accusing|warning|insisting|claiming)\b"
)
PASSIVE = re.compile(rf"\b(?:{_BE})\s+$")
# A phrase fronted before a sentence's subject, up to its comma or dash: "In 2012, the ".
FRONTED = re.compile(r"[^,;:\"“”.]{1,120}(?:,|\s--|\s[—–])\s+(?:the\s+)?")
OPENING_PRONOUN = re.compile(r"\W*(?:(?:But|And|Then|Now|Yet|So|However,?)\s+)?(He|She)\b")
LEADING = re.compile(
    r"^(?:(?:when|and|but|as|while|that|then|after|before|because|which|who|so|although|however,?)\s+)+",
    re.I,
)
PRONOUNS = frozenset("he she they it we".split())
# A speaker phrase after a quote that opens a contrasting clause speaks for itself, not the quote.
CONTRAST = re.compile(r"(?:while|whereas|although|though|but)\s", re.I)
SUBJECT_FORM = {"him": "he", "her": "she", "them": "they"}
# The noun after an organisation's name that makes it a description ("The Penn State graduate"),
# and the words after a name that are no such noun.
NOUN_AFTER = re.compile(r"\s+([a-z][a-z-]+)\b")
ARTICLE_BEFORE = re.compile(r"\b(?:[Tt]he|[Aa]n?)\s+$")
NOT_NOUNS = frozenset(
    "also later then has had have will would could should may might is was were are and or who which that "
    "now once previously again earlier recently publicly".split()
)
# A title of capitalised words, initials and "of" right before a name: "U.S. Secretary of State ".
TITLE_RUN = re.compile(r"(?:(?:[A-Z]\.){2,}\s+|[A-Z][a-z]+\s+|of\s+(?=[A-Z]))+$")
# A pronoun and a speech verb right after a closing mark: “Papa! Papa!” he yelled.
SPOKEN_AFTER = re.compile(rf",?\s+(?:he|she|they|I|we)\s+(?:{_SPEECH}|yelled|shouted)\b")
# A quote inside a relative clause about something said: "Jones, who described it as “...”, told".
RELATIVE_SPEAKER = re.compile(
    rf"(?P<who>(?:[A-Z][\w'’.-]*\s+){{0,3}}[A-Z][\w'’-]*),\s+who\s+(?:[^,;:\"“”]*?\s)?(?:{_SPEECH})\s[^,;:\"“”]*$"
)
QUOTED_IN = re.compile(r"\s+(?:was|were|is|are|has been)\s+quoted\b")
