"""Terminal and file renderings of stored records (tables, CSV, JSONL, highlighted text)."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import IO, Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sitrep.model import Event, Extraction, time_to_contract, to_contract
from sitrep.pipeline import RunReport
from sitrep.store import EventRow

EVENT_COLUMNS: tuple[str, ...] = (
    "article_id",
    "event_id",
    "type",
    "mode",
    "actors",
    "recipients",
    "place",
    "date_start",
    "date_end",
    "date_precision",
    "modality",
    "claimant",
    "acled_event_type",
    "acled_sub_event_type",
    "cameo",
    "quad",
    "score",
    "killed",
    "confidence",
)

STYLES = {"actor": "bold cyan", "place": "bold green", "time": "bold yellow", "event": "bold red"}


def event_record(row: EventRow) -> dict[str, Any]:
    """One flat record per event (CSV columns; JSONL adds the nested contract fields)."""
    e = row.event
    return {
        "article_id": row.article_id,
        "event_id": e.id,
        "type": e.type,
        "mode": e.mode,
        "actors": ";".join(e.actors),
        "recipients": ";".join(e.recipients),
        "place": e.place,
        "date_start": e.date.start,
        "date_end": e.date.end,
        "date_precision": e.date.precision,
        "modality": ";".join(e.modality),
        "claimant": e.claimant,
        "acled_event_type": e.acled.event_type if e.acled else None,
        "acled_sub_event_type": e.acled.sub_event_type if e.acled else None,
        "cameo": e.cameo,
        "quad": e.quad,
        "score": e.score,
        "killed": e.magnitude.killed,
        "confidence": round(e.confidence, 3),
    }


def write_events_csv(rows: Sequence[EventRow], out: IO[str]) -> None:
    writer = csv.DictWriter(out, fieldnames=list(EVENT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(event_record(row))


def write_events_jsonl(rows: Sequence[EventRow], out: IO[str]) -> None:
    for row in rows:
        e = row.event
        record = {"article_id": row.article_id, "title": row.title} | _event_contract(e)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _event_contract(e: Event) -> dict[str, Any]:
    record = event_record(EventRow("", None, None, e))
    record.pop("article_id")
    record.update(
        id=record.pop("event_id"),
        actors=list(e.actors),
        recipients=list(e.recipients),
        modality=list(e.modality),
        contexts=list(e.contexts),
        date=time_to_contract(e.date),
        trigger=list(e.trigger),
        evidence=list(e.evidence),
    )
    return record


def events_table(rows: Sequence[EventRow]) -> Table:
    table = Table(title=f"{len(rows)} events", show_lines=False, expand=False)
    for name in (
        "article",
        "id",
        "type",
        "mode",
        "actors → recipients",
        "place",
        "date",
        "modality",
        "claimant",
        "ACLED",
        "conf",
    ):
        table.add_column(name, overflow="fold")
    for row in rows:
        e = row.event
        when = e.date.start or "…"
        if e.date.end and e.date.end != e.date.start:
            when = f"{when}..{e.date.end}"
        table.add_row(
            row.article_id[:8],
            e.id,
            e.type,
            e.mode or "",
            f"{', '.join(e.actors) or '?'} → {', '.join(e.recipients) or '-'}",
            e.place or "",
            f"{when} ({e.date.precision})",
            ", ".join(e.modality),
            e.claimant or "",
            (e.acled.sub_event_type or "") if e.acled else "",
            f"{e.confidence:.2f}",
        )
    return table


def stats_table(counts: dict[str, int], extra: Sequence[tuple[str, int]] = ()) -> Table:
    table = Table(title="store")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, value in counts.items():
        table.add_row(name, str(value))
    for name, value in extra:
        table.add_row(name, str(value))
    return table


def report_table(report: RunReport) -> Table:
    table = Table(title=f"run {report.run_id}")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("articles read", str(report.articles_seen))
    table.add_row("articles added", str(report.articles_added))
    table.add_row("already stored", str(report.articles_known))
    for reason, n in report.skip_reasons.items():
        table.add_row(f"skipped: {reason}", str(n))
    for name, n in report.records.items():
        table.add_row(f"new {name}", str(n))
    table.add_row("seconds", f"{report.seconds:.1f}")
    return table


def highlighted_text(ex: Extraction) -> Text:
    """The cleaned text with actor, place, time and event-trigger spans styled."""
    assert ex.article is not None
    text = Text(ex.article.text)
    for actor in ex.actors:
        for start, end in actor.mentions:
            text.stylize(STYLES["actor"], start, end)
    for place in ex.places:
        for start, end in place.mentions:
            text.stylize(STYLES["place"], start, end)
    for event in ex.events:
        if event.date.span:
            text.stylize(STYLES["time"], *event.date.span)
        text.stylize(STYLES["event"] + " underline", *event.trigger)
    return text


def show_article(ex: Extraction) -> RenderableType:
    """Everything `sitrep show` prints for one article."""
    assert ex.article is not None
    a = ex.article
    legend = Text.assemble(
        ("actor", STYLES["actor"]),
        "  ",
        ("place", STYLES["place"]),
        "  ",
        ("time", STYLES["time"]),
        "  ",
        ("event trigger", STYLES["event"]),
    )
    header = Text(
        f"{a.title or '(untitled)'}\nid {a.id}\npublished {a.published or 'unknown'}"
        f"  outlet {a.outlet or 'unknown'}\nsources: {', '.join(a.sources) or '-'}"
    )
    parts: list[RenderableType] = [header, legend, Panel(highlighted_text(ex))]
    names = {x.id: x.name for x in ex.actors} | {p.id: p.name for p in ex.places}
    for e in ex.events:
        body = to_contract(Extraction(article=a, skipped=None, events=(e,)))["events"][0]
        lines = [
            f"[bold]{e.id}[/] {e.type}{' · ' + e.mode if e.mode else ''}"
            f"  {_names(e.actors, names)} → {_names(e.recipients, names)}",
            f"  where: {names.get(e.place or '', e.place) or '-'}   when: "
            f"{body['date']['start'] or '…'}..{body['date']['end'] or '…'} "
            f"({e.date.precision}{', ' + repr(e.date.text) if e.date.text else ''})",
            f"  modality: {', '.join(e.modality) or 'asserted'}   claimant: "
            f"{names.get(e.claimant or '', e.claimant) or 'author'}"
            f"   confidence {e.confidence:.2f}",
            f"  ACLED: {e.acled.event_type if e.acled else '-'} / "
            f"{e.acled.sub_event_type if e.acled else '-'}   CAMEO {e.cameo or '-'}"
            f"   quad {e.quad or '-'}   score {e.score if e.score is not None else '-'}",
        ]
        evidence = Text("  evidence: ")
        snippet = Text(a.text[e.evidence[0] : e.evidence[1]])
        t0, t1 = e.trigger[0] - e.evidence[0], e.trigger[1] - e.evidence[0]
        if 0 <= t0 < t1 <= len(snippet):
            snippet.stylize(STYLES["event"], t0, t1)
        evidence.append(snippet)
        parts.append(Text.from_markup("\n".join(lines)))
        parts.append(evidence)
    for c in ex.claims:
        parts.append(
            Text(
                f"{c.id} claim ({c.stance}, cue {c.cue!r}) by "
                f"{names.get(c.claimant or '', c.claimant) or 'the author'} about "
                f"{_names(c.about, names)}: "
                f"{a.text[c.content[0] : c.content[1]]!r} events {', '.join(c.events) or '-'}"
            )
        )
    return Group(*parts)


def _names(ids: Sequence[str], names: dict[str, str]) -> str:
    return ", ".join(names.get(i, i) for i in ids) or "-"
