"""Toponym resolution with honest precision: ``doc.spans["places"]`` → Place records.

Ranking (``mode="full"``): each candidate gets a prior from its kind (country,
admin area, curated feature, town), the log of its population and whether the
text matched its own name or only an alternate name; then context: a
document-level vote of countries and admin1 areas (countries named, demonyms,
unambiguous places), an explicit hint ("Al-Qaim, Anbar", "Kirkuk province"),
and, in a second pass, closeness to the other resolved places. ``mode="population"``
is the naive baseline (largest population wins) used by ``sitrep eval geo``.

Precision: country → ``country``; ADM1 → ``admin1``; ADM2 → ``admin2``;
populated place → ``town``; curated sites (bases, crossings) → ``point``;
regions, rivers, continents → ``region``. A name with no candidate is kept as
``unresolved`` (id ``unresolved:<slug>``, no coordinates) — never dropped and
never replaced by a country centroid. An exception while scoring one name only
makes that name unresolved.

Roles: one Place per (resolved id, role): a country used as a place and as a
government in the same article gives two records with the same id, one
``role="location"`` and one ``role="actor"`` (with ``actor`` = lowercase ISO3).

Borders: a Place whose every mention is a border reference ("the border with
Syria, Jordan and Saudi Arabia", "the Syrian border") gets ``feature="border"``;
events must not use it as their point. :func:`is_border_reference` answers the
same question for one mention.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Span

from sitrep.knowledge.gazetteer import Candidate, Entry, Gazetteer, name_key
from sitrep.mentions.places import place_spans
from sitrep.model import Actor, Article, Place, PlacePrecision
from sitrep.resolve.place_roles import (
    _border_span,
    is_border_reference,
    mention_role,
    near_cue,
)

__all__ = ["is_border_reference", "place_for_offsets", "resolve_places"]

Mode = Literal["full", "population"]
COMPONENT = "sitrep.places.v1"
_SUFFIX_KIND = {
    "province": "admin1",
    "governorate": "admin1",
    "state": "admin1",
    "region": "admin1",
    "district": "admin2",
    "county": "admin2",
    "city": "city",
    "town": "city",
    "village": "city",
}
_SITE_WORDS = frozenset({"base", "airbase", "camp", "garrison", "airport", "airfield"})
_KIND_PRIOR = {
    "country": 9.0,
    "admin1": 2.0,
    "region": 5.5,
    "feature": 9.0,
    "admin2": 0.5,
    "city": 0.0,
}
_POP_WEIGHT = 1.5
_W_COUNTRY = 6.0  # share of the document's country vote
_W_ADMIN1 = 2.5  # the candidate's province is named in the document
_W_NEAR = 3.0  # within 150 km of another resolved place (half within 400 km)
_ACLED = {"point": 1, "town": 1, "admin2": 2, "admin1": 3, "region": 3, "country": 3}
_UCDP = {"point": 1, "town": 1, "admin2": 3, "admin1": 4, "region": 5, "country": 6}


@dataclass(frozen=True, slots=True)
class _Mention:
    span: Span
    key: str
    want_kind: str | None
    demonym: str | None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name_key(text)).strip("-") or "place"


def _mention(span: Span) -> _Mention:
    text = span.text
    if span.kb_id_.startswith("demonym:"):
        return _Mention(span, name_key(text), "country", span.kb_id_.split(":", 1)[1])
    if span.kb_id_ == "demonym-region":
        return _Mention(span, name_key(text), "region", "")
    key = name_key(text)
    want = None
    parts = key.rsplit(" ", 1)
    if len(parts) == 2 and parts[1] in _SUFFIX_KIND:
        key, want = parts[0], _SUFFIX_KIND[parts[1]]
    # "Anbar province" where the suffix is outside the span
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    if want is None and nxt is not None and nxt.lower_ in _SUFFIX_KIND:
        want = _SUFFIX_KIND[nxt.lower_]
    return _Mention(span, key, want, None)


def _precision(e: Entry) -> PlacePrecision:
    if e.kind == "country":
        return "country"
    if e.kind in {"admin1", "admin2"}:
        return "admin1" if e.kind == "admin1" else "admin2"
    if e.kind == "city":
        return "town"
    if e.kind == "region":
        return "region"
    return "town" if e.feature == "town" else "point"


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


class _Context:
    """Document-level evidence: country and admin1 votes, resolved points."""

    def __init__(self) -> None:
        self.countries: Counter[str] = Counter()
        self.admin1: Counter[tuple[str, str]] = Counter()
        self.points: list[tuple[str, tuple[float, float]]] = []

    def country_share(self, iso3: str | None) -> float:
        total = sum(self.countries.values())
        return self.countries[iso3] / total if iso3 and total else 0.0


def _prior(c: Candidate, want: str | None) -> float:
    e = c.entry
    s = _KIND_PRIOR.get(e.kind, 0.0) + _POP_WEIGHT * math.log10(e.population + 10)
    if e.kind == "country":
        s = 30.0  # a country name means the country
    if c.primary:
        s += 2.0
    elif e.kind == "city":
        s -= 1.0
    if e.id.startswith("sitrep:"):
        s += 4.0  # curated conflict geography
    if e.kind == "city" and e.population >= 250_000:
        s += 2.0  # a major city is what most news means by its name
    if e.feature == "capital":
        s += 1.5
    if want is not None:
        s += 6.0 if e.kind == want else -3.0
    return s


def _score(
    c: Candidate, m: _Mention, ctx: _Context, hint: str | None, mode: Mode, admins: set[str]
) -> float:
    e = c.entry
    if mode == "population":
        return float(e.population) + (1e12 if e.kind == "country" else 0.0)
    s = _prior(c, m.want_kind)
    big = e.kind == "city" and e.population >= 100_000
    if big and m.want_kind is None and e.country in admins:
        s += 10.0  # "New York", "Kirkuk": a big city shares its name with its province
    if e.kind != "country":
        s += _W_COUNTRY * ctx.country_share(e.country)
        if e.country and e.admin1 and ctx.admin1[(e.country, e.admin1)] and e.kind != "admin1":
            s += _W_ADMIN1
    if hint is not None and (e.country == hint or e.admin1 == hint):
        s += 8.0
    if ctx.points and e.lat is not None and e.lon is not None and e.kind == "city":
        near = min(
            (_distance_km((e.lat, e.lon), p) for i, p in ctx.points if i != e.id), default=1e9
        )
        s += _W_NEAR if near < 150 else _W_NEAR / 2 if near < 400 else 0.0
    return s


def _comma_hint(m: _Mention, gaz: Gazetteer) -> str | None:
    """ "Al-Qaim, Anbar" / "Paris, Texas": the next name is a container."""
    doc, end = m.span.doc, m.span.end
    if end + 1 < len(doc) and doc[end].text == ",":
        nxt = doc[end + 1 : min(end + 4, len(doc))]
        for j in range(len(nxt), 0, -1):
            cands = gaz.lookup(nxt[:j].text)
            if not cands:
                continue
            for c in cands:
                if c.entry.kind == "country":
                    return c.entry.country
            for c in cands:
                if c.entry.kind == "admin1":
                    return c.entry.admin1
    return None


def _rank(
    cands: list[Candidate], m: _Mention, ctx: _Context, hint: str | None, mode: Mode
) -> tuple[Entry, float] | None:
    admins = {c.entry.country or "" for c in cands if c.entry.kind == "admin1"}
    scored = sorted(((_score(c, m, ctx, hint, mode, admins), c.entry) for c in cands), key=_first)
    if not scored:
        return None
    best, entry = scored[-1]
    runner = scored[-2][0] if len(scored) > 1 else best - 6.0
    conf = 1.0 / (1.0 + math.exp(-(best - runner) / 2.0)) if mode == "full" else 0.5
    return entry, round(conf, 3)


def _first(item: tuple[float, Entry]) -> float:
    return item[0]


_PARTIAL_KINDS = frozenset({"country", "city", "admin1", "admin2", "feature"})
_GENERIC = frozenset(
    [
        "cathedral",
        "wing",
        "church",
        "hall",
        "street",
        "avenue",
        "road",
        "park",
        "school",
        "university",
        "college",
        "hospital",
        "airport",
        "station",
        "bridge",
        "river",
        "lake",
        "island",
        "house",
        "tower",
        "center",
        "centre",
        "square",
        "market",
        "village",
        "estate",
        "inn",
        "hotel",
        "museum",
        "library",
        "stadium",
        "arena",
        "plaza",
        "mall",
        "court",
        "state",
        "city",
        "county",
        "valley",
        "fields",
        "field",
        "rock",
        "west",
        "east",
        "north",
        "south",
    ]
)


def _partial_candidates(span: Span, gaz: Gazetteer) -> list[Candidate]:
    """ "Lake Manassas", "Manila Cathedral": locate the name by the town inside it.

    The longest capitalised sub-name the gazetteer knows as a town or area wins;
    the Place keeps that entry's (coarser) precision, which is what we know.
    """
    n = len(span)
    for width in range(n - 1, 0, -1):
        for i in range(0, n - width + 1):
            sub = span[i : i + width]
            if not sub[0].text[:1].isupper():
                continue
            key = name_key(sub.text)
            if len(key) < 4 or key in gaz.stopwords or key in gaz.never or key in _GENERIC:
                continue
            cands = [
                c
                for c in gaz.lookup(key, exact_key=True)
                if c.primary and c.entry.kind in _PARTIAL_KINDS
            ]
            if cands:
                return cands
    return []


def _state_id(actor_id: str) -> bool:
    return len(actor_id) == 3 and actor_id.isalpha() and actor_id.islower()


def _covered_by_actor(start: int, end: int, spans: set[tuple[int, int]]) -> bool:
    """A non-state actor mention (PMU, IRGC, "Badr") is not a toponym."""
    return any(s <= start and end <= e for s, e in spans)


def resolve_places(
    doc: Doc,
    article: Article,
    gazetteer: Gazetteer,
    actors: Sequence[Actor],
    *,
    mode: Mode = "full",
) -> tuple[Place, ...]:
    """One Place per distinct (place, role), with every mention's offsets."""
    actor_spans = {off for a in actors if not _state_id(a.id) for off in a.mentions}
    mentions = [
        _mention(s)
        for s in place_spans(doc)
        if not _covered_by_actor(s.start_char, s.end_char, actor_spans)
        or s.kb_id_.startswith("demonym")
        or gazetteer.country_entry_for(s.text) is not None
    ]
    cand_cache: dict[str, list[Candidate]] = {}
    cands: list[list[Candidate]] = []
    for m in mentions:
        if m.demonym is not None:
            entry = (
                gazetteer.country_entry(m.demonym)
                if m.demonym
                else gazetteer.demonym_region(m.span.text)
            )
            cands.append([Candidate(entry, True)] if entry else [])
            continue
        if m.span.kb_id_ == "site":
            cands.append([])
            continue
        if m.key not in cand_cache:
            try:
                cand_cache[m.key] = gazetteer.lookup(m.key, exact_key=True) or gazetteer.lookup(
                    m.span.text
                )
                if not cand_cache[m.key] and len(m.span) > 1:
                    cand_cache[m.key] = _partial_candidates(m.span, gazetteer)
            except Exception:  # one bad name never empties the others
                cand_cache[m.key] = []
        cands.append(cand_cache[m.key])
    ctx = _Context()
    for m, cs in zip(mentions, cands, strict=True):
        kinds = {c.entry.kind for c in cs}
        if m.demonym == "":
            continue
        if m.demonym or (kinds == {"country"}):
            for c in cs[:1]:
                ctx.countries[c.entry.country or ""] += 1
        elif len({c.entry.country for c in cs}) == 1 and cs:
            ctx.countries[cs[0].entry.country or ""] += 1
            for c in cs:
                if c.entry.kind == "admin1" and c.entry.country and c.entry.admin1:
                    ctx.admin1[(c.entry.country, c.entry.admin1)] += 1
    hints = [_comma_hint(m, gazetteer) if mode == "full" else None for m in mentions]
    chosen: list[tuple[Entry, float] | None] = []
    for _pass in range(2 if mode == "full" else 1):
        chosen = []
        for m, cs, hint in zip(mentions, cands, hints, strict=True):
            try:
                chosen.append(_rank(cs, m, ctx, hint, mode))
            except Exception:
                chosen.append(None)
        ctx.points = [
            (c[0].id, (c[0].lat, c[0].lon))
            for c in chosen
            if c is not None
            and c[0].lat is not None
            and c[0].lon is not None
            and c[0].kind not in {"country", "region"}
        ]
        ctx.admin1.update(
            (c[0].country, c[0].admin1)
            for c in chosen
            if c is not None and c[0].country and c[0].admin1 and c[0].kind == "admin1"
        )
    return _assemble(doc, mentions, chosen)


