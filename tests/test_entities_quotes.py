from __future__ import annotations

import re
from typing import Any

import pytest

import newsbrief
from conftest import shared_path
from newsbrief.document import build_document
from newsbrief.entities import Entity, extract_entities
from newsbrief.nlp.spacy_pipeline import dependency_parser, load_spacy, spacy_available
from newsbrief.quotes import Quote, extract_quotes
from newsbrief.readers import parse_text, read

pytestmark = pytest.mark.skipif(
    not spacy_available(), reason="the nlp extra (spaCy pipeline) is not installed"
)


def analyse(
    text: str, title: str | None = None, *, parse: bool = True
) -> tuple[tuple[Entity, ...], tuple[Quote, ...]]:
    """Entities and quotes as a brief finds them (``parse=False``: the cue rules alone)."""
    doc = build_document(parse_text(text, title=title))
    nlp = load_spacy()
    entities = extract_entities(doc, nlp)
    return entities, extract_quotes(doc, entities, dependency_parser(nlp) if parse else None)


def by_name(entities: tuple[Entity, ...], name: str) -> Entity:
    found = [e for e in entities if e.name == name]
    assert found, f"{name!r} not among {[e.name for e in entities]}"
    return found[0]


def linked_speaker(text: str, words: str) -> str | None:
    """The name of the entity linked as the speaker of the one quote of ``text`` holding ``words``."""
    entities, quotes = analyse(text, title="Harbour news")
    (quote,) = [q for q in quotes if words in q.text]
    return {e.id: e.name for e in entities}.get(quote.speaker_id or "")


def speaker_of(quotes: tuple[Quote, ...], words: str) -> Any:
    found = [q for q in quotes if words in q.text]
    assert found, f"no quote with {words!r} among {[q.text for q in quotes]}"
    return found[0].speaker


def test_offsets_hold_everywhere(sample_text: str) -> None:
    brief = newsbrief.brief(sample_text)
    assert brief.entities and brief.quotes
    for entity in brief.entities:
        for m in entity.mentions:
            assert brief.body[m.start : m.end] == m.text
    for quote in brief.quotes:
        assert brief.body[quote.start : quote.end] == quote.text
    ids = {e.id for e in brief.entities}
    assert all(q.speaker_id in ids for q in brief.quotes if q.speaker_id)


def test_person_roles_and_continued_quotes(sample_text: str) -> None:
    entities, quotes = analyse(sample_text)
    hale = by_name(entities, "Margaret O. Hale")
    assert hale.label == "PERSON" and hale.role == "council leader"
    assert speaker_of(quotes, "two halves of this town") == "Margaret O. Hale"
    # The second quote of the paragraph carries on the same speaker.
    assert speaker_of(quotes, "stopped arguing") == "Margaret O. Hale"
    assert "Ewan Price" in speaker_of(quotes, "five-minute walk")


def test_places_short_forms_and_demonyms() -> None:
    text = (
        "The U.S. and Russian negotiators met in Geneva on Monday. American officials said the US "
        "would not lift sanctions. The United States has asked Russia to withdraw its troops."
    )
    entities, _ = analyse(text, title="Talks in Geneva")
    us = by_name(entities, "United States")
    assert us.label == "GPE"
    assert {"U.S.", "American", "US", "United States"} <= {m.text for m in us.mentions}
    assert "Russian" in {m.text for m in by_name(entities, "Russia").mentions}


