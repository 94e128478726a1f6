"""ACLED labels of events and the weighted-F1 helpers evaluators use."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.evaluation.acled_map import (
    NO_EVENT,
    class_report,
    event_label,
    snippet_label,
    to_event_types,
    weighted_f1,
)
from sitrep.knowledge.codebook import load_codebook
from sitrep.model import AcledCode, Event, Magnitude, TimeValue


def event(sub: str | None, confidence: float) -> Event:
    acled = None
    if sub is not None:
        acled = AcledCode(load_codebook().acled_subtypes[sub], sub, 1, 2)
    return Event(
        id="e",
        type="ASSAULT",
        mode=None,
        contexts=(),
        actors=(),
        recipients=(),
        place=None,
        date=TimeValue(None, None, "unknown"),
        modality=(),
        claimant=None,
        magnitude=Magnitude(),
        acled=acled,
        cameo="19",
        quad=4,
        score=-9.0,
        confidence=confidence,
        trigger=(0, 1),
        evidence=(0, 1),
    )


def test_event_and_snippet_labels() -> None:
    strike = event("Air/drone strike", 0.6)
    assert event_label(strike) == "Air/drone strike"
    assert event_label(strike, "event_type") == "Explosions/Remote violence"
    assert event_label(event(None, 0.9)) is None
    events = [event(None, 0.99), strike, event("Armed clash", 0.8), event("Attack", 0.8)]
    assert snippet_label(events) == "Armed clash"  # most confident coded event, first on ties
    assert snippet_label(events, "event_type") == "Battles"
    assert snippet_label([]) == NO_EVENT
    assert snippet_label([event(None, 0.5)]) == NO_EVENT


def test_weighted_f1_by_hand() -> None:
    assert weighted_f1(["Armed clash", "Attack"], ["Armed clash", "Armed clash"]) == pytest.approx(
        1 / 3
    )


def test_matches_scikit_learn_reference_values() -> None:
    # sklearn docs: f1_score([0,1,2,0,1,2], [0,2,1,0,0,1], average=...) -> weighted 0.2667,
    # macro 0.2667; accuracy 1/3
    gold = ["a", "b", "c", "a", "b", "c"]
    pred = ["a", "c", "b", "a", "a", "b"]
    report = class_report(gold, pred)
    assert report.weighted_f1 == pytest.approx(0.26666, abs=1e-4)
    assert report.macro_f1 == pytest.approx(0.26666, abs=1e-4)
    assert report.accuracy == pytest.approx(1 / 3)
    a = next(c for c in report.classes if c.label == "a")
    assert a.precision == pytest.approx(2 / 3)
    assert (a.recall, a.support, a.predicted) == (1.0, 2, 3)
    text = report.render("sub-event types")
    assert "weighted-F1=0.267" in text and text.splitlines()[0].startswith("class")


def test_predicted_only_class_counts_in_macro_not_weighted() -> None:
    report = class_report(["x", "x"], ["x", "y"])
    assert {c.label for c in report.classes} == {"x", "y"}
    assert report.weighted_f1 == pytest.approx(2 / 3)  # x: P=1, R=0.5
    assert report.macro_f1 == pytest.approx(1 / 3)


def test_event_type_level_and_errors() -> None:
    subtypes = load_codebook().acled_subtypes
    assert to_event_types(["Grenade", "Attack", NO_EVENT], subtypes) == [
        "Explosions/Remote violence",
        "Violence against civilians",
        NO_EVENT,
    ]
    with pytest.raises(ValueError, match="length"):
        weighted_f1(["a"], [])
    assert weighted_f1([], []) == 0.0


labels = st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=1, max_size=30)


@given(labels)
def test_perfect_prediction_scores_one(gold: list[str]) -> None:
    assert weighted_f1(gold, gold) == pytest.approx(1.0)


@given(st.data())
def test_scores_are_bounded(data: st.DataObject) -> None:
    gold = data.draw(labels)
    pred = data.draw(st.lists(st.sampled_from("ABCDE"), min_size=len(gold), max_size=len(gold)))
    report = class_report(gold, pred)
    assert 0.0 <= report.weighted_f1 <= 1.0
    assert 0.0 <= report.macro_f1 <= 1.0
    assert sum(c.support for c in report.classes) == len(gold)
