"""An unknown actor takes the country of a named possessor ("the Kurdistan Region's
security forces"): a curated region, a country or a KB actor of one state."""

from __future__ import annotations

from typing import Any

from sitrep.knowledge.actors import load_actor_kb
from sitrep.model import Actor, Article
from sitrep.resolve.actors import possessor_country, resolve_actors


def actors_of(nlp: Any, text: str) -> dict[str, Actor]:
    found, _ = resolve_actors(nlp(text), Article(id="t", text=text), load_actor_kb())
    return {a.id: a for a in found}


def test_possessor_inside_or_before_the_mention() -> None:
    kb = load_actor_kb()
    text = "The Kurdistan Region's counter-terrorism service said"
    assert possessor_country(text, 0, 48, kb) == "IRQ"
    assert possessor_country(text, 23, 48, kb) == "IRQ"
    assert possessor_country("Hezbollah's media office", 12, 24, kb) == "LBN"
    assert possessor_country("The group's media office", 12, 24, kb) is None


def test_region_possessor_gives_the_unknown_actor_its_country(nlp: Any) -> None:
    found = actors_of(nlp, "The Kurdistan Region's security forces arrested two men in Erbil.")
    unknown = [a for a in found.values() if not a.in_kb]
    assert unknown and unknown[0].country == "IRQ"


def test_kb_actor_possessor_gives_its_country(nlp: Any) -> None:
    found = actors_of(nlp, "Hezbollah's fighters attacked the town.")
    assert found["x:fighters"].country == "LBN"
