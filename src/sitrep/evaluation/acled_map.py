"""ACLED labels of extracted events and the weighted-F1 scoring used to compare them.

Held-out ACLED-style snippets are scored on the ACLED sub-event type (25 classes,
the CASE 2021 shared-task measure: support-weighted F1) and, more coarsely, on the
event type (6 classes). Gold labels come from the evaluator's own data; sitrep's
label for a snippet is the sub-event type of its most confident ACLED-coded event
(:func:`snippet_label`), or :data:`NO_EVENT` when nothing was coded.

The metrics follow scikit-learn's ``precision_recall_fscore_support`` with
``zero_division=0``: classes are the union of gold and predicted labels, and the
weighted average weights each class by its gold support::

    weighted_f1(["Armed clash", "Attack"], ["Armed clash", "Armed clash"])   # 0.333...
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from sitrep.model import Event

NO_EVENT = "(none)"
Level = Literal["sub_event_type", "event_type"]


def event_label(event: Event, level: Level = "sub_event_type") -> str | None:
    """The ACLED label of one event, or None when ACLED does not code it."""
    if event.acled is None:
        return None
    return event.acled.sub_event_type if level == "sub_event_type" else event.acled.event_type


def snippet_label(events: Iterable[Event], level: Level = "sub_event_type") -> str:
    """One ACLED label for a snippet: its most confident coded event (first on ties)."""
    best: tuple[float, str] | None = None
    for event in events:
        label = event_label(event, level)
        if label is not None and (best is None or event.confidence > best[0]):
            best = (event.confidence, label)
    return best[1] if best is not None else NO_EVENT


def to_event_types(labels: Sequence[str], subtypes: Mapping[str, str]) -> list[str]:
    """Map sub-event type labels to their event types (``Codebook.acled_subtypes``)."""
    return [subtypes.get(label, label) for label in labels]


@dataclass(frozen=True, slots=True)
class ClassScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int  # gold count
    predicted: int


@dataclass(frozen=True, slots=True)
class ClassReport:
    """Per-class precision, recall and F1 with micro/macro/weighted averages."""

    classes: tuple[ClassScore, ...]
    n: int
    accuracy: float
    macro_f1: float
    weighted_f1: float

    def render(self, title: str = "ACLED") -> str:
        width = max([len(c.label) for c in self.classes] + [10])
        lines = [
            f"{'class':<{width}}  {'prec':>5}  {'rec':>5}  {'f1':>5}  {'gold':>5}  {'pred':>5}"
        ]
        for c in sorted(self.classes, key=lambda c: (-c.support, c.label)):
            lines.append(
                f"{c.label:<{width}}  {c.precision:5.3f}  {c.recall:5.3f}  {c.f1:5.3f}"
                f"  {c.support:5d}  {c.predicted:5d}"
            )
        lines.append(
            f"{title}: n={self.n} accuracy={self.accuracy:.3f} "
            f"macro-F1={self.macro_f1:.3f} weighted-F1={self.weighted_f1:.3f}"
        )
        return "\n".join(lines)


def _safe(num: float, den: float) -> float:
    return num / den if den else 0.0


def class_report(gold: Sequence[str], pred: Sequence[str]) -> ClassReport:
    """Per-class scores over the union of gold and predicted labels."""
    if len(gold) != len(pred):
        raise ValueError(f"gold and pred differ in length: {len(gold)} != {len(pred)}")
    gold_n, pred_n = Counter(gold), Counter(pred)
    hits = Counter(g for g, p in zip(gold, pred, strict=True) if g == p)
    classes = []
    for label in sorted(set(gold_n) | set(pred_n)):
        precision = _safe(hits[label], pred_n[label])
        recall = _safe(hits[label], gold_n[label])
        f1 = _safe(2 * precision * recall, precision + recall)
        classes.append(ClassScore(label, precision, recall, f1, gold_n[label], pred_n[label]))
    n = len(gold)
    return ClassReport(
        classes=tuple(classes),
        n=n,
        accuracy=_safe(sum(hits.values()), n),
        macro_f1=_safe(sum(c.f1 for c in classes), len(classes)),
        weighted_f1=_safe(sum(c.f1 * c.support for c in classes), n),
    )


def weighted_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Support-weighted F1 over classes (scikit-learn ``average="weighted"``)."""
    return class_report(gold, pred).weighted_f1
