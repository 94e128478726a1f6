"""Held-out event notes scored on event, type, claimant, modality and date.

The gold file (``tests/gold/attribution_notes.jsonl``) holds short passages with a
publication date, written by the evaluator, each annotated for ONE target event:

* ``trigger`` / ``trigger_start``: the trigger's text and its character offset;
* ``claimant``: the surface form of who the text attributes the event to, or null
  for the author's own voice (its first occurrence in the text is the gold span);
* ``modality``: a subset of ``reported, alleged, denied, rumored, hypothetical,
  future, historical, negated`` ([] = asserted);
* ``date``: ``{start, end, precision}`` resolved against ``published`` (``unknown``
  with ``start`` null and ``end`` = published when the text gives no time);
* ``type``: the PLOVER type.

Annotation guide (so that the labels mean one thing):

* ``reported``: the event comes from a named or unnamed source other than the
  author ("X said", "according to X", "X reported", "reportedly", "is said to"),
  including a group claiming responsibility when the claim is the text's only
  source for the perpetrator. ``alleged``: an accusation ("X accused Y of",
  "blamed", "charged", "allegedly"); not also ``reported``. ``denied``: a source
  denies the event ("denied", "rejected claims that", "dismissed reports that");
  not also ``negated``. ``rumored``: rumours and unverified word of mouth.
* ``hypothetical`` (could, would, might, if, should ...), ``future`` (plans, will,
  is set to, vowed to, next ...) and ``historical`` (background dated years before
  publication) combine with ``reported`` when a source voices them.
* ``negated``: the text (or a reporting source) says the event did not happen
  ("did not", "no ... took place", "failed to", "refrained from").
* A date attached to the speech act ("said on Tuesday") is not the event's date.

Scoring: for each passage, the predicted event is the extracted event whose trigger
overlaps the gold trigger (largest overlap, then highest confidence); a passage
with none counts as a miss and as wrong on every field. A predicted claimant (an
actor id) is right when one of that actor's mention spans overlaps the gold
claimant's first occurrence; null matches null. Modality is scored as an exact set
and per label (precision, recall, F1; a miss predicts no label). The date is right
when start, end and precision are all equal.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitrep.model import MODALITIES, PLOVER_TYPES, Article, Event, Extraction

if TYPE_CHECKING:
    from spacy.language import Language

    from sitrep.extract import Resources

PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year", "decade", "range", "unknown")


@dataclass(frozen=True, slots=True)
class GoldDate:
    start: str | None
    end: str | None
    precision: str


@dataclass(frozen=True, slots=True)
class AttributionNote:
    id: str
    text: str
    published: dt.date
    trigger: str
    trigger_start: int
    claimant: str | None
    modality: frozenset[str]
    date: GoldDate
    type: str

    @property
    def trigger_span(self) -> tuple[int, int]:
        return self.trigger_start, self.trigger_start + len(self.trigger)

    @property
    def claimant_span(self) -> tuple[int, int] | None:
        if self.claimant is None:
            return None
        start = self.text.find(self.claimant)
        return (start, start + len(self.claimant)) if start >= 0 else None


def _iso_or_none(value: Any) -> str | None:
    if value is None:
        return None
    return dt.date.fromisoformat(str(value)).isoformat()


def parse_note(row: dict[str, Any]) -> AttributionNote:
    """One gold line, validated (offsets, label sets, date shape); ValueError if invalid."""
    raw_date = row["date"]
    note = AttributionNote(
        id=str(row["id"]),
        text=str(row["text"]),
        published=dt.date.fromisoformat(str(row["published"])),
        trigger=str(row["trigger"]),
        trigger_start=int(row["trigger_start"]),
        claimant=None if row["claimant"] is None else str(row["claimant"]),
        modality=frozenset(str(m) for m in row["modality"]),
        date=GoldDate(
            start=_iso_or_none(raw_date["start"]),
            end=_iso_or_none(raw_date["end"]),
            precision=str(raw_date["precision"]),
        ),
        type=str(row["type"]),
    )
    start, end = note.trigger_span
    if note.text[start:end] != note.trigger:
        raise ValueError(f"{note.id}: trigger_start does not point at {note.trigger!r}")
    if note.claimant is not None and note.claimant_span is None:
        raise ValueError(f"{note.id}: claimant {note.claimant!r} not in text")
    if not note.modality <= set(MODALITIES):
        raise ValueError(f"{note.id}: unknown modality {sorted(note.modality - set(MODALITIES))}")
    if note.type not in PLOVER_TYPES:
        raise ValueError(f"{note.id}: unknown PLOVER type {note.type!r}")
    d = note.date
    if d.precision not in PRECISIONS:
        raise ValueError(f"{note.id}: unknown precision {d.precision!r}")
    if d.precision == "unknown":
        if d.start is not None or d.end != note.published.isoformat():
            raise ValueError(f"{note.id}: unknown dates need start null and end = published")
    elif d.start is None or d.end is None or d.start > d.end:
        raise ValueError(f"{note.id}: bad date range {d.start}..{d.end}")
    return note


def load_notes(path: Path) -> tuple[AttributionNote, ...]:
    """Read the gold JSONL file (blank lines ignored)."""
    with path.open(encoding="utf-8") as fh:
        return tuple(parse_note(json.loads(line)) for line in fh if line.strip())


# -- matching ----------------------------------------------------------------------------------
def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_event(note: AttributionNote, events: Sequence[Event]) -> Event | None:
    """The event whose trigger overlaps the gold trigger most (ties: higher confidence)."""
    best: tuple[int, float, Event] | None = None
    span = note.trigger_span
    for event in events:
        size = _overlap(span, event.trigger)
        if size and (best is None or (size, event.confidence) > best[:2]):
            best = (size, event.confidence, event)
    return best[2] if best is not None else None


def claimant_correct(note: AttributionNote, event: Event, ex: Extraction) -> bool:
    """Is the event's claimant the gold one (by mention overlap with its first occurrence)?"""
    gold = note.claimant_span
    if gold is None or event.claimant is None:
        return gold is None and event.claimant is None
    for actor in ex.actors:
        if actor.id == event.claimant:
            return any(_overlap(gold, mention) for mention in actor.mentions)
    return False