def _assemble(
    doc: Doc, mentions: list[_Mention], chosen: list[tuple[Entry, float] | None]
) -> tuple[Place, ...]:
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    roles: list[str] = []
    for n, (m, c) in enumerate(zip(mentions, chosen, strict=True)):
        entry = c[0] if c else None
        state_like = bool(m.demonym) or (
            entry is not None and (entry.kind == "country" or entry.feature in {"capital", "seat"})
        )
        try:
            role = mention_role(doc, m.span, state_like=state_like)
        except Exception:
            role = "location"
        if _border_span(doc, m.span):
            role = "location"
        roles.append(role)
        pid = entry.id if entry else f"unresolved:{_slug(m.span.text)}"
        groups[(pid, role)].append(n)
    places: list[Place] = []
    for (pid, role), idx in groups.items():
        first = idx[0]
        offsets = tuple(
            sorted({(mentions[i].span.start_char, mentions[i].span.end_char) for i in idx})
        )
        borders = all(_border_span(doc, mentions[i].span) for i in idx)
        near = all(near_cue(doc, mentions[i].span) for i in idx)
        got = chosen[first]
        if got is None:
            text = mentions[first].span.text
            site = mentions[first].span.kb_id_ == "site" or any(
                w in _SITE_WORDS for w in name_key(text).split()
            )
            anchor = _near_anchor(mentions, chosen, first)
            places.append(
                Place(
                    id=pid,
                    name=text,
                    country=anchor.country if anchor else None,
                    admin1=anchor.admin1 if anchor else None,
                    admin2=None,
                    lat=None,
                    lon=None,
                    precision="unresolved",
                    role="location" if role == "location" else "actor",
                    mentions=offsets,
                    feature="border" if borders else ("site" if site else None),
                    component=COMPONENT,
                    confidence=0.3,
                )
            )
            continue
        entry, conf = got
        precision = _precision(entry)
        acled = _ACLED[precision]
        ucdp = _UCDP[precision]
        if near and precision in {"town", "point"}:
            acled, ucdp = 2, 2
        places.append(
            Place(
                id=pid,
                name=entry.name,
                country=entry.country,
                admin1=entry.admin1,
                admin2=entry.admin2,
                lat=entry.lat,
                lon=entry.lon,
                precision=precision,
                role="actor" if role == "actor" else "location",
                mentions=offsets,
                feature="border" if borders else entry.feature,
                actor=(entry.country or "").lower() or None if role == "actor" else None,
                acled_geo_precision=acled,
                ucdp_where_prec=ucdp,
                component=COMPONENT,
                confidence=conf,
            )
        )
    places.sort(key=lambda p: p.mentions[0])
    return tuple(places)


def _near_anchor(
    mentions: list[_Mention], chosen: list[tuple[Entry, float] | None], n: int
) -> Entry | None:
    """ "<unresolved site> near <resolved town>": the town locates the site's country."""
    span = mentions[n].span
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].lower_ not in {"near", "outside", "in"}:
        return None
    for m, c in zip(mentions, chosen, strict=True):
        if c is not None and m.span.start == span.end + 1:
            return c[0]
    return None


def place_for_offsets(places: Sequence[Place], start: int, end: int) -> Place | None:
    """The place with a mention at exactly [start, end), else one overlapping it."""
    overlap: Place | None = None
    for p in places:
        for s, e in p.mentions:
            if s == start and e == end:
                return p
            if overlap is None and s < end and start < e:
                overlap = p
    return overlap
