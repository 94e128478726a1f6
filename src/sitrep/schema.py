"""The store's tables, keys and migrations (DuckDB DDL as data)."""

from __future__ import annotations

SCHEMA_VERSION = 1

# Column name -> DuckDB type, per table; the order is the insert order.
TABLES: dict[str, dict[str, str]] = {
    "runs": {
        "run_id": "VARCHAR",
        "started": "TIMESTAMP",
        "finished": "TIMESTAMP",
        "inputs": "VARCHAR",
        "report": "VARCHAR",
    },
    "articles": {
        "id": "VARCHAR",
        "input_id": "VARCHAR",
        "title": "VARCHAR",
        "url": "VARCHAR",
        "outlet": "VARCHAR",
        "published": "DATE",
        "language": "VARCHAR",
        "author": "VARCHAR",
        "text": "VARCHAR",
        "run_id": "VARCHAR",
    },
    "sources": {"article_id": "VARCHAR", "source": "VARCHAR", "run_id": "VARCHAR"},
    "skipped": {
        "source": "VARCHAR",
        "input_id": "VARCHAR",
        "reason": "VARCHAR",
        "article_id": "VARCHAR",
        "title": "VARCHAR",
        "run_id": "VARCHAR",
    },
    "actors": {
        "article_id": "VARCHAR",
        "id": "VARCHAR",
        "name": "VARCHAR",
        "in_kb": "BOOLEAN",
        "country": "VARCHAR",
        "sector": "VARCHAR",
        "acled_inter": "INTEGER",
        "kind": "VARCHAR",
        "component": "VARCHAR",
        "confidence": "DOUBLE",
    },
    "mentions": {
        "article_id": "VARCHAR",
        "kind": "VARCHAR",
        "ref_id": "VARCHAR",
        "start": "INTEGER",
        "end": "INTEGER",
    },
    "places": {
        "article_id": "VARCHAR",
        "id": "VARCHAR",
        "name": "VARCHAR",
        "country": "VARCHAR",
        "admin1": "VARCHAR",
        "admin2": "VARCHAR",
        "lat": "DOUBLE",
        "lon": "DOUBLE",
        "precision": "VARCHAR",
        "role": "VARCHAR",
        "feature": "VARCHAR",
        "actor": "VARCHAR",
        "acled_geo_precision": "INTEGER",
        "ucdp_where_prec": "INTEGER",
        "component": "VARCHAR",
        "confidence": "DOUBLE",
    },
    "events": {
        "article_id": "VARCHAR",
        "id": "VARCHAR",
        "type": "VARCHAR",
        "mode": "VARCHAR",
        "contexts": "VARCHAR[]",
        "actors": "VARCHAR[]",
        "recipients": "VARCHAR[]",
        "place": "VARCHAR",
        "date_start": "DATE",
        "date_end": "DATE",
        "date_precision": "VARCHAR",
        "date_text": "VARCHAR",
        "date_start_offset": "INTEGER",
        "date_end_offset": "INTEGER",
        "modality": "VARCHAR[]",
        "claimant": "VARCHAR",
        "killed": "INTEGER",
        "injured": "INTEGER",
        "arrested": "INTEGER",
        "acled_event_type": "VARCHAR",
        "acled_sub_event_type": "VARCHAR",
        "inter1": "INTEGER",
        "inter2": "INTEGER",
        "cameo": "VARCHAR",
        "quad": "INTEGER",
        "score": "DOUBLE",
        "confidence": "DOUBLE",
        "trigger_start": "INTEGER",
        "trigger_end": "INTEGER",
        "evidence_start": "INTEGER",
        "evidence_end": "INTEGER",
        "component": "VARCHAR",
        "ucdp_type": "INTEGER",
    },
    "claims": {
        "article_id": "VARCHAR",
        "id": "VARCHAR",
        "claimant": "VARCHAR",
        "cue": "VARCHAR",
        "stance": "VARCHAR",
        "about": "VARCHAR[]",
        "content_start": "INTEGER",
        "content_end": "INTEGER",
        "events": "VARCHAR[]",
        "component": "VARCHAR",
        "confidence": "DOUBLE",
    },
    "relations": {
        "article_id": "VARCHAR",
        "type": "VARCHAR",
        "subject": "VARCHAR",
        "object": "VARCHAR",
        "evidence_start": "INTEGER",
        "evidence_end": "INTEGER",
        "source": "VARCHAR",
        "note": "VARCHAR",
        "component": "VARCHAR",
        "confidence": "DOUBLE",
    },
}

KEYS: dict[str, str] = {
    "articles": "id",
    "sources": "article_id, source",
    "skipped": "source, input_id, reason",
    "actors": "article_id, id",
    "places": "article_id, id, role",
    "events": "article_id, id",
    "claims": "article_id, id",
    "runs": "run_id",
}

# The tables that hold extracted data (the run log is not one of them).
DATA_TABLES: tuple[str, ...] = (
    "articles",
    "sources",
    "skipped",
    "actors",
    "mentions",
    "places",
    "events",
    "claims",
    "relations",
)


def create_table_sql(table: str) -> str:
    cols = ", ".join(f'"{name}" {kind}' for name, kind in TABLES[table].items())
    key = f", PRIMARY KEY ({KEYS[table]})" if table in KEYS else ""
    return f"CREATE TABLE IF NOT EXISTS {table} ({cols}{key})"


# Migrations: version -> statements that bring the schema from version-1 to it.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        *(create_table_sql(t) for t in TABLES),
        "CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id)",
    ),
}
