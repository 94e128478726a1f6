"""Hand-built records for tests that exercise one stage without the stages before it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from sitrep.model import Actor, Place

# actor id -> (country, sector, ACLED inter)
ActorCodes = Mapping[str, tuple[str | None, str | None, int | None]]


def actors_at(
    text: str, names: Mapping[str, Sequence[str]], known: ActorCodes
) -> tuple[Actor, ...]:
    """KB actors whose mentions are every whole-word occurrence of their surfaces in ``text``;
    an id missing from ``known`` gets no country, sector or inter."""
    out = []
    for aid, surfaces in names.items():
        mentions = sorted(
            (m.start(), m.end())
            for s in surfaces
            for m in re.finditer(r"(?<!\w)" + re.escape(s) + r"(?!\w)", text)
        )
        country, sector, inter = known.get(aid, (None, None, None))
        out.append(Actor(aid, aid, True, country, sector, inter, tuple(mentions)))
    return tuple(out)


def place_at(
    text: str, name: str, *, country: str, precision: str = "town", role: str = "location"
) -> Place:
    """A resolved place at the first occurrence of ``name`` in ``text``."""
    i = text.index(name)
    return Place(
        id=f"geo:{name.lower()}",
        name=name,
        country=country,
        admin1=None,
        admin2=None,
        lat=None,
        lon=None,
        precision=precision,
        role=role,
        mentions=((i, i + len(name)),),
    )