# -- results -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class NoteResult:
    id: str
    found: bool
    type_ok: bool
    claimant_ok: bool
    modality_ok: bool
    date_ok: bool
    gold_modality: frozenset[str]
    predicted_modality: frozenset[str]
    predicted_type: str | None = None
    predicted_claimant: str | None = None
    predicted_date: GoldDate | None = None


@dataclass(frozen=True, slots=True)
class LabelScore:
    label: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn


@dataclass(frozen=True, slots=True)
class AttributionScores:
    """Rates over all passages (a miss is wrong on every field) and per-label modality."""

    n: int
    found: float
    type_correct: float
    claimant_correct: float
    modality_exact: float
    date_exact: float
    modality_labels: tuple[LabelScore, ...]
    results: tuple[NoteResult, ...]
    seconds: float = 0.0

    def _of_found(self, field: str) -> float:
        hits = [r for r in self.results if r.found]
        return sum(getattr(r, field) for r in hits) / len(hits) if hits else 0.0

    def weakest_modalities(self) -> tuple[LabelScore, ...]:
        """Modality labels present in the gold, lowest F1 first."""
        gold = [s for s in self.modality_labels if s.support]
        return tuple(sorted(gold, key=lambda s: (s.f1, -s.support, s.label)))

    def by_modality(self) -> tuple[tuple[str, int, float, float, float, float], ...]:
        """Per gold-modality group ("asserted", "alleged", "future+reported", ...): n and the
        rates of found, claimant, modality and date, largest groups first."""
        groups: dict[str, list[NoteResult]] = {}
        for r in self.results:
            groups.setdefault("+".join(sorted(r.gold_modality)) or "asserted", []).append(r)
        rows = []
        for key, rs in groups.items():
            n = len(rs)
            rows.append(
                (
                    key,
                    n,
                    sum(r.found for r in rs) / n,
                    sum(r.claimant_ok for r in rs) / n,
                    sum(r.modality_ok for r in rs) / n,
                    sum(r.date_ok for r in rs) / n,
                )
            )
        return tuple(sorted(rows, key=lambda row: (-row[1], row[0])))

    def render(self) -> str:
        rows = [
            ("event found", self.found, None),
            ("type", self.type_correct, "type_ok"),
            ("claimant", self.claimant_correct, "claimant_ok"),
            ("modality (exact set)", self.modality_exact, "modality_ok"),
            ("date (exact)", self.date_exact, "date_ok"),
        ]
        lines = [f"Attribution notes: n={self.n} ({self.seconds:.1f}s)"]
        for name, value, field in rows:
            extra = f"   (of found: {self._of_found(field):.3f})" if field else ""
            lines.append(f"  {name:<22} {value:.3f}{extra}")
        lines.append(f"  {'modality label':<14} {'prec':>5}  {'rec':>5}  {'f1':>5}  {'gold':>4}")
        for s in self.modality_labels:
            lines.append(
                f"  {s.label:<14} {s.precision:5.3f}  {s.recall:5.3f}  {s.f1:5.3f}  {s.support:4d}"
            )
        lines.append(f"  {'gold modality':<22} {'n':>3}  found  claim  modal   date")
        for key, n, found, claim, modal, date in self.by_modality():
            lines.append(
                f"  {key:<22} {n:3d}  {found:5.2f}  {claim:5.2f}  {modal:5.2f}  {date:5.2f}"
            )
        return "\n".join(lines)


