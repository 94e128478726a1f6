"""Schema of data/lexicons/time.yaml."""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
import yaml

from sitrep.mentions.times import LEXICON_RESOURCE, load_time_lexicon, parse_time_lexicon


def _raw() -> dict[str, Any]:
    text = resources.files("sitrep").joinpath(LEXICON_RESOURCE).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def test_lexicon_loads_and_covers_the_calendar() -> None:
    lex = load_time_lexicon()
    assert lex.months["april"] == 4 and lex.months["sept"] == 9
    assert lex.weekdays["monday"] == 0 and lex.weekdays["sunday"] == 6
    assert lex.seasons["winter"] == (12, 2)
    assert set(lex.parts.values()) == {"early", "mid", "late"}
    assert lex.numbers["two"] == 2


def test_lexicon_keys_are_lower_case_and_unique() -> None:
    raw = _raw()
    assert raw["version"] == 1
    for section in ("months", "weekdays"):
        words = [w for ws in raw[section].values() for w in ws]
        assert len(words) == len(set(words))
        assert all(w == w.lower() for w in words)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda r: r.pop("months"),
        lambda r: r["months"].pop(5),
        lambda r: r["weekdays"].pop(0),
        lambda r: r["seasons"].update({"monsoon": [13, 2]}),
        lambda r: r["parts"].update({"dawn": "first"}),
    ],
)
def test_bad_lexicon_is_rejected(mutate: Any) -> None:
    raw = _raw()
    mutate(raw)
    with pytest.raises(ValueError):
        parse_time_lexicon(raw)