def test_people_cluster_across_name_forms() -> None:
    text = (
        "German Chancellor Olaf Scholz arrived in Paris on Tuesday. Scholz met the French president "
        "for two hours. Mr Scholz later told reporters the talks had gone well."
    )
    entities, _ = analyse(text, title="Scholz in Paris")
    scholz = by_name(entities, "Olaf Scholz")
    assert scholz.role == "German Chancellor"
    assert len(scholz.mentions) >= 3
    assert scholz.in_headline
    assert entities[0].name in ("Olaf Scholz", "Paris")


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        ('"We will rebuild the pier by summer," Maria Lopez said on Friday.', "rebuild", "Maria Lopez"),
        (
            "“We will rebuild the pier by summer,” said Maria Lopez, the harbour master.",
            "rebuild",
            "Maria Lopez",
        ),
        ("Maria Lopez told the BBC: “We will rebuild the pier by summer.”", "rebuild", "Maria Lopez"),
        ('Maria Lopez arrived late. "The pier will be rebuilt," she said.', "pier will be", "Maria Lopez"),
        ("The storm hit the coast overnight. “Nobody expected water this high.”", "Nobody expected", None),
        # A name inside a relative clause is not the subject that speaks.
        (
            "Tom Baker, who played the ferryman Charon, told the BBC the pier was “far too short”.",
            "far too short",
            "Tom Baker",
        ),
        # A participle cue speaks for the sentence's subject.
        (
            "Maria Lopez posted a photo of the flooded harbour on Monday, tweeting: “Not again.”",
            "Not again",
            "Maria Lopez",
        ),
        # "says the council" inside the sentence, before a partial quote.
        (
            "The pier will cost more than planned, says the Harbour Council - and it must be spent "
            "more “wisely” than before.",
            "wisely",
            "Harbour Council",
        ),
        # A name inside quotation marks (a title) is never the speaker.
        (
            (
                "Maria Lopez, who directed “The Long Night of Tom Baker,” told reporters she would stay. "
                "“It has been a wonderful year,” she said."
            ),
            "wonderful year",
            "Maria Lopez",
        ),
        # A quote after a sentence about the last speaker is theirs.
        (
            (
                "“I trained harder than ever this winter,” Maria Lopez said.\n"
                "Despite her win in March, Lopez still feels she missed the final. “That was hard to take.”"
            ),
            "hard to take",
            "Maria Lopez",
        ),
        # ... but not after a sentence about someone else.
        (
            (
                "“I trained harder than ever this winter,” Maria Lopez said.\n"
                "Tom Baker won the final in March. “That was hard to take.”"
            ),
            "hard to take",
            None,
        ),
        # "he said" after a full name the model did not take for a person, reported speaking.
        (
            (
                "The bank's chairman, Kofi Mensah-Abora, spoke on Monday. Eduardo Mbeki told a news "
                "conference the harbour would reopen. “Most boats are back,” he said."
            ),
            "Most boats",
            "Eduardo Mbeki",
        ),
        # An appositive between the name and its verb after the quote.
        (
            "“We will reopen the pier by May,” Ana Ruiz, the harbour master of Port Calder, said.",
            "reopen the pier",
            "Ana Ruiz",
        ),
        # A name after "of" qualifies another; it is not the subject that speaks.
        (
            "The chairman, Ambassador Tom Baker of Norway, warned that there was “much left to do”.",
            "much left to do",
            "Tom Baker",
        ),
        # A pronoun that speaks earlier in the sentence resolves to the person last reported speaking.
        (
            "Maria Lopez said the budget was fixed. But she said the town must “act now” on housing.",
            "act now",
            "Maria Lopez",
        ),
        # A speech verb inside a relative clause belongs to its unnamed subject, not the sentence's.
        (
            "“We acted fast,” Maria Lopez said.\nNorway banned a film about a prisoner, who said he "
            "“regrets nothing at all”.",
            "regrets nothing",
            None,
        ),
        # "..., he told the court, saying ...": the participle's subject is the pronoun's person.
        (
            "Tom Baker denied the claims on Tuesday. Ana Ruiz “made the decisions,” he told the court, "
            "saying she had “a firm grip on the numbers”.",
            "firm grip",
            "Tom Baker",
        ),
        # "He" after a quote goes on with the person last quoted when nobody else came up.
        (
            "Veteran actor Tom Baker won the first prize. “This is for my mother,” said Maria Lopez, "
            "holding her award. She also thanked the crew: “You made this film.”",
            "You made this film",
            "Maria Lopez",
        ),
        # ... but a person named since, as a subject, takes over; a possessive is no subject.
        (
            "“Nobody will stop us,” Tom Baker said on Monday. Baker's remarks angered many, and on "
            "Tuesday radio host Maria Lopez said they were unfair. “This is wrong,” she said.",
            "This is wrong",
            "Maria Lopez",
        ),
        # A colon hands the sentence's subject the quote.
        (
            "The Harbour Council met on Monday. It later put up a notice: “The pier is closed.”",
            "pier is closed",
            "Harbour Council",
        ),
        # "he was quoted as saying by a radio station": he speaks, not the station.
        (
            "Tom Baker turned the offer down. “I won't go,” he was quoted as saying by Radio North.",
            "I won't go",
            "Tom Baker",
        ),
        # A word in quotation marks inside a later sentence is no continuation of the last quote.
        (
            "“We will open in May,” Maria Lopez said. Last week the water looked “cloudy” to divers.",
            "cloudy",
            None,
        ),
        # The name in an appositive speaks for a description before it.
        (
            "“I am outraged,” the festival's organiser in Port Calder, Maria Lopez, told the BBC.",
            "outraged",
            "Maria Lopez",
        ),
        # "His message was:" hands the quote to him.
        (
            "Tom Baker spoke last. His message to the council was: “Build the bridge now.”",
            "Build the bridge",
            "Tom Baker",
        ),
        # A described organisation that speaks earlier in the sentence.
        (
            "The Harbour Authority checked the pier. In a post, the harbour authority said divers "
            "found cracks, but “the pier is safe.”",
            "pier is safe",
            "Harbour Authority",
        ),
        # "he said" is the nearest person named as a subject before.
        (
            (
                "Maria Lopez, the harbour master, spoke first. Then Tom Baker, the mayor, took the stage. "
                '"We need the money now," he said.'
            ),
            "money now",
            "Tom Baker",
        ),
        # ... but "he" passes over a woman the article calls "Mrs", and "she" over "her husband".
        (
            "Tom Baker spoke first. Then Mrs Maria Lopez took the stage. “We need the money now,” he said.",
            "money now",
            "Tom Baker",
        ),
        (
            "Maria Lopez wrote about the storm. Her husband, actor Tom Baker, flew home within hours, "
            "she wrote. “It was the longest night of my life,” she wrote.",
            "longest night",
            "Maria Lopez",
        ),
        # Abbreviated titles are part of the speaker phrase, not the speaker.
        (
            "“We will rebuild the pier,” said Lt. Gen. Tom Baker, commander of the harbour guard.",
            "rebuild the pier",
            "Tom Baker",
        ),
        # A description after the verb, then the name it describes.
        (
            "“A ruling is expected by March,” said one of their lawyers, Ana Ruiz. The case goes on.",
            "ruling is expected",
            "Ana Ruiz",
        ),
        # A name, then a description of it, then the verb.
        (
            "Ana Ruiz, a spokeswoman for the harbour council tweeted on Monday that “the pier is safe”.",
            "pier is safe",
            "Ana Ruiz",
        ),
        # An appositive left open before the verb after the quote.
        (
            "“The pier is safe,” Tom Baker, deputy editor of the Calder Gazette told the council.",
            "pier is safe",
            "Tom Baker",
        ),
        # "X of Y told": X speaks.
        (
            "Maria Lopez of the advocacy group Harbour Watch told reporters, “We want answers.”",
            "want answers",
            "Maria Lopez",
        ),
        # A name after the speech verb belongs to the reported clause.
        (
            "Council leader Ewan Price spoke on Monday. He says Tom Baker was not worried because the "
            "council lacked a “big plan”.",
            "big plan",
            "Ewan Price",
        ),
        # ... and a place before ", he said" is no subject.
        (
            "Tom Baker spoke on Monday. In a speech at Calder University, he said the town would "
            "publish “a plan for the pier”.",
            "plan for the pier",
            "Tom Baker",
        ),
        # "the Australian" is a person described, not the country.
        (
            "Sally Pearson won the final in Sydney. “People come to be entertained,” the Australian, "
            "who set a record in 2012, told reporters.",
            "entertained",
            "Sally Pearson",
        ),
        # "... quoted him as saying": him.
        (
            "Tom Baker lost the final. “I rushed my putt,” the tour website quoted him as saying.",
            "rushed my putt",
            "Tom Baker",
        ),
        # A quote after a sentence of narration that reports someone's speech, mid-paragraph.
        (
            "Maria Lopez runs the harbour cafe. Ms Lopez, who opened it in 2001, tells reporters that "
            "she despaired at the delays. “I used to count the boats every morning.”",
            "count the boats",
            "Maria Lopez",
        ),
        # ... where "he said" in that sentence beats a name inside its clause.
        (
            "“We are ready,” Tom Baker said.\nBut he said a Harbour Council vote would be needed "
            "first. “If it passes, we start in May.”",
            "we start in May",
            "Tom Baker",
        ),
        # A second partial quote in the sentence of the first has the same speaker.
        (
            "The Harbour Council said its engineers had “stepped up checks” with the navy and "
            "divers “to find every crack”.",
            "find every crack",
            "Harbour Council",
        ),
        # An organisation inside a person's role is part of the role.
        (
            "Harbour Council leader Maria Lopez said the pier was “in good shape”.",
            "good shape",
            "Maria Lopez",
        ),
        # A sentence of narration ending "..., X, his brother told CNN." hands X the next quote, also
        # in a one-paragraph article where an earlier speaker's quote came before.
        (
            "“We will appeal,” said Maria Lopez, the family's lawyer. Tom was calm on Monday, Ewan "
            "Price, his brother told reporters. “He said he would be home soon.”",
            "home soon",
            "Ewan Price",
        ),
        # A name that only qualifies the person who spoke is not the one "he" means.
        (
            "Tom Baker, spokesman for ferry operator Calder Lines said bookings were up. “The summer "
            "looks busy,” he said.",
            "summer looks busy",
            "Tom Baker",
        ),
        # The person before an appositive speaks, not the organisation it names, and a long
        # description after ", said" is no speaker.
        (
            "Maria Lopez, president of the organisers, the Harbour Festival Trust, said the changes in "
            "the rules, which allow films “made on the coast”, came in last year.",
            "made on the coast",
            "Maria Lopez",
        ),
        # "..., a council statement read."
        (
            "“The pier is closed until further notice,” a Harbour Council statement read.",
            "closed until",
            "a Harbour Council statement",
        ),
        # "However, he added:" is he, not "However".
        (
            "Tom Baker met the council on Monday. However, he added: “We will not give up.”",
            "not give up",
            "Tom Baker",
        ),
        # A role never starts with "And"; "went on to say", "will ask", "apologised".
        (
            "“Go home,” said harbour master Tom Baker.\nAnd council leader Maria Lopez added: “Stay safe.”",
            "Stay safe",
            "Maria Lopez",
        ),
        (
            "Tom Baker spoke first. He went on to say: “We will vote against the plan.”",
            "vote against",
            "Tom Baker",
        ),
        (
            "Tom Baker wrote to the council in May. He apologised for his “foolish remarks”.",
            "foolish remarks",
            "Tom Baker",
        ),
        # "the cardinal" is the one person the article calls a cardinal.
        (
            "Cardinal Tom Baker spoke in Port Calder on Sunday. Ana Ruiz listened. The cardinal said "
            "the new year should bring “peace at home”.",
            "peace at home",
            "Tom Baker",
        ),
        (
            "Cardinal Tom Baker spoke in Port Calder on Sunday. Ana Ruiz listened.\n“Why is there no "
            "peace?” the cardinal will ask.",
            "no peace",
            "Tom Baker",
        ),
        # A name after a preposition is no subject ("Speaking on Radio North, he ...").
        (
            "Tom Baker spoke on Monday. Speaking on Radio North's morning show, he criticised the "
            "“waste of money” at the harbour.",
            "waste of money",
            "Tom Baker",
        ),
        # A colon after a fronted clause hands the subject the quote.
        (
            "To keep the cafe open, Maria Lopez has a plan: “Open only at weekends.”",
            "Open only at weekends",
            "Maria Lopez",
        ),
        # "the 39-year-old actor" is the article's main person, not a character named last.
        (
            "Maria Lopez won the prize on Saturday. Maria Lopez thanked her fans. She accepted the "
            "award for her role as Ana Ruiz in a new film. “I was told I was different,” the "
            "39-year-old actor said.",
            "told I was different",
            "Maria Lopez",
        ),
        # The verb first, as in a column.
        (
            "The crowd was large. Notes festival stylist Maria Lopez of Port Calder: “These dresses "
            "are business.”",
            "dresses are business",
            "Maria Lopez",
        ),
        # A few words quoted in a sentence about what its subject said are the subject's ...
        (
            "Maria Lopez spoke at the dinner. Maria Lopez paid tribute to the “brilliant” crew of the "
            "lifeboat.",
            "brilliant",
            "Maria Lopez",
        ),
        # ... but not where the sentence says nothing of speech.
        (
            "Tom Baker shows up in the new video “singing” the chorus.",
            "singing",
            None,
        ),
        # A quoted sentence after a sentence about a person is that person's words.
        (
            "“We won,” said Ana Ruiz.\nThe regatta ended on Sunday.\nTom Baker capped a fine year with "
            "three titles in Port Calder. “The gold medal will always be there for me.”",
            "gold medal",
            "Tom Baker",
        ),
        # ... not after a sentence about something else.
        (
            "“We won,” said Ana Ruiz.\nThe harbour was quiet on Monday. “The gold medal will always be "
            "there for me.”",
            "gold medal",
            None,
        ),
        # "he revealed"; a quote left open takes the speaker of the quote that reopens it.
        ("“It has taken a lot of work,” Tom Baker revealed.", "lot of work", "Tom Baker"),
        (
            "The final was on Sunday.\n“I took lessons from last year. “Every player has to earn a "
            "place,” said Maria Lopez.",
            "took lessons",
            "Maria Lopez",
        ),
        # A quoted sentence straight after an attributed partial quote goes on with its speaker.
        (
            "Tom Baker spoke on Monday. Police have “several leads,” he said. “We think we know where "
            "the shots came from.”",
            "shots came from",
            "Tom Baker",
        ),
        # Names with a lower-case particle, and verbs such as "smiles".
        ("“I saw the wall everywhere,” says al-Hassan.", "wall everywhere", "al-Hassan"),
        ("“I am running at home,” Maria Lopez smiles.", "running at home", "Maria Lopez"),
        # A quotation mark that lost its space after a full stop still opens a quote.
        (
            '"The pier is safe," Tom Baker told the Harbour Gazette."We checked every beam."',
            "every beam",
            "Tom Baker",
        ),
        # "she" after a sentence another person opens is that person, not the one quoted before.
        (
            "Actress Maria Lopez said her son was stopped by police. John Thomas of the police said "
            "the stop was routine. “We hope to talk to the young man,” Thomas said. But Lopez withdrew "
            "her claims on Friday. “A mother's job is not easy,” she said in a post.",
            "mother's job",
            "Maria Lopez",
        ),
        # A role and its name open a sentence together; one sentence naming nobody may follow.
        (
            "Harbour Rowing Club skipper Maria Lopez spoke about the race. This is her third season. "
            "“The tide was against us all the way.” “We will be back next year.”",
            "next year",
            "Maria Lopez",
        ),
    ],
)
def test_direct_quote_speakers(text: str, words: str, speaker: str | None) -> None:
    _, quotes = analyse(text, title="Storm damage")
    assert speaker_of(quotes, words) == speaker


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # A few words quoted in a sentence an organisation opens, when something is said.
        (
            "Movie studio Harbour Pictures attributed the delay to a “minor issue”.",
            "minor issue",
            "Harbour Pictures",
        ),
        (
            "In 2012, the Harbour Council issued a notice, alleging the ferry was “unsafe to sail”.",
            "unsafe to sail",
            "Harbour Council",
        ),
        # A person the name of a place or organisation only describes speaks, not the place.
        (
            "Maria Lopez has rowed for years. The Penn State graduate says the reason she rows is not "
            "the money or “the status of being a champion.”",
            "status of being",
            "Maria Lopez",
        ),
        # Scare quotes in a sentence that says nothing was said quote nobody.
        ("The Harbour Council opened a “quiet zone” on the pier.", "quiet zone", None),
    ],
)
def test_partial_quote_speakers(text: str, words: str, speaker: str | None) -> None:
    _, quotes = analyse(text, title="Harbour news")
    assert speaker_of(quotes, words) == speaker


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # An appositive between dashes stands between a name and its verb.
        (
            "Mayor Tom Baker opened the pier. Maria Lopez - who built it - said the town was proud. "
            "She said Baker had spoken with “real warmth”, adding: “He listened to everyone.”",
            "listened to everyone",
            "Maria Lopez",
        ),
        # A source named with "according to" is someone speaking for a following "he" (not the
        # one-word company reported announcing something before).
        (
            "Harbourtronic has also announced a cheaper ferry pass.\nThe new fare is fair, according "
            "to Tom Baker, editor of Harbour Weekly. “It is a very good deal for families,” he says.",
            "good deal",
            "Tom Baker",
        ),
        # "According to X" opening the next sentence is no cue for the quote before it.
        (
            "“It opened old wounds,” Maria Lopez told the radio. “But it gave us closure.” According to "
            "the Harbour Authority, the wreck was found in May.",
            "gave us closure",
            "Maria Lopez",
        ),
        # A relative is the person the article introduces so, not the one they are named through.
        (
            "Harbour Records will sell the tapes of Tom Baker. “We kept them for years,” Baker's son "
            "Peter, 57, said. Baker died in 1994. “He called them his spare tapes,” his son said.",
            "spare tapes",
            "Peter",
        ),
        (
            "The wedding will be led by the Bishop of Harbourside, Dr Maria Lopez. The Bishop of "
            "Harbourside said: “I am pleased to take part.”",
            "pleased to take part",
            "Maria Lopez",
        ),
        # The present tense of a speech verb, and a verb with its object ending the sentence.
        (
            "The Harbour Institute study observes that repairs “will take years”.",
            "take years",
            "Harbour Institute",
        ),
        ("The pier held “hundreds” of people, Tom Baker told the Harbour Gazette.", "hundreds", "Tom Baker"),
        # A name that closes a dash appositive is not the subject of the verb after it.
        (
            "Tom Baker - once a pilot for rival Harbour Air - said the new ferry was “the best boat "
            "we have ever built”.",
            "best boat",
            "Tom Baker",
        ),
        # "she" after a sentence a person opens behind a fronted phrase is that person.
        (
            "“We will appeal,” Tom Baker said. In a statement through her lawyer, Maria Lopez "
            "repeated that she was innocent. “The claims are not true,” she said.",
            "claims are not true",
            "Maria Lopez",
        ),
        # "He ... and said that ..." gives a quote later in the sentence to its "he".
        (
            "Mayor Tom Baker wrote the letter. He was not shy about it and said on Tuesday that the "
            "letter is “about stopping a bad deal for the town.”",
            "bad deal",
            "Tom Baker",
        ),
        # A quote inside a relative clause about something said is the clause's person.
        (
            "“The rope held,” Maria Lopez said. Tom Baker, who described the climb on his blog as "
            "“the scariest hour of my life,” told the Harbour Gazette he would climb again.",
            "scariest hour",
            "Tom Baker",
        ),
        # A person introduced through a relative opens the sentence for a later "she".
        (
            "Tom Baker was voted off the show on Monday. Peter Lopez's ex-wife Maria Lopez nominated "
            "both men. She said: “Tom is a difficult man to live with.”",
            "difficult man",
            "Maria Lopez",
        ),
        # Whoever "their" is writes "their post".
        (
            "In a post on the Harbour Club's website, Tom and Maria Lopez criticised the club. "
            "“We are not leaving quietly,” their post said.",
            "leaving quietly",
            "Maria Lopez",
        ),
        # The one quoted in a paper speaks, not the paper.
        (
            "Tom Baker was quoted in the Harbour Gazette newspaper saying: “I feel the club overreacted.”",
            "overreacted",
            "Tom Baker",
        ),
        # A long role and name right after a quote.
        (
            "“Halfway down, the rope snapped,” Harbour Climbing Club safety officer and chief instructor "
            "Maria Lopez told the Harbour Gazette.",
            "rope snapped",
            "Maria Lopez",
        ),
        # "called" introduces the name; the verb after it is the speech.
        (
            "The debate went on all night. “Before you go and get too self-righteous,” a user called "
            "Caleb Parke tweeted.",
            "self-righteous",
            "Caleb Parke",
        ),
        # A quote reopened inside a paragraph that a quote from the paragraph before runs into.
        (
            "“It really hurts,” said Tom Baker. “It will never happen again.” Baker crossed the line "
            "second, behind Maria Lopez. But Baker believes he lost the race in the semi-final. “In my "
            "semi-final I should have won. “That's when Maria Lopez came up. “I believe that's what put "
            "me in lane seven.\n“I just felt like I was sailing alone. “I believe if I was in the middle "
            "I would have won.”",
            "in the middle",
            "Tom Baker",
        ),
    ],
)
def test_speakers_named_around_the_quote(text: str, words: str, speaker: str | None) -> None:
    assert linked_speaker(text, words) == speaker


