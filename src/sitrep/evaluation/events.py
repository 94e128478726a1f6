"""``sitrep eval events``: event typing and participants against the shared dev sets.

* PLOVER gold (``plover/PLOVER_GSR_CAMEO.txt``, 322 hand-coded sentences): older
  types are mapped with ``codebook.map_legacy``; the event of a sentence is our event
  whose trigger is highest in the parse (ties: higher confidence). Type accuracy and
  macro-F1 over the 16 types; source (target) agreement: the chosen event's actors
  (recipients) include an actor whose country code or sector equals a gold source
  (target) code. Rules alone, the learned layer alone (5-fold cross-validated) and
  rules + model are reported, with a reliability table of the rule confidences.
* CENTCOM strikes (``centcom-strikes/strikes.csv``, silver): lines grouped into one
  document per release day with outlet "CJTF-OIR"; a line counts as right when its
  first event is ASSAULT, mode aerial, actor the coalition (``cjtf_oir``) and recipient
  ISIS.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from sitrep.evaluation.event_inputs import Resolvers, make_resolvers
from sitrep.eventing.confidence import fit_platt, platt
from sitrep.eventing.model import NaiveBayes, sentence_features
from sitrep.events import extract_events
from sitrep.knowledge.codebook import Codebook, load_codebook
from sitrep.model import Actor, Article, Event

FOLDS = 5
BINS = ((0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))
COALITION = "cjtf_oir"
ISIS = "isis"


@dataclass(frozen=True, slots=True)
class TypeScores:
    name: str
    n: int
    accuracy: float
    macro_f1: float
    per_type: dict[str, tuple[float, float, float, int]] = field(compare=False)


@dataclass(frozen=True, slots=True)
class EventScores:
    plover_n: int
    rules: TypeScores
    model: TypeScores
    combined: TypeScores
    source_agreement: float
    source_agreement_found: float
    target_agreement: float
    target_n: int
    coverage: float
    reliability: tuple[tuple[str, int, float, float], ...]
    platt: tuple[float, float]
    centcom_n: int
    centcom_ok: float
    centcom_parts: dict[str, float]
    resolvers: tuple[str, ...]
    seconds: float = 0.0

    def render(self) -> str:
        lines = [
            f"PLOVER gold: {self.plover_n} sentences (resolvers: {', '.join(self.resolvers)})",
            f"  event found: {self.coverage:.3f}",
        ]
        for ts in (self.rules, self.model, self.combined):
            lines.append(
                f"  {ts.name:<14} type accuracy {ts.accuracy:.3f}  macro-F1 (16 types) "
                f"{ts.macro_f1:.3f}"
            )
        lines.append(
            f"  source actor agreement {self.source_agreement:.3f} (all gold sources); "
            f"{self.source_agreement_found:.3f} (where an actor was found)"
        )
        lines.append(f"  target actor agreement {self.target_agreement:.3f} (n={self.target_n})")
        lines.append("  per type (rules+model): P R F1 support")
        for t, (p, r, f, n) in sorted(self.combined.per_type.items()):
            lines.append(f"    {t:<10} {p:.2f} {r:.2f} {f:.2f} {n}")
        lines.append(
            "  reliability (rules; platt-cv = Platt scaling fitted on 4 folds, applied to the"
            f" 5th; fit on all: a={self.platt[0]:.3f} b={self.platt[1]:.3f}):"
        )
        lines.append("    bin  n  mean confidence  type accuracy")
        for name, n, conf, acc in self.reliability:
            lines.append(f"    {name:<18} {n:>4} {conf:.3f} {acc:.3f}")
        lines.append(
            f"CENTCOM strikes: {self.centcom_n} lines; ASSAULT/aerial coalition->ISIS "
            f"{self.centcom_ok:.3f}"
        )
        for k, v in self.centcom_parts.items():
            lines.append(f"    {k:<12} {v:.3f}")
        return "\n".join(lines)


def _depth(doc: Doc, ev: Event) -> int:
    span = doc.char_span(ev.trigger[0], ev.trigger[1], alignment_mode="expand")
    if span is None:
        return 99
    return len(list(span.root.ancestors))


def main_event(doc: Doc, events: Sequence[Event]) -> Event | None:
    """The sentence's event: trigger highest in the parse, then most confident."""
    if not events:
        return None
    return min(
        events,
        key=lambda e: (_depth(doc, e), "hypothetical" in e.modality, -e.confidence, e.trigger[0]),
    )


def _codes(value: Any) -> list[tuple[str, str]]:
    if not isinstance(value, list):
        return []
    out = []
    for item in value:
        if isinstance(item, dict):
            out.append((str(item.get("code") or "").upper(), str(item.get("sector") or "").upper()))
    return [c for c in out if c[0] or c[1]]


