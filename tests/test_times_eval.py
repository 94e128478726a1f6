"""sitrep eval time: detection on re3d Temporal spans and the gold normalisation file."""

from __future__ import annotations

import itertools
from pathlib import Path

import spacy

from sitrep.evaluation.time import MIN_CONFIDENCE, evaluate_time, load_re3d_temporal
from tests.conftest import shared_path

GOLD = Path(__file__).resolve().parent / "gold" / "time_normalisation.jsonl"


def test_re3d_gold_keeps_one_confident_span_per_overlap() -> None:
    texts, gold = load_re3d_temporal(shared_path("data", "re3d"))
    assert len(texts) >= 60 and len(gold) >= 100
    by_doc: dict[str, list[tuple[int, int]]] = {}
    for doc_id, s, e in gold:
        by_doc.setdefault(doc_id, []).append((s, e))
    for spans in by_doc.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert MIN_CONFIDENCE == 0.5


def test_evaluate_time_floors_with_blank_pipeline() -> None:
    shared = shared_path("data", "re3d").parents[1]
    nlp = spacy.blank("en")
    scores = evaluate_time(shared, GOLD, nlp)
    assert nlp.pipe_names == []  # the caller's pipeline is left alone
    assert scores.exact is not None and scores.overlap is not None
    # development floors (measured 81.8 / 86.2 F1 and 100% when written)
    assert scores.exact.f1 >= 0.75
    assert scores.overlap.f1 >= 0.80
    assert scores.norm_total >= 150 and scores.norm_accuracy >= 0.9
    text = scores.render()
    assert "exact" in text and "overlap" in text and "normalisation" in text
