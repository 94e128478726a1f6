"""Toponym resolution with honest precision: ``doc.spans["places"]`` → Place records.

Ranking (``mode="full"``): each candidate gets a prior from its kind (country,
admin area, curated feature, town), the log of its population and whether the
text matched its own name or only an alternate name; then context: a
document-level vote of countries and admin1 areas (countries named, demonyms,
unambiguous places, the outlet's country, and after a first pass ambiguous names
whose reading is clear), an explicit hint ("Al-Qaim, Anbar", "Kirkuk province",
"Kansas City", "County Cork"), and, in a second pass, closeness to the other
resolved places plus the neighbour cues of :mod:`sitrep.resolve.places_syntax`
("Tacoma, Washington", "Oregon and Washington"). ``mode="population"`` is the
naive baseline (largest population wins) used by ``sitrep eval geo``.

Precision: country → ``country``; ADM1 → ``admin1``; ADM2 → ``admin2``;
populated place → ``town``; curated sites (bases, crossings) → ``point``;
regions, rivers, continents → ``region``. Streets, buildings and other names the
gazetteer lacks are placed at the town the text locates them in
(:mod:`sitrep.resolve.places_local`: precision ``town``, ACLED geo_precision 2,
id ``<town id>~<slug>``, ``feature="local"``). A named base or camp, or a name
with no candidate in an article that names no town, is kept as ``unresolved``
(id ``unresolved:<slug>``, no coordinates) — never dropped and never replaced by
a country centroid. An exception while scoring one name only makes that name
unresolved.

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
from typing import Literal

from spacy.tokens import Doc

from sitrep.knowledge.gazetteer import Candidate, Entry, Gazetteer, name_key
from sitrep.mentions.places import place_spans
from sitrep.model import Actor, Article, Place, PlacePrecision
from sitrep.resolve.place_roles import (
    _border_span,
    is_border_reference,
    mention_role,
    near_cue,
)
from sitrep.resolve.places_candidates import (
    SITE_WORDS,
    Mention,
    candidates,
    make_mention,
    named_site,
)
from sitrep.resolve.places_local import LOCAL_MARK, is_local_feature, local_anchors, local_entry
from sitrep.resolve.places_outlet import outlet_country
from sitrep.resolve.places_syntax import NO_CUE, Cue, comma_hint, contains, cues, part_of_area

__all__ = ["is_border_reference", "place_for_offsets", "resolve_places"]

Mode = Literal["full", "population"]
COMPONENT = "sitrep.places.v1"
_KIND_PRIOR = {
    "country": 9.0,
    "admin1": 2.0,
    "region": 8.0,
    "feature": 9.0,
    "admin2": 0.5,
    "city": 0.0,
}
_POP_WEIGHT = 1.5
_W_COUNTRY = 6.0  # share of the document's country vote
_W_ADMIN1 = 2.5  # the candidate's province is named in the document
_SURE_POINT = 0.6  # a first-pass reading this clear lends its point to the near-bonus
_W_SAME_PROVINCE = 6.0  # one sense per document: the province named elsewhere
_W_HOLDS = 2.0  # a province reading that contains a town the document names
_W_NEAR = 3.0  # within 150 km of another resolved place (half within 400 km)
_CLEAR = 0.9  # first-pass confidence of an ambiguous name that then joins the vote
_W_COORD = 6.0  # coordinated with a resolved province/state
_W_CONTAINER = 8.0  # "X, Y": Y contains the resolved X
_W_PART = 12.0  # "southern X": X is an area (beats the big-city bonus)
_AREA_KINDS = frozenset({"country", "admin1", "admin2", "region"})
_ACLED = {"point": 1, "town": 1, "admin2": 2, "admin1": 3, "region": 3, "country": 3}
_UCDP = {"point": 1, "town": 1, "admin2": 3, "admin1": 4, "region": 5, "country": 6}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name_key(text)).strip("-") or "place"


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
        self.countries: defaultdict[str, float] = defaultdict(float)
        self.admin1: Counter[tuple[str, str]] = Counter()
        self.points: list[tuple[str, tuple[float, float]]] = []
        self.town_admin1: set[tuple[str, str]] = set()  # provinces of the towns chosen
        self.named_admin1: set[tuple[str, str]] = set()  # provinces named unambiguously

    def leader(self) -> str | None:
        """The country with at least half of the document's vote, if any."""
        total = sum(self.countries.values())
        for iso3, votes in self.countries.items():
            if iso3 and total and votes / total >= 0.5:
                return iso3
        return None

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
        s += 9.0 if e.kind == want else -3.0
    return s


