"""One event per real-world action: a later agentless, anaphoric retelling ("the vehicle
was hit") of the article's one earlier event of that type is not a second event."""

from __future__ import annotations

from typing import Any

from sitrep.events import extract_events
from sitrep.knowledge.actors import load_actor_kb
from sitrep.knowledge.codebook import load_codebook
from sitrep.model import Article, Event
from sitrep.resolve.actors import resolve_actors


def assaults(nlp: Any, text: str) -> list[Event]:
    doc = nlp(text)
    article = Article(id="t", text=text)
    found, _ = resolve_actors(doc, article, load_actor_kb())
    events = extract_events(doc, article, found, (), (), load_codebook())
    return [e for e in events if e.type == "ASSAULT"]


def test_anaphoric_passive_retelling_is_one_event(nlp: Any) -> None:
    text = (
        "A Turkish drone struck a car near Duhok on Saturday, the army said.\n\n"
        "Officials said the vehicle was hit on a mountain road."
    )
    assert len(assaults(nlp, text)) == 1


def test_another_strike_is_a_second_event(nlp: Any) -> None:
    text = (
        "A Turkish drone struck a car near Duhok on Saturday, the army said.\n\n"
        "Another strike hit a house in Zakho on Sunday."
    )
    assert len(assaults(nlp, text)) == 2


def test_a_retelling_with_its_own_actor_is_not_merged(nlp: Any) -> None:
    text = (
        "A Turkish drone struck a car near Duhok on Saturday, the army said.\n\n"
        "Iran shelled the village of Haji Omaran."
    )
    assert len(assaults(nlp, text)) == 2