def test_a_short_title_case_quote_with_a_speech_cue_is_a_quote() -> None:
    _, quotes = analyse("Tom Baker ran to the boat. “Stop! Stop!” he yelled.", title="Harbour news")
    assert [q.text for q in quotes] == ["Stop! Stop!"]


def test_a_name_the_model_missed_in_an_attribution_is_a_person() -> None:
    # The small model finds no entity in this text without the rule.
    text = "The final was close. “It was the hardest race of my life,” Hirscher said. “I am proud.”"
    entities, quotes = analyse(text, title="Final")
    assert [e.name for e in entities if e.label == "PERSON"] == ["Hirscher"]
    assert {q.speaker for q in quotes} == {"Hirscher"}


@pytest.mark.parametrize(
    ("text", "words", "organisation"),
    [
        # "police said" is the force the article names.
        (
            "Harbour Police arrested two men on Monday. The men were held overnight. Officers found "
            "the boat “badly damaged”, police said.",
            "badly damaged",
            "Harbour Police",
        ),
        # A document speaks for whoever wrote it.
        (
            "According to a press release from the Harbour Party, two offices were searched by the "
            "Coast Guard. “All our computers were taken,” the release said.",
            "computers were taken",
            "Harbour Party",
        ),
        # The organisation that just spoke is the one a kind word ("the bank") names.
        (
            "Harbour Savings said it would repay every customer. The deal follows a ruling against "
            "North Bank last year. The bank said it was “a very different firm” now.",
            "different firm",
            "Harbour Savings",
        ),
    ],
)
def test_organisations_that_speak(text: str, words: str, organisation: str) -> None:
    assert linked_speaker(text, words) == organisation


