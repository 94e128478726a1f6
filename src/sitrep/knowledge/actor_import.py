"""Importers for user actor dictionaries: a plain CSV and the PETRARCH/CAMEO format.

Both turn rows into :class:`~sitrep.knowledge.actors.ActorEntry` records with ids
prefixed ``u_``; a malformed row is recorded in :data:`IMPORT_WARNINGS` with its file
and line number and skipped, and the import carries on. The CLI prints the warnings.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from sitrep.errors import KnowledgeError
from sitrep.knowledge.actors import ISO3_RE, SECTORS, ActorEntry, parse_entry

IMPORT_WARNINGS: list[str] = []


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return slug if slug and slug[0].isalpha() else f"a_{slug}"


def _code_to_fields(code: str) -> tuple[str | None, str | None]:
    """Split a CAMEO code such as ``IRQMIL`` or ``IGOUNO`` into (country, sector)."""
    code = code.strip().upper()
    country = code[:3] if len(code) >= 3 else None
    sector = None
    for i in range(3, len(code), 3):
        part = code[i : i + 3]
        if part in SECTORS:
            sector = part
            break
    return country, sector


_INTER_FOR_SECTOR = {"GOV": 1, "MIL": 1, "COP": 1, "SPY": 1, "REB": 2, "PRM": 3, "CVL": 7}


def import_petrarch(path: Path) -> list[ActorEntry]:
    """Import a PETRARCH/CAMEO actor dictionary.

    Format: an actor line ``NAME_WITH_UNDERSCORES [CODE]`` (or ``[CODE date-range]``),
    followed by synonym lines starting with ``+``; ``#`` starts a comment. Malformed
    lines are reported in :data:`IMPORT_WARNINGS` with their line number and skipped.
    """
    entries: list[ActorEntry] = []
    current: dict[str, Any] | None = None
    name_re = re.compile(r"^([^\[+#][^\[#]*?)\s*(?:\[([^\]]*)\])?\s*(?:#.*)?$")

    def flush() -> None:
        if current is not None:
            entries.append(parse_entry(current, path.name))

    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    used: set[str] = set()
    for lineno, line in enumerate(text, 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("+"):
            if current is None:
                IMPORT_WARNINGS.append(f"{path.name}:{lineno}: synonym before any actor")
                continue
            alias = stripped[1:].split("#")[0].strip().replace("_", " ").strip()
            if alias:
                current["aliases"].append(alias.title() if alias.isupper() else alias)
            continue
        if stripped.startswith("["):
            # a dated code line for the current actor: keep the first code only
            continue
        m = name_re.match(stripped)
        if not m or not m.group(2):
            IMPORT_WARNINGS.append(f"{path.name}:{lineno}: malformed actor line {stripped!r}")
            continue
        flush()
        raw_name = m.group(1).replace("_", " ").strip()
        name = raw_name.title() if raw_name.isupper() else raw_name
        code = m.group(2).split()[0] if m.group(2).split() else ""
        country, sector = _code_to_fields(code)
        if country and not (ISO3_RE.match(country)):
            country = None
        ident = "u_" + _slug(name)
        while ident in used:
            ident += "_"
        used.add(ident)
        current = {
            "id": ident,
            "name": name,
            "kind": "person" if sector in (None, "GOV", "ELI") and " " in name else "group",
            "country": country,
            "sector": sector,
            "acled_inter": _INTER_FOR_SECTOR.get(sector or ""),
            "aliases": [],
        }
    flush()
    return entries


def import_csv(path: Path) -> list[ActorEntry]:
    """Import a CSV with columns name, aliases (``;``-separated), country, sector, type.

    Rows that fail validation are reported in :data:`IMPORT_WARNINGS` with their line
    number and skipped; the import carries on.
    """
    entries: list[ActorEntry] = []
    used: set[str] = set()
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            lineno = reader.line_num
            name = (row.get("name") or "").strip()
            if not name:
                IMPORT_WARNINGS.append(f"{path.name}:{lineno}: row without a name")
                continue
            ident = "u_" + _slug(name)
            while ident in used:
                ident += "_"
            sector = (row.get("sector") or "").strip().upper() or None
            raw: dict[str, Any] = {
                "id": ident,
                "name": name,
                "kind": (row.get("type") or "group").strip().lower() or "group",
                "country": (row.get("country") or "").strip().upper() or None,
                "sector": sector,
                "acled_inter": _INTER_FOR_SECTOR.get(sector or ""),
                "aliases": [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()],
            }
            try:
                entries.append(parse_entry(raw, path.name))
            except KnowledgeError as exc:
                IMPORT_WARNINGS.append(f"{path.name}:{lineno}: {exc}")
                continue
            used.add(ident)
    return entries
