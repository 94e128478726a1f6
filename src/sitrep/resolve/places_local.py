"""Streets, buildings and other small local features, placed at their locality.

A name like "Royal Street", "Karl Bremer Hospital" or "Heathrow" (tagged FAC)
is rarely in a gazetteer; the town-sized entry that shares a word with it
("Royal City", "Karl") is a coincidence, usually on another continent. News
text locates such features through the places around them: the feature lies
in the town the text has just named, or else in the town the article is about.
The resolver gives it that town's point with precision ``town`` and ACLED
geo_precision 2 ("part of / near a town"), which is what is known.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Span

from sitrep.knowledge.gazetteer import Candidate, Entry, name_key
from sitrep.knowledge.geo_lexicon import load_local_heads, load_local_prefixes
from sitrep.mentions.places import LOCAL_FEATURE

LOCAL_MARK = "~"  # a local feature's id is "<town id>~<slug>"
_TOWN_KINDS = frozenset({"city", "feature"})
_AREA_KINDS = frozenset({"country", "admin1", "admin2", "region"})
_BIG_TOWN = 100_000
_NEAR_CHARS = 300  # "... in Cape Town. Police at Karl Bremer Hospital ...": same paragraph


def is_local_feature(span: Span, cands: Sequence[Candidate]) -> bool:
    """Whether a place mention names a street/building rather than a gazetteer place."""
    if span.kb_id_ == LOCAL_FEATURE:
        return True
    if any(c.entry.id.startswith("sitrep:") for c in cands):
        return False  # a curated site (base, crossing, airport) is known exactly
    key = name_key(span.text)
    words = [t.lower_.rstrip(".") for t in span if not t.is_punct]
    heads = load_local_heads()
    if span.label_ == "FAC":
        # an airport or building NER found: a same-name small town is a coincidence,
        # but a country, an admin area or a city of 100,000 is what the name means;
        # a street named after one ("Hampton Avenue") is not ("British Embassy Tokyo" is)
        street = len(words) > 1 and words[-1] in heads
        return not any(
            (c.entry.kind in _AREA_KINDS or c.entry.population >= _BIG_TOWN)
            and not (street and _inside(name_key(c.entry.name), key))
            for c in cands
        )
    if len(words) < 2:
        return False
    named = (
        words[-1] in heads
        or (words[0] in heads and words[1] == "of")
        or words[0] in load_local_prefixes()
    )
    # "Miami Beach", "College Station": a full gazetteer match is a town; a town
    # named by a word inside the name ("St George's Chapel") is not
    return named and not any(
        c.primary and c.entry.kind == "city" and not _inside(name_key(c.entry.name), key)
        for c in cands
    )


def _inside(sub: str, key: str) -> bool:
    """ "st georges" in "st georges chapel": a shorter name within the whole name."""
    return len(sub) < len(key) and f" {sub} " in f" {key} "


def _is_town(e: Entry) -> bool:
    return e.kind in _TOWN_KINDS and e.lat is not None and LOCAL_MARK not in e.id


def local_anchors(
    starts: Sequence[int],
    chosen: Sequence[Entry | None],
    local: Sequence[bool],
    leader: str | None = None,
    names: Sequence[str] = (),
) -> list[Entry | None]:
    """For each local-feature mention, the town it lies in (None if the text names none).

    The town named just before it (within about a paragraph); else the town
    the article names most often. When the document is clearly about one
    country (``leader``), only towns of that country anchor (a lone foreign
    same-name town, "Delft" in a Cape Town story, does not).
    A town the document names that is part of the feature's own name
    ("Old Town Manassas", "Derry Road") is where it lies.
    """
    towns = [
        (s, e)
        for s, e, is_local in zip(starts, chosen, local, strict=True)
        if e is not None and not is_local and _is_town(e)
    ]
    if leader is not None and any(e.country == leader for _, e in towns):
        towns = [(s, e) for s, e in towns if e.country == leader]
    if not towns:
        return [None] * len(starts)
    counts = Counter(e.id for _, e in towns)
    top_id = counts.most_common(1)[0][0]
    top = next(e for _, e in towns if e.id == top_id)
    towns.sort(key=lambda item: item[0])
    positions = [t for t, _ in towns]
    by_key = {name_key(e.name): e for _, e in towns}
    out: list[Entry | None] = []
    for n, (s, is_local) in enumerate(zip(starts, local, strict=True)):
        if not is_local:
            out.append(None)
            continue
        own = _town_in_name(name_key(names[n]), by_key) if names else None
        if own is not None:
            out.append(own)
            continue
        k = bisect.bisect_left(positions, s)
        near = k > 0 and s - positions[k - 1] <= _NEAR_CHARS
        out.append(towns[k - 1][1] if near else top)
    return out


def _town_in_name(key: str, towns: dict[str, Entry]) -> Entry | None:
    words = key.split()
    for width in range(len(words) - 1, 0, -1):
        for i in range(len(words) - width + 1):
            town = towns.get(" ".join(words[i : i + width]))
            if town is not None:
                return town
    return None


def local_entry(span: Span, town: Entry) -> Entry:
    """The feature as an entry at its town's point (id ``<town id>~<slug>``)."""
    slug = "-".join(name_key(span.text).split()) or "site"
    return replace(
        town,
        index=-1,
        id=f"{town.id}{LOCAL_MARK}{slug}",
        name=span.text,
        kind="city",
        feature="local",
        population=0,
    )