def test_a_website_speaks_for_its_owner() -> None:
    entities, quotes = analyse(
        "The pier was rebuilt with help from the Harbour Relief Fund, a charity. “The pier is "
        "safe again,” the fund's website says."
    )
    fund = by_name(entities, "Harbour Relief Fund")
    assert [(q.speaker, q.speaker_id) for q in quotes if q.kind != "reported"] == [
        ("the fund's website", fund.id)
    ]


def test_narration_about_someone_else_ends_a_continued_quote() -> None:
    text = (
        "“We will appeal,” said Maria Lopez, the family's lawyer. Tom Baker was freed on Monday "
        "after a long trial in Port Calder. “I can't tell you what a night it has been.”"
    )
    _, quotes = analyse(text)
    assert speaker_of(quotes, "what a night") is None


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # Several people described are nobody named.
        (
            "Maria Lopez opened the cafe on Monday. “A place for everyone,” the organisers said.",
            "the organisers",
        ),
        # "he said" after a sentence about an unnamed spokesman is that spokesman, not a name before.
        (
            "Tom Baker opened the pier in May. A spokesman for the Harbour Council said the work was "
            "over. “It went to plan,” he said.",
            "he",
        ),
    ],
)
def test_unnamed_speakers_stay_unlinked(text: str, speaker: str) -> None:
    _, quotes = analyse(text)
    assert [(q.speaker, q.speaker_id) for q in quotes if q.kind != "reported"] == [(speaker, None)]