def _score(
    c: Candidate,
    m: Mention,
    ctx: _Context,
    hint: str | None,
    mode: Mode,
    admins: set[tuple[str, str]],
    cue: Cue = NO_CUE,
) -> float:
    e = c.entry
    if mode == "population":
        return float(e.population) + (1e12 if e.kind == "country" else 0.0)
    s = _prior(c, m.want_kind)
    big = e.kind == "city" and e.population >= 100_000
    coordinated = cue.coordinated_admin1 and hint is None  # not "Washington, D.C."
    part = part_of_area(m.span)
    named_province = (e.country or "", e.admin1 or "") in admins
    if big and m.want_kind is None and named_province and not (coordinated or cue.inside or part):
        s += 10.0  # "New York", "Kirkuk": a big city shares its name with its province
    if coordinated and e.kind == "admin1":
        s += _W_COORD  # "California or Washington": the state
    if e.kind in _AREA_KINDS and part:
        s += _W_PART  # "southern Mexico", "central Washington": an area, not its city
    if cue.inside is not None and contains(e, cue.inside):
        s += _W_CONTAINER  # "Tacoma, Washington": the state that contains Tacoma
    if e.kind == "admin1" and (e.country or "", e.admin1 or "") in ctx.town_admin1:
        s += _W_HOLDS  # "Rockingham ... WA": the state that holds a town the text names
    if e.kind == "admin1" and (e.country or "", e.admin1 or "") in ctx.named_admin1:
        s += _W_SAME_PROVINCE  # "Spokane, Wash. ... at home in Washington": the state
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


def _rank(
    cands: list[Candidate],
    m: Mention,
    ctx: _Context,
    hint: str | None,
    mode: Mode,
    cue: Cue = NO_CUE,
) -> tuple[Entry, float] | None:
    admins = {
        (c.entry.country or "", c.entry.admin1 or "") for c in cands if c.entry.kind == "admin1"
    }
    if cue.inside is not None and not any(contains(c.entry, cue.inside) for c in cands):
        cue = Cue(None, cue.coordinated_admin1)  # no candidate contains X: not "X, Y"
    scored = sorted(
        ((_score(c, m, ctx, hint, mode, admins, cue), c.entry) for c in cands), key=_first
    )
    if not scored:
        return None
    best, entry = scored[-1]
    runner = scored[-2][0] if len(scored) > 1 else best - 6.0
    conf = 1.0 / (1.0 + math.exp(-(best - runner) / 2.0)) if mode == "full" else 0.5
    return entry, round(conf, 3)


