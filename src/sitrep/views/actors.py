"""Actor listings and the actor network, read from the store.

:func:`actor_rows` backs ``sitrep actors [--unknown]``: one row per actor id over
all stored articles, most-mentioned first. :func:`write_network` backs
``sitrep actors --network graphml|gexf|csv``: actors are nodes; edges are the
stored relations (``part_of``, ``backed_by``, ...) and event co-participation
(``event``: an actor of an event to each of its recipients; ``co_actor``: two
actors of the same event), each weighted by how often it occurs.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from typing import IO, Literal
from xml.sax.saxutils import escape, quoteattr

from sitrep.store import Store

NetworkFormat = Literal["graphml", "gexf", "csv"]

_ROWS_SQL = """
WITH m AS (
    SELECT ref_id, count(*) AS n FROM mentions WHERE kind = 'actor' GROUP BY ref_id
)
SELECT a.id, mode(a.name), bool_or(a.in_kb), mode(a.country), mode(a.sector),
       mode(a.acled_inter), count(DISTINCT a.article_id), coalesce(max(m.n), 0)
FROM actors a LEFT JOIN m ON m.ref_id = a.id
WHERE NOT ? OR NOT a.in_kb
GROUP BY a.id
ORDER BY 8 DESC, 7 DESC, a.id
"""


@dataclass(frozen=True, slots=True)
class ActorRow:
    """One actor over all stored articles."""

    id: str
    name: str
    in_kb: bool
    country: str | None
    sector: str | None
    acled_inter: int | None
    articles: int  # articles it appears in
    mentions: int  # mentions over all articles


@dataclass(frozen=True, slots=True)
class Edge:
    """A weighted, typed, directed edge of the actor network."""

    source: str
    target: str
    type: str  # a relation type, "event" or "co_actor"
    weight: int


def actor_rows(store: Store, *, unknown: bool = False) -> list[ActorRow]:
    """Every stored actor (only those not in the KB when ``unknown``), by mentions desc."""
    return [
        ActorRow(
            id=str(r[0]),
            name=str(r[1] or r[0]),
            in_kb=bool(r[2]),
            country=r[3],
            sector=r[4],
            acled_inter=None if r[5] is None else int(r[5]),
            articles=int(r[6]),
            mentions=int(r[7]),
        )
        for r in store.query(_ROWS_SQL, (unknown,))
    ]


def network_edges(store: Store) -> list[Edge]:
    """Relations and event co-participation as weighted edges, heaviest first."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for rtype, subj, obj in store.query("SELECT type, subject, object FROM relations"):
        if subj and obj and subj != obj:
            counts[(str(subj), str(obj), str(rtype))] += 1
    for actors, recipients in store.query("SELECT actors, recipients FROM events"):
        doers = sorted(set(actors or ()))
        for a in doers:
            for r in sorted(set(recipients or ())):
                if a != r:
                    counts[(a, r, "event")] += 1
        for i, a in enumerate(doers):
            for b in doers[i + 1 :]:
                counts[(a, b, "co_actor")] += 1
    edges = [Edge(s, t, k, n) for (s, t, k), n in counts.items()]
    edges.sort(key=lambda e: (-e.weight, e.source, e.target, e.type))
    return edges


def write_network(store: Store, fmt: NetworkFormat, out: IO[str]) -> int:
    """Write the actor network to ``out`` as GraphML, GEXF 1.2 or a CSV edge list.

    Returns the number of edges written. Edge endpoints missing from the actors
    table (e.g. a KB relation object) become nodes named by their id."""
    rows = {r.id: r for r in actor_rows(store)}
    edges = network_edges(store)
    for e in edges:
        for node in (e.source, e.target):
            if node not in rows:
                rows[node] = ActorRow(node, node, not node.startswith("x:"), None, None, None, 0, 0)
    nodes = list(rows.values())
    if fmt == "graphml":
        _graphml(nodes, edges, out)
    elif fmt == "gexf":
        _gexf(nodes, edges, out)
    elif fmt == "csv":
        _csv(rows, edges, out)
    else:
        raise ValueError(f"unknown network format {fmt!r} (graphml, gexf or csv)")
    return len(edges)


_NODE_ATTRS: tuple[tuple[str, str], ...] = (
    ("name", "string"),
    ("in_kb", "boolean"),
    ("country", "string"),
    ("sector", "string"),
    ("acled_inter", "int"),
    ("articles", "int"),
    ("mentions", "int"),
)


def _value(row: ActorRow, attr: str) -> str | None:
    value = getattr(row, attr)
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _graphml(nodes: list[ActorRow], edges: list[Edge], out: IO[str]) -> None:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
    for attr, kind in _NODE_ATTRS:
        out.write(f'  <key id="{attr}" for="node" attr.name="{attr}" attr.type="{kind}"/>\n')
    out.write('  <key id="type" for="edge" attr.name="type" attr.type="string"/>\n')
    out.write('  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>\n')
    out.write('  <graph id="actors" edgedefault="directed">\n')
    for row in nodes:
        out.write(f"    <node id={quoteattr(row.id)}>\n")
        for attr, _ in _NODE_ATTRS:
            value = _value(row, attr)
            if value is not None:
                out.write(f'      <data key="{attr}">{escape(value)}</data>\n')
        out.write("    </node>\n")
    for i, e in enumerate(edges):
        out.write(
            f'    <edge id="e{i}" source={quoteattr(e.source)} target={quoteattr(e.target)}>\n'
            f'      <data key="type">{escape(e.type)}</data>\n'
            f'      <data key="weight">{e.weight}</data>\n'
            "    </edge>\n"
        )
    out.write("  </graph>\n</graphml>\n")


def _gexf(nodes: list[ActorRow], edges: list[Edge], out: IO[str]) -> None:
    gexf_type = {"string": "string", "boolean": "boolean", "int": "integer"}
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<gexf xmlns="http://gexf.net/1.2" version="1.2">\n')
    out.write('  <graph defaultedgetype="directed" mode="static">\n')
    out.write('    <attributes class="node">\n')
    for n, (attr, kind) in enumerate(_NODE_ATTRS[1:]):
        out.write(f'      <attribute id="{n}" title="{attr}" type="{gexf_type[kind]}"/>\n')
    out.write('    </attributes>\n    <attributes class="edge">\n')
    out.write('      <attribute id="type" title="type" type="string"/>\n')
    out.write("    </attributes>\n    <nodes>\n")
    for row in nodes:
        out.write(f"      <node id={quoteattr(row.id)} label={quoteattr(row.name)}>\n")
        out.write("        <attvalues>\n")
        for n, (attr, _) in enumerate(_NODE_ATTRS[1:]):
            value = _value(row, attr)
            if value is not None:
                out.write(f'          <attvalue for="{n}" value={quoteattr(value)}/>\n')
        out.write("        </attvalues>\n      </node>\n")
    out.write("    </nodes>\n    <edges>\n")
    for i, e in enumerate(edges):
        out.write(
            f'      <edge id="{i}" source={quoteattr(e.source)} target={quoteattr(e.target)} '
            f'weight="{e.weight}" label={quoteattr(e.type)}>\n'
            f'        <attvalues><attvalue for="type" value={quoteattr(e.type)}/></attvalues>\n'
            "      </edge>\n"
        )
    out.write("    </edges>\n  </graph>\n</gexf>\n")


def _csv(rows: dict[str, ActorRow], edges: list[Edge], out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "source_name", "target", "target_name", "type", "weight"])
    for e in edges:
        writer.writerow(
            [e.source, rows[e.source].name, e.target, rows[e.target].name, e.type, e.weight]
        )