# The gold file predates some codes: CAMEO-era country codes, and "IGO" for any
# international organisation (we code the EU as EUR, the UN family as UNO or IGO).
STATE_ID = re.compile(r"^[a-z]{3}$")
GOLD_CODE_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
ORGANISATION_CODES = frozenset({"IGO", "UNO", "EUR", "NGO"})


def _agrees(ids: Sequence[str], actors: dict[str, Actor], gold: list[tuple[str, str]]) -> bool:
    for aid in ids:
        a = actors.get(aid)
        if a is not None:
            country = (a.country or "").upper()
            sector = (a.sector or "").upper()
        elif STATE_ID.match(aid):  # a country named as a place but acting as the state
            country, sector = aid.upper(), "GOV"
        else:
            continue
        for code, gsector in gold:
            code = GOLD_CODE_ALIASES.get(code, code)
            if code and code == country:
                return True
            if code in ORGANISATION_CODES and country in ORGANISATION_CODES:
                return True
            if not code and gsector and gsector == sector:
                return True
    return False


def _type_scores(name: str, gold: list[str], pred: list[str], types: Sequence[str]) -> TypeScores:
    per: dict[str, tuple[float, float, float, int]] = {}
    f1s = []
    for t in types:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == t and p == t)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != t and p == t)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == t and p != t)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[t] = (prec, rec, f1, tp + fn)
        f1s.append(f1)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / max(len(gold), 1)
    return TypeScores(name, len(gold), acc, sum(f1s) / len(f1s), per)


def load_plover(path: Path, codebook: Codebook) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for item in data:
        if not isinstance(item, dict) or item.get("event") == "DOCUMENT" or not item.get("text"):
            continue
        item = dict(item)
        item["gold_type"] = codebook.map_legacy(str(item["event"]))
        out.append(item)
    return out


def _combine(rule: str | None, conf: float, probs: dict[str, float]) -> str:
    best = max(probs, key=lambda k: probs[k])
    if rule is None:
        return best
    if conf < 0.6 and probs[best] > 0.6 and probs.get(rule, 0.0) < 0.2:
        return best
    return rule


def _reliability(
    name: str, conf: list[float], pred: list[str | None], gold: list[str]
) -> list[tuple[str, int, float, float]]:
    rows = []
    for lo, hi in BINS:
        idx = [i for i, c in enumerate(conf) if pred[i] and lo <= c < hi]
        if idx:
            rows.append(
                (
                    f"{name} {lo:.1f}-{min(hi, 1.0):.1f}",
                    len(idx),
                    sum(conf[i] for i in idx) / len(idx),
                    sum(pred[i] == gold[i] for i in idx) / len(idx),
                )
            )
    return rows


def evaluate_plover(
    path: Path, nlp: Language, codebook: Codebook, resolvers: Resolvers
) -> dict[str, Any]:
    items = load_plover(path, codebook)
    types = codebook.types
    texts = [str(x["text"]) for x in items]
    gold = [str(x["gold_type"]) for x in items]
    rule_pred: list[str | None] = []
    rule_conf: list[float] = []
    feats: list[list[str]] = []
    src_ok = src_found = src_n = tgt_ok = tgt_n = 0
    for item, doc in zip(items, nlp.pipe(texts), strict=True):
        article = Article(id=str(item["id"]), text=doc.text, published=dt.date(2000, 1, 1))
        actors = resolvers.actors(doc, article)
        places = resolvers.places(doc, article, actors)
        times = resolvers.times(doc, article)
        events = extract_events(doc, article, actors, places, times, codebook)
        ev = main_event(doc, events)
        rule_pred.append(ev.type if ev else None)
        rule_conf.append(ev.confidence if ev else 0.0)
        feats.append(sentence_features(doc, events))
        by_id = {a.id: a for a in actors}
        srcs = _codes(item.get("source"))
        if srcs:
            src_n += 1
            if ev is not None and ev.actors:
                src_found += 1
                src_ok += _agrees(ev.actors, by_id, srcs)
        tgts = _codes(item.get("target"))
        if tgts:
            tgt_n += 1
            if ev is not None:
                tgt_ok += _agrees(ev.recipients, by_id, tgts)
    model_pred: list[str] = [""] * len(items)
    combined: list[str] = [""] * len(items)
    for fold in range(FOLDS):
        train = [i for i in range(len(items)) if i % FOLDS != fold]
        test = [i for i in range(len(items)) if i % FOLDS == fold]
        nb = NaiveBayes.fit([feats[i] for i in train], [gold[i] for i in train])
        for i in test:
            probs = nb.predict_proba(feats[i])
            model_pred[i] = max(probs, key=lambda k: probs[k])
            combined[i] = _combine(rule_pred[i], rule_conf[i], probs)
    rules_only = [p or "NONE" for p in rule_pred]
    # Platt scaling of the rule confidence, cross-validated (fit on 4 folds, apply to 1)
    cv_conf = list(rule_conf)
    found = [i for i in range(len(items)) if rule_pred[i]]
    for fold in range(FOLDS):
        train = [i for i in found if i % FOLDS != fold]
        a, b = fit_platt([rule_conf[i] for i in train], [rule_pred[i] == gold[i] for i in train])
        for i in found:
            if i % FOLDS == fold:
                cv_conf[i] = platt(rule_conf[i], a, b)
    platt_all = fit_platt([rule_conf[i] for i in found], [rule_pred[i] == gold[i] for i in found])
    reliability = _reliability("raw", rule_conf, rule_pred, gold) + _reliability(
        "platt-cv", cv_conf, rule_pred, gold
    )
    return {
        "n": len(items),
        "rules": _type_scores("rules", gold, rules_only, types),
        "model": _type_scores("model (5-fold)", gold, model_pred, types),
        "combined": _type_scores("rules+model", gold, combined, types),
        "coverage": sum(p is not None for p in rule_pred) / max(len(items), 1),
        "source": src_ok / max(src_n, 1),
        "source_found": src_ok / max(src_found, 1),
        "target": tgt_ok / max(tgt_n, 1),
        "target_n": tgt_n,
        "reliability": tuple(reliability),
        "platt": platt_all,
    }


