"""Geoparsing scores: GeoWebNews (``sitrep eval geo GOLD.xml``) and CENTCOM strike lines.

GeoWebNews protocol (Gritta et al. 2019 taxonomy), end-to-end from raw text:

- gold toponyms = literal types (Literal, Mixed, Coercion, Embedded_Literal,
  Literal_Modifier) + associative types (Metonymic, Non_Literal_Modifier,
  Embedded_Non_Lit). Expressions, Non_Toponym, Homonym, Demonym (plural
  nouns) and Language carry no coordinates and are not toponyms.
- detection: a predicted mention matches a gold toponym when they overlap
  (one-to-one, greedy in text order); P/R/F1 over all predicted place mentions.
- resolution: on matched literal toponyms, the predicted point's great-circle
  distance to the gold point; accuracy within 161 km and median error (an
  unresolved prediction counts as 20,038 km, half the Earth's circumference).
- role: on matched toponyms, whether ``role`` is ``actor`` exactly for the
  associative ones (accuracy on metonymic ones and on all matched).

The population-only baseline uses the same detections, ranked by population.
"""

from __future__ import annotations

import csv
import math
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.knowledge.gazetteer import Gazetteer, name_key
from sitrep.model import Article, Place
from sitrep.resolve.places import Mode, resolve_places

LITERAL = frozenset({"Literal", "Mixed", "Coercion", "Embedded_Literal", "Literal_Modifier"})
ASSOCIATIVE = frozenset({"Metonymic", "Non_Literal_Modifier", "Embedded_Non_Lit"})
_FAR = 20038.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    literal: bool
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class ResolutionScores:
    matched_literal: int
    acc161: float
    median_km: float
    role_acc_metonymic: float
    role_acc_all: float


@dataclass(frozen=True, slots=True)
class GeoScores:
    articles: int
    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float
    full: ResolutionScores
    baseline: ResolutionScores

    def render(self) -> str:
        rows = [
            f"GeoWebNews: {self.articles} articles, {self.gold} gold toponyms, "
            f"{self.predicted} predicted, {self.matched} matched (overlap)",
            f"detection  P={self.precision:.3f}  R={self.recall:.3f}  F1={self.f1:.3f}",
            f"{'ranker':<12} {'literal':>8} {'acc@161km':>10} {'median km':>10} "
            f"{'role(meto)':>11} {'role(all)':>10}",
        ]
        for label, s in (("sitrep", self.full), ("population", self.baseline)):
            rows.append(
                f"{label:<12} {s.matched_literal:>8} {s.acc161:>10.3f} {s.median_km:>10.1f} "
                f"{s.role_acc_metonymic:>11.3f} {s.role_acc_all:>10.3f}"
            )
        return "\n".join(rows)


def read_gwn(path: Path) -> list[tuple[str, list[GoldToponym]]]:
    """(text, gold toponyms) per article of a GeoWebNews XML file."""
    root = ET.parse(path).getroot()
    out: list[tuple[str, list[GoldToponym]]] = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        golds: list[GoldToponym] = []
        for tp in art.iter("toponym"):
            kind = tp.findtext("type") or ""
            if kind not in LITERAL and kind not in ASSOCIATIVE:
                continue
            start, end = int(tp.findtext("start") or 0), int(tp.findtext("end") or 0)
            if text[start:end] != (tp.findtext("extractedName") or ""):
                continue  # a few annotations have broken offsets
            lat, lon = tp.findtext("latitude"), tp.findtext("longitude")
            golds.append(
                GoldToponym(
                    start,
                    end,
                    kind in LITERAL,
                    float(lat) if lat else None,
                    float(lon) if lon else None,
                )
            )
        out.append((text, golds))
    return out


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _mentions(places: Sequence[Place]) -> list[tuple[int, int, Place]]:
    return sorted((s, e, p) for p in places for s, e in p.mentions)


def _match(
    golds: list[GoldToponym], preds: list[tuple[int, int, Place]]
) -> list[tuple[GoldToponym, Place]]:
    used: set[int] = set()
    pairs: list[tuple[GoldToponym, Place]] = []
    for g in sorted(golds, key=lambda x: x.start):
        for n, (s, e, p) in enumerate(preds):
            if n not in used and s < g.end and g.start < e:
                used.add(n)
                pairs.append((g, p))
                break
    return pairs


