"""The column builder behind :func:`sitrep.knowledge.gazetteer_build.build_payload`.

Entries are appended column-wise (arrays, interned strings) and names indexed
into postings ``entry_index * 2 + primary``; curated YAML features are added here.
"""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from typing import Any

from sitrep.knowledge.gazetteer import (
    ADMIN2,
    FEATURE,
    GAZETTEER_VERSION,
    KIND_NAMES,
    REGION,
    key_variants,
    name_key,
)
from sitrep.knowledge.gazetteer import (
    SEP as _SEP,
)


class Builder:
    def __init__(self) -> None:
        self.gid = array("q")
        self.slug: dict[int, str] = {}
        self.names: list[str] = []
        self.kind = bytearray()
        self.feature: dict[int, str] = {}
        self.country: list[str | None] = []
        self.admin1: list[str | None] = []
        self.admin2: list[str | None] = []
        self.lat = array("d")
        self.lon = array("d")
        self.pop = array("q")
        self.post: dict[str, list[int]] = defaultdict(list)
        self._intern: dict[str, str] = {}

    def _s(self, value: str | None) -> str | None:
        if value is None:
            return None
        return self._intern.setdefault(value, value)

    def add(
        self,
        *,
        gid: int,
        name: str,
        kind: int,
        country: str | None,
        lat: float | None,
        lon: float | None,
        population: int = 0,
        admin1: str | None = None,
        admin2: str | None = None,
        feature: str | None = None,
        slug: str | None = None,
    ) -> int:
        i = len(self.names)
        self.gid.append(gid)
        if slug:
            self.slug[i] = slug
        self.names.append(name)
        self.kind.append(kind)
        if feature:
            self.feature[i] = feature
        self.country.append(self._s(country))
        self.admin1.append(self._s(admin1))
        self.admin2.append(self._s(admin2))
        self.lat.append(math.nan if lat is None else lat)
        self.lon.append(math.nan if lon is None else lon)
        self.pop.append(population)
        return i

    def index_name(self, i: int, name: str, *, primary: bool, arab: bool) -> None:
        key = name_key(name)
        if not key:
            return
        keys = [key]
        if arab:
            keys.extend(key_variants(key))
        for k in keys:
            post = self.post[k]
            code = i * 2 + (1 if primary else 0)
            if code not in post and (i * 2 + 1) not in post:
                post.append(code)

    def entries_for(self, key: str) -> list[int]:
        out = [p >> 1 for p in self.post.get(key, ())]
        if not out:
            for variant in key_variants(key):
                out = [p >> 1 for p in self.post.get(variant, ())]
                if out:
                    break
        return out

    def payload(self) -> dict[str, Any]:
        """Columns packed for a fast unpickle: strings joined by NUL, string
        columns as small tables plus integer codes (few Python objects to load)."""
        keys = sorted(self.post)
        post_off = array("I", [0])
        postings = array("I")
        for k in keys:
            postings.extend(self.post[k])
            post_off.append(len(postings))
        return {
            "version": GAZETTEER_VERSION,
            "gid": self.gid,
            "slug": self.slug,
            "names": _SEP.join(self.names),
            "kind": bytes(self.kind),
            "feature": self.feature,
            "country": coded(self.country),
            "admin1": coded(self.admin1),
            "admin2": coded(self.admin2),
            "lat": self.lat,
            "lon": self.lon,
            "pop": self.pop,
            "keys": _SEP.join(keys),
            "post_off": post_off,
            "postings": postings,
        }


def coded(values: list[str | None]) -> tuple[list[str | None], array[int]]:
    table: list[str | None] = [None]
    codes: dict[str | None, int] = {None: 0}
    out = array("I")
    for v in values:
        c = codes.get(v)
        if c is None:
            c = codes[v] = len(table)
            table.append(v)
        out.append(c)
    return table, out


def add_features(b: Builder, data: dict[str, Any]) -> None:
    for feat in data.get("features", ()):
        precision = feat.get("precision")
        kind = REGION if precision == "region" else ADMIN2 if precision == "admin2" else FEATURE
        i = b.add(
            gid=-1,
            name=str(feat["name"]),
            kind=kind,
            country=feat.get("country"),
            lat=float(feat["lat"]),
            lon=float(feat["lon"]),
            population=int(feat.get("population") or 0),
            admin1=feat.get("admin1"),
            admin2=str(feat["name"]) if kind == ADMIN2 else None,
            feature=str(feat["kind"]),
            slug=str(feat["slug"]),
        )
        for name in (feat["name"], *feat.get("aliases", ())):
            b.index_name(i, str(name), primary=True, arab=True)
    for alias in data.get("aliases", ()):
        target = name_key(str(alias["target"]))
        want_kind = alias.get("kind")
        hits = [
            i
            for i in b.entries_for(target)
            if b.country[i] == alias.get("country")
            and (want_kind is None or KIND_NAMES[b.kind[i]] == want_kind)
        ]
        for i in hits:
            b.index_name(i, str(alias["name"]), primary=True, arab=True)
