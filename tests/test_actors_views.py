"""Actor listings and network export from an in-memory store."""

from __future__ import annotations

import csv
import dataclasses
import io
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from sitrep.model import Actor, Relation
from sitrep.store import open_store
from sitrep.views.actors import actor_rows, network_edges, write_network
from tests.test_store import make_extraction


@pytest.fixture()
def store() -> Any:
    base = make_extraction("Militants attacked a checkpoint near Hit; ISIS claimed it.")
    isis = Actor("isis", "Islamic State", True, "IMG", "REB", 2, ((41, 45),), kind="armed_group")
    militants = dataclasses.replace(base.actors[0], mentions=((0, 9), (30, 33)))
    event = dataclasses.replace(base.events[0], actors=("x:militants", "isis"), recipients=("irq",))
    one = dataclasses.replace(base, actors=(militants, isis), events=(event,))
    other = make_extraction("Militants struck again.")
    two = dataclasses.replace(
        other, relations=(Relation("part_of", "x:militants", "isis", (0, 9)),)
    )
    with open_store(":memory:") as s:
        s.write([one, two], "r1")
        yield s


def test_actor_rows_sorted_by_mentions(store: Any) -> None:
    rows = actor_rows(store)
    assert [r.id for r in rows] == ["x:militants", "isis"]
    top = rows[0]
    assert (top.articles, top.mentions, top.in_kb, top.sector) == (2, 3, False, "UAF")
    assert rows[1].country == "IMG" and rows[1].acled_inter == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        top.name = "x"  # type: ignore[misc]


def test_actor_rows_unknown_only(store: Any) -> None:
    assert [r.id for r in actor_rows(store, unknown=True)] == ["x:militants"]


def test_edges_from_relations_and_events(store: Any) -> None:
    edges = {(e.source, e.target, e.type): e.weight for e in network_edges(store)}
    assert edges[("x:militants", "isis", "part_of")] == 2  # one relation per article
    assert edges[("isis", "irq", "event")] == 1
    assert edges[("x:militants", "irq", "event")] == 1
    assert edges[("isis", "x:militants", "co_actor")] == 1


def test_graphml_is_well_formed(store: Any) -> None:
    out = io.StringIO()
    n = write_network(store, "graphml", out)
    root = ET.fromstring(out.getvalue())
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    nodes = {x.get("id") for x in root.iterfind(".//g:node", ns)}
    assert nodes == {"x:militants", "isis", "irq"}  # a recipient without a row is a node
    assert len(root.findall(".//g:edge", ns)) == n == 4


def test_gexf_is_well_formed(store: Any) -> None:
    out = io.StringIO()
    n = write_network(store, "gexf", out)
    root = ET.fromstring(out.getvalue())
    ns = {"x": "http://gexf.net/1.2"}
    assert len(root.findall(".//x:edge", ns)) == n
    labels = {x.get("label") for x in root.iterfind(".//x:node", ns)}
    assert "Islamic State" in labels


def test_csv_edge_list(store: Any) -> None:
    out = io.StringIO()
    n = write_network(store, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == n
    assert rows[0]["weight"] == "2" and rows[0]["type"] == "part_of"
    assert rows[0]["target_name"] == "Islamic State"


def test_unknown_format_is_rejected(store: Any) -> None:
    with pytest.raises(ValueError, match="unknown network format"):
        write_network(store, "dot", io.StringIO())  # type: ignore[arg-type]
