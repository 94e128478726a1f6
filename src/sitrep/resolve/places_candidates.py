"""Place mentions and their gazetteer candidates (used by :mod:`sitrep.resolve.places`).

A mention's key drops a kind word ("Anbar province", "Kansas City", "County
Cork") but the whole name is looked up first. A multi-word name the gazetteer
lacks is located by the longest known name inside it ("Lake Manassas").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from sitrep.knowledge.gazetteer import Candidate, Gazetteer, name_key

SUFFIX_KIND = {
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
_PREFIX_KIND = {"county": "admin2", "co": "admin2", "province": "admin1"}
SITE_WORDS = frozenset({"base", "airbase", "camp", "garrison", "airport", "airfield"})


@dataclass(frozen=True, slots=True)
class Mention:
    span: Span
    key: str
    want_kind: str | None
    demonym: str | None
    full: str = ""  # the whole name's key when ``key`` dropped a suffix ("Kansas City")


def make_mention(span: Span) -> Mention:
    text = span.text
    if span.kb_id_.startswith("demonym:"):
        return Mention(span, name_key(text), "country", span.kb_id_.split(":", 1)[1])
    if span.kb_id_ == "demonym-region":
        return Mention(span, name_key(text), "region", "")
    key = name_key(text)
    want = None
    parts = key.rsplit(" ", 1)
    full = ""
    if len(parts) == 2 and parts[1] in SUFFIX_KIND:
        full, key, want = key, parts[0], SUFFIX_KIND[parts[1]]
    elif " " in key and key.split(" ", 1)[0] in _PREFIX_KIND:  # "County Cork", "Co. Down"
        head, rest = key.split(" ", 1)
        full, key, want = key, rest.removeprefix("of "), _PREFIX_KIND[head]
    # "Anbar province" where the suffix is outside the span
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    if want is None and nxt is not None and nxt.lower_ in SUFFIX_KIND:
        want = SUFFIX_KIND[nxt.lower_]
    return Mention(span, key, want, None, full)


_PARTIAL_KINDS = frozenset({"country", "city", "admin1", "admin2", "feature", "region"})
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


def named_site(m: Mention) -> bool:
    """A base or camp ("a base called Imam Ali"): it stays unresolved, never a town point."""
    return m.span.kb_id_ == "site" or any(w in SITE_WORDS for w in m.key.split())


def candidates(mentions: list[Mention], gazetteer: Gazetteer) -> list[list[Candidate]]:
    """Gazetteer candidates per mention (demonyms: their state or region)."""
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
        ckey = m.full or m.key
        if ckey not in cand_cache:
            try:
                # "Kansas City", "Ohio County": the whole name first, then without the suffix
                found = gazetteer.lookup(m.full, exact_key=True) if m.full else []
                cand_cache[ckey] = (
                    found
                    or gazetteer.lookup(m.key, exact_key=True)
                    or gazetteer.lookup(m.span.text)
                )
                if not cand_cache[ckey] and len(m.span) > 1:
                    cand_cache[ckey] = _partial_candidates(m.span, gazetteer)
            except Exception:  # one bad name never empties the others
                cand_cache[ckey] = []
        cands.append(cand_cache[ckey])
    return cands