def test_quote_spanning_paragraphs() -> None:
    text = (
        '"The first part of the statement runs to the end of this paragraph.\n'
        '"And the second paragraph carries it on to the end," said Maria Lopez.'
    )
    _, quotes = analyse(text, title="Statement")
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(direct) == 1
    assert "first part" in direct[0].text and "carries it on" in direct[0].text
    assert direct[0].speaker == "Maria Lopez"


def test_reported_speech() -> None:
    text = "Health officials warned that the outbreak could spread to the capital within a week."
    _, quotes = analyse(text, title="Outbreak")
    reported = [q for q in quotes if q.kind == "reported"]
    assert len(reported) == 1
    assert reported[0].speaker == "Health officials"
    assert reported[0].text.startswith("the outbreak could spread")


def test_brief_without_nlp_layers_says_so(monkeypatch: pytest.MonkeyPatch, sample_text: str) -> None:
    import importlib

    from newsbrief.errors import MissingExtraError

    brief_module = importlib.import_module("newsbrief.brief")

    def missing(_name: str | None = None) -> Any:
        raise MissingExtraError("entities and quotes", "nlp")

    monkeypatch.setattr(brief_module, "load_spacy", missing)
    brief = newsbrief.brief(sample_text)
    assert brief.entities == () and brief.quotes == ()
    assert brief.stats.layers == ("keypoints", "keywords")
    assert any("entities, quotes and events skipped" in w for w in brief.stats.warnings)
    with pytest.raises(MissingExtraError):
        newsbrief.brief(sample_text, layers=["keypoints", "entities"])


def test_seed_entities_and_quotes() -> None:
    article = read(str(shared_path("seeds/000_51b81e8b7661755e.txt")))
    brief = newsbrief.brief_article(article)
    putin = by_name(brief.entities, "Vladimir Putin")
    assert putin.role == "Russian President"
    texts = {m.text for m in putin.mentions}
    assert {"Russian President Vladimir Putin", "President Putin", "the Russian president"} <= texts
    assert by_name(brief.entities, "Jen Psaki").role == "White House press secretary"
    for name in ("Joe Biden", "Emmanuel Macron", "Donetsk", "Luhansk"):
        by_name(brief.entities, name)
    assert by_name(brief.entities, "Luhansk People’s Republic").label == "GPE"
    assert speaker_of(brief.quotes, "I deem it necessary") == "Vladimir Putin"
    assert speaker_of(brief.quotes, "are separate from") == "Jen Psaki"


@pytest.mark.parametrize(
    "text",
    [
        "Tom Baker told the BBC the bird -- known as a “yaffle” in Port Calder -- flew off.",
        "Readers gather at the stand every day. They are called “free” readers by the vendors.",
        "The so-called “harbour tax” was dropped on Monday, Maria Lopez said.",
    ],
)
def test_a_name_or_term_in_quotation_marks_is_no_quote(text: str) -> None:
    _, quotes = analyse(text)
    assert [q.text for q in quotes if q.kind != "reported"] == []


def test_titles_in_quotation_marks_are_not_quotes() -> None:
    from newsbrief.quotes import looks_like_title

    assert looks_like_title("Fifty Shades of Grey,")
    assert looks_like_title("Mad Men")
    assert looks_like_title("Brothers & Sisters")
    assert not looks_like_title("We will rebuild the pier by summer.")
    assert not looks_like_title("Why now?")


def test_quote_reopened_without_closing_ends_where_the_next_begins() -> None:
    text = 'The committee said: "We are deeply concerned. "It is hard to see how this can work."'
    doc = build_document(parse_text(text, title="Report"))
    quotes = extract_quotes(doc)
    assert [q.text for q in quotes] == ["We are deeply concerned.", "It is hard to see how this can work."]


