"""Talk and evaluation verbs do not lend their subject to the nominal event they govern:
"X did not comment on the strike", "X denied responsibility for the attack"."""

from __future__ import annotations

from typing import Any

from sitrep.eventing.arguments import build_index, extract_arguments, load_talk_verbs
from sitrep.events import extract_events
from sitrep.knowledge.actors import load_actor_kb
from sitrep.knowledge.codebook import load_codebook
from sitrep.model import Article, Event
from sitrep.resolve.actors import resolve_actors


def actors_of(nlp: Any, text: str, trigger: str, typ: str) -> list[str]:
    doc = nlp(text)
    found, _ = resolve_actors(doc, Article(id="t", text=text), load_actor_kb())
    index = build_index(doc, found, ())
    head = next(t for t in doc if t.text == trigger)
    return extract_arguments(head, typ, False, index).actors


def events_of(nlp: Any, text: str) -> tuple[Event, ...]:
    doc = nlp(text)
    article = Article(id="t", text=text)
    found, _ = resolve_actors(doc, article, load_actor_kb())
    return extract_events(doc, article, found, (), (), load_codebook())


def test_talk_verbs_join_the_modality_lexicon_and_evaluative_verbs() -> None:
    verbs = load_talk_verbs()
    assert {"comment", "discuss", "condemn", "welcome", "deny"} <= verbs
    assert not {"launch", "carry", "conduct"} & verbs


def test_subject_of_comment_on_is_not_the_attacker(nlp: Any) -> None:
    text = "Israel did not comment on the strike on the Iranian base near Damascus."
    assert "isr" not in actors_of(nlp, text, "strike", "ASSAULT")


def test_subject_of_a_support_verb_is_the_attacker(nlp: Any) -> None:
    assert actors_of(
        nlp, "Russia launched an offensive against Ukraine.", "offensive", "ASSAULT"
    ) == ["rus"]


def test_denying_responsibility_does_not_make_the_denier_the_actor(nlp: Any) -> None:
    events = events_of(nlp, "Hamas denied responsibility for the rocket attack on Israel.")
    assault = [e for e in events if e.type == "ASSAULT"]
    assert assault and all("hamas" not in e.actors for e in assault)


def test_denying_carrying_out_an_attack_keeps_the_denier_as_actor(nlp: Any) -> None:
    events = events_of(nlp, "Hamas denied carrying out the rocket attack on Israel.")
    assert [e.actors for e in events if e.type == "ASSAULT"] == [("hamas",)]
