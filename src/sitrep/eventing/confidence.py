"""Event confidence: a logistic score over the evidence, calibrated on the dev sets.

Features (all in [0, 1]): the trigger's lexicon strength, whether the actors/recipients
came from the parse or from a fallback (nearest mention, source default), whether the
actors are linked to the KB, and how many triggers support the event. The weights are
set so that the score matches observed type accuracy on the PLOVER gold (see the
reliability table in ``sitrep.evaluation.events``); ``Calibration`` can be refitted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Evidence:
    strength: float
    has_actor: bool
    actor_from_parse: bool
    actor_linked: bool
    has_recipient: bool
    recipient_needed: bool
    support: int = 1
    implied: bool = False
    recipient_from_parse: bool = True
    model_prob: float | None = None


@dataclass(frozen=True, slots=True)
class Calibration:
    """Logistic weights; ``bias + sum(w * feature)`` then the logistic function."""

    bias: float = -2.6
    w_strength: float = 3.4
    w_actor: float = 0.7
    w_parse: float = 0.5
    w_linked: float = 0.3
    w_recipient: float = 0.3
    w_missing_recipient: float = -0.4
    w_support: float = 0.35
    w_implied: float = -0.3
    w_model: float = 1.5
    # Platt scaling fitted on the PLOVER gold (type correct or not), see the reliability
    # table of ``sitrep eval events``: a=0.572, b=0.751 on all 313 found events
    platt_a: float = 0.572
    platt_b: float = 0.751


DEFAULT_CALIBRATION = Calibration()


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def confidence(ev: Evidence, cal: Calibration = DEFAULT_CALIBRATION) -> float:
    z = cal.bias + cal.w_strength * ev.strength
    z += cal.w_actor * ev.has_actor + cal.w_parse * (ev.has_actor and ev.actor_from_parse)
    z += cal.w_linked * ev.actor_linked
    if ev.recipient_needed:
        if ev.has_recipient:
            z += cal.w_recipient if ev.recipient_from_parse else cal.w_recipient / 2
        else:
            z += cal.w_missing_recipient
    z += cal.w_support * min(ev.support - 1, 2)
    z += cal.w_implied * ev.implied
    if ev.model_prob is not None:
        z += cal.w_model * _logit(ev.model_prob)
    z = cal.platt_a * z + cal.platt_b
    return round(1.0 / (1.0 + math.exp(-z)), 4)


def fit_platt(
    scores: list[float], correct: list[bool], *, steps: int = 2000, lr: float = 0.05
) -> tuple[float, float]:
    """Platt scaling ``p' = sigmoid(a * logit(p) + b)`` by gradient descent (log loss)."""
    a, b = 1.0, 0.0
    xs = [_logit(s) for s in scores]
    ys = [1.0 if c else 0.0 for c in correct]
    n = max(len(xs), 1)
    for _ in range(steps):
        ga = gb = 0.0
        for x, y in zip(xs, ys, strict=True):
            p = 1.0 / (1.0 + math.exp(-(a * x + b)))
            ga += (p - y) * x
            gb += p - y
        a -= lr * ga / n
        b -= lr * gb / n
    return a, b


def platt(p: float, a: float, b: float) -> float:
    return 1.0 / (1.0 + math.exp(-(a * _logit(p) + b)))