def evaluate_centcom(
    path: Path, nlp: Language, codebook: Codebook, resolvers: Resolvers, limit: int | None = None
) -> tuple[int, float, dict[str, float]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_day: dict[str, list[str]] = defaultdict(list)
    for row in rows[:limit] if limit else rows:
        by_day[row["date"]].append(row["line"].strip())
    counts: Counter[str] = Counter()
    n = 0
    days = sorted(by_day)
    texts = ["\n".join(by_day[d]) for d in days]
    for day, doc in zip(days, nlp.pipe(texts), strict=True):
        m, d, y = (int(x) for x in day.split("/"))
        article = Article(
            id=f"centcom-{day}", text=doc.text, outlet="CJTF-OIR", published=dt.date(y, m, d)
        )
        actors = resolvers.actors(doc, article)
        events = extract_events(
            doc, article, actors, resolvers.places(doc, article, actors), (), codebook
        )
        offset = 0
        for line in by_day[day]:
            n += 1
            start, end = offset, offset + len(line)
            offset = end + 1
            ev = next((e for e in events if start <= e.trigger[0] < end), None)
            if ev is None:
                continue
            ok_type = ev.type == "ASSAULT"
            ok_mode = ok_type and ev.mode == "aerial"
            ok_actor = COALITION in ev.actors
            ok_rec = ISIS in ev.recipients
            counts["found"] += 1
            counts["type"] += ok_type
            counts["mode"] += ok_mode
            counts["actor"] += ok_actor
            counts["recipient"] += ok_rec
            counts["all"] += ok_type and ok_mode and ok_actor and ok_rec
    parts = {k: counts[k] / max(n, 1) for k in ("found", "type", "mode", "actor", "recipient")}
    return n, counts["all"] / max(n, 1), parts


def evaluate_events(
    shared: Path,
    nlp: Language,
    resources: Any = None,
    *,
    centcom_limit: int | None = None,
) -> EventScores:
    """Score event extraction on the shared dev sets (``shared`` = the ../shared folder).

    ``resources``: a mapping or object with optional ``kb``, ``gazetteer`` and
    ``codebook``; missing ones are loaded.
    """
    import time

    t0 = time.perf_counter()

    def get(name: str) -> Any:
        if resources is None:
            return None
        if isinstance(resources, dict):
            return resources.get(name)
        return getattr(resources, name, None)

    codebook = get("codebook") or load_codebook()
    kb = get("kb")
    if kb is None:
        from sitrep.knowledge.actors import load_actor_kb

        kb = load_actor_kb()
    resolvers = make_resolvers(kb, get("gazetteer"))
    data = shared / "data"
    pl = evaluate_plover(data / "plover" / "PLOVER_GSR_CAMEO.txt", nlp, codebook, resolvers)
    cn, cok, parts = evaluate_centcom(
        data / "centcom-strikes" / "strikes.csv", nlp, codebook, resolvers, centcom_limit
    )
    return EventScores(
        plover_n=pl["n"],
        rules=pl["rules"],
        model=pl["model"],
        combined=pl["combined"],
        source_agreement=pl["source"],
        source_agreement_found=pl["source_found"],
        target_agreement=pl["target"],
        target_n=pl["target_n"],
        coverage=pl["coverage"],
        reliability=pl["reliability"],
        platt=pl["platt"],
        centcom_n=cn,
        centcom_ok=cok,
        centcom_parts=parts,
        resolvers=resolvers.names,
        seconds=time.perf_counter() - t0,
    )