def test_very_long_bodies_bound_the_analyst_layers(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    brief_module = importlib.import_module("newsbrief.brief")
    monkeypatch.setattr(brief_module, "NLP_MAX_CHARS", 400)
    paragraph = '"We will rebuild the pier by summer," Maria Lopez said on Friday in Port Calder.'
    brief = newsbrief.brief("\n".join([paragraph] * 20), title="Pier")
    assert brief.quotes and all(q.end <= 400 for q in brief.quotes)
    assert all(m.end <= 400 for e in brief.entities for m in e.mentions)
    assert any("entities, quotes and events cover the first" in w for w in brief.stats.warnings)
    assert len(brief.body) > 1000  # the brief itself keeps the whole body


@pytest.mark.parametrize(
    "text",
    [
        'She hopes to "challenge the way we see them" by giving them a softer image.',
        'He liked the "nice serve" and once said the singer was his ideal partner.',
    ],
)
def test_words_that_are_no_speaker_are_not_taken_for_one(text: str) -> None:
    _, quotes = analyse(text, title="Portraits")
    assert [q.speaker for q in quotes if q.kind != "reported"] == [None]


def test_a_demonym_is_no_person() -> None:
    text = "The Briton won the race in New York. Paula Radcliffe said it was the best day of her life."
    entities, _ = analyse(text, title="Radcliffe wins")
    assert all(e.label != "PERSON" or e.name != "Briton" for e in entities)


def test_the_committee_is_the_organisation_called_a_committee() -> None:
    text = (
        "The Harbour Safety Committee met the Coastal Trust and Northport Ferries on Monday. "
        "“The pier must close,” the committee said."
    )
    entities, quotes = analyse(text, title="Pier")
    committee = next(q for q in quotes if "must close" in q.text).speaker_id
    assert committee is not None and "Committee" in {e.id: e for e in entities}[committee].name


def test_a_role_never_reaches_back_into_the_previous_sentence() -> None:
    text = "The film needs a new director. Sam Okafor will produce it, the studio said on Monday."
    entities, _ = analyse(text, title="Film")
    okafor = by_name(entities, "Sam Okafor")
    assert okafor.role is None
    assert all(not m.text.startswith("director") for m in okafor.mentions)


def test_a_role_before_a_name_makes_it_a_person() -> None:
    text = "Liverpool forward Milan Baros scored twice on Sunday. Baros said he was happy."
    entities, _ = analyse(text, title="Weekend")
    baros = by_name(entities, "Milan Baros")
    assert baros.label == "PERSON" and baros.role == "Liverpool forward"
    assert [m.text for m in baros.mentions][-1] == "Baros"


@pytest.mark.parametrize(
    ("text", "name", "forms"),
    [
        (
            "The British Phonographic Industry (BPI) backed the chart. The BPI said sales rose.",
            "British Phonographic Industry",
            ["British Phonographic Industry", "BPI", "BPI"],
        ),
        (
            "The Harbour Council met on Monday. Council officials said the pier was safe.",
            "Harbour Council",
            ["Harbour Council", "Council"],
        ),
    ],
)
def test_initials_and_kind_name_the_one_organisation(text: str, name: str, forms: list[str]) -> None:
    entities, _ = analyse(text)
    assert [m.text for m in by_name(entities, name).mentions] == forms
    assert len([e for e in entities if e.label == "ORG"]) == 1


def test_initials_defined_in_brackets_name_the_organisation() -> None:
    entities, _ = analyse("The Harbour Safety Trust (HST) inspected the pier. HST inspectors found cracks.")
    assert [m.text for m in by_name(entities, "Harbour Safety Trust").mentions] == [
        "Harbour Safety Trust",
        "HST",
        "HST",
    ]


def test_organisations_the_small_model_misses_are_known() -> None:
    entities, quotes = analyse(
        "Maria Lopez posted on Facebook that the pier was open. Downing Street said it was "
        "“a good day for the town”. The Tories agreed."
    )
    labels = {e.name: e.label for e in entities}
    assert labels.get("Facebook") == "ORG" and labels.get("Downing Street") == "ORG"
    assert labels.get("Tories") == "ORG"
    assert speaker_of(quotes, "good day") == "Downing Street"


@pytest.mark.parametrize("role", ["baker", "farmer", "nurse", "shopkeeper"])
def test_an_everyday_occupation_before_a_name_makes_it_a_person(role: str) -> None:
    entities, _ = analyse(f"Shopkeepers welcomed the vote. “It changes everything,” said {role} Ewan Price.")
    price = by_name(entities, "Ewan Price")
    assert (price.label, price.role) == ("PERSON", role)


def test_a_source_quoted_by_a_paper_is_not_the_paper_nor_a_place() -> None:
    text = (
        "“The money must go to the yard, not the owners,” the newspaper quotes a source close to "
        "the Norwegian firm."
    )
    _, quotes = analyse(text, title="Yard")
    quote = next(q for q in quotes if "money must go" in q.text)
    assert quote.speaker == "a source close to the Norwegian firm" and quote.speaker_id is None


def test_titles_and_datelines_do_not_confuse_names() -> None:
    text = (
        "(CNN)Maria Lopez won the vote. Mr Okonkwo-Baines said the count was fair, and on Tuesday "
        "Mr Okonkwo-Baines thanked the staff."
    )
    entities, _ = analyse(text, title="Vote")
    assert by_name(entities, "Maria Lopez").label == "PERSON"
    baines = [e for e in entities if "Okonkwo-Baines" in e.name]
    assert len(baines) == 1 and baines[0].label == "PERSON" and baines[0].role is None
    assert all(not m.text.startswith("Tuesday") for m in baines[0].mentions)


def test_a_news_agency_dateline_is_no_entity() -> None:
    text = "(CNN)Maria Lopez won the vote in Port Calder, CNN reported. Lopez thanked her staff."
    entities, _ = analyse(text, title="Vote")
    assert all(m.start > 5 for e in entities for m in e.mentions if m.text == "CNN")
    assert by_name(entities, "Maria Lopez").label == "PERSON"


class _Span:
    def __init__(self, text: str, start: int, label: str) -> None:
        self.text, self.start_char, self.end_char, self.label_ = text, start, start + len(text), label


class _SpansOnly:
    """A stand-in pipeline that returns fixed entity spans, so that a rule meant for the small
    model's mistakes is tested on exactly that mistake, whatever the model does today."""

    def __init__(self, *spans: tuple[str, str]) -> None:
        self.spans = spans

    def pipe(self, texts: Any, batch_size: int = 64) -> Any:
        for text in texts:
            found: list[_Span] = []
            for t, label in sorted(self.spans, key=lambda span: -len(span[0])):
                for m in re.finditer(re.escape(t), text):
                    if not any(f.start_char < m.end() and m.start() < f.end_char for f in found):
                        found.append(_Span(t, m.start(), label))
            yield type("Doc", (), {"ents": sorted(found, key=lambda f: f.start_char)})()


def fixed_entities(text: str, *spans: tuple[str, str]) -> tuple[tuple[Entity, ...], tuple[Quote, ...]]:
    doc = build_document(parse_text(text, title="Harbour news"))
    entities = extract_entities(doc, _SpansOnly(*spans))
    return entities, extract_quotes(doc, entities)


def test_a_quotation_mark_inside_a_model_span_is_left_out() -> None:
    text = (
        'The minister Dominique Bussereau opened the pier. The plan would "help every fisherman," '
        "Mr Bussereau said."
    )
    entities, quotes = fixed_entities(text, ("Dominique Bussereau", "PERSON"), ('" Mr Bussereau', "ORG"))
    (person,) = [e for e in entities if "Bussereau" in e.name]
    assert person.label == "PERSON" and {m.text for m in person.mentions} >= {"Mr Bussereau"}
    assert [q.speaker_id for q in quotes] == [person.id]


def test_a_ship_is_no_person() -> None:
    entities, _ = fixed_entities(
        "The USS Ronald Reagan sailed on Monday. The Reagan will reach port in May.",
        ("USS Ronald Reagan", "PERSON"),
    )
    assert not [e for e in entities if "Reagan" in e.name]


def test_a_full_name_taken_for_an_organisation_joins_its_person() -> None:
    entities, _ = fixed_entities(
        "Cate Blanchett met the press on Monday. Blanchett was late.",
        ("Cate Blanchett", "ORG"),
        ("Blanchett", "PERSON"),
    )
    people = [e for e in entities if "Blanchett" in e.name]
    assert [(e.name, e.label, len(e.mentions)) for e in people] == [("Cate Blanchett", "PERSON", 2)]


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # An appositive between the name and the verb.
        (
            "“I am afraid the money is not enough,” Jean-Michel Lemetayer, from the farmers' union, "
            "told reporters.",
            "Jean-Michel Lemetayer",
            "PERSON",
        ),
        # An organisation named with its kind word.
        ("“Officers are investigating,” the Calder Valley Police confirmed.", "Calder Valley Police", "ORG"),
        # A space before the closing mark.
        ("“We did not do this for fun, ” Spike Call said.", "Spike Call", "PERSON"),
    ],
)
def test_speakers_the_model_missed_in_an_attribution(text: str, name: str, label: str) -> None:
    entities, quotes = fixed_entities(text)
    found = by_name(entities, name)
    assert found.label == label
    assert [q.speaker_id for q in quotes if q.kind != "reported"] == [found.id]


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # The name after "said director" is hers, not the next sentence's.
        (
            "“We believe there should be an inquiry,” said director Kate Allen. The men's lawyer, "
            "Louise Christian, has asked for the papers.",
            "should be an inquiry",
            "Kate Allen",
        ),
        # "he" opens the main clause after a fronted phrase.
        (
            "In Tom Baker's New Year speech to the council, he repeated the town's “zero-tolerance” "
            "stance on litter.",
            "zero-tolerance",
            "Tom Baker",
        ),
        # Words quoted mid-sentence, however many, are the subject's.
        (
            "Tom Baker promised the town that he would keep “every boat in the harbour safe and dry” "
            "this winter.",
            "every boat",
            "Tom Baker",
        ),
        # The source a sentence ends on.
        (
            "The harbour is proving to be “the single most important project” of the decade, "
            "according to Maria Lopez, the council's planner.",
            "most important project",
            "Maria Lopez",
        ),
        # "the Bishop" is the person the full title introduced.
        (
            "The Bishop of Port Calder, the Rt Rev Tom Baker, praised the choir. The Bishop said: "
            "“It was a wonderful night for the whole town.”",
            "wonderful night",
            "Tom Baker",
        ),
        # A relative clause between the speaker and the verb before the quote.
        (
            "“We will appeal,” Maria Lopez said on Monday. The lawyer, who has run the case since May, "
            "added: “The ruling cannot stand and we will prove it.”",
            "ruling cannot stand",
            "Maria Lopez",
        ),
        # A letter speaks for whoever the appositive says sent it.
        (
            "Tom Baker and two other skippers have received letters. The letter, from the Harbour "
            "Council, says: “Your licence is withdrawn from today.”",
            "licence is withdrawn",
            "Harbour Council",
        ),
        # "he" with no subject near: the last one named, but not the object of a preposition.
        (
            "Second officer third class Tom Baker of the harbour crew sailed with Maria Lopez last year "
            "and drew the logo. “I am honored to see it on every boat,” he said.",
            "honored to see it",
            "Tom Baker",
        ),
        # A sentence that only says who spoke, after a quote that ended its own sentence.
        (
            "The pier opened on Monday. “The pier is finished and it is safe.” Maria Lopez, the "
            "council's planner, said on Monday.",
            "pier is finished",
            "Maria Lopez",
        ),
    ],
)
def test_more_ways_of_naming_the_speaker(text: str, words: str, speaker: str) -> None:
    assert speaker in (linked_speaker(text, words) or "")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # A question quoted from a tweet, then a new sentence that reports someone else's speech.
        (
            "One user asked in a tweet: “Should the pier close at night?” Doctor Maria Lopez, head of "
            "the harbour clinic, said that the pier was safe.",
            "pier close at night",
        ),
        # "the source" is the unnamed source introduced before, not the last person named.
        (
            "Tom Baker spoke to reporters on Monday. A council source told the Calder Times about the "
            "plan. The source said that “every boat will have to leave by May.”",
            "every boat will have to leave",
        ),
        # Words said of someone, not by them.
        ("The pier was sold in May. Tom Baker, 52, is accused of “directing” the sale.", "directing"),
        ("Tom Baker is described as a “sailor, builder and harbour master” in the film.", "sailor, builder"),
        # "snapped up" is no speech.
        (
            "The rights to Tom Baker's book were snapped up in May. “A film will happen over the next "
            "three years.”",
            "A film will happen",
        ),
    ],
)
def test_no_speaker_where_the_words_name_nobody(text: str, words: str) -> None:
    assert linked_speaker(text, words) is None


