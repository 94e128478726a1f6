"""Source-actor rules of event arguments on real parses: stative passives, pronoun
subjects of reported clauses, members of a named group."""

from __future__ import annotations

from typing import Any

from sitrep.eventing.arguments import build_index, extract_arguments
from sitrep.knowledge.actors import load_actor_kb
from sitrep.model import Article
from sitrep.resolve.actors import resolve_actors


def source_of(nlp: Any, text: str, trigger: str, typ: str) -> list[str]:
    doc = nlp(text)
    found, _ = resolve_actors(doc, Article(id="t", text=text), load_actor_kb())
    index = build_index(doc, found, ())
    head = next(t for t in doc if t.text == trigger)
    return extract_arguments(head, typ, False, index).actors


def test_stative_passive_subject_is_the_actor(nlp: Any) -> None:
    text = "Israel is opposed to French mediation in the talks."
    assert source_of(nlp, text, "opposed", "REJECT")[:1] == ["isr"]


def test_pronoun_subject_of_a_reported_clause_is_the_speaker(nlp: Any) -> None:
    text = "The Taliban announced on Thursday that it had called off the offensive."
    assert source_of(nlp, text, "called", "CONCEDE") == ["taliban"]


def test_members_of_a_named_group_act_for_it(nlp: Any) -> None:
    text = "Workers affiliated with Hamas blocked the main road on Monday."
    assert source_of(nlp, text, "blocked", "PROTEST") == ["hamas"]
