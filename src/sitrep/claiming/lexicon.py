"""Load the attribution and modality lexicons (``data/lexicons/cues.yaml``, ``modality.yaml``).

The YAML files are the knowledge; this module only validates them and turns them
into frozen, hashable lookup records. Loading happens once per process
(:func:`functools.lru_cache`); nothing is read at import time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Literal, cast

import yaml

from sitrep.errors import KnowledgeError

Stance = Literal["assert", "report", "accuse", "deny", "rumor"]
STANCES: tuple[str, ...] = ("assert", "report", "accuse", "deny", "rumor")
_MODALITIES = ("reported", "alleged", "denied", "rumored", "hypothetical", "future", "historical")


@dataclass(frozen=True, slots=True)
class PhraseCue:
    """A prepositional cue such as "according to": lower-case tokens and a stance."""

    tokens: tuple[str, ...]
    stance: Stance


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """Reporting verbs, claim nouns, phrases and predicate classes (``cues.yaml``)."""

    stance_modality: dict[str, str]
    verbs: dict[str, Stance]
    object_content_verbs: frozenset[str]
    non_claim_objects: frozenset[str]
    denied_objects: frozenset[str]
    speaker_nouns: frozenset[str]
    accusation_preps: dict[str, frozenset[str]]
    nouns: dict[str, Stance]
    carrier_verbs: frozenset[str]
    phrases: tuple[PhraseCue, ...]
    generic_claimants: frozenset[str]
    claim_anaphors: frozenset[str]
    negated_nouns: frozenset[str]
    rejecting_adjectives: frozenset[str]
    predicate_forms: dict[str, str]
    predicate_pattern: re.Pattern[str]
    rumor_modifiers: frozenset[str] = frozenset()
    contestable_cues: frozenset[str] = frozenset()
    document_sources: frozenset[str] = frozenset()

    def predicate_of(self, text: str) -> str | None:
        """The predicate class of the first predicate word in ``text`` (or None)."""
        match = self.predicate_pattern.search(text.lower())
        return self.predicate_forms[match.group(0)] if match else None


@dataclass(frozen=True, slots=True)
class ModalityLexicon:
    """Hedges, conditionals, future and negation cues (``modality.yaml``)."""

    hypothetical_modals: frozenset[str]
    conditional_marks: frozenset[str]
    enabling_verbs: frozenset[str]
    hypothetical_nouns: frozenset[str]
    future_auxiliaries: frozenset[str]
    intent_verbs: frozenset[str]
    intent_nouns: frozenset[str]
    negators: frozenset[str]
    negating_verbs: frozenset[str]
    hedge_adverbs: dict[str, str]
    hedge_adjectives: dict[str, str]
    historical_days: int
    raising_hedges: dict[str, str] = field(default_factory=dict)
    negating_from_verbs: frozenset[str] = frozenset()
    opaque_verbs: frozenset[str] = frozenset()
    scheduling_verbs: frozenset[str] = frozenset()
    conditional_phrases: tuple[tuple[str, ...], ...] = ()


def _read(name: str) -> dict[str, Any]:
    path = resources.files("sitrep") / "data" / "lexicons" / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"cannot read lexicon {name}: {exc}") from exc
    if not isinstance(data, dict) or data.get("version") != 1:
        raise KnowledgeError(f"lexicon {name}: expected a mapping with version: 1")
    return data


def _words(data: dict[str, Any], key: str, name: str) -> frozenset[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise KnowledgeError(f"lexicon {name}: {key} must be a list of non-empty strings")
    return frozenset(v.lower() for v in value)


def _stances(data: dict[str, Any], key: str, name: str) -> dict[str, Stance]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise KnowledgeError(f"lexicon {name}: {key} must be a mapping")
    out: dict[str, Stance] = {}
    for word, stance in value.items():
        if stance not in STANCES:
            raise KnowledgeError(f"lexicon {name}: {key}.{word}: unknown stance {stance!r}")
        out[str(word).lower()] = cast(Stance, stance)
    return out


def inflections(base: str) -> tuple[str, ...]:
    """Regular inflected forms of an English verb or noun (-s, -ed, -ing)."""
    forms = {base}
    if base.endswith("e"):
        forms |= {base + "s", base + "d", base[:-1] + "ing"}
    elif base.endswith("y") and base[-2:-1] not in set("aeiou"):
        forms |= {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    else:
        suffix_s = "es" if base.endswith(("s", "sh", "ch", "x", "z")) else "s"
        forms |= {base + suffix_s, base + "ed", base + "ing"}
        if (
            len(base) >= 3
            and base[-1] not in "aeiouwxy"
            and base[-2] in "aeiou"
            and base[-3] not in "aeiou"
            and len(base) <= 4
        ):
            forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return tuple(sorted(forms))


_IRREGULAR = {
    "strike": ("struck", "stricken"),
    "shoot": ("shot",),
    "fire": (),
    "send": ("sent",),
    "leave": ("left",),
    "break": ("broke", "broken"),
    "free": ("freed", "freeing"),
    "fund": (),
}


@lru_cache(maxsize=1)
def load_cues() -> CueLexicon:
    """Load and validate ``cues.yaml`` (once per process)."""
    name = "cues.yaml"
    data = _read(name)
    stance_modality = data.get("stance_modality")
    if not isinstance(stance_modality, dict) or set(stance_modality) != set(STANCES):
        raise KnowledgeError(f"lexicon {name}: stance_modality must map every stance")
    if not set(stance_modality.values()) <= set(_MODALITIES):
        raise KnowledgeError(f"lexicon {name}: stance_modality values must be modalities")
    preps_raw = data.get("accusation_preps")
    if not isinstance(preps_raw, dict):
        raise KnowledgeError(f"lexicon {name}: accusation_preps must be a mapping")
    phrases: list[PhraseCue] = []
    for entry in data.get("phrases") or []:
        tokens = entry.get("tokens") if isinstance(entry, dict) else None
        if not isinstance(tokens, list) or not tokens or entry.get("stance") not in STANCES:
            raise KnowledgeError(f"lexicon {name}: bad phrase entry {entry!r}")
        phrases.append(PhraseCue(tuple(str(t).lower() for t in tokens), entry["stance"]))
    denials = data.get("author_denials")
    if not isinstance(denials, dict):
        raise KnowledgeError(f"lexicon {name}: author_denials must be a mapping")
    predicates = data.get("predicates")
    if not isinstance(predicates, dict) or not predicates:
        raise KnowledgeError(f"lexicon {name}: predicates must be a non-empty mapping")
    forms: dict[str, str] = {}
    for label, bases in predicates.items():
        if not isinstance(bases, list):
            raise KnowledgeError(f"lexicon {name}: predicates.{label} must be a list")
        for base in bases:
            for form in (*inflections(str(base).lower()), *_IRREGULAR.get(base, ())):
                forms.setdefault(form, str(label))
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")\b"
    )
    return CueLexicon(
        stance_modality={str(k): str(v) for k, v in stance_modality.items()},
        verbs=_stances(data, "verbs", name),
        object_content_verbs=_words(data, "object_content_verbs", name),
        non_claim_objects=_words(data, "non_claim_objects", name),
        denied_objects=_words(data, "denied_objects", name),
        speaker_nouns=_words(data, "speaker_nouns", name),
        accusation_preps={
            str(k).lower(): frozenset(str(p).lower() for p in v) for k, v in preps_raw.items()
        },
        nouns=_stances(data, "nouns", name),
        carrier_verbs=_words(data, "carrier_verbs", name),
        phrases=tuple(phrases),
        generic_claimants=_words(data, "generic_claimants", name),
        claim_anaphors=_words(data, "claim_anaphors", name),
        negated_nouns=_words(denials, "negated_nouns", name),
        rejecting_adjectives=_words(denials, "rejecting_adjectives", name),
        predicate_forms=forms,
        predicate_pattern=pattern,
        rumor_modifiers=_words(data, "rumor_modifiers", name),
        contestable_cues=_words(data, "contestable_cues", name),
        document_sources=_words(data, "document_sources", name),
    )


@lru_cache(maxsize=1)
def load_modality() -> ModalityLexicon:
    """Load and validate ``modality.yaml`` (once per process)."""
    name = "modality.yaml"
    data = _read(name)
    hedges = data.get("hedge_adverbs")
    adjectives = data.get("hedge_adjectives")
    raising = data.get("raising_hedges")
    for key, value in (
        ("hedge_adverbs", hedges),
        ("hedge_adjectives", adjectives),
        ("raising_hedges", raising),
    ):
        if not isinstance(value, dict) or not set(value.values()) <= set(_MODALITIES):
            raise KnowledgeError(f"lexicon {name}: {key} must map words to modalities")
    assert isinstance(hedges, dict) and isinstance(adjectives, dict) and isinstance(raising, dict)
    days = data.get("historical_days")
    if not isinstance(days, int) or days <= 0:
        raise KnowledgeError(f"lexicon {name}: historical_days must be a positive integer")
    return ModalityLexicon(
        hypothetical_modals=_words(data, "hypothetical_modals", name),
        conditional_marks=_words(data, "conditional_marks", name),
        enabling_verbs=_words(data, "enabling_verbs", name),
        hypothetical_nouns=_words(data, "hypothetical_nouns", name),
        future_auxiliaries=_words(data, "future_auxiliaries", name),
        intent_verbs=_words(data, "intent_verbs", name),
        intent_nouns=_words(data, "intent_nouns", name),
        negators=_words(data, "negators", name),
        negating_verbs=_words(data, "negating_verbs", name),
        hedge_adverbs={str(k).lower(): str(v) for k, v in hedges.items()},
        hedge_adjectives={str(k).lower(): str(v) for k, v in adjectives.items()},
        historical_days=days,
        raising_hedges={str(k).lower(): str(v) for k, v in raising.items()},
        negating_from_verbs=_words(data, "negating_from_verbs", name),
        opaque_verbs=_words(data, "opaque_verbs", name),
        scheduling_verbs=_words(data, "scheduling_verbs", name),
        conditional_phrases=tuple(
            tuple(p.split()) for p in sorted(_words(data, "conditional_phrases", name))
        ),
    )
