"""Frozen records passed between stages.

Every record that comes out of the text carries provenance: the article id,
``[start, end)`` character offsets into the article's cleaned text, the
component that produced it and a confidence. No I/O happens here.

Field names follow the ``sitrep extract`` contract (``docs/contract.md``), so
that :func:`sitrep.model.to_contract` is a plain projection.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA = "sitrep/1"

Offsets = tuple[int, int]

PlacePrecision = Literal["point", "town", "admin2", "admin1", "country", "region", "unresolved"]
TimePrecision = Literal["day", "week", "month", "year", "decade", "range", "unknown"]
Modality = Literal[
    "reported", "alleged", "denied", "rumored", "hypothetical", "future", "historical", "negated"
]
MODALITIES: tuple[str, ...] = (
    "reported",
    "alleged",
    "denied",
    "rumored",
    "hypothetical",
    "future",
    "historical",
    "negated",
)

# The 16 event types of PLOVER v0.8, in the manual's order (cooperation to conflict).
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a record comes from: article, text span, component, confidence."""

    article_id: str
    start: int
    end: int
    component: str
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Article:
    """One cleaned article. ``id`` is the sha256 of the normalised text."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    language: str | None = "en"
    input_id: str | None = None
    author: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that produced no article, with the reason."""

    source: str
    reason: str
    input_id: str | None = None
    article_id: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor of one article: KB-linked (``in_kb``) or kept as an unknown slug."""

    id: str
    name: str
    in_kb: bool
    country: str | None
    sector: str | None
    acled_inter: int | None
    mentions: tuple[Offsets, ...]
    kind: str | None = None
    component: str = "sitrep.actors"
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Place:
    """A toponym of one article, resolved with an honest precision."""

    id: str
    name: str
    country: str | None
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    precision: PlacePrecision
    role: Literal["location", "actor"]
    mentions: tuple[Offsets, ...]
    feature: str | None = None
    actor: str | None = None
    acled_geo_precision: int | None = None
    ucdp_where_prec: int | None = None
    component: str = "sitrep.places"
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A normalised time: ISO dates ``start``..``end`` (inclusive) and precision."""

    start: str | None
    end: str | None
    precision: TimePrecision
    text: str | None = None
    span: Offsets | None = None
    background: bool = False


@dataclass(frozen=True, slots=True)
class Magnitude:
    killed: int | None = None
    injured: int | None = None
    arrested: int | None = None


@dataclass(frozen=True, slots=True)
class AcledCode:
    event_type: str | None
    sub_event_type: str | None
    inter1: int | None
    inter2: int | None


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event with its arguments, crosswalks and evidence."""

    id: str
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    actors: tuple[str, ...]
    recipients: tuple[str, ...]
    place: str | None
    date: TimeValue
    modality: tuple[str, ...]
    claimant: str | None
    magnitude: Magnitude
    acled: AcledCode | None
    cameo: str | None
    quad: int | None
    score: float | None
    confidence: float
    trigger: Offsets
    evidence: Offsets
    component: str = "sitrep.events"
    ucdp_type: int | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """Who says what about whom: claimant, cue, stance, content span, events."""

    id: str
    claimant: str | None
    cue: str
    stance: Literal["assert", "report", "accuse", "deny", "rumor"]
    about: tuple[str, ...]
    content: Offsets
    events: tuple[str, ...]
    cue_span: Offsets | None = None
    component: str = "sitrep.claims"
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Relation:
    """A dated or text-stated relation between two actors."""

    type: str
    subject: str
    object: str
    evidence: Offsets | None
    source: Literal["text", "kb"] = "text"
    note: str | None = None
    component: str = "sitrep.relations"
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one article (or its skip record)."""

    article: Article | None
    skipped: Skipped | None
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    relations: tuple[Relation, ...] = ()
    timings: dict[str, float] = field(default_factory=dict, compare=False, hash=False)

    @property
    def article_id(self) -> str | None:
        if self.article is not None:
            return self.article.id
        return self.skipped.article_id if self.skipped else None


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def time_to_contract(value: TimeValue) -> dict[str, Any]:
    return {
        "start": value.start,
        "end": value.end,
        "precision": value.precision,
        "text": value.text,
    }


def to_contract(ex: Extraction) -> dict[str, Any]:
    """Project an :class:`Extraction` onto the ``sitrep/1`` output object."""
    if ex.article is not None:
        a = ex.article
        article: dict[str, Any] = {
            "id": a.id,
            "input_id": a.input_id,
            "title": a.title,
            "url": a.url,
            "outlet": a.outlet,
            "published": _date(a.published),
            "language": a.language,
        }
        text = a.text
        skipped = None
    else:
        s = ex.skipped
        assert s is not None
        article = {
            "id": s.article_id,
            "input_id": s.input_id,
            "title": s.title,
            "url": s.url,
            "outlet": s.outlet,
            "published": _date(s.published),
            "language": None,
        }
        text = ""
        skipped = s.reason
    return {
        "schema": SCHEMA,
        "article": article,
        "skipped": skipped,
        "text": text,
        "actors": [
            {
                "id": x.id,
                "name": x.name,
                "in_kb": x.in_kb,
                "country": x.country,
                "sector": x.sector,
                "acled_inter": x.acled_inter,
                "mentions": [list(m) for m in x.mentions],
            }
            for x in ex.actors
        ],
        "places": [
            {
                "id": p.id,
                "name": p.name,
                "country": p.country,
                "admin1": p.admin1,
                "admin2": p.admin2,
                "lat": p.lat,
                "lon": p.lon,
                "precision": p.precision,
                "role": p.role,
                "mentions": [list(m) for m in p.mentions],
            }
            for p in ex.places
        ],
        "events": [
            {
                "id": e.id,
                "type": e.type,
                "mode": e.mode,
                "contexts": list(e.contexts),
                "actors": list(e.actors),
                "recipients": list(e.recipients),
                "place": e.place,
                "date": time_to_contract(e.date),
                "modality": list(e.modality),
                "claimant": e.claimant,
                "magnitude": {
                    "killed": e.magnitude.killed,
                    "injured": e.magnitude.injured,
                    "arrested": e.magnitude.arrested,
                },
                "acled": None
                if e.acled is None
                else {
                    "event_type": e.acled.event_type,
                    "sub_event_type": e.acled.sub_event_type,
                    "inter1": e.acled.inter1,
                    "inter2": e.acled.inter2,
                },
                "cameo": e.cameo,
                "ucdp_type": e.ucdp_type,
                "quad": e.quad,
                "score": e.score,
                "confidence": round(e.confidence, 4),
                "trigger": list(e.trigger),
                "evidence": list(e.evidence),
            }
            for e in ex.events
        ],
        "claims": [
            {
                "id": c.id,
                "claimant": c.claimant,
                "cue": c.cue,
                "stance": c.stance,
                "about": list(c.about),
                "content": list(c.content),
                "events": list(c.events),
            }
            for c in ex.claims
        ],
        "relations": [
            {
                "type": r.type,
                "subject": r.subject,
                "object": r.object,
                "evidence": list(r.evidence) if r.evidence else None,
            }
            for r in ex.relations
        ],
    }
