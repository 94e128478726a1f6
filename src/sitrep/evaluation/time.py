"""``sitrep eval time``: time detection on re3d and normalisation on the gold file.

Detection compares ``doc.spans["times"]`` (all labels: dates, durations and
times of day, as re3d annotates all three) with the re3d ``Temporal`` spans of
the three sub-corpora under ``<shared>/data/re3d``. Gold spans with confidence
below 0.5 are dropped; of overlapping gold spans only the best (highest
confidence, then longest) is kept. Scores are given for exact offsets and for
overlap (a prediction and a gold span count as matched when they share a
character; each is matched at most once).

Normalisation runs :func:`sitrep.resolve.times.normalise` on every line of the
gold JSONL file (``text``, ``published`` and ``expected`` = ``{start, end,
precision}`` or ``null`` for "not a date", optionally ``tense``) and counts exact
matches of all three fields; a second file (``time_future.jsonl``: future windows
and tense-aware dates) is scored on its own line.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from sitrep.evaluation.prf import PRF
from sitrep.mentions.times import FACTORY, TimeMentions
from sitrep.resolve.times import normalise

RE3D_SUBSETS = ("centcom", "uk-government", "us-state-department")
MIN_CONFIDENCE = 0.5
FUTURE_GOLD = "time_future.jsonl"

Spans = set[tuple[str, int, int]]


@dataclass(frozen=True, slots=True)
class NormFailure:
    text: str
    published: str | None
    expected: dict[str, Any] | None
    got: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class TimeScores:
    """Detection scores on re3d and exact-match normalisation accuracy on the gold file."""

    exact: PRF | None
    overlap: PRF | None
    n_documents: int
    norm_correct: int
    norm_total: int
    failures: tuple[NormFailure, ...]
    extra_name: str | None = None
    extra_correct: int = 0
    extra_total: int = 0
    extra_failures: tuple[NormFailure, ...] = ()

    @property
    def norm_accuracy(self) -> float:
        return self.norm_correct / self.norm_total if self.norm_total else 0.0

    def render(self) -> str:
        lines = ["Time detection on re3d Temporal spans"]
        if self.exact is None or self.overlap is None:
            lines.append("  (re3d data not found: skipped)")
        else:
            lines.append(
                f"  {self.n_documents} documents; gold: confidence >= {MIN_CONFIDENCE}, "
                "best span per overlap"
            )
            lines.append("  " + self.exact.row("exact"))
            lines.append("  " + self.overlap.row("overlap"))
        lines.append("Time normalisation on the gold file")
        lines.append(
            f"  exact (start, end, precision): {self.norm_correct}/{self.norm_total}"
            f" = {self.norm_accuracy:.1%}"
        )
        lines.extend(_fail_line(f) for f in self.failures)
        if self.extra_name is not None:
            share = self.extra_correct / self.extra_total if self.extra_total else 0.0
            lines.append(
                f"  {self.extra_name}: {self.extra_correct}/{self.extra_total} = {share:.1%}"
            )
            lines.extend(_fail_line(f) for f in self.extra_failures)
        return "\n".join(lines)


def _fail_line(f: NormFailure) -> str:
    return f"  FAIL {f.text!r} (published {f.published}): expected {f.expected}, got {f.got}"


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                yield json.loads(line)


def load_re3d_temporal(re3d: Path) -> tuple[dict[str, str], Spans]:
    """Document texts by id and the kept gold ``(doc_id, start, end)`` Temporal spans."""
    texts: dict[str, str] = {}
    gold: Spans = set()
    for subset in RE3D_SUBSETS:
        folder = re3d / subset
        if not (folder / "documents.json").exists():
            continue
        for d in _read_jsonl(folder / "documents.json"):
            texts[str(d["_id"])] = str(d["text"])
        by_doc: dict[str, list[tuple[float, int, int]]] = {}
        for ent in _read_jsonl(folder / "entities.json"):
            conf = float(ent.get("confidence", 0))
            if ent.get("type") == "Temporal" and conf >= MIN_CONFIDENCE:
                by_doc.setdefault(str(ent["documentId"]), []).append(
                    (conf, int(ent["begin"]), int(ent["end"]))
                )
        for doc_id, spans in by_doc.items():
            kept: list[tuple[int, int]] = []
            for _, start, end in sorted(spans, key=lambda x: (-x[0], x[1] - x[2], x[1])):
                if all(end <= ks or start >= ke for ks, ke in kept):
                    kept.append((start, end))
            gold.update((doc_id, start, end) for start, end in kept)
    return texts, gold


def _overlap_tp(pred: Spans, gold: Spans) -> int:
    used: set[tuple[str, int, int]] = set()
    tp = 0
    for p in sorted(pred):
        for g in sorted(gold):
            if g not in used and g[0] == p[0] and p[1] < g[2] and g[1] < p[2]:
                used.add(g)
                tp += 1
                break
    return tp


def _time_docs(nlp: Language, texts: list[str]) -> Iterator[Doc]:
    if FACTORY in nlp.pipe_names:
        yield from nlp.pipe(texts)
        return
    component = TimeMentions(nlp, FACTORY)  # do not modify the caller's pipeline
    for doc in nlp.pipe(texts):
        yield component(doc)


def evaluate_detection(re3d: Path, nlp: Language) -> tuple[PRF, PRF, int] | None:
    """Exact and overlap P/R/F1 of ``doc.spans["times"]`` against re3d Temporal spans."""
    texts, gold = load_re3d_temporal(re3d)
    if not texts:
        return None
    ids = sorted(texts)
    pred: Spans = set()
    for doc_id, doc in zip(ids, _time_docs(nlp, [texts[i] for i in ids]), strict=True):
        pred.update((doc_id, s.start_char, s.end_char) for s in doc.spans["times"])
    exact = PRF(len(pred & gold), len(pred), len(gold))
    overlap = PRF(_overlap_tp(pred, gold), len(pred), len(gold))
    return exact, overlap, len(ids)


def evaluate_normalisation(gold: Path) -> tuple[int, int, tuple[NormFailure, ...]]:
    """Exact-match count, total and failures of :func:`normalise` on the gold file."""
    correct = total = 0
    failures: list[NormFailure] = []
    for row in _read_jsonl(gold):
        total += 1
        pub = dt.date.fromisoformat(row["published"]) if row.get("published") else None
        value = normalise(str(row["text"]), pub, tense=row.get("tense"))
        got = (
            None
            if value is None
            else {"start": value.start, "end": value.end, "precision": value.precision}
        )
        if got == row["expected"]:
            correct += 1
        else:
            failures.append(NormFailure(row["text"], row.get("published"), row["expected"], got))
    return correct, total, tuple(failures)


def evaluate_time(
    shared: Path, gold: Path, nlp: Language, *, gold_extra: Path | None = None
) -> TimeScores:
    """Detection on ``<shared>/data/re3d`` and normalisation on ``gold`` (JSONL).

    ``gold_extra`` is a second gold file scored on its own line; by default the
    future-expression file :data:`FUTURE_GOLD` next to ``gold``, when present.
    """
    det = evaluate_detection(shared / "data" / "re3d", nlp)
    correct, total, failures = evaluate_normalisation(gold)
    exact, overlap, n_docs = det if det is not None else (None, None, 0)
    extra = gold_extra if gold_extra is not None else gold.parent / FUTURE_GOLD
    if not extra.is_file():
        return TimeScores(exact, overlap, n_docs, correct, total, failures)
    e_correct, e_total, e_failures = evaluate_normalisation(extra)
    return TimeScores(
        exact, overlap, n_docs, correct, total, failures, extra.name, e_correct, e_total, e_failures
    )
