"""Participant nouns (``data/lexicons/event_nouns.yaml``): weapons, civilian victims and
crowds (unorganised attackers).

Both tables are indexed by the phrase's last lemma (its head), longest phrase first, so a
lookup is one dict access plus a check of the few preceding tokens.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Token

from sitrep.errors import KnowledgeError

WEAPON_MODES = frozenset(
    {
        "suicide-attack",
        "aerial",
        "drone",
        "grenade",
        "explosives",
        "heavy-weapons",
        "unconventional",
    }
)
# ACLED actor types of the crowd classes
CROWD_INTERS = {"rioters": 5, "protesters": 6}
# how specific a means is: a weapon's mode replaces a trigger mode ranked below it
MODE_RANK: dict[str | None, int] = {
    None: 0,
    "destroy": 0,
    "firearms": 1,
    "heavy-weapons": 2,
    "explosives": 3,
    "grenade": 4,
    "aerial": 5,
    "drone": 5,
    "suicide-attack": 6,
    "sexual": 7,  # ACLED codes sexual violence whatever else happened with it
    "unconventional": 8,  # a chemical agent makes any delivery a chemical attack
}

Table = dict[str, tuple[tuple[tuple[str, ...], str], ...]]


@dataclass(frozen=True, slots=True)
class NounLexicon:
    weapons: Table
    civilians: Table
    crowds: Table

    def weapon(self, tok: Token) -> str | None:
        """The ASSAULT mode of a weapon noun ending at ``tok``, or None."""
        return _match(self.weapons, tok)

    def civilian(self, tok: Token) -> str | None:
        """The sector of a civilian noun ending at ``tok``, or None."""
        return _match(self.civilians, tok)

    def crowd(self, tok: Token) -> int | None:
        """The ACLED actor type (5 rioters, 6 protesters) of a crowd noun at ``tok``."""
        kind = _match(self.crowds, tok)
        return None if kind is None else CROWD_INTERS[kind]


def _lemma(tok: Token) -> str:
    return (tok.lemma_ or tok.lower_).lower()


def _match(table: Table, tok: Token) -> str | None:
    lemma = _lemma(tok)
    entries = table.get(lemma) or table.get(tok.lower_)
    if not entries and lemma.endswith("s"):  # "F-16s", "MiGs": plurals the lemmatizer keeps
        entries = table.get(lemma[:-1])
    if not entries:
        return None
    doc = tok.doc
    for words, value in entries:
        k = len(words)
        if k == 1:
            return value
        start = tok.i - k + 1
        if start < 0:
            continue
        if all(
            _lemma(doc[start + j]) == words[j] or doc[start + j].lower_ == words[j]
            for j in range(k - 1)
        ):
            return value
    return None


def _table(data: Any, field: str, allowed: frozenset[str] | None) -> Table:
    if not isinstance(data, dict):
        raise KnowledgeError(f"event_nouns.yaml: {field} must be a mapping")
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for value, phrases in data.items():
        if allowed is not None and value not in allowed:
            raise KnowledgeError(f"event_nouns.yaml: {field}: unknown key {value!r}")
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise KnowledgeError(f"event_nouns.yaml: {field}.{value} must be a list of strings")
        for phrase in phrases:
            words = tuple(phrase.lower().split())
            out.setdefault(words[-1], []).append((words, str(value)))
    return {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in out.items()}


def parse_nouns(data: Any) -> NounLexicon:
    """Validate the YAML structure and index it (raises KnowledgeError)."""
    if not isinstance(data, dict):
        raise KnowledgeError("event_nouns.yaml: expected a mapping")
    return NounLexicon(
        weapons=_table(data.get("weapons"), "weapons", WEAPON_MODES),
        civilians=_table(data.get("civilians"), "civilians", None),
        crowds=_table(data.get("crowds") or {}, "crowds", frozenset(CROWD_INTERS)),
    )


@functools.lru_cache(maxsize=2)
def load_nouns(name: str = "event_nouns.yaml") -> NounLexicon:
    """Load and index the participant-noun lexicon shipped in ``sitrep/data/lexicons``."""
    text = resources.files("sitrep").joinpath("data", "lexicons", name).read_text("utf-8")
    return parse_nouns(yaml.safe_load(text))
