"""An actor outside the KB with no country of its own takes the one country its
sentence is about (the CAMEO/PLOVER default for domestic actors)."""

from __future__ import annotations

from typing import Any

from sitrep.model import Article
from sitrep.resolve.actors import resolve_actors


def countries(nlp: Any, resources: Any, text: str) -> dict[str, str | None]:
    doc = nlp(text)
    actors, _ = resolve_actors(doc, Article(id="t", text=text), resources.kb)
    return {a.name: a.country for a in actors}


def test_unplaced_rebels_take_the_sentence_country(nlp: Any, resources: Any) -> None:
    found = countries(nlp, resources, "Colombian troops clashed with rebels on Sunday.")
    assert found.get("rebels") == "COL"


def test_two_countries_leave_the_actor_uncoded(nlp: Any, resources: Any) -> None:
    text = "Colombian troops and Venezuelan police clashed with rebels on Sunday."
    assert countries(nlp, resources, text).get("rebels") is None
