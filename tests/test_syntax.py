"""The shared dependency-tree helper."""

from __future__ import annotations

from typing import Any

from sitrep.syntax import governed_by


def test_governed_by_follows_heads_to_the_root(nlp: Any) -> None:
    doc = nlp("The army attacked the town after the rebels fled.")
    verb = next(t for t in doc if t.text == "attacked")
    town = next(t for t in doc if t.text == "town")
    army = next(t for t in doc if t.text == "army")
    assert governed_by(town, {verb.i})
    assert governed_by(verb, {verb.i})  # a token governs itself
    assert not governed_by(verb, {town.i})
    assert not governed_by(town, {army.i})
    assert not governed_by(town, set())