def test_a_bulletin_speaks_for_its_sender() -> None:
    entities, quotes = analyse(
        "The Harbour Council sent a bulletin to every shop on Monday. “Lock every door at night,” "
        "the bulletin said.",
        title="Harbour news",
    )
    council = by_name(entities, "Harbour Council")
    assert [q.speaker_id for q in quotes if q.kind != "reported"] == [council.id]


@pytest.mark.parametrize(
    ("text", "spans", "name", "forms"),
    [
        # A full name taken for an organisation is a person when its surname alone speaks.
        (
            "A new book by JK Rowling is out in July. Rowling said she had plenty of time “to tinker "
            "with the manuscript until it was right”.",
            [("JK Rowling", "ORG")],
            "JK Rowling",
            ["JK Rowling", "Rowling"],
        ),
        # A name written family name first: its first word alone is the same person.
        (
            "The party chief of the province, Zhang Chunxian, spoke on Tuesday. “We cracked several "
            "cases,” Zhang revealed.",
            [("Zhang Chunxian", "PERSON")],
            "Zhang Chunxian",
            ["Zhang Chunxian", "Zhang"],
        ),
    ],
)
def test_one_person_under_two_forms_speaks(
    text: str, spans: list[tuple[str, str]], name: str, forms: list[str]
) -> None:
    entities, quotes = fixed_entities(text, *spans)
    person = by_name(entities, name)
    assert person.label == "PERSON" and [m.text for m in person.mentions] == forms
    assert [q.speaker_id for q in quotes if q.kind != "reported"] == [person.id]


