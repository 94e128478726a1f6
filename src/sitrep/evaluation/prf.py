"""Precision, recall and F1 over counted matches, shared by the span scorers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 with the counts behind them."""

    tp: int
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self, name: str, *, width: int = 10) -> str:
        return (
            f"{name:<{width}} P {self.precision:6.1%}  R {self.recall:6.1%}  F1 {self.f1:6.1%}"
            f"   (tp {self.tp}, pred {self.n_pred}, gold {self.n_gold})"
        )
