"""A country after "to" is the addressee of a word of giving or telling, a place after
any other word; a demonym before a proposal or ultimatum is its author; a capital after
"by" is its government."""

from __future__ import annotations

from typing import Any

from sitrep.mentions.actor_compose import load_dative_heads


def actor_ids(nlp: Any, text: str) -> list[str]:
    doc = nlp(text)
    return [s.kb_id_ for s in doc.spans["actors"]]


def test_dative_heads_schema() -> None:
    heads = load_dative_heads()
    assert {"apologize", "ultimatum", "sale"} <= heads
    assert all(w == w.lower() and " " not in w for w in heads)


def test_country_after_an_apology_is_the_addressee(nlp: Any) -> None:
    assert "per" in actor_ids(nlp, "Chile apologized to Peru for the border incident.")


def test_country_after_a_movement_is_a_place(nlp: Any) -> None:
    assert "per" not in actor_ids(nlp, "Chile sent troops to Peru on Monday.")


def test_demonym_before_an_ultimatum_is_the_state(nlp: Any) -> None:
    assert "arg" in actor_ids(nlp, "Chile rejected an Argentine ultimatum on Monday.")


def test_capital_after_by_is_the_government(nlp: Any) -> None:
    assert "rus" in actor_ids(nlp, "Lawmakers demanded an admission by Moscow of its role.")
