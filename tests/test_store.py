"""Store: schema, idempotent bulk writes, read-back round trip, queries."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.errors import StoreError
from sitrep.model import (
    AcledCode,
    Actor,
    Article,
    Claim,
    Event,
    Extraction,
    Magnitude,
    Place,
    Relation,
    Skipped,
    TimeValue,
)
from sitrep.schema import DATA_TABLES, SCHEMA_VERSION
from sitrep.store import open_store


def make_extraction(
    text: str = "Militants attacked a checkpoint near Hit on Monday.",
) -> Extraction:
    aid = hashlib.sha256(text.encode()).hexdigest()
    article = Article(
        id=aid,
        text=text,
        title="T",
        published=dt.date(2021, 3, 2),
        sources=("a.txt",),
    )
    actor = Actor("x:militants", "militants", False, None, "UAF", 3, ((0, 9),), kind="group")
    place = Place(
        "geonames:1", "Hit", "IRQ", "Anbar", None, 33.6, 42.8, "town", "location", ((37, 40),)
    )
    event = Event(
        id="e1",
        type="ASSAULT",
        mode="firearms",
        contexts=("military",),
        actors=("x:militants",),
        recipients=(),
        place="geonames:1",
        date=TimeValue("2021-03-01", "2021-03-01", "day", "on Monday", (41, 50)),
        modality=(),
        claimant=None,
        magnitude=Magnitude(killed=2),
        acled=AcledCode("Battles", "Armed clash", 3, 1),
        cameo="19",
        quad=4,
        score=-9.0,
        confidence=0.7,
        trigger=(10, 18),
        evidence=(0, len(text)),
    )
    claim = Claim("c1", None, "say", "assert", ("x:militants",), (0, 18), ("e1",))
    relation = Relation("part_of", "x:militants", "isis", (0, 9))
    return Extraction(article, None, (actor,), (place,), (event,), (claim,), (relation,))


def test_migrate_sets_schema_version(memory_store: Any) -> None:
    assert memory_store.schema_version() == SCHEMA_VERSION
    memory_store.migrate()  # idempotent
    assert set(DATA_TABLES) <= set(memory_store.counts())


def test_round_trip_returns_equal_records(memory_store: Any) -> None:
    ex = make_extraction()
    assert memory_store.write([ex], "r1") == 1
    back = memory_store.extraction(ex.article.id[:10])
    assert back is not None
    assert back.article == ex.article
    assert back.actors == ex.actors
    assert back.places == ex.places
    assert back.events == ex.events
    assert back.claims == ex.claims
    assert back.relations == ex.relations


def test_second_write_adds_no_rows_but_keeps_new_sources(memory_store: Any) -> None:
    ex = make_extraction()
    memory_store.write([ex], "r1")
    before = memory_store.counts()
    assert memory_store.write([ex], "r2") == 0
    assert memory_store.counts() == before
    again = Extraction(
        article=Article(**{**_fields(ex.article), "sources": ("b.html",)}), skipped=None
    )
    memory_store.write([again], "r3")
    back = memory_store.article(ex.article.id)
    assert back is not None and back.sources == ("a.txt", "b.html")


def _fields(article: Article) -> dict[str, Any]:
    return {name: getattr(article, name) for name in article.__slots__}


def test_skipped_records_are_stored_once(memory_store: Any) -> None:
    skip = Extraction(None, Skipped(source="empty.txt", reason="empty text"))
    memory_store.write([skip, skip], "r1")
    memory_store.write([skip], "r2")
    assert memory_store.counts()["skipped"] == 1


def test_event_filters(memory_store: Any) -> None:
    memory_store.write([make_extraction()], "r1")
    assert len(memory_store.events(type="assault")) == 1
    assert memory_store.events(type="PROTEST") == []
    assert len(memory_store.events(actor="militants")) == 1
    assert memory_store.events(actor="pmu") == []
    assert len(memory_store.events(place="Hit")) == 1
    assert len(memory_store.events(since=dt.date(2021, 3, 1))) == 1
    assert memory_store.events(since=dt.date(2021, 3, 2)) == []
    assert memory_store.events(until=dt.date(2021, 2, 28)) == []


def test_read_only_store_must_exist(tmp_path: Any) -> None:
    with pytest.raises(StoreError, match="no store"):
        open_store(tmp_path / "missing.duckdb", read_only=True)


def test_newer_schema_is_refused(tmp_path: Any) -> None:
    path = tmp_path / "s.duckdb"
    open_store(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(StoreError, match="schema version 99"):
        open_store(path)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=6))
def test_writing_twice_is_idempotent(texts: list[str]) -> None:
    with open_store(":memory:") as store:
        batch = [make_extraction(t) for t in texts]
        store.write(batch, "r1")
        first = store.counts()
        store.write(batch, "r2")
        assert store.counts() == first
        assert first["articles"] == len(set(texts))


def test_skip_reasons_are_grouped_without_their_specifics() -> None:
    from sitrep.pipeline import _reason_kind

    assert _reason_kind("invalid UTF-8 at byte 41") == "invalid UTF-8 at byte N"
    assert _reason_kind("malformed JSON on line 12") == "malformed JSON on line N"
    assert _reason_kind("not English: fr") == "not English"