def _resolution(pairs: list[tuple[GoldToponym, Place]]) -> ResolutionScores:
    errors: list[float] = []
    meto_ok = meto_n = all_ok = 0
    for g, p in pairs:
        is_actor = p.role == "actor"
        all_ok += int(is_actor == (not g.literal))
        if not g.literal:
            meto_n += 1
            meto_ok += int(is_actor)
        elif g.lat is not None and g.lon is not None:
            if p.lat is None or p.lon is None:
                errors.append(_FAR)
            else:
                errors.append(_km((g.lat, g.lon), (p.lat, p.lon)))
    return ResolutionScores(
        matched_literal=len(errors),
        acc161=sum(e <= 161 for e in errors) / len(errors) if errors else 0.0,
        median_km=statistics.median(errors) if errors else 0.0,
        role_acc_metonymic=meto_ok / meto_n if meto_n else 0.0,
        role_acc_all=all_ok / len(pairs) if pairs else 0.0,
    )


def evaluate_geo(gold_xml: Path, nlp: Any, gazetteer: Gazetteer) -> GeoScores:
    """Detection, resolution and role scores on a GeoWebNews file, plus the baseline."""
    data = read_gwn(Path(gold_xml))
    gold_n = pred_n = 0
    pairs_full: list[tuple[GoldToponym, Place]] = []
    pairs_base: list[tuple[GoldToponym, Place]] = []
    docs = nlp.pipe(t for t, _ in data)
    for n, (doc, golds) in enumerate(zip(docs, (g for _, g in data), strict=True)):
        article = Article(id=f"gwn-{n}", text=doc.text)
        preds: dict[Mode, list[tuple[int, int, Place]]] = {}
        for mode in ("full", "population"):
            preds[mode] = _mentions(resolve_places(doc, article, gazetteer, (), mode=mode))
        gold_n += len(golds)
        pred_n += len(preds["full"])
        pairs_full.extend(_match(golds, preds["full"]))
        pairs_base.extend(_match(golds, preds["population"]))
    matched = len(pairs_full)
    p = matched / pred_n if pred_n else 0.0
    r = matched / gold_n if gold_n else 0.0
    return GeoScores(
        articles=len(data),
        gold=gold_n,
        predicted=pred_n,
        matched=matched,
        precision=p,
        recall=r,
        f1=2 * p * r / (p + r) if p + r else 0.0,
        full=_resolution(pairs_full),
        baseline=_resolution(pairs_base),
    )


@dataclass(frozen=True, slots=True)
class CentcomScores:
    lines: int
    scorable: int
    right_country: int
    within_50km: int
    unresolved: int

    def render(self) -> str:
        s = max(self.scorable, 1)
        return "\n".join(
            [
                f"CENTCOM strike lines: {self.lines}; scorable (normalised town in the "
                f"gazetteer): {self.scorable}",
                f"right country   {self.right_country / s:.3f} ({self.right_country})",
                f"within 50 km    {self.within_50km / s:.3f} ({self.within_50km})",
                f"no place found  {self.unresolved}",
            ]
        )


_COUNTRY = {"iraq": "IRQ", "syria": "SYR"}


def evaluate_centcom_places(csv_path: Path, nlp: Any, gazetteer: Gazetteer) -> CentcomScores:
    """Silver check: each strike line's first location vs the normalised town.

    The reference point is the gazetteer's best entry for the normalised
    ``location`` within the line's ``country`` (towns before admin areas);
    lines whose normalised name the gazetteer lacks are not scorable.
    """
    with Path(csv_path).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    lines = scorable = right = near = unresolved = 0
    texts = [r["line"].lstrip("- ").strip() for r in rows]
    for row, doc in zip(rows, nlp.pipe(texts), strict=True):
        lines += 1
        iso3 = _COUNTRY.get(row["country"].split(",")[-1].strip().lower())
        ref = _reference(gazetteer, row["location"], iso3)
        if ref is None or iso3 is None:
            continue
        scorable += 1
        places = [
            p
            for p in resolve_places(doc, Article(id=f"cc-{lines}", text=doc.text), gazetteer, ())
            if p.role == "location" and p.precision != "country"
        ]
        if not places:
            unresolved += 1
            continue
        first = min(places, key=lambda p: p.mentions[0])
        right += int(first.country == iso3)
        if first.lat is not None and first.lon is not None:
            near += int(_km(ref, (first.lat, first.lon)) <= 50)
    return CentcomScores(lines, scorable, right, near, unresolved)


def _reference(gaz: Gazetteer, name: str, iso3: str | None) -> tuple[float, float] | None:
    name = name.split(" and ")[0]
    order = {"city": 0, "feature": 1, "admin2": 2, "admin1": 3}
    cands = [
        c.entry
        for c in gaz.lookup(name_key(name))
        if c.entry.country == iso3 and c.entry.kind in order and c.entry.lat is not None
    ]
    if not cands:
        return None
    best = min(cands, key=lambda e: (order[e.kind], -e.population))
    assert best.lat is not None and best.lon is not None
    return best.lat, best.lon
