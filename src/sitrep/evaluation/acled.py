"""Held-out ACLED-style snippets scored through sitrep's ACLED crosswalk.

The gold file (``tests/gold/acled_snippets.jsonl``) holds short wire-style notes
written by the evaluator, not by the rule authors, each labelled with ACLED's
``event_type`` / ``sub_event_type`` (25 classes), inter codes, fatalities and the
PLOVER type. Every snippet is parsed and extracted as one article; its predicted
label is :func:`sitrep.evaluation.acled_map.snippet_label` of the extracted events
(the most confident ACLED-coded event, or ``(none)``).

Reported: support-weighted F1 over the sub-event types (the CASE 2021 measure),
accuracy on the event type, and a per-class report. A **keyword baseline** is
computed in the same run: an ordered list of weapon / verb keyword rules, first
match wins, with no parse, no actors and no context. It is a yardstick for the
rules, not a component of sitrep.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitrep.evaluation.acled_map import ClassReport, ClassScore, class_report, snippet_label
from sitrep.model import PLOVER_TYPES, Article

if TYPE_CHECKING:
    from spacy.language import Language

    from sitrep.extract import Resources

SUB_EVENT_TYPES: tuple[str, ...] = (
    "Armed clash",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Sexual violence",
    "Attack",
    "Abduction/forced disappearance",
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    "Violent demonstration",
    "Mob violence",
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
)
EVENT_TYPES: tuple[str, ...] = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)
ACTOR_TYPES: tuple[int, ...] = tuple(range(0, 9))  # 0 = no second actor

# -- keyword baseline --------------------------------------------------------------------------
# Ordered rules, first match wins: every pattern of a rule must occur in the text. Weapons
# before verbs, specific before general. Deliberately simple: the "keyword rules" yardstick of
# the issue, not a component of sitrep.
_PROTEST = r"protest|demonstrat|rall(?:y|ied)|march(?:ed|ers)?\b|sit-in|vigil"
_BASELINE_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    ((r"chlorine|sarin|mustard gas|chemical|toxic (?:gas|agent)|chloropicrin",), "Chemical weapon"),
    ((r"suicide|explosive vest|blew (?:himself|herself|themselves) up",), "Suicide bomb"),
    ((r"grenade",), "Grenade"),
    (
        (r"air ?strike|airstrike|drone|warplane|jets?\b|aircraft|helicopter|air force|sorties",),
        "Air/drone strike",
    ),
    (
        (r"shell(?:ed|ing|s)?\b|artillery|mortar|rockets?\b|missiles?\b|katyusha",),
        "Shelling/artillery/missile attack",
    ),
    (
        (r"\bied\b|roadside bomb|landmine|\bmine\b|explosive device|car bomb|bomb",),
        "Remote explosive/landmine/IED",
    ),
    ((r"\brap(?:e|ed)\b|sexual",), "Sexual violence"),
    ((r"kidnap|abduct|hostage",), "Abduction/forced disappearance"),
    ((r"lynch|\bmob\b|vigilante",), "Mob violence"),
    (
        (_PROTEST, r"live (?:ammunition|rounds)|shot dead|opened fire|killing|killed"),
        "Excessive force against protesters",
    ),
    (
        (_PROTEST, r"tear gas|dispers|detain|arrest|broke up|water cannon"),
        "Protest with intervention",
    ),
    ((r"riot|molotov|ransack|stormed",), "Violent demonstration"),
    ((_PROTEST,), "Peaceful protest"),
    ((r"arrest|detain|custody|apprehend",), "Arrests"),
    ((r"ceasefire|truce|agreement|\bdeal\b|signed|swap",), "Agreement"),
    ((r"recaptur|retook|regain|liberat|wrested back",), "Government regains territory"),
    (
        (r"captur|seiz(?:ed|ure)|overran|took control|taken over|swept into",),
        "Non-state actor overtakes territory",
    ),
    ((r"handed over|withdr[ae]w|pulled out|vacated",), "Non-violent transfer of territory"),
    ((r"loot|vandal|demolish|torch|set fire",), "Looting/property destruction"),
    (
        (r"clash|fight|fought|battle|firefight|exchange of fire|exchanged fire|ambush",),
        "Armed clash",
    ),
    ((r"kill|shot|execut|behead|massacre|attack",), "Attack"),
)
_BASELINE = tuple(
    (tuple(re.compile(p, re.IGNORECASE) for p in patterns), label)
    for patterns, label in _BASELINE_RULES
)
BASELINE_DEFAULT = "Other"


def baseline_label(text: str) -> str:
    """The keyword baseline's sub-event type for a snippet (first rule whose patterns all match)."""
    for patterns, label in _BASELINE:
        if all(p.search(text) for p in patterns):
            return label
    return BASELINE_DEFAULT


