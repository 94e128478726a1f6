"""Run sources → documents → extraction → store in batches; return a RunReport.

Articles already in the store are recognised by id before parsing, so a
re-run costs little and adds nothing; a run killed part-way is completed by
running it again.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sitrep.config import Settings
from sitrep.document import load_pipeline
from sitrep.extract import Resources, extract_stream, load_resources
from sitrep.model import Article, Extraction, Skipped
from sitrep.sources import read_inputs
from sitrep.store import Store

if TYPE_CHECKING:
    from spacy.language import Language

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class RunReport:
    """What a run did: counts, skip reasons, timings."""

    run_id: str
    inputs: tuple[str, ...]
    articles_seen: int
    articles_added: int
    articles_known: int
    skipped: tuple[tuple[str, str], ...]
    records: dict[str, int]
    timings: dict[str, float]
    seconds: float
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def skip_reasons(self) -> dict[str, int]:
        counts = Counter(_reason_kind(reason) for _, reason in self.skipped)
        return dict(sorted(counts.items()))

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "inputs": list(self.inputs),
            "articles_seen": self.articles_seen,
            "articles_added": self.articles_added,
            "articles_known": self.articles_known,
            "skipped": [{"source": s, "reason": r} for s, r in self.skipped],
            "records": self.records,
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "seconds": round(self.seconds, 3),
            "totals": self.totals,
        }

    def render(self) -> str:
        lines = [
            f"run {self.run_id}: {self.articles_seen} articles read, "
            f"{self.articles_added} added, {self.articles_known} already stored, "
            f"{len(self.skipped)} skipped, in {self.seconds:.1f} s",
        ]
        if self.records:
            lines.append("new records: " + ", ".join(f"{k} {v}" for k, v in self.records.items()))
        for source, reason in self.skipped:
            lines.append(f"  skipped {source}: {reason}")
        if self.timings:
            lines.append(
                "time by stage: "
                + ", ".join(f"{k} {v:.2f}s" for k, v in sorted(self.timings.items()))
            )
        if self.totals:
            lines.append(
                "store now holds: " + ", ".join(f"{k} {v}" for k, v in self.totals.items())
            )
        return "\n".join(lines)


def _reason_kind(reason: str) -> str:
    """The reason without its specifics: 'invalid UTF-8 at byte 41' -> 'invalid UTF-8 at byte N'."""
    return re.sub(r"(?<![\w-])\d+", "N", reason.split(":")[0])


def extract(
    inputs: Sequence[str],
    settings: Settings,
    *,
    nlp: Language | None = None,
    resources: Resources | None = None,
) -> Iterator[Extraction]:
    """Extract every input article (no store): the engine of ``sitrep extract``."""
    nlp = nlp if nlp is not None else load_pipeline(settings)
    resources = resources if resources is not None else load_resources(settings)
    items = read_inputs(
        inputs,
        published=settings.published,
        outlet=settings.outlet,
        max_chars=settings.max_chars,
    )
    yield from extract_stream(
        nlp, items, resources, batch_size=settings.batch_size, n_process=settings.n_process
    )


def run(
    inputs: Sequence[str],
    settings: Settings,
    store: Store,
    *,
    nlp: Language | None = None,
    resources: Resources | None = None,
    progress: Progress | None = None,
) -> RunReport:
    """Read, extract and store every input; return the run report (also stored)."""
    started = dt.datetime.now()
    t0 = time.perf_counter()
    run_id = started.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    items = read_inputs(
        inputs,
        published=settings.published,
        outlet=settings.outlet,
        max_chars=settings.max_chars,
    )
    known: list[Extraction] = []
    state = {"seen": 0}

    def new_only(stream: Iterable[Article | Skipped]) -> Iterator[Article | Skipped]:
        """Drop articles already stored before parsing; keep them to record new sources."""
        batch: list[Article | Skipped] = []

        def drain() -> Iterator[Article | Skipped]:
            ids = store.known_article_ids(x.id for x in batch if isinstance(x, Article))
            for x in batch:
                if isinstance(x, Article):
                    state["seen"] += 1
                    if x.id in ids:
                        known.append(Extraction(article=x, skipped=None))
                        continue
                yield x
            batch.clear()

        for item in stream:
            batch.append(item)
            if len(batch) >= settings.batch_size:
                yield from drain()
        yield from drain()

    nlp_ready = nlp if nlp is not None else load_pipeline(settings)
    res = resources if resources is not None else load_resources(settings)
    load_seconds = time.perf_counter() - t0

    added = 0
    n_known = 0
    skipped: list[tuple[str, str]] = []
    records: Counter[str] = Counter()
    timings: defaultdict[str, float] = defaultdict(float, {"load": load_seconds})
    pending: list[Extraction] = []

    def flush() -> None:
        nonlocal added, n_known
        batch = pending + known
        n_known += len(known)
        t = time.perf_counter()
        added += store.write(batch, run_id)
        timings["store"] += time.perf_counter() - t
        pending.clear()
        known.clear()

    t_parse = time.perf_counter()
    for ex in extract_stream(
        nlp_ready,
        new_only(items),
        res,
        batch_size=settings.batch_size,
        n_process=settings.n_process,
    ):
        if ex.skipped is not None:
            skipped.append((ex.skipped.source, ex.skipped.reason))
        else:
            records.update(
                actors=len(ex.actors),
                places=len(ex.places),
                events=len(ex.events),
                claims=len(ex.claims),
                relations=len(ex.relations),
            )
            for stage, seconds in ex.timings.items():
                timings[stage] += seconds
        pending.append(ex)
        if progress is not None:
            progress(1)
        if len(pending) >= settings.batch_size:
            flush()
    flush()
    total = time.perf_counter() - t0
    stage_time = sum(v for k, v in timings.items() if k not in {"load", "store"})
    timings["parse"] = max(0.0, (time.perf_counter() - t_parse) - timings["store"] - stage_time)
    report = RunReport(
        run_id=run_id,
        inputs=tuple(inputs),
        articles_seen=state["seen"],
        articles_added=added,
        articles_known=n_known,
        skipped=tuple(skipped),
        records=dict(records),
        timings=dict(timings),
        seconds=total,
        totals={k: v for k, v in store.counts().items() if k != "runs"},
    )
    store.record_run(run_id, started, dt.datetime.now(), inputs, report.as_dict())
    return report
