"""Golden file: one example article in, its full sitrep/1 object out.

A behaviour change shows up here as a diff to review. After reviewing it,
regenerate with:  SITREP_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from sitrep.model import to_contract
from sitrep.pipeline import extract

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO / "examples" / "corpus" / "iraq-duhok-turkish-drone.txt"
GOLDEN = REPO / "tests" / "golden" / "iraq-duhok-turkish-drone.json"


def test_example_article_matches_its_golden_file(
    settings: Any, nlp: Any, resources: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)  # sources (and so input ids) are the paths as given
    relative = str(ARTICLE.relative_to(REPO))
    (ex,) = list(extract([relative], settings, nlp=nlp, resources=resources))
    got = to_contract(ex)
    if os.environ.get("SITREP_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert got["article"] == want["article"]
    assert got["text"] == want["text"]
    for key in ("actors", "places", "events", "claims", "relations"):
        assert got[key] == want[key], f"{key} changed: review the diff, then regenerate"
