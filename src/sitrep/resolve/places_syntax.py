"""How place names sit next to each other: "Tacoma, Washington", "Alaska and Washington".

Two general cues of toponym resolution read off the text between two mentions:

- container: in "X, Y" (only a comma between, and Y not followed by more of a
  list) Y names the area that contains X ("Tacoma, Washington", "Mosul,
  Nineveh", "Snetterton, Norfolk"); Y's candidates that contain X's resolved
  entry are preferred.
- coordination: names joined by "," / "and" / "or" are usually of one type
  ("California or Washington", "Alaska, Hawaii and Washington"); a name
  coordinated with a province/state prefers its province/state reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span

from sitrep.knowledge.gazetteer import Entry, Gazetteer

_JOINERS = frozenset({",", "and", "or", "&"})


@dataclass(frozen=True, slots=True)
class Cue:
    """Context of one mention from its neighbours (after a first resolution pass)."""

    inside: Entry | None = None  # "X, <this>": the resolved X this name may contain
    coordinated_admin1: bool = False  # joined in a list with a resolved province/state


NO_CUE = Cue()


def _between(a: Span, b: Span) -> list[str]:
    return [t.lower_ for t in a.doc[a.end : b.start]]


def _joined(a: Span, b: Span) -> bool:
    """Coordinated: "A and B", "A or B", "A, B and C" (a lone comma may be "X, Y")."""
    words = _between(a, b)
    if not (0 < len(words) <= 2 and all(w in _JOINERS for w in words)):
        return False
    return words != [","] or _list_continues(b)


def _list_continues(span: Span) -> bool:
    """Another list item follows: "Y and ...", "Y, Z", "Y, and ..."."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is None:
        return False
    if nxt.lower_ in _JOINERS - {","}:
        return True
    after = doc[span.end + 1] if span.end + 1 < len(doc) else None
    return (
        nxt.text == ","
        and after is not None
        and (after.text[:1].isupper() or after.lower_ in _JOINERS)
    )


def cues(spans: Sequence[Span], chosen: Sequence[Entry | None]) -> list[Cue]:
    """One :class:`Cue` per mention, from the first-pass choices of its neighbours."""
    out: list[Cue] = []
    for n, span in enumerate(spans):
        inside: Entry | None = None
        coord = False
        prev = spans[n - 1] if n > 0 else None
        if prev is not None and chosen[n - 1] is not None:
            words = _between(prev, span)
            prev_entry = chosen[n - 1]
            if (
                words == [","]
                and not _list_continues(span)
                and prev_entry is not None
                and prev_entry.kind in {"city", "feature", "admin2"}
            ):
                inside = prev_entry
            if _joined(prev, span) and prev_entry is not None and prev_entry.kind == "admin1":
                coord = True
        nxt = spans[n + 1] if n + 1 < len(spans) else None
        nxt_entry = chosen[n + 1] if n + 1 < len(spans) else None
        if nxt is not None and nxt_entry is not None and _joined(span, nxt):
            coord = coord or nxt_entry.kind == "admin1"
        out.append(Cue(inside, coord) if inside is not None or coord else NO_CUE)
    return out


def contains(area: Entry, place: Entry) -> bool:
    """Whether an area entry (country, admin1, admin2) contains a resolved place."""
    if area.country is None or area.country != place.country or area.index == place.index:
        return False
    if area.kind == "country":
        return True
    if area.kind == "admin1":
        return area.admin1 is not None and area.admin1 == place.admin1
    if area.kind == "admin2":
        return area.admin2 is not None and area.admin2 == place.admin2
    return False


_PART_WORDS = frozenset(
    [
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "north-eastern",
        "north-western",
        "south-eastern",
        "south-western",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
    ]
)


_COMPASS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "north-west",
        "north-east",
        "south-west",
        "south-east",
        "northwest",
        "northeast",
        "southwest",
        "southeast",
    ]
)
_WORLD_CITY = 1_000_000


def part_of_area(span: Span) -> bool:
    """ "southern Mexico": a lower-case compass adjective right before the name."""
    i = span.start
    return i > 0 and span.doc[i - 1].text in _PART_WORDS


def comma_hint(span: Span, gaz: Gazetteer) -> str | None:
    """ "Al-Qaim, Anbar" / "Paris, Texas" / "Brent, north west London": the next
    name is a container (a country, a province, or a world city's country)."""
    doc, end = span.doc, span.end
    if end + 1 < len(doc) and doc[end].text == ",":
        first = end + 1
        while first < len(doc) - 1 and doc[first].lower_ in _COMPASS:
            first += 1  # "north west London", "central Texas": the area is named next
        nxt = doc[first : min(first + 3, len(doc))]
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
            top = max(cands, key=lambda c: c.entry.population)
            if top.primary and top.entry.kind == "city" and top.entry.population >= _WORLD_CITY:
                return top.entry.country  # "Kilburn, London": in London's country
    return None