def _first(item: tuple[float, Entry]) -> float:
    return item[0]


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
        make_mention(s)
        for s in place_spans(doc)
        if not _covered_by_actor(s.start_char, s.end_char, actor_spans)
        or s.kb_id_.startswith("demonym")
        or gazetteer.country_entry_for(s.text) is not None
    ]
    cands = candidates(mentions, gazetteer)
    local = [
        m.demonym is None and (is_local_feature(m.span, cs) or (not cs and not named_site(m)))
        for m, cs in zip(mentions, cands, strict=True)
    ]
    ctx = _Context()
    home = outlet_country(article, gazetteer) if mode == "full" else None
    if home is not None:
        ctx.countries[home] += 1  # the outlet's country: one weak vote
    voted = [False] * len(mentions)
    for n, (m, cs, is_local) in enumerate(zip(mentions, cands, local, strict=True)):
        kinds = {c.entry.kind for c in cs}
        if m.demonym == "" or is_local:
            continue
        provinces = {(c.entry.country or "", c.entry.admin1 or "") for c in cs}
        if kinds == {"admin1"} and len(provinces) == 1:
            ctx.named_admin1.update(provinces)  # "Wash.", "Alberta": only a province
        if m.demonym or (kinds == {"country"}):
            for c in cs[:1]:
                ctx.countries[c.entry.country or ""] += 1
                voted[n] = True
        elif len({c.entry.country for c in cs}) == 1 and cs:
            voted[n] = True
            ctx.countries[cs[0].entry.country or ""] += 1
            for c in cs:
                if c.entry.kind == "admin1" and c.entry.country and c.entry.admin1:
                    ctx.admin1[(c.entry.country, c.entry.admin1)] += 1
    hints = [comma_hint(m.span, gazetteer) if mode == "full" else None for m in mentions]
    chosen: list[tuple[Entry, float] | None] = []
    mention_cues = [NO_CUE] * len(mentions)
    for _pass in range(2 if mode == "full" else 1):
        if chosen:
            mention_cues = cues([m.span for m in mentions], [c[0] if c else None for c in chosen])
        chosen = []
        for m, cs, hint, cue in zip(mentions, cands, hints, mention_cues, strict=True):
            try:
                chosen.append(_rank(cs, m, ctx, hint, mode, cue))
            except Exception:
                chosen.append(None)
        ctx.points = [
            (c[0].id, (c[0].lat, c[0].lon))
            for c in chosen
            if c is not None
            and c[0].lat is not None
            and c[0].lon is not None
            and c[0].kind not in {"country", "region"}
            and c[1] >= _SURE_POINT  # two unsure readings do not confirm each other
        ]
        ctx.admin1.update(
            (c[0].country, c[0].admin1)
            for c in chosen
            if c is not None and c[0].country and c[0].admin1 and c[0].kind == "admin1"
        )
        ctx.town_admin1 = {
            (c[0].country, c[0].admin1)
            for c in chosen
            if c is not None and c[0].country and c[0].admin1 and c[0].kind == "city"
        }
        if _pass == 0 and mode == "full":
            _vote_clear_winners(ctx, chosen, voted, local)
    if mode == "full":
        chosen = _place_local_features(mentions, chosen, local, ctx.leader())
    return _assemble(doc, mentions, chosen)


def _vote_clear_winners(
    ctx: _Context,
    chosen: list[tuple[Entry, float] | None],
    voted: list[bool],
    local: list[bool],
) -> None:
    """Ambiguous names whose first-pass reading is clear ("London", "Manchester")
    join the document's country vote with half a vote each."""
    for c, was, is_local in zip(chosen, voted, local, strict=True):
        if c is None or was or is_local or c[0].country is None or c[1] < _CLEAR:
            continue
        ctx.countries[c[0].country] += 0.5


def _place_local_features(
    mentions: list[Mention],
    chosen: list[tuple[Entry, float] | None],
    local: list[bool],
    leader: str | None,
) -> list[tuple[Entry, float] | None]:
    """Streets, buildings and names the gazetteer lacks take the point of the town
    the text locates them in (see :mod:`sitrep.resolve.places_local`)."""
    if not any(local):
        return chosen
    anchors = local_anchors(
        [m.span.start_char for m in mentions],
        [c[0] if c else None for c in chosen],
        local,
        leader,
        [m.span.text for m in mentions],
    )
    out = list(chosen)
    for n, town in enumerate(anchors):
        if town is not None:
            out[n] = (local_entry(mentions[n].span, town), 0.4)
    return out


def _assemble(
    doc: Doc, mentions: list[Mention], chosen: list[tuple[Entry, float] | None]
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
                w in SITE_WORDS for w in name_key(text).split()
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
        if (near and precision in {"town", "point"}) or LOCAL_MARK in entry.id:
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
    mentions: list[Mention], chosen: list[tuple[Entry, float] | None], n: int
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
