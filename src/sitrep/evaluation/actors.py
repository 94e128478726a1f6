"""``sitrep eval actors``: actor recognition on re3d and actor coding on PLOVER gold.

re3d (``<shared>/data/re3d/{centcom,uk-government,us-state-department}``): gold
spans are the ``Organisation``, ``Person`` and ``Nationality`` annotations with
confidence >= 0.5; of overlapping gold spans only the best (highest confidence,
then longest) is kept. Predictions are the spans of ``doc.spans["actors"]``; the
baseline is spaCy's own ORG, PERSON and NORP entities from the same parse. Scored
type-agnostically, with exact offsets and with overlap (one-to-one greedy).

PLOVER (``<shared>/data/plover/PLOVER_GSR_CAMEO.txt``): for every sentence with a
coded source (target) actor, the actor text is located in the sentence (the first
fragment of a discontinuous "A ... B" span; any run of whitespace) and the
predicted actor whose mention overlaps it most supplies the country and sector.
Gold country codes are compared as given, except that the draft's ``JAP``/``ITL``/
``VTN`` are read as ``JPN``/``ITA``/``VNM`` (as the events scorer does) and ``EUR``,
``UNO`` and ``NGO`` all count as ``IGO`` (the
gold codes Amnesty and the Red Cross as IGO, CAMEO as NGO); sectors are
compared on their first three letters, skipping uncoded ones ("***"). The
baseline is spaCy alone plus a country-name/demonym table: the NER entity that
overlaps the actor text, coded by looking its text up in that table (no sector).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from sitrep.evaluation.prf import PRF
from sitrep.knowledge.actors import ActorKB, load_actor_kb, load_agent_lexicon
from sitrep.mentions.actors import FACTORY, SPAN_KEY, ActorRecognizer, normalise
from sitrep.model import Article
from sitrep.resolve.actors import _demonym_table, resolve_actors

RE3D_SUBSETS = ("centcom", "uk-government", "us-state-department")
RE3D_TYPES = frozenset({"Organisation", "Person", "Nationality"})
MIN_CONFIDENCE = 0.5
BASELINE_LABELS = frozenset({"ORG", "PERSON", "NORP"})
_CODE_FIX = {
    "JAP": "JPN",
    "ITL": "ITA",
    "VTN": "VNM",
    "EUR": "IGO",
    "UNO": "IGO",
    "NGO": "IGO",
}


@dataclass(frozen=True, slots=True)
class ActorScores:
    """re3d recognition and PLOVER coding scores, system next to the baseline."""

    re3d_exact: PRF
    re3d_overlap: PRF
    base_exact: PRF
    base_overlap: PRF
    re3d_docs: int
    plover_sentences: int
    source_country: PRF
    target_country: PRF
    source_sector: PRF
    target_sector: PRF
    base_source_country: PRF
    base_target_country: PRF
    seconds: float

    def render(self) -> str:
        lines = [
            f"re3d actors ({self.re3d_docs} documents; gold Organisation + Person + Nationality, "
            f"confidence >= {MIN_CONFIDENCE}, best span per overlap; type-agnostic)",
            "  " + self.re3d_exact.row("sitrep exact", width=34),
            "  " + self.base_exact.row("spaCy small ORG/PERSON/NORP exact", width=34),
            "  " + self.re3d_overlap.row("sitrep overlap", width=34),
            "  " + self.base_overlap.row("spaCy small ORG/PERSON/NORP overlap", width=34),
            f"  F1 gain over baseline: exact {100 * (self.re3d_exact.f1 - self.base_exact.f1):+.1f}"
            f" points, overlap {100 * (self.re3d_overlap.f1 - self.base_overlap.f1):+.1f} points",
            f"PLOVER gold actor coding ({self.plover_sentences} sentences; "
            "baseline = spaCy NER + country-name table)",
            "  " + self.source_country.row("sitrep source country", width=34),
            "  " + self.base_source_country.row("baseline source country", width=34),
            "  " + self.target_country.row("sitrep target country", width=34),
            "  " + self.base_target_country.row("baseline target country", width=34),
            "  " + self.source_sector.row("sitrep source sector", width=34),
            "  " + self.target_sector.row("sitrep target sector", width=34),
            f"({self.seconds:.1f} s)",
        ]
        return "\n".join(lines)


# ---------------------------------------------------------------- helpers


def _json_lines(path: Path) -> Iterable[dict[str, Any]]:
    with path.open(encoding="utf-8-sig") as fh:
        for line in fh:
            line = line.strip()
            if line:
                yield json.loads(line)


def _best_per_overlap(spans: list[tuple[float, int, int]]) -> set[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for _conf, a, b in sorted(spans, key=lambda s: (-s[0], -(s[2] - s[1]), s[1])):
        if not any(x < b and a < y for x, y in kept):
            kept.append((a, b))
    return set(kept)


def _score(
    pred: Sequence[set[tuple[int, int]]], gold: Sequence[set[tuple[int, int]]]
) -> tuple[PRF, PRF]:
    tp_exact = tp_overlap = n_pred = n_gold = 0
    for p, g in zip(pred, gold, strict=True):
        n_pred += len(p)
        n_gold += len(g)
        tp_exact += len(p & g)
        used: set[tuple[int, int]] = set()
        for a, b in sorted(p):
            for x, y in sorted(g):
                if (x, y) not in used and x < b and a < y:
                    used.add((x, y))
                    tp_overlap += 1
                    break
    return PRF(tp_exact, n_pred, n_gold), PRF(tp_overlap, n_pred, n_gold)


def _ensure_recognizer(nlp: Language, kb: ActorKB) -> ActorRecognizer | None:
    """The actor component to apply after ``nlp`` (None when nlp already has it)."""
    if any(name == FACTORY or isinstance(pipe, ActorRecognizer) for name, pipe in nlp.pipeline):
        return None
    return ActorRecognizer(kb, load_agent_lexicon())


def _run(nlp: Language, texts: list[str], kb: ActorKB) -> list[Doc]:
    rec = _ensure_recognizer(nlp, kb)
    docs = list(nlp.pipe(texts, batch_size=16))
    if rec is not None:
        docs = [rec(d) for d in docs]
    return docs


# ---------------------------------------------------------------- re3d


def _re3d(shared: Path, nlp: Language, kb: ActorKB) -> tuple[PRF, PRF, PRF, PRF, int]:
    texts: list[str] = []
    golds: list[set[tuple[int, int]]] = []
    for subset in RE3D_SUBSETS:
        folder = shared / "data" / "re3d" / subset
        by_id = {d["_id"]: d["text"] for d in _json_lines(folder / "documents.json")}
        spans: dict[str, list[tuple[float, int, int]]] = {k: [] for k in by_id}
        for e in _json_lines(folder / "entities.json"):
            if (
                e["type"] in RE3D_TYPES
                and float(e["confidence"]) >= MIN_CONFIDENCE
                and e["documentId"] in spans
            ):
                spans[e["documentId"]].append((float(e["confidence"]), e["begin"], e["end"]))
        for doc_id, text in by_id.items():
            texts.append(text)
            golds.append(_best_per_overlap(spans[doc_id]))
    docs = _run(nlp, texts, kb)
    system = [{(s.start_char, s.end_char) for s in d.spans[SPAN_KEY]} for d in docs]
    base = [
        {(e.start_char, e.end_char) for e in d.ents if e.label_ in BASELINE_LABELS} for d in docs
    ]
    s_exact, s_overlap = _score(system, golds)
    b_exact, b_overlap = _score(base, golds)
    return s_exact, s_overlap, b_exact, b_overlap, len(texts)


# ---------------------------------------------------------------- PLOVER


_ELLIPSIS = re.compile(r"\s*\.{2,}\s*|\s*\u2026\s*")


def _locate(text: str, actor_text: str) -> tuple[int, int] | None:
    """Offsets of the gold actor text in the sentence.

    The gold writes a discontinuous actor with an ellipsis ("U.S. ... negotiators" for
    "U.S. and Russian negotiators"); its first fragment is located. Runs of whitespace
    in the gold text (a double space before a parenthesis) match any whitespace run.
    """
    fragment = _ELLIPSIS.split(actor_text.strip().strip("{}"))[0]
    words = normalise(fragment).split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, normalise(text))
    return (m.start(), m.end()) if m else None


def _code(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip() or "*" in value:
        return None
    code = value.strip().upper()[:3]
    return _CODE_FIX.get(code, code)


def _plover(shared: Path, nlp: Language, kb: ActorKB) -> tuple[int, list[PRF]]:
    path = shared / "data" / "plover" / "PLOVER_GSR_CAMEO.txt"
    records = [
        r
        for r in json.loads(path.read_text(encoding="utf-8"))
        if isinstance(r.get("text"), str) and isinstance(r.get("source"), list)
    ]
    texts = [r["text"] for r in records]
    docs = _run(nlp, texts, kb)
    demonyms = _demonym_table(kb)
    # counts: [tp, pred, gold] for sys src/tgt country, sys src/tgt sector, base src/tgt country
    counts = [[0, 0, 0] for _ in range(6)]
    for rec, doc in zip(records, docs, strict=True):
        article = Article(id="plover", text=doc.text, published=_date(rec.get("date")))
        actors, _ = resolve_actors(doc, article, kb)
        for role, offset in (("source", 0), ("target", 1)):
            items = rec.get(role)
            if not isinstance(items, list) or not items or not isinstance(items[0], dict):
                continue
            gold = items[0]
            where = _locate(doc.text, str(gold.get("actorText", "")))
            g_country, g_sector = _code(gold.get("code")), _code(gold.get("sector"))
            best, best_len = None, 0
            if where is not None:
                for actor in actors:
                    for a, b in actor.mentions:
                        ov = min(b, where[1]) - max(a, where[0])
                        if ov > best_len:
                            best, best_len = actor, ov
            p_country = _CODE_FIX.get(best.country or "", best.country) if best else None
            p_sector = best.sector if best else None
            b_country = None
            if where is not None:
                for ent in doc.ents:
                    if ent.start_char < where[1] and where[0] < ent.end_char:
                        b_country = demonyms.get(normalise(ent.text).removeprefix("the "))
                        if b_country:
                            break
            for idx, gv, pv in (
                (offset, g_country, p_country),
                (2 + offset, g_sector, p_sector),
                (4 + offset, g_country, b_country),
            ):
                if gv is None:
                    continue
                counts[idx][2] += 1
                if pv:
                    counts[idx][1] += 1
                    counts[idx][0] += int(pv == gv)
    return len(records), [PRF(*c) for c in counts]


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def evaluate_actors(shared: Path, nlp: Language) -> ActorScores:
    """Score actor recognition (re3d) and coding (PLOVER) against the spaCy baseline."""
    kb = load_actor_kb()
    started = time.perf_counter()
    s_exact, s_overlap, b_exact, b_overlap, n_docs = _re3d(shared, nlp, kb)
    n_sent, prf = _plover(shared, nlp, kb)
    return ActorScores(
        re3d_exact=s_exact,
        re3d_overlap=s_overlap,
        base_exact=b_exact,
        base_overlap=b_overlap,
        re3d_docs=n_docs,
        plover_sentences=n_sent,
        source_country=prf[0],
        target_country=prf[1],
        source_sector=prf[2],
        target_sector=prf[3],
        base_source_country=prf[4],
        base_target_country=prf[5],
        seconds=time.perf_counter() - started,
    )