# -- gold --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AcledSnippet:
    id: str
    text: str
    published: dt.date
    event_type: str
    sub_event_type: str
    inter1: int
    inter2: int
    fatalities: int
    plover_type: str | None


def parse_snippet(row: dict[str, Any]) -> AcledSnippet:
    """One gold line, validated against ACLED's and PLOVER's label sets (ValueError if not)."""
    snippet = AcledSnippet(
        id=str(row["id"]),
        text=str(row["text"]),
        published=dt.date.fromisoformat(str(row["published"])),
        event_type=str(row["event_type"]),
        sub_event_type=str(row["sub_event_type"]),
        inter1=int(row["inter1"]),
        inter2=int(row["inter2"]),
        fatalities=int(row["fatalities"]),
        plover_type=None if row["plover_type"] is None else str(row["plover_type"]),
    )
    if snippet.sub_event_type not in SUB_EVENT_TYPES:
        raise ValueError(f"{snippet.id}: unknown sub_event_type {snippet.sub_event_type!r}")
    if snippet.event_type not in EVENT_TYPES:
        raise ValueError(f"{snippet.id}: unknown event_type {snippet.event_type!r}")
    if snippet.inter1 not in ACTOR_TYPES[1:] or snippet.inter2 not in ACTOR_TYPES:
        raise ValueError(f"{snippet.id}: inter codes out of range")
    if snippet.fatalities < 0:
        raise ValueError(f"{snippet.id}: negative fatalities")
    if snippet.plover_type is not None and snippet.plover_type not in PLOVER_TYPES:
        raise ValueError(f"{snippet.id}: unknown PLOVER type {snippet.plover_type!r}")
    if not snippet.text.strip():
        raise ValueError(f"{snippet.id}: empty text")
    return snippet


def load_snippets(path: Path) -> tuple[AcledSnippet, ...]:
    """Read the gold JSONL file (blank lines ignored)."""
    with path.open(encoding="utf-8") as fh:
        return tuple(parse_snippet(json.loads(line)) for line in fh if line.strip())


# -- scoring -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SnippetResult:
    id: str
    gold: str
    predicted: str
    baseline: str
    gold_event_type: str
    predicted_event_type: str
    baseline_event_type: str


