"""Future and reported-past cues: scheduled events, imminence, perfect infinitives."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sitrep.claiming.lexicon import load_modality
from sitrep.model import Article, Event

PUB = dt.date(2021, 3, 10)


def _events(nlp: Any, resources: Any, text: str) -> dict[str, Event]:
    from sitrep.extract import extract_article

    ex = extract_article(nlp(text), Article(id="t", text=text, published=PUB), resources)
    return {text[e.trigger[0] : e.trigger[1]]: e for e in ex.events}


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("A protest is scheduled for Friday in Baghdad.", "protest"),
        ("Talks between the two sides are expected next week.", "Talks"),
    ],
)
def test_present_passive_scheduling_verb_makes_its_subject_future(
    nlp: Any, resources: Any, text: str, trigger: str
) -> None:
    event = _events(nlp, resources, text)[trigger]
    assert "future" in event.modality
    assert event.type != "THREATEN"  # a scheduled act keeps its own type


def test_past_scheduling_verb_says_nothing_of_the_outcome(nlp: Any, resources: Any) -> None:
    text = "The rally was planned for Friday but police dispersed the crowd."
    assert "future" not in _events(nlp, resources, text)["rally"].modality


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("The army is due to withdraw from the town next month.", "withdraw"),
        ("Rebels are poised to attack the city.", "attack"),
        ("The army is about to launch an offensive on the city.", "offensive"),
    ],
)
def test_imminence_is_future_not_hypothetical(
    nlp: Any, resources: Any, text: str, trigger: str
) -> None:
    modality = _events(nlp, resources, text)[trigger].modality
    assert "future" in modality and "hypothetical" not in modality


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("The rebels claimed to have shot down a helicopter near Idlib on Monday.", "shot"),
        ("A little-known group claimed to have planted a bomb near the base.", "bomb"),
    ],
)
def test_perfect_infinitive_is_a_reported_past_act(
    nlp: Any, resources: Any, text: str, trigger: str
) -> None:
    modality = _events(nlp, resources, text)[trigger].modality
    assert "reported" in modality and "hypothetical" not in modality


def test_purpose_infinitive_stays_hypothetical(nlp: Any, resources: Any) -> None:
    text = "Troops were sent to fight the militants."
    assert "hypothetical" in _events(nlp, resources, text)["fight"].modality


def test_scheduling_verbs_are_in_the_lexicon() -> None:
    lex = load_modality()
    assert {"schedule", "expect", "slate"} <= lex.scheduling_verbs
    assert {"due", "poise"} <= lex.intent_verbs


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Troops will remain in the city in case the militants attack again.", "attack"),
        ("The army will hold its fire as long as the rebels do not attack.", "attack"),
        ("Aid will flow provided that the army withdraws from the town.", "withdraws"),
    ],
)
def test_multiword_conditional_makes_its_clause_hypothetical(
    nlp: Any, text: str, trigger: str
) -> None:
    from sitrep.claiming.lexicon import load_cues
    from sitrep.claiming.modality import parse_modality

    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    assert "hypothetical" in parse_modality(token, load_modality(), frozenset(load_cues().verbs))


def test_a_plain_past_clause_is_not_conditional(nlp: Any, resources: Any) -> None:
    text = "The army held its fire as the rebels attacked the town on Monday."
    assert "hypothetical" not in _events(nlp, resources, text)["attacked"].modality
