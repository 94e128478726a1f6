"""The event lexicons are data: validate them against the codebook and the actor KB."""

from __future__ import annotations

import pytest
import spacy

from sitrep.errors import KnowledgeError
from sitrep.eventing.lexicon import PLOVER_TYPES, load_trigger_lexicon, parse_lexicon
from sitrep.eventing.magnitude import load_magnitude_lexicon, parse_magnitude_lexicon
from sitrep.eventing.model import NaiveBayes
from sitrep.events import extract_events
from sitrep.knowledge.actors import load_actor_kb
from sitrep.knowledge.codebook import load_codebook
from sitrep.model import Article


def _entries() -> list:  # type: ignore[type-arg]
    lex = load_trigger_lexicon()
    return [e for group in (lex.single, lex.multi) for es in group.values() for e in es]


def test_types_modes_and_contexts_are_in_the_codebook() -> None:
    cb = load_codebook()
    assert set(PLOVER_TYPES) == set(cb.types)
    entries = _entries()
    assert len(entries) > 400
    for e in entries:
        assert e.type in cb.types
        if e.mode is not None:
            assert cb.known_mode(e.type, e.mode), (e.lemmas, e.mode)
        for c in e.contexts:
            assert c in cb.contexts, (e.lemmas, c)
        assert 0 < e.strength <= 1


def test_every_type_has_triggers() -> None:
    covered = {e.type for e in _entries()}
    assert covered == set(PLOVER_TYPES)


def test_source_defaults_name_kb_actors() -> None:
    kb = load_actor_kb()
    lex = load_trigger_lexicon()
    assert lex.source_defaults
    for d in lex.source_defaults:
        assert kb.get(d.actor) is not None, d.actor
        assert d.adversary is None or kb.get(d.adversary) is not None, d.adversary
    assert lex.source_default("CJTF-OIR press release") is not None
    assert lex.source_default("Reuters") is None


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"groups": [{"type": "BOMB", "lemmas": ["x"]}]},
        {"groups": [{"type": "ASSAULT", "lemmas": []}]},
        {"groups": [{"type": "ASSAULT", "lemmas": ["x"], "strength": 2}]},
        {"groups": [{"type": "ASSAULT", "lemmas": ["x"], "pos": "ADV"}]},
        {"groups": [], "source_defaults": [{"outlets": ["x"]}]},
        {"groups": [{"type": "ASSAULT", "lemmas": ["x"], "territory": "annexed"}]},
        {"groups": [{"type": "ASSAULT", "lemmas": ["x"], "subjects": "rocket"}]},
        {"groups": [{"type": "RETREAT", "lemmas": ["x"], "unless_objects": [1]}]},
        {"groups": [], "place_nouns": "town"},
    ],
)
def test_invalid_lexicons_are_rejected(data: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(KnowledgeError):
        parse_lexicon(data)


def test_multiword_entries_are_indexed_by_first_lemma() -> None:
    lex = load_trigger_lexicon()
    assert any(e.lemmas == ("air", "strike") for e in lex.multi["air"])
    assert lex.single["airstrike"][0].mode == "aerial"


def test_magnitude_lexicon_follows_acled_vague_counts() -> None:
    lex = load_magnitude_lexicon()
    assert lex.vague["dozens"] == 12
    assert lex.vague["hundreds"] == 100
    assert lex.vague["tens"] == 10
    assert lex.cue_field["kill"] == "killed"
    with pytest.raises(KnowledgeError):
        parse_magnitude_lexicon({"cues": {"killed": ["kill"]}})


def test_naive_bayes_learns_and_normalises() -> None:
    nb = NaiveBayes.fit([["a", "b"], ["a"], ["c"], ["c", "d"]], ["X", "X", "Y", "Y"])
    p = nb.predict_proba(["a"])
    assert abs(sum(p.values()) - 1) < 1e-9
    assert p["X"] > p["Y"]


def test_unparsed_doc_gives_no_events() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Rebels attacked the town.")
    article = Article(id="a", text=doc.text)
    assert extract_events(doc, article, (), (), (), load_codebook()) == ()


def test_territory_triggers_need_a_place_object() -> None:
    lex = load_trigger_lexicon()
    assert {"@place", "town", "base"} <= lex.place_nouns
    kinds = {e.territory for v in lex.single.values() for e in v} | {
        e.territory for v in lex.multi.values() for e in v
    }
    assert kinds == {None, "captured", "regained", "transferred"}
    for entries in (*lex.single.values(), *lex.multi.values()):
        for e in entries:
            # ambiguous verbs ("take over a company") change territory only with a place
            if (
                e.territory is not None
                and e.lemmas
                not in (
                    ("overrun",),
                    ("overran",),
                    ("sweep", "into"),
                    ("storm", "into"),
                    ("retake",),
                    ("retook",),
                    ("recapture",),
                    ("wrest", "back"),
                )
                and e.type == "ASSAULT"
            ):
                assert e.objects is not None and "@place" in e.objects, e.lemmas
