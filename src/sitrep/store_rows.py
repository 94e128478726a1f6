"""Mapping between records and store rows, both ways (no SQL here)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sitrep.model import AcledCode, Article, Event, Extraction, Magnitude, TimeValue


def iso_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def article_rows(
    ex: Extraction, a: Article, run_id: str, rows: dict[str, list[tuple[Any, ...]]]
) -> None:
    rows["articles"].append(
        (
            a.id,
            a.input_id,
            a.title,
            a.url,
            a.outlet,
            a.published,
            a.language,
            a.author,
            a.text,
            run_id,
        )
    )
    for x in ex.actors:
        rows["actors"].append(
            (
                a.id,
                x.id,
                x.name,
                x.in_kb,
                x.country,
                x.sector,
                x.acled_inter,
                x.kind,
                x.component,
                x.confidence,
            )
        )
        rows["mentions"] += [(a.id, "actor", x.id, s, e) for s, e in x.mentions]
    for p in ex.places:
        rows["places"].append(
            (
                a.id,
                p.id,
                p.name,
                p.country,
                p.admin1,
                p.admin2,
                p.lat,
                p.lon,
                p.precision,
                p.role,
                p.feature,
                p.actor,
                p.acled_geo_precision,
                p.ucdp_where_prec,
                p.component,
                p.confidence,
            )
        )
        kind = place_mention_kind(p.role)
        rows["mentions"] += [(a.id, kind, p.id, s, e) for s, e in p.mentions]
    for ev in ex.events:
        d = ev.date
        rows["events"].append(
            (
                a.id,
                ev.id,
                ev.type,
                ev.mode,
                list(ev.contexts),
                list(ev.actors),
                list(ev.recipients),
                ev.place,
                iso_date(d.start),
                iso_date(d.end),
                d.precision,
                d.text,
                d.span[0] if d.span else None,
                d.span[1] if d.span else None,
                list(ev.modality),
                ev.claimant,
                ev.magnitude.killed,
                ev.magnitude.injured,
                ev.magnitude.arrested,
                ev.acled.event_type if ev.acled else None,
                ev.acled.sub_event_type if ev.acled else None,
                ev.acled.inter1 if ev.acled else None,
                ev.acled.inter2 if ev.acled else None,
                ev.cameo,
                ev.quad,
                ev.score,
                ev.confidence,
                ev.trigger[0],
                ev.trigger[1],
                ev.evidence[0],
                ev.evidence[1],
                ev.component,
                ev.ucdp_type,
            )
        )
        if d.span is not None:
            rows["mentions"].append((a.id, "time", ev.id, d.span[0], d.span[1]))
    for c in ex.claims:
        rows["claims"].append(
            (
                a.id,
                c.id,
                c.claimant,
                c.cue,
                c.stance,
                list(c.about),
                c.content[0],
                c.content[1],
                list(c.events),
                c.component,
                c.confidence,
            )
        )
    for r in ex.relations:
        rows["relations"].append(
            (
                a.id,
                r.type,
                r.subject,
                r.object,
                r.evidence[0] if r.evidence else None,
                r.evidence[1] if r.evidence else None,
                r.source,
                r.note,
                r.component,
                r.confidence,
            )
        )


def place_mention_kind(role: str) -> str:
    # a name can be a location in one sentence and a metonymic actor in another
    return "place" if role == "location" else "place_actor"


def event_from_row(r: dict[str, Any]) -> Event:
    def iso(value: dt.date | None) -> str | None:
        return value.isoformat() if value is not None else None

    span = (
        (r["date_start_offset"], r["date_end_offset"])
        if r["date_start_offset"] is not None
        else None
    )
    acled = None
    if r["acled_event_type"] is not None or r["inter1"] is not None:
        acled = AcledCode(
            r["acled_event_type"], r["acled_sub_event_type"], r["inter1"], r["inter2"]
        )
    return Event(
        id=r["id"],
        type=r["type"],
        mode=r["mode"],
        contexts=tuple(r["contexts"] or ()),
        actors=tuple(r["actors"] or ()),
        recipients=tuple(r["recipients"] or ()),
        place=r["place"],
        date=TimeValue(
            start=iso(r["date_start"]),
            end=iso(r["date_end"]),
            precision=r["date_precision"],
            text=r["date_text"],
            span=span,
        ),
        modality=tuple(r["modality"] or ()),
        claimant=r["claimant"],
        magnitude=Magnitude(r["killed"], r["injured"], r["arrested"]),
        acled=acled,
        cameo=r["cameo"],
        quad=r["quad"],
        score=r["score"],
        confidence=r["confidence"],
        trigger=(r["trigger_start"], r["trigger_end"]),
        evidence=(r["evidence_start"], r["evidence_end"]),
        component=r["component"],
        ucdp_type=r["ucdp_type"],
    )
