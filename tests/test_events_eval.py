"""Quality floors of event extraction on the shared dev sets (pinned to the data's hash).

A change that lowers a floor fails here; raise a floor when quality improves. The data
hash pins which file the floor was measured on.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from sitrep.evaluation.events import EventScores, evaluate_events
from tests.conftest import shared_path

pytestmark = pytest.mark.slow

PLOVER_SHA256 = "f0d516858bf7ad05283ed0f8e6b1ea66d9ee4175703877d5ab0598503aa1a558"
FLOORS = {
    "rules_macro_f1": 0.74,
    "rules_accuracy": 0.78,
    "source_agreement_found": 0.80,
    "centcom_ok": 0.95,
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def scores(nlp: Any, resources: Any) -> EventScores:
    """Scores through the full pipeline (the team's actor, place and time resolvers)."""
    shared = shared_path("data", "plover", "PLOVER_GSR_CAMEO.txt").parents[2]
    shared_path("data", "centcom-strikes", "strikes.csv")
    return evaluate_events(shared, nlp, resources, centcom_limit=1000)


def test_plover_data_is_the_pinned_version() -> None:
    path = shared_path("data", "plover", "PLOVER_GSR_CAMEO.txt")
    if _sha256(path) != PLOVER_SHA256:
        pytest.skip(f"PLOVER gold changed ({_sha256(path)[:12]}): re-measure the floors")


def test_plover_type_floors(scores: EventScores) -> None:
    assert scores.plover_n == 322
    assert scores.rules.macro_f1 >= FLOORS["rules_macro_f1"], scores.render()
    assert scores.rules.accuracy >= FLOORS["rules_accuracy"], scores.render()


def test_plover_source_actor_floor(scores: EventScores) -> None:
    assert scores.source_agreement_found >= FLOORS["source_agreement_found"], scores.render()


def test_centcom_strike_lines_are_coalition_air_strikes_on_isis(scores: EventScores) -> None:
    assert scores.centcom_n == 1000
    assert scores.centcom_ok >= FLOORS["centcom_ok"], scores.render()


def test_scores_used_the_team_resolvers(scores: EventScores) -> None:
    assert "actors:resolve_actors" in scores.resolvers
    assert "actors:kb-alias-matcher" not in scores.resolvers


def test_reliability_table_and_render(scores: EventScores) -> None:
    assert scores.reliability
    assert sum(n for _, n, _, _ in scores.reliability) > 250
    text = scores.render()
    assert "macro-F1" in text and "CENTCOM" in text
