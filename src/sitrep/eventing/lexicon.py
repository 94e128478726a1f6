"""The trigger lexicon (``data/lexicons/triggers.yaml``) as an indexed, immutable object.

Lookup is by lemma: single-token entries live in a dict keyed by lemma, multi-word
entries in a dict keyed by their first lemma (longest match first), so detection is one
pass over the tokens with O(1) work per token.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from sitrep.errors import KnowledgeError
from sitrep.model import PLOVER_TYPES

POS_VALUES = frozenset({"VERB", "NOUN", "ADJ", "ANY"})
TERRITORY_VALUES = frozenset({"captured", "regained", "transferred"})
# Types whose future/intended form PLOVER codes as AGREE (cooperation) or THREATEN (conflict).
COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
MATERIAL_CONFLICT = frozenset({"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One lexicon entry: a lemma sequence and its coding."""

    lemmas: tuple[str, ...]
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    strength: float
    pos: str = "ANY"
    objects: frozenset[str] | None = None
    preps: frozenset[str] | None = None
    two_sided: bool = False
    governs: bool = False
    conflict_as: str | None = None
    unless_preps: frozenset[str] | None = None
    subjects: frozenset[str] | None = None
    unless_objects: frozenset[str] | None = None
    territory: str | None = None

    @property
    def constrained(self) -> bool:
        return self.objects is not None or self.preps is not None or self.subjects is not None


@dataclass(frozen=True, slots=True)
class SourceDefault:
    """Implied arguments for events reported by an outlet that is itself a party."""

    outlets: tuple[str, ...]
    actor: str
    types: frozenset[str]
    mode: str | None = None
    adversary: str | None = None

    def matches(self, outlet: str | None) -> bool:
        if not outlet:
            return False
        low = outlet.lower()
        return any(o in low for o in self.outlets)


@dataclass(frozen=True, slots=True)
class TriggerLexicon:
    """Entries indexed by first lemma; ``single`` for one-token entries."""

    version: int
    single: dict[str, tuple[TriggerEntry, ...]]
    multi: dict[str, tuple[TriggerEntry, ...]]
    source_defaults: tuple[SourceDefault, ...] = ()
    place_nouns: frozenset[str] = frozenset()

    def source_default(self, outlet: str | None) -> SourceDefault | None:
        return next((d for d in self.source_defaults if d.matches(outlet)), None)

    def __len__(self) -> int:
        return sum(len(v) for v in self.single.values()) + sum(len(v) for v in self.multi.values())


def _as_set(value: Any, field: str) -> frozenset[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise KnowledgeError(f"triggers.yaml: {field} must be a list of strings")
    return frozenset(v.lower() for v in value)


def parse_lexicon(data: Any) -> TriggerLexicon:
    """Validate the YAML structure and build the index (raises KnowledgeError)."""
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise KnowledgeError("triggers.yaml: expected a mapping with a 'groups' list")
    single: dict[str, list[TriggerEntry]] = {}
    multi: dict[str, list[TriggerEntry]] = {}
    for n, group in enumerate(data["groups"]):
        if not isinstance(group, dict):
            raise KnowledgeError(f"triggers.yaml: group {n} is not a mapping")
        typ = group.get("type")
        if typ not in PLOVER_TYPES:
            raise KnowledgeError(f"triggers.yaml: group {n}: unknown type {typ!r}")
        pos = group.get("pos", "ANY")
        if pos not in POS_VALUES:
            raise KnowledgeError(f"triggers.yaml: group {n}: bad pos {pos!r}")
        strength = float(group.get("strength", 0.5))
        if not 0.0 < strength <= 1.0:
            raise KnowledgeError(f"triggers.yaml: group {n}: strength out of (0, 1]")
        conflict_as = group.get("conflict_as")
        if conflict_as is not None and conflict_as not in PLOVER_TYPES:
            raise KnowledgeError(f"triggers.yaml: group {n}: bad conflict_as")
        lemmas = group.get("lemmas")
        if not isinstance(lemmas, list) or not lemmas:
            raise KnowledgeError(f"triggers.yaml: group {n}: 'lemmas' must be a non-empty list")
        contexts = group.get("contexts") or []
        territory = group.get("territory")
        if territory is not None and territory not in TERRITORY_VALUES:
            raise KnowledgeError(f"triggers.yaml: group {n}: bad territory {territory!r}")
        for lemma in lemmas:
            key = tuple(str(lemma).lower().split())
            entry = TriggerEntry(
                lemmas=key,
                type=typ,
                mode=group.get("mode"),
                contexts=tuple(contexts),
                strength=strength,
                pos=pos,
                objects=_as_set(group.get("objects"), "objects"),
                preps=_as_set(group.get("preps"), "preps"),
                two_sided=bool(group.get("two_sided", False)),
                governs=bool(group.get("governs", False)),
                conflict_as=conflict_as,
                unless_preps=_as_set(group.get("unless_preps"), "unless_preps"),
                subjects=_as_set(group.get("subjects"), "subjects"),
                unless_objects=_as_set(group.get("unless_objects"), "unless_objects"),
                territory=territory,
            )
            target = single if len(key) == 1 else multi
            target.setdefault(key[0], []).append(entry)
    defaults: list[SourceDefault] = []
    for n, item in enumerate(data.get("source_defaults") or []):
        if not isinstance(item, dict) or not item.get("outlets") or not item.get("actor"):
            raise KnowledgeError(f"triggers.yaml: source_defaults[{n}] needs outlets and actor")
        types = frozenset(item.get("types") or PLOVER_TYPES)
        if not types <= set(PLOVER_TYPES):
            raise KnowledgeError(f"triggers.yaml: source_defaults[{n}]: unknown type")
        defaults.append(
            SourceDefault(
                outlets=tuple(str(o).lower() for o in item["outlets"]),
                actor=str(item["actor"]),
                types=types,
                mode=item.get("mode"),
                adversary=item.get("adversary"),
            )
        )
    places = _as_set(data.get("place_nouns") or [], "place_nouns") or frozenset()
    return TriggerLexicon(
        place_nouns=places,
        source_defaults=tuple(defaults),
        version=int(data.get("version", 1)),
        single={k: tuple(v) for k, v in single.items()},
        multi={k: tuple(sorted(v, key=lambda e: -len(e.lemmas))) for k, v in multi.items()},
    )


@functools.lru_cache(maxsize=4)
def load_trigger_lexicon(name: str = "triggers.yaml") -> TriggerLexicon:
    """Load and index a trigger lexicon shipped in ``sitrep/data/lexicons``."""
    text = resources.files("sitrep").joinpath("data", "lexicons", name).read_text("utf-8")
    return parse_lexicon(yaml.safe_load(text))
