"""A small learned layer: multinomial naive Bayes over parse features, in plain Python.

Features of a sentence: content lemmas, the root lemma, modal auxiliaries and
negation, and the types of the rule events (with the rule's main event marked). It is
trained and scored with cross-validation by :mod:`sitrep.evaluation.events` (never
trained and reported on the same fold); the pipeline itself runs on rules only until a
model trained on our own annotations is shipped as data.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from sitrep.model import Event

CONTENT_POS = frozenset({"VERB", "NOUN", "ADJ"})
MARKERS = frozenset(
    {
        "will",
        "would",
        "could",
        "may",
        "might",
        "must",
        "should",
        "not",
        "n't",
        "never",
        "no",
        "ready",
        "willing",
        "prepared",
    }
)


def sentence_features(doc: Doc, events: Sequence[Event]) -> list[str]:
    feats: list[str] = []
    for tok in doc:
        low = tok.lower_
        if tok.pos_ in CONTENT_POS and not tok.is_stop:
            feats.append("L=" + tok.lemma_.lower())
        if low in MARKERS:
            feats.append("M=" + low)
        if tok.dep_ == "ROOT":
            feats.append("ROOT=" + tok.lemma_.lower())
    for ev in events:
        feats.append("T=" + ev.type)
    if events:
        first = min(events, key=lambda e: e.trigger[0])
        feats.append("T1=" + first.type)
    return feats


@dataclass(frozen=True, slots=True)
class NaiveBayes:
    """Multinomial naive Bayes with add-alpha smoothing."""

    priors: dict[str, float]
    loglik: dict[str, dict[str, float]]
    unseen: dict[str, float]

    @classmethod
    def fit(
        cls, docs: Sequence[Sequence[str]], labels: Sequence[str], alpha: float = 0.5
    ) -> NaiveBayes:
        vocab = {f for d in docs for f in d}
        counts: dict[str, Counter[str]] = {}
        n_label: Counter[str] = Counter(labels)
        for d, y in zip(docs, labels, strict=True):
            counts.setdefault(y, Counter()).update(d)
        total = len(labels)
        priors = {y: math.log(n / total) for y, n in n_label.items()}
        loglik: dict[str, dict[str, float]] = {}
        unseen: dict[str, float] = {}
        v = len(vocab)
        for y, c in counts.items():
            denom = sum(c.values()) + alpha * v
            loglik[y] = {f: math.log((k + alpha) / denom) for f, k in c.items()}
            unseen[y] = math.log(alpha / denom)
        return cls(priors=priors, loglik=loglik, unseen=unseen)

    def predict_proba(self, feats: Sequence[str]) -> dict[str, float]:
        scores = {}
        for y, prior in self.priors.items():
            ll = self.loglik[y]
            u = self.unseen[y]
            scores[y] = prior + sum(ll.get(f, u) for f in feats)
        top = max(scores.values())
        exp = {y: math.exp(s - top) for y, s in scores.items()}
        z = sum(exp.values())
        return {y: e / z for y, e in exp.items()}
