"""Schema of the attribution and modality lexicons (knowledge is data: it gets a test)."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from sitrep.claiming.lexicon import STANCES, inflections, load_cues, load_modality
from sitrep.model import MODALITIES


def _raw(name: str) -> dict[str, object]:
    path = resources.files("sitrep") / "data" / "lexicons" / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_cue_lexicon_schema() -> None:
    raw = _raw("cues.yaml")
    assert raw["version"] == 1
    cues = load_cues()
    assert set(cues.stance_modality) == set(STANCES)
    assert set(cues.stance_modality.values()) <= set(MODALITIES)
    assert set(cues.verbs.values()) <= set(STANCES)
    assert set(cues.nouns.values()) <= set(STANCES)
    # every special-purpose verb is a reporting verb
    assert cues.object_content_verbs <= set(cues.verbs)
    assert set(cues.accusation_preps) <= set(cues.verbs)
    assert all(a == a.lower() and a for a in cues.claim_anaphors)
    for phrase in cues.phrases:
        assert phrase.tokens and all(t == t.lower() and " " not in t for t in phrase.tokens)
    # YAML 1.1 pitfalls: every entry stays a word (no booleans such as "no"/"false")
    for key in ("verbs", "nouns"):
        section = raw[key]
        assert isinstance(section, dict)
        assert all(isinstance(k, str) for k in section)


def test_core_cues_present() -> None:
    cues = load_cues()
    for lemma, stance in {
        "say": "assert",
        "report": "report",
        "accuse": "accuse",
        "deny": "deny",
        "allege": "accuse",
        "claim": "assert",
    }.items():
        assert cues.verbs[lemma] == stance
    assert cues.nouns["rumour"] == cues.nouns["rumor"] == "rumor"
    assert any(p.tokens == ("according", "to") for p in cues.phrases)


def test_modality_lexicon_schema() -> None:
    raw = _raw("modality.yaml")
    assert raw["version"] == 1
    lex = load_modality()
    assert {"could", "would", "may", "might"} <= lex.hypothetical_modals
    assert "if" in lex.conditional_marks
    assert "will" in lex.future_auxiliaries and "plan" in lex.intent_verbs
    assert {"not", "never", "no"} <= lex.negators
    assert set(lex.hedge_adverbs.values()) <= set(MODALITIES)
    assert lex.historical_days > 0
    for key, value in raw.items():
        if isinstance(value, list):
            assert all(isinstance(v, str) and v for v in value), key


@pytest.mark.parametrize(
    ("base", "forms"),
    [
        ("aid", {"aid", "aids", "aided", "aiding"}),
        ("supply", {"supplies", "supplied"}),
        ("arm", {"arms", "armed", "arming"}),
        ("fire", {"fires", "fired", "firing"}),
        ("abet", {"abetted", "abetting"}),
    ],
)
def test_inflections(base: str, forms: set[str]) -> None:
    assert forms <= set(inflections(base))


def test_predicate_classes() -> None:
    cues = load_cues()
    assert cues.predicate_of("the US “supports ISIS”") == "aid"
    assert cues.predicate_of("aiding ISIS members by transferring them") == "aid"
    assert cues.predicate_of("militants struck a convoy") == "attack"
    assert cues.predicate_of("the weather was mild") is None
    assert load_cues() is cues  # loaded once