def test_a_person_only_ever_written_with_the_is_a_thing() -> None:
    entities, quotes = fixed_entities(
        "A video shows Enzo Baker hopping a barrier as the Popemobile approaches. “Papa! Papa!” he yelled.",
        ("Enzo Baker", "PERSON"),
        ("Popemobile", "PERSON"),
    )
    assert by_name(entities, "Popemobile").label == "ORG"
    assert [q.speaker for q in quotes] == ["Enzo Baker"]


def test_a_quote_never_closed_ends_with_its_paragraph() -> None:
    text = (
        "Maria Lopez spoke last. “I want somebody there who will look after the harbour.\n"
        "The council meets again in May."
    )
    _, quotes = analyse(text, title="Harbour news")
    assert [q.text for q in quotes] == ["I want somebody there who will look after the harbour."]


def test_however_opens_no_speaker_phrase() -> None:
    _, quotes = analyse(
        "The Harbour Council met on Monday. However they said the pier would “reopen in due course”.",
        title="Harbour news",
    )
    assert [q.speaker for q in quotes] == ["Harbour Council"]


def speakers_with_and_without_parse(text: str) -> tuple[list[str | None], list[str | None]]:
    """The linked speaker of each direct or partial quote: with the parse, then by the cues alone."""
    out = []
    for parse in (True, False):
        entities, quotes = analyse(text, title="Harbour news", parse=parse)
        names = {e.id: e.name for e in entities}
        out.append([names.get(q.speaker_id or "") for q in quotes if q.kind != "reported"])
    return out[0], out[1]


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # No speech verb, yet the grammar says whose words they are.
        (
            "The Harbour Council ruled that the old toll was “unfair” and “out of date”.",
            ["Harbour Council", "Harbour Council"],
        ),
        # The outermost subject speaks, not the subject of the clause inside.
        ("Maria Lopez thinks the Harbour Council was “too slow” to act on the bridge.", ["Maria Lopez"]),
        # A speech verb after the words quoted: its subject speaks.
        (
            "Maria Lopez opened the meeting on Monday. The council was committed to “stamping out” "
            "illegal parking and would fine drivers, she told the meeting.",
            ["Maria Lopez"],
        ),
        # A quoted sentence after a sentence whose main subject ("he") is a person.
        (
            "Tom Baker admitted he was nervous before the final. But he has trained with Ann Lee and "
            "Sam Ode all winter and they liked his plan.\n“I didn't want to say anything until I was sure.”",
            ["Tom Baker"],
        ),
    ],
)
def test_the_subject_of_the_clause_speaks_where_no_cue_names_anyone(text: str, speakers: list[str]) -> None:
    with_parse, cues_only = speakers_with_and_without_parse(text)
    assert with_parse == speakers
    assert cues_only == [None] * len(speakers)


@pytest.mark.parametrize(
    "text",
    [
        "Critics say the plan is a “vanity project”.",
        "A source close to the council described the toll as “unfair”.",
        "The bridge will reopen on Monday. “It has been a long wait.”",
    ],
)
def test_a_subject_that_names_nobody_gives_no_speaker(text: str) -> None:
    with_parse, _ = speakers_with_and_without_parse(text)
    assert with_parse == [None]


def test_the_parser_is_loaded_but_runs_only_when_asked() -> None:
    import spacy

    nlp = load_spacy()
    assert "parser" not in nlp.pipe_names and "ner" in nlp.pipe_names  # NER alone on every text
    parse = dependency_parser(nlp)
    assert parse is not None
    arcs = parse("Maria Lopez said the bridge was safe.")
    said = next(i for i, arc in enumerate(arcs) if arc.start == len("Maria Lopez "))
    assert arcs[said].head == said  # the root
    subject = next(arc for arc in arcs if arc.dep == "nsubj" and arc.head == said)
    assert (subject.left, subject.right) == (0, len("Maria Lopez"))
    assert dependency_parser(spacy.blank("en")) is None  # no parser: the cue rules alone


def test_a_role_named_before_anyone_is_the_person_reported_speaking_next() -> None:
    text = (
        "The harbour toll is “a tax on the poor”, the council leader has said.\n"
        "The toll would be scrapped next year, Maria Lopez said."
    )
    assert linked_speaker(text, "a tax on the poor") == "Maria Lopez"


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # A role beside a name, between commas, is that person, however the role begins.
        (
            "The council will appeal. A lawyer for the council, Maria Lopez, told reporters: “We will "
            "fight this ruling all the way.”",
            "fight this ruling",
            "Maria Lopez",
        ),
        (
            "Tom Baker, editor of the Harbour Gazette, which ran the survey, said: “The results "
            "surprised everyone in the newsroom.”",
            "results surprised",
            "Tom Baker",
        ),
        # A speaker after a contrasting conjunction speaks in a clause of their own.
        (
            "The Harbour Council dismissed the toll plan as “reckless”, while the Fishermen's "
            "Association said it was fair.",
            "reckless",
            "Harbour Council",
        ),
        # "the station" is an organisation: the one named, never the last person named.
        (
            "Radio Calder will replace the late Tom Baker's show. Baker died in May. The three hosts "
            "were chosen for their “deep knowledge of music”, the station said.",
            "deep knowledge",
            "Radio Calder",
        ),
        (
            "Tom Baker hosted the show for years. The hosts were chosen for their “deep knowledge of "
            "music”, the station said.",
            "deep knowledge",
            None,
        ),
    ],
)
def test_speaker_phrases_as_news_writes_them(text: str, words: str, speaker: str | None) -> None:
    assert linked_speaker(text, words) == speaker
