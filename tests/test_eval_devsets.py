"""The evaluator's development gold sets (ACLED snippets, attribution notes) and their scorers.

Schema tests validate both gold files; maths tests score hand-made predictions; the
slow tests run both scorers end to end on the real pipeline and assert only that
the numbers are rates (quality floors are pinned elsewhere, by the lead).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from sitrep.evaluation import acled, attribution
from sitrep.evaluation.acled import (
    SUB_EVENT_TYPES,
    AcledSnippet,
    baseline_label,
    load_snippets,
    parse_snippet,
    score_labels,
)
from sitrep.evaluation.acled_map import NO_EVENT
from sitrep.evaluation.attribution import (
    AttributionNote,
    GoldDate,
    aggregate,
    claimant_correct,
    load_notes,
    match_event,
    parse_note,
    score_note,
)
from sitrep.model import (
    MODALITIES,
    AcledCode,
    Actor,
    Article,
    Event,
    Extraction,
    Magnitude,
    TimeValue,
)

GOLD = Path(__file__).resolve().parent / "gold"
ACLED_GOLD = GOLD / "acled_snippets.jsonl"
ATTR_GOLD = GOLD / "attribution_notes.jsonl"


# -- gold schema: ACLED snippets ---------------------------------------------------------------
@pytest.fixture(scope="module")
def snippets() -> tuple[AcledSnippet, ...]:
    return load_snippets(ACLED_GOLD)


def test_acled_gold_size_and_unique_ids(snippets: tuple[AcledSnippet, ...]) -> None:
    assert len(snippets) >= 200
    assert len({s.id for s in snippets}) == len(snippets)
    assert len({s.text for s in snippets}) == len(snippets)


def test_acled_gold_covers_every_sub_event_type_five_times(
    snippets: tuple[AcledSnippet, ...],
) -> None:
    counts = Counter(s.sub_event_type for s in snippets)
    assert set(counts) == set(SUB_EVENT_TYPES)
    assert min(counts.values()) >= 5, counts.most_common()[-3:]
    # a realistic skew: the common violent types outnumber the rare ones
    assert counts["Armed clash"] > counts["Chemical weapon"]


def test_acled_gold_event_types_follow_the_codebook(snippets: tuple[AcledSnippet, ...]) -> None:
    from sitrep.knowledge.codebook import load_codebook

    subtypes = load_codebook().acled_subtypes
    assert set(subtypes) == set(SUB_EVENT_TYPES)
    for s in snippets:
        assert subtypes[s.sub_event_type] == s.event_type, s.id


def test_acled_gold_snippets_are_short_and_labelled_sensibly(
    snippets: tuple[AcledSnippet, ...],
) -> None:
    for s in snippets:
        sentences = s.text.count(". ") + 1
        assert 1 <= sentences <= 3 and len(s.text) < 400, s.id
        assert dt.date(2010, 1, 1) <= s.published <= dt.date(2026, 12, 31), s.id
        if s.sub_event_type in ("Peaceful protest", "Protest with intervention"):
            assert s.inter1 == 6, s.id
        if s.event_type == "Violence against civilians":
            assert s.inter2 == 7, s.id
        if s.event_type == "Battles":
            assert s.inter1 not in (5, 6, 7) and s.inter2 not in (0, 5, 6, 7), s.id
        if s.event_type == "Riots":
            assert s.inter1 == 5, s.id


def test_parse_snippet_rejects_unknown_labels() -> None:
    row = json.loads(ACLED_GOLD.read_text(encoding="utf-8").splitlines()[0])
    parse_snippet(row)
    for field, bad in (("sub_event_type", "Skirmish"), ("event_type", "War"), ("inter1", 9)):
        with pytest.raises(ValueError):
            parse_snippet({**row, field: bad})


# -- gold schema: attribution notes ------------------------------------------------------------
@pytest.fixture(scope="module")
def notes() -> tuple[AttributionNote, ...]:
    return load_notes(ATTR_GOLD)


def test_attribution_gold_size_offsets_and_labels(notes: tuple[AttributionNote, ...]) -> None:
    assert len(notes) >= 120
    assert len({n.id for n in notes}) == len(notes)
    for n in notes:
        start, end = n.trigger_span
        assert n.text[start:end] == n.trigger, n.id
        assert n.modality <= set(MODALITIES), n.id
        if n.date.precision == "unknown":
            assert n.date.start is None and n.date.end == n.published.isoformat(), n.id
        else:
            assert n.date.start is not None and n.date.end is not None
            assert n.date.start <= n.date.end, n.id


def test_attribution_gold_mixes_every_kind(notes: tuple[AttributionNote, ...]) -> None:
    labels = Counter(m for n in notes for m in n.modality)
    assert set(labels) == set(MODALITIES)
    assert min(labels.values()) >= 5, labels
    assert sum(not n.modality for n in notes) >= 20  # plain assertions
    assert sum(n.claimant is None for n in notes) >= 30
    assert sum(n.claimant is not None for n in notes) >= 40
    precisions = Counter(n.date.precision for n in notes)
    assert set(precisions) == {"day", "week", "month", "year", "decade", "range", "unknown"}


def test_parse_note_rejects_bad_offsets_and_labels() -> None:
    row = json.loads(ATTR_GOLD.read_text(encoding="utf-8").splitlines()[0])
    parse_note(row)
    bad_rows: list[dict[str, Any]] = [
        {**row, "trigger_start": row["trigger_start"] + 1},
        {**row, "modality": ["certain"]},
        {**row, "type": "FIGHT"},
        {**row, "claimant": "nobody in this text"},
        {**row, "date": {"start": None, "end": None, "precision": "unknown"}},
        {**row, "date": {"start": "2020-02-01", "end": "2020-01-01", "precision": "range"}},
    ]
    for bad in bad_rows:
        with pytest.raises(ValueError):
            parse_note(bad)


# -- the keyword baseline and ACLED scoring maths ---------------------------------------------
@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("A drone struck a car near the border.", "Air/drone strike"),
        ("A suicide bomber blew himself up at a checkpoint.", "Suicide bomb"),
        ("Militants lobbed a grenade at a police post.", "Grenade"),
        ("Mortar rounds fell on the market.", "Shelling/artillery/missile attack"),
        ("A roadside bomb hit a patrol.", "Remote explosive/landmine/IED"),
        ("Police fired tear gas to disperse protesters.", "Protest with intervention"),
        ("Hundreds of teachers rallied outside the ministry.", "Peaceful protest"),
        ("Police arrested two suspects.", "Arrests"),
        ("The two sides signed a truce.", "Agreement"),
        ("Rebels and soldiers clashed overnight.", "Armed clash"),
        ("Gunmen shot dead a shopkeeper.", "Attack"),
        ("The committee met on Tuesday.", acled.BASELINE_DEFAULT),
    ],
)
def test_baseline_keyword_rules(text: str, label: str) -> None:
    assert baseline_label(text) == label


def _snippet(i: int, text: str, sub: str, event_type: str) -> AcledSnippet:
    return AcledSnippet(f"s{i}", text, dt.date(2020, 1, 1), event_type, sub, 1, 2, 0, "ASSAULT")


def test_score_labels_maths() -> None:
    gold = (
        _snippet(1, "Rebels and soldiers clashed.", "Armed clash", "Battles"),
        _snippet(2, "Rebels and soldiers fought.", "Armed clash", "Battles"),
        _snippet(3, "A drone hit a car.", "Air/drone strike", "Explosions/Remote violence"),
        _snippet(4, "Gunmen shot a farmer.", "Attack", "Violence against civilians"),
    )
    pred = ["Armed clash", "Attack", "Air/drone strike", NO_EVENT]
    pred_event = ["Battles", "Violence against civilians", "Explosions/Remote violence", NO_EVENT]
    scores = score_labels(gold, pred, pred_event)
    # Armed clash P=1 R=.5 F1=2/3 (support 2); Air/drone F1=1 (1); Attack P=0 R=0 (1)
    assert scores.weighted_f1 == pytest.approx((2 / 3 * 2 + 1.0 + 0.0) / 4)
    assert scores.event_type_accuracy == pytest.approx(0.5)
    assert scores.sitrep.accuracy == pytest.approx(0.5)
    # the baseline runs on the same texts: clashed/fought -> Armed clash, drone, shot -> Attack
    assert [r.baseline for r in scores.results] == [
        "Armed clash",
        "Armed clash",
        "Air/drone strike",
        "Attack",
    ]
    assert scores.baseline_weighted_f1 == pytest.approx(1.0)
    assert scores.baseline_event_type_accuracy == pytest.approx(1.0)
    assert [c.label for c in scores.weakest(1)] == ["Attack"]
    assert scores.confusions() == (("Armed clash", "Attack", 1), ("Attack", NO_EVENT, 1))
    text = scores.render()
    assert "weighted-F1 0.583" in text and "keyword rules" in text


def test_score_labels_rejects_length_mismatch() -> None:
    gold = (_snippet(1, "x", "Armed clash", "Battles"),)
    with pytest.raises(ValueError):
        score_labels(gold, [], [])


# -- attribution scoring maths -----------------------------------------------------------------
TEXT = "Rudaw said Turkish jets bombed a village on Monday."
PUB = dt.date(2021, 3, 10)  # a Wednesday


def _note(**over: Any) -> AttributionNote:
    base: dict[str, Any] = dict(
        id="n1",
        text=TEXT,
        published=PUB,
        trigger="bombed",
        trigger_start=TEXT.index("bombed"),
        claimant="Rudaw",
        modality=frozenset({"reported"}),
        date=GoldDate("2021-03-08", "2021-03-08", "day"),
        type="ASSAULT",
    )
    base.update(over)
    return AttributionNote(**base)


def _event(start: int, end: int, **over: Any) -> Event:
    base: dict[str, Any] = dict(
        id="e1",
        type="ASSAULT",
        mode="aerial",
        contexts=(),
        actors=("turkey",),
        recipients=(),
        place=None,
        date=TimeValue("2021-03-08", "2021-03-08", "day", "on Monday"),
        modality=("reported",),
        claimant="rudaw",
        magnitude=Magnitude(),
        acled=AcledCode("Explosions/Remote violence", "Air/drone strike", 1, 7),
        cameo="195",
        quad=4,
        score=-9.5,
        confidence=0.8,
        trigger=(start, end),
        evidence=(0, len(TEXT)),
    )
    base.update(over)
    return Event(**base)


def _actor(actor_id: str, needle: str) -> Actor:
    start = TEXT.index(needle)
    return Actor(actor_id, needle, True, None, None, None, ((start, start + len(needle)),))


def _extraction(*events: Event) -> Extraction:
    article = Article(id="a", text=TEXT, published=PUB)
    actors = (_actor("rudaw", "Rudaw"), _actor("turkey", "Turkish"))
    return Extraction(article=article, skipped=None, actors=actors, events=events)


def test_match_event_prefers_overlap_then_confidence() -> None:
    start = TEXT.index("bombed")
    wide = _event(start - 5, start + 6, id="wide", confidence=0.9)
    exact = _event(start, start + 6, id="exact", confidence=0.5)
    other = _event(0, 5, id="other", confidence=1.0)
    assert match_event(_note(), (other, wide, exact)) is wide  # both overlap 6 chars
    assert match_event(_note(), (other, _event(start + 2, start + 4, id="part"), exact)) is exact
    assert match_event(_note(), (other,)) is None


def test_claimant_by_mention_overlap() -> None:
    start = TEXT.index("bombed")
    ex = _extraction()
    assert claimant_correct(_note(), _event(start, start + 6), ex)
    assert not claimant_correct(_note(), _event(start, start + 6, claimant="turkey"), ex)
    assert not claimant_correct(_note(), _event(start, start + 6, claimant="unknown_id"), ex)
    assert not claimant_correct(_note(), _event(start, start + 6, claimant=None), ex)
    author = _note(claimant=None)
    assert claimant_correct(author, _event(start, start + 6, claimant=None), ex)
    assert not claimant_correct(author, _event(start, start + 6), ex)


def test_score_note_and_aggregate() -> None:
    start = TEXT.index("bombed")
    perfect = score_note(_note(), _extraction(_event(start, start + 6)))
    assert perfect.found and perfect.type_ok and perfect.claimant_ok
    assert perfect.modality_ok and perfect.date_ok
    wrong = score_note(
        _note(id="n2"),
        _extraction(
            _event(
                start,
                start + 6,
                type="COERCE",
                modality=("reported", "alleged"),
                date=TimeValue("2021-03-08", "2021-03-14", "week"),
                claimant=None,
            )
        ),
    )
    assert wrong.found and not (wrong.type_ok or wrong.claimant_ok)
    assert not (wrong.modality_ok or wrong.date_ok)
    miss = score_note(_note(id="n3", modality=frozenset({"negated"})), _extraction())
    assert not miss.found and not miss.date_ok

    scores = aggregate([perfect, wrong, miss])
    assert scores.n == 3
    assert scores.found == pytest.approx(2 / 3)
    assert scores.type_correct == pytest.approx(1 / 3)
    assert scores.claimant_correct == pytest.approx(1 / 3)
    assert scores.modality_exact == pytest.approx(1 / 3)
    assert scores.date_exact == pytest.approx(1 / 3)
    by_label = {s.label: s for s in scores.modality_labels}
    assert (by_label["reported"].tp, by_label["reported"].fp, by_label["reported"].fn) == (2, 0, 0)
    assert (by_label["alleged"].tp, by_label["alleged"].fp, by_label["alleged"].fn) == (0, 1, 0)
    assert (by_label["negated"].tp, by_label["negated"].fp, by_label["negated"].fn) == (0, 0, 1)
    assert by_label["reported"].f1 == pytest.approx(1.0)
    assert by_label["negated"].recall == 0.0
    assert [s.label for s in scores.weakest_modalities()] == ["negated", "reported"]
    assert scores.by_modality() == (
        ("reported", 2, 1.0, 0.5, 0.5, 0.5),
        ("negated", 1, 0.0, 0.0, 0.0, 0.0),
    )
    text = scores.render()
    assert "of found: 0.500" in text and "negated" in text


# -- the scorers' wiring, with a fake extraction -----------------------------------------------
def test_evaluate_with_a_fake_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    """Events that echo the gold give perfect scores: the wiring, not sitrep, is tested."""
    import spacy

    import sitrep.extract

    nlp = spacy.blank("en")
    gold_snippets = {s.text: s for s in load_snippets(ACLED_GOLD)}
    gold_notes = {n.text: n for n in load_notes(ATTR_GOLD)}

    def fake_extract(doc: Any, article: Article, resources: Any) -> Extraction:
        text = article.text
        if text in gold_snippets:
            s = gold_snippets[text]
            code = AcledCode(s.event_type, s.sub_event_type, s.inter1, s.inter2)
            return Extraction(article, None, events=(_event(0, 1, acled=code),))
        n = gold_notes[text]
        actors: tuple[Actor, ...] = ()
        if n.claimant_span is not None:
            actors = (Actor("c", n.claimant or "", False, None, None, None, (n.claimant_span,)),)
        event = _event(
            *n.trigger_span,
            type=n.type,
            modality=tuple(sorted(n.modality)),
            claimant="c" if actors else None,
            date=TimeValue(n.date.start, n.date.end, n.date.precision),  # type: ignore[arg-type]
        )
        return Extraction(article, None, actors=actors, events=(event,))

    monkeypatch.setattr(sitrep.extract, "extract_article", fake_extract)
    a = acled.evaluate_acled(ACLED_GOLD, nlp, resources=None)  # type: ignore[arg-type]
    assert a.n == len(gold_snippets)
    assert a.weighted_f1 == pytest.approx(1.0) and a.event_type_accuracy == pytest.approx(1.0)
    assert 0.0 < a.baseline_weighted_f1 < 1.0
    b = attribution.evaluate_attribution(ATTR_GOLD, nlp, resources=None)  # type: ignore[arg-type]
    assert b.n == len(gold_notes)
    for rate in (b.found, b.type_correct, b.claimant_correct, b.modality_exact, b.date_exact):
        assert rate == pytest.approx(1.0)


# -- end to end with the real pipeline (no quality floors here) --------------------------------
def _is_rate(x: float) -> bool:
    return 0.0 <= x <= 1.0


@pytest.mark.slow
def test_acled_scorer_end_to_end(nlp: Any, resources: Any) -> None:
    scores = acled.evaluate_acled(ACLED_GOLD, nlp, resources)
    assert scores.n >= 200
    for x in (
        scores.weighted_f1,
        scores.event_type_accuracy,
        scores.baseline_weighted_f1,
        scores.baseline_event_type_accuracy,
        scores.sitrep.macro_f1,
    ):
        assert _is_rate(x)
    assert "weighted-F1" in scores.render()


@pytest.mark.slow
def test_attribution_scorer_end_to_end(nlp: Any, resources: Any) -> None:
    scores = attribution.evaluate_attribution(ATTR_GOLD, nlp, resources)
    assert scores.n >= 120
    for x in (
        scores.found,
        scores.type_correct,
        scores.claimant_correct,
        scores.modality_exact,
        scores.date_exact,
    ):
        assert _is_rate(x)
    for label in scores.modality_labels:
        assert _is_rate(label.precision) and _is_rate(label.recall) and _is_rate(label.f1)
    assert "modality" in scores.render()