def score_note(note: AttributionNote, ex: Extraction) -> NoteResult:
    """Compare the event matched to the gold trigger with the gold annotation."""
    event = match_event(note, ex.events)
    if event is None:
        return NoteResult(
            id=note.id,
            found=False,
            type_ok=False,
            claimant_ok=False,
            modality_ok=False,
            date_ok=False,
            gold_modality=note.modality,
            predicted_modality=frozenset(),
        )
    predicted_date = GoldDate(event.date.start, event.date.end, event.date.precision)
    modality = frozenset(event.modality)
    return NoteResult(
        id=note.id,
        found=True,
        type_ok=event.type == note.type,
        claimant_ok=claimant_correct(note, event, ex),
        modality_ok=modality == note.modality,
        date_ok=predicted_date == note.date,
        gold_modality=note.modality,
        predicted_modality=modality,
        predicted_type=event.type,
        predicted_claimant=event.claimant,
        predicted_date=predicted_date,
    )


def aggregate(results: Sequence[NoteResult], seconds: float = 0.0) -> AttributionScores:
    """Rates and per-label modality scores of a list of per-passage results."""
    n = len(results)

    def rate(field: str) -> float:
        return sum(bool(getattr(r, field)) for r in results) / n if n else 0.0

    labels = []
    for label in MODALITIES:
        tp = sum(label in r.gold_modality and label in r.predicted_modality for r in results)
        fp = sum(label not in r.gold_modality and label in r.predicted_modality for r in results)
        fn = sum(label in r.gold_modality and label not in r.predicted_modality for r in results)
        labels.append(LabelScore(label, tp, fp, fn))
    return AttributionScores(
        n=n,
        found=rate("found"),
        type_correct=rate("type_ok"),
        claimant_correct=rate("claimant_ok"),
        modality_exact=rate("modality_ok"),
        date_exact=rate("date_ok"),
        modality_labels=tuple(labels),
        results=tuple(results),
        seconds=seconds,
    )


def evaluate_attribution(gold: Path, nlp: Language, resources: Resources) -> AttributionScores:
    """Run every gold passage through sitrep and score its target event."""
    from sitrep.extract import extract_article
    from sitrep.sources.clean import article_id

    notes = load_notes(gold)
    t0 = time.perf_counter()
    results = []
    for note in notes:
        article = Article(id=article_id(note.text), text=note.text, published=note.published)
        ex = extract_article(nlp(note.text), article, resources)
        results.append(score_note(note, ex))
    return aggregate(results, time.perf_counter() - t0)
