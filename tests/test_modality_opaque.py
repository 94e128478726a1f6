"""Verbs that talk about an event do not pass their negation or modal to it."""

from __future__ import annotations

from typing import Any

import pytest

from sitrep.claiming.lexicon import load_cues, load_modality
from sitrep.claiming.modality import parse_modality


def _modality(nlp: Any, text: str, trigger: str) -> set[str]:
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    return parse_modality(token, load_modality(), frozenset(load_cues().verbs))


@pytest.mark.parametrize(
    "text",
    [
        "Israel did not comment on the strike near Tyre.",
        "Officials would not discuss the raid on the camp.",
    ],
)
def test_opaque_verb_does_not_negate_its_event_noun(nlp: Any, text: str) -> None:
    trigger = "strike" if "strike" in text else "raid"
    assert not _modality(nlp, text, trigger) & {"negated", "hypothetical"}


def test_light_verb_still_negates(nlp: Any) -> None:
    assert "negated" in _modality(nlp, "The army did not launch an attack on the town.", "attack")


def test_opaque_verbs_are_in_the_lexicon() -> None:
    opaque = load_modality().opaque_verbs
    assert {"comment", "discuss"} <= opaque
    assert not opaque & {"launch", "carry", "conduct", "stage"}


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("Israel did not comment on the strike near Tyre.", False),
        ("The rebels did not engage in fighting near the town.", True),
    ],
)
def test_event_modality_sees_opaque_verbs_too(nlp: Any, text: str, negated: bool) -> None:
    from sitrep.eventing.modality import modality_of

    doc = nlp(text)
    trigger = next(t for t in doc if t.lemma_ in ("strike", "fighting", "fight"))
    assert modality_of(trigger)[1] is negated
