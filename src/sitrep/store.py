"""The store: DuckDB, one writer, idempotent by article id.

All SQL lives here. Writes are column-wise bulk inserts (one statement per
table per batch) inside one transaction per batch, so a run killed at any
point leaves whole articles or nothing; re-running skips the articles already
stored and completes the rest.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from sitrep.errors import StoreError
from sitrep.model import (
    Actor,
    Article,
    Claim,
    Event,
    Extraction,
    Place,
    Relation,
    Skipped,
)
from sitrep.schema import DATA_TABLES, KEYS, MIGRATIONS, SCHEMA_VERSION, TABLES
from sitrep.store_rows import article_rows, event_from_row, place_mention_kind


@dataclass(frozen=True, slots=True)
class EventRow:
    """An event read back from the store, with its article's metadata."""

    article_id: str
    title: str | None
    published: dt.date | None
    event: Event


class Store:
    """DuckDB-backed store. Use as a context manager; one process writes."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: str) -> None:
        self._con = connection
        self.path = path

    # -- lifecycle -----------------------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._con.close()

    def schema_version(self) -> int:
        row = self._con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def migrate(self) -> None:
        self._con.execute(
            "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)"
        )
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {current}; this sitrep knows up to "
                f"{SCHEMA_VERSION}: upgrade sitrep"
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            self._con.execute("BEGIN TRANSACTION")
            for statement in MIGRATIONS[version]:
                self._con.execute(statement)
            self._con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)]
            )
            self._con.execute("COMMIT")

    # -- writes --------------------------------------------------------------------
    def known_article_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        rows = self._con.execute(
            "SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [wanted]
        ).fetchall()
        return {r[0] for r in rows}

    def write(self, extractions: Sequence[Extraction], run_id: str) -> int:
        """Store a batch in one transaction; returns how many new articles were added.

        Articles already stored are not rewritten (their new sources are added);
        skip records are keyed by source, input id and reason.
        """
        rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in DATA_TABLES}
        known = self.known_article_ids(e.article.id for e in extractions if e.article)
        added = 0
        for ex in extractions:
            if ex.article is None:
                s = ex.skipped
                assert s is not None
                rows["skipped"].append(
                    (s.source, s.input_id or "", s.reason, s.article_id, s.title, run_id)
                )
                continue
            a = ex.article
            for source in a.sources or ("",):
                rows["sources"].append((a.id, source, run_id))
            if a.id in known:
                continue
            known.add(a.id)
            added += 1
            article_rows(ex, a, run_id, rows)
        try:
            self._con.execute("BEGIN TRANSACTION")
            for table, table_rows in rows.items():
                self._insert(table, table_rows)
            self._con.execute("COMMIT")
        except duckdb.Error as exc:
            self._con.execute("ROLLBACK")
            raise StoreError(f"cannot write to {self.path}: {exc}") from exc
        return added

    def _insert(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        columns = TABLES[table]
        columns_sql = ", ".join(f'"{c}"' for c in columns)
        select = ", ".join(f"unnest(?::{kind}[])" for kind in columns.values())
        values = [list(col) for col in zip(*rows, strict=True)]
        verb = "INSERT OR IGNORE" if table in KEYS else "INSERT"
        self._con.execute(f"{verb} INTO {table} ({columns_sql}) SELECT {select}", values)

    def record_run(
        self,
        run_id: str,
        started: dt.datetime,
        finished: dt.datetime,
        inputs: Sequence[str],
        report: dict[str, Any],
    ) -> None:
        self._con.execute(
            "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?)",
            [run_id, started, finished, json.dumps(list(inputs)), json.dumps(report)],
        )

    # -- reads ---------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for table in (*DATA_TABLES, "runs"):
            row = self._con.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(row[0]) if row else 0
        return out

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a read-only query (used by stats and exports)."""
        return self._con.execute(sql, list(params)).fetchall()

    def article(self, article_id: str) -> Article | None:
        rows = self._con.execute(
            "SELECT id, text, title, url, outlet, published, language, input_id, author "
            "FROM articles WHERE id = ? OR id LIKE ? ORDER BY id LIMIT 2",
            [article_id, article_id + "%"],
        ).fetchall()
        if not rows:
            return None
        if len(rows) > 1 and rows[0][0] != article_id:
            raise StoreError(f"article id prefix {article_id!r} is ambiguous")
        r = rows[0]
        sources = [
            s[0]
            for s in self._con.execute(
                "SELECT source FROM sources WHERE article_id = ? ORDER BY source", [r[0]]
            ).fetchall()
        ]
        return Article(
            id=r[0],
            text=r[1],
            title=r[2],
            url=r[3],
            outlet=r[4],
            published=r[5],
            language=r[6],
            input_id=r[7],
            author=r[8],
            sources=tuple(sources),
        )

    def extraction(self, article_id: str) -> Extraction | None:
        """Read one article and all its records back as an Extraction."""
        article = self.article(article_id)
        if article is None:
            return None
        aid = article.id
        mentions: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for kind, ref, start, end in self._con.execute(
            'SELECT kind, ref_id, start, "end" FROM mentions WHERE article_id = ? '
            'ORDER BY start, "end"',
            [aid],
        ).fetchall():
            mentions.setdefault((kind, ref), []).append((start, end))
        actors = tuple(
            Actor(
                id=r[0],
                name=r[1],
                in_kb=r[2],
                country=r[3],
                sector=r[4],
                acled_inter=r[5],
                kind=r[6],
                component=r[7],
                confidence=r[8],
                mentions=tuple(mentions.get(("actor", r[0]), ())),
            )
            for r in self._con.execute(
                "SELECT id, name, in_kb, country, sector, acled_inter, kind, component, "
                "confidence FROM actors WHERE article_id = ? ORDER BY id",
                [aid],
            ).fetchall()
        )
        places = tuple(
            Place(
                id=r[0],
                name=r[1],
                country=r[2],
                admin1=r[3],
                admin2=r[4],
                lat=r[5],
                lon=r[6],
                precision=r[7],
                role=r[8],
                feature=r[9],
                actor=r[10],
                acled_geo_precision=r[11],
                ucdp_where_prec=r[12],
                component=r[13],
                confidence=r[14],
                mentions=tuple(mentions.get((place_mention_kind(r[8]), r[0]), ())),
            )
            for r in self._con.execute(
                "SELECT id, name, country, admin1, admin2, lat, lon, precision, role, feature, "
                "actor, acled_geo_precision, ucdp_where_prec, component, confidence "
                "FROM places WHERE article_id = ? ORDER BY id",
                [aid],
            ).fetchall()
        )
        events = tuple(row.event for row in self.events(article_id=aid))
        claims = tuple(
            Claim(
                id=r[0],
                claimant=r[1],
                cue=r[2],
                stance=r[3],
                about=tuple(r[4] or ()),
                content=(r[5], r[6]),
                events=tuple(r[7] or ()),
                component=r[8],
                confidence=r[9],
            )
            for r in self._con.execute(
                "SELECT id, claimant, cue, stance, about, content_start, content_end, events, "
                "component, confidence FROM claims WHERE article_id = ? "
                "ORDER BY content_start, id",
                [aid],
            ).fetchall()
        )
        relations = tuple(
            Relation(
                type=r[0],
                subject=r[1],
                object=r[2],
                evidence=(r[3], r[4]) if r[3] is not None else None,
                source=r[5],
                note=r[6],
                component=r[7],
                confidence=r[8],
            )
            for r in self._con.execute(
                "SELECT type, subject, object, evidence_start, evidence_end, source, note, "
                "component, confidence FROM relations WHERE article_id = ? "
                "ORDER BY evidence_start NULLS LAST, type, subject, object",
                [aid],
            ).fetchall()
        )
        return Extraction(
            article=article,
            skipped=None,
            actors=actors,
            places=places,
            events=events,
            claims=claims,
            relations=relations,
        )

    def events(
        self,
        *,
        article_id: str | None = None,
        type: str | None = None,
        actor: str | None = None,
        place: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int | None = None,
    ) -> list[EventRow]:
        """Events matching every given filter, in article and text order.

        ``actor`` matches an actor or recipient id, or a case-insensitive part of
        the actor's name; ``place`` matches a place id or a part of its name.
        """
        where: list[str] = []
        params: list[Any] = []
        if article_id is not None:
            where.append("e.article_id = ?")
            params.append(article_id)
        if type is not None:
            where.append("e.type = ?")
            params.append(type.upper())
        if actor is not None:
            where.append(
                "EXISTS (SELECT 1 FROM actors x WHERE x.article_id = e.article_id "
                "AND (list_contains(e.actors, x.id) OR list_contains(e.recipients, x.id)) "
                "AND (x.id = ? OR x.name ILIKE ?))"
            )
            params += [actor, f"%{actor}%"]
        if place is not None:
            where.append(
                "EXISTS (SELECT 1 FROM places p WHERE p.article_id = e.article_id "
                "AND p.id = e.place AND (p.id = ? OR p.name ILIKE ?))"
            )
            params += [place, f"%{place}%"]
        if since is not None:
            where.append("coalesce(e.date_end, e.date_start) >= ?")
            params.append(since)
        if until is not None:
            where.append("coalesce(e.date_start, e.date_end) <= ?")
            params.append(until)
        sql = (
            "SELECT e.*, a.title, a.published FROM events e JOIN articles a "
            "ON a.id = e.article_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY a.published NULLS LAST, e.article_id, e.trigger_start"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        cursor = self._con.execute(sql, params)
        names = [d[0] for d in cursor.description]
        out: list[EventRow] = []
        for values in cursor.fetchall():
            r = dict(zip(names, values, strict=True))
            out.append(EventRow(r["article_id"], r["title"], r["published"], event_from_row(r)))
        return out


def open_store(path: str | Path, *, read_only: bool = False) -> Store:
    """Open (and migrate) a store; ``:memory:`` for tests."""
    target = str(path)
    if read_only and target != ":memory:" and not Path(target).exists():
        raise StoreError(f"no store at {target}: run `sitrep run INPUT --db {target}` first")
    try:
        con = duckdb.connect(target, read_only=read_only)
    except duckdb.Error as exc:
        raise StoreError(f"cannot open store {target}: {exc}".splitlines()[0]) from exc
    store = Store(con, target)
    if read_only:
        if store.schema_version() != SCHEMA_VERSION:
            raise StoreError(f"{target} needs migrating: run `sitrep run` once with this version")
    else:
        store.migrate()
    return store


def skipped_rows(store: Store) -> list[Skipped]:
    return [
        Skipped(source=r[0], input_id=r[1] or None, reason=r[2], article_id=r[3], title=r[4])
        for r in store.query(
            "SELECT source, input_id, reason, article_id, title FROM skipped ORDER BY source"
        )
    ]