@dataclass(frozen=True, slots=True)
class AcledScores:
    """Sub-event and event-type scores of sitrep and of the keyword baseline."""

    n: int
    sitrep: ClassReport
    sitrep_event_type: ClassReport
    baseline: ClassReport
    baseline_event_type: ClassReport
    results: tuple[SnippetResult, ...]
    seconds: float = 0.0

    @property
    def weighted_f1(self) -> float:
        return self.sitrep.weighted_f1

    @property
    def event_type_accuracy(self) -> float:
        return self.sitrep_event_type.accuracy

    @property
    def baseline_weighted_f1(self) -> float:
        return self.baseline.weighted_f1

    @property
    def baseline_event_type_accuracy(self) -> float:
        return self.baseline_event_type.accuracy

    def weakest(self, k: int = 8) -> tuple[ClassScore, ...]:
        """The gold sub-event types with the lowest sitrep F1 (ties: larger support first)."""
        gold = [c for c in self.sitrep.classes if c.support > 0]
        return tuple(sorted(gold, key=lambda c: (c.f1, -c.support, c.label))[:k])

    def confusions(self, k: int = 10) -> tuple[tuple[str, str, int], ...]:
        """The most frequent (gold, sitrep) disagreements with their counts."""
        pairs = Counter((r.gold, r.predicted) for r in self.results if r.gold != r.predicted)
        return tuple((g, p, n) for (g, p), n in pairs.most_common(k))

    def render(self, per_class: bool = True) -> str:
        lines = [
            f"ACLED snippets: n={self.n} ({self.seconds:.1f}s)",
            f"  sitrep    sub-event weighted-F1 {self.weighted_f1:.3f}  "
            f"macro-F1 {self.sitrep.macro_f1:.3f}  accuracy {self.sitrep.accuracy:.3f}  "
            f"event-type accuracy {self.event_type_accuracy:.3f}",
            f"  baseline  sub-event weighted-F1 {self.baseline_weighted_f1:.3f}  "
            f"macro-F1 {self.baseline.macro_f1:.3f}  accuracy {self.baseline.accuracy:.3f}  "
            f"event-type accuracy {self.baseline_event_type_accuracy:.3f}  (keyword rules)",
        ]
        if per_class:
            lines += ["", self.sitrep.render("sitrep sub-event"), ""]
            lines.append(self.sitrep_event_type.render("sitrep event type"))
            lines += ["", self.baseline.render("baseline sub-event"), "", "sitrep confusions:"]
            lines += [f"  {n:3d}  {g} -> {p}" for g, p, n in self.confusions()]
        return "\n".join(lines)


def score_labels(
    snippets: tuple[AcledSnippet, ...],
    predicted: list[str],
    predicted_event_types: list[str],
    seconds: float = 0.0,
) -> AcledScores:
    """Score given sitrep predictions (sub-event and event type) and run the baseline."""
    if not len(snippets) == len(predicted) == len(predicted_event_types):
        raise ValueError("snippets and predictions differ in length")
    to_event = {s.sub_event_type: s.event_type for s in snippets}
    results = []
    for s, sub, event in zip(snippets, predicted, predicted_event_types, strict=True):
        base = baseline_label(s.text)
        results.append(
            SnippetResult(
                id=s.id,
                gold=s.sub_event_type,
                predicted=sub,
                baseline=base,
                gold_event_type=s.event_type,
                predicted_event_type=event,
                baseline_event_type=to_event.get(base, base),
            )
        )
    gold = [r.gold for r in results]
    gold_event = [r.gold_event_type for r in results]
    return AcledScores(
        n=len(results),
        sitrep=class_report(gold, [r.predicted for r in results]),
        sitrep_event_type=class_report(gold_event, [r.predicted_event_type for r in results]),
        baseline=class_report(gold, [r.baseline for r in results]),
        baseline_event_type=class_report(gold_event, [r.baseline_event_type for r in results]),
        results=tuple(results),
        seconds=seconds,
    )


def evaluate_acled(gold: Path, nlp: Language, resources: Resources) -> AcledScores:
    """Run every gold snippet through sitrep and score it against the keyword baseline."""
    from sitrep.extract import extract_article
    from sitrep.sources.clean import article_id

    snippets = load_snippets(gold)
    t0 = time.perf_counter()
    predicted: list[str] = []
    predicted_event: list[str] = []
    for s in snippets:
        article = Article(id=article_id(s.text), text=s.text, published=s.published)
        ex = extract_article(nlp(s.text), article, resources)
        predicted.append(snippet_label(ex.events))
        predicted_event.append(snippet_label(ex.events, level="event_type"))
    return score_labels(snippets, predicted, predicted_event, time.perf_counter() - t0)
