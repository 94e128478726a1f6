"""The actor knowledge base: loading, validation and lookups.

Importers for user dictionaries (CSV, PETRARCH/CAMEO) are in
:mod:`sitrep.knowledge.actor_import`.

KB entries live in ``sitrep/data/actors/*.yaml`` (one list of mappings per file).
Schema of one entry (only ``id``, ``name``, ``kind`` are required)::

    id: pmu                      # unique; states use lowercase ISO alpha-3
    name: Popular Mobilization Units
    kind: armed_group            # see KINDS
    country: IRQ                 # ISO alpha-3 or a PLOVER special code
    sector: PRM                  # PLOVER sector code
    acled_inter: 3               # ACLED actor type 1-8
    aliases: [PMU, PMF, Hashd al-Shaabi]
    demonyms: [Iraqi, Iraqis]    # states only: adjective/people forms
    capitals: [Baghdad]          # states only: metonyms ("Baghdad said"), else places
    agents: [army, soldiers]     # "<demonym|country> <agent>" links here
    context_aliases: [Al-Ain]    # aliases that need a media cue next to them
    case_sensitive: [Amal]       # extra aliases matched with exact case
    wikidata: Q796
    state_affiliated: true       # outlets
    relations:
      - {type: part_of, object: iraqi_security_forces, since: 2016-11-26, note: "..."}
    roles:                       # persons
      - {office: Prime Minister of Iraq, country: IRQ, sector: GOV, since: 2020-05-07,
         until: 2022-10-27}

Aliases written in capitals only (``PMU``, ``US``, ``IS``) are always matched
case-sensitively, so "us" and "is" never match.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sitrep.errors import KnowledgeError

KINDS = frozenset(
    {"state", "state_body", "armed_group", "party", "person", "outlet", "igo", "ngo", "group"}
)
SECTORS = frozenset(
    [
        "GOV",
        "MIL",
        "PRM",
        "REB",
        "COP",
        "SPY",
        "JUD",
        "LEG",
        "PTY",
        "UAF",
        "UNK",
        "AGR",
        "BUS",
        "CRM",
        "CVL",
        "EDU",
        "ELI",
        "JRN",
        "LAB",
        "MED",
        "REF",
        "OPP",
        "PRE",
        "REL",
        "SOC",
        "IGO",
        "NGO",
        "INS",
    ]
)
SPECIAL_COUNTRIES = frozenset(
    ["IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC", "AFR", "ASA", "MEA", "WST"]
)
RELATION_TYPES = frozenset(
    {"part_of", "member_of", "backed_by", "designated_by", "led_by", "formerly", "allied_with"}
)
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
ISO3_RE = re.compile(r"^[A-Z]{3}$")
_QID_RE = re.compile(r"^Q[0-9]+$")
_ENTRY_KEYS = frozenset(
    {
        "id",
        "name",
        "kind",
        "country",
        "sector",
        "acled_inter",
        "aliases",
        "demonyms",
        "capitals",
        "agents",
        "context_aliases",
        "case_sensitive",
        "wikidata",
        "state_affiliated",
        "relations",
        "roles",
        "note",
    }
)


def _in_window(since: dt.date | None, until: dt.date | None, day: dt.date | None) -> bool:
    """Whether a dated fact holds on ``day`` (no day: whether it still holds)."""
    if day is None:
        return until is None
    return (since is None or since <= day) and (until is None or day <= until)


@dataclass(frozen=True, slots=True)
class KBRelation:
    """A dated relation from one KB actor to another."""

    type: str
    object: str
    since: dt.date | None = None
    until: dt.date | None = None
    note: str | None = None

    def valid_on(self, day: dt.date | None) -> bool:
        return _in_window(self.since, self.until, day)


@dataclass(frozen=True, slots=True)
class Role:
    """An office a person held, with dates."""

    office: str
    country: str | None
    sector: str
    since: dt.date | None = None
    until: dt.date | None = None

    def valid_on(self, day: dt.date | None) -> bool:
        return _in_window(self.since, self.until, day)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One actor of the knowledge base."""

    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    acled_inter: int | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    agents: tuple[str, ...] = ()
    context_aliases: tuple[str, ...] = ()
    case_sensitive: tuple[str, ...] = ()
    wikidata: str | None = None
    state_affiliated: bool | None = None
    relations: tuple[KBRelation, ...] = ()
    roles: tuple[Role, ...] = ()
    source: str = ""

    def names(self) -> tuple[str, ...]:
        """Canonical name and every alias (not demonyms)."""
        return (self.name, *self.aliases, *self.case_sensitive)

    def role_on(self, day: dt.date | None) -> tuple[str | None, str | None]:
        """(country, sector) of a person on ``day``: ELI after leaving every office."""
        if not self.roles:
            return self.country, self.sector
        current = [r for r in self.roles if r.valid_on(day)]
        if current:
            r = current[-1]
            return r.country or self.country, r.sector
        past = [r for r in self.roles if day is None or r.since is None or r.since <= day]
        if past:
            return past[-1].country or self.country, "ELI"
        return self.country, self.sector


@dataclass(frozen=True, slots=True)
class ActorKB:
    """The validated actor KB with its lookups."""

    entries: tuple[ActorEntry, ...]
    _by_id: dict[str, ActorEntry] = field(repr=False, compare=False, hash=False)
    _by_iso3: dict[str, ActorEntry] = field(repr=False, compare=False, hash=False)

    @classmethod
    def build(cls, entries: Iterable[ActorEntry]) -> ActorKB:
        es = tuple(entries)
        by_id = {e.id: e for e in es}
        by_iso3 = {e.country: e for e in es if e.kind == "state" and e.country}
        return cls(es, by_id, by_iso3)

    def get(self, actor_id: str) -> ActorEntry | None:
        return self._by_id.get(actor_id)

    def state_for(self, iso3: str) -> ActorEntry | None:
        return self._by_iso3.get(iso3.upper())

    def __len__(self) -> int:
        return len(self.entries)


# ---------------------------------------------------------------- parsing


def _fail(source: str, entry: Any, message: str) -> KnowledgeError:
    ident = entry.get("id") if isinstance(entry, dict) else entry
    return KnowledgeError(f"{source}: entry {ident!r}: {message}")


def _date(value: Any, source: str, entry: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int):
        return dt.date(value, 1, 1)
    try:
        text = str(value)
        if re.fullmatch(r"\d{4}", text):
            return dt.date(int(text), 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return dt.date(int(text[:4]), int(text[5:]), 1)
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise _fail(source, entry, f"bad date {value!r}") from exc


def _strings(raw: dict[str, Any], key: str, source: str) -> tuple[str, ...]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(source, raw, f"{key} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def parse_entry(raw: Any, source: str) -> ActorEntry:
    """Validate one raw mapping and turn it into an :class:`ActorEntry`."""
    if not isinstance(raw, dict):
        raise _fail(source, raw, "entry must be a mapping")
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise _fail(source, raw, f"unknown keys {sorted(unknown)}")
    ident, name, kind = raw.get("id"), raw.get("name"), raw.get("kind")
    if not isinstance(ident, str) or not _ID_RE.match(ident):
        raise _fail(source, raw, "id must be snake_case")
    if not isinstance(name, str) or not name.strip():
        raise _fail(source, raw, "name is required")
    if kind not in KINDS:
        raise _fail(source, raw, f"unknown kind {kind!r}")
    country = raw.get("country")
    if country is not None and not (
        isinstance(country, str) and (ISO3_RE.match(country) or country in SPECIAL_COUNTRIES)
    ):
        raise _fail(source, raw, f"bad country {country!r}")
    sector = raw.get("sector")
    if sector is not None and sector not in SECTORS:
        raise _fail(source, raw, f"unknown sector {sector!r}")
    inter = raw.get("acled_inter")
    if inter is not None and (not isinstance(inter, int) or not 1 <= inter <= 8):
        raise _fail(source, raw, f"acled_inter must be 1-8, got {inter!r}")
    qid = raw.get("wikidata")
    if qid is not None and not (isinstance(qid, str) and _QID_RE.match(qid)):
        raise _fail(source, raw, f"bad wikidata id {qid!r}")
    relations = []
    for rel in raw.get("relations") or []:
        if not isinstance(rel, dict) or rel.get("type") not in RELATION_TYPES:
            raise _fail(source, raw, f"bad relation {rel!r}")
        if not isinstance(rel.get("object"), str):
            raise _fail(source, raw, f"relation without object: {rel!r}")
        since = _date(rel.get("since"), source, raw)
        until = _date(rel.get("until"), source, raw)
        if since and until and since > until:
            raise _fail(source, raw, f"relation ends before it starts: {rel!r}")
        relations.append(KBRelation(rel["type"], rel["object"], since, until, rel.get("note")))
    roles: list[Role] = []
    for role in raw.get("roles") or []:
        if not isinstance(role, dict) or not isinstance(role.get("office"), str):
            raise _fail(source, raw, f"bad role {role!r}")
        rsector = role.get("sector", sector or "GOV")
        if rsector not in SECTORS:
            raise _fail(source, raw, f"unknown sector in role {role!r}")
        since = _date(role.get("since"), source, raw)
        until = _date(role.get("until"), source, raw)
        if since and until and since > until:
            raise _fail(source, raw, f"role ends before it starts: {role!r}")
        roles.append(Role(role["office"], role.get("country", country), rsector, since, until))
    roles.sort(key=lambda r: r.since or dt.date.min)
    for a, b in itertools.pairwise(roles):
        if a.office == b.office and (a.until is None or (b.since and b.since < a.until)):
            raise _fail(source, raw, f"overlapping date ranges for office {a.office!r}")
    affiliated = raw.get("state_affiliated")
    if affiliated is not None and not isinstance(affiliated, bool):
        raise _fail(source, raw, "state_affiliated must be true/false")
    return ActorEntry(
        id=ident,
        name=name.strip(),
        kind=kind,
        country=country,
        sector=sector,
        acled_inter=inter,
        aliases=_strings(raw, "aliases", source),
        demonyms=_strings(raw, "demonyms", source),
        capitals=_strings(raw, "capitals", source),
        agents=tuple(a.lower() for a in _strings(raw, "agents", source)),
        context_aliases=_strings(raw, "context_aliases", source),
        case_sensitive=_strings(raw, "case_sensitive", source),
        wikidata=qid,
        state_affiliated=affiliated,
        relations=tuple(relations),
        roles=tuple(roles),
        source=source,
    )


def validate(entries: Sequence[ActorEntry]) -> None:
    """Whole-KB checks: unique ids, relation targets exist, no overlapping relations."""
    seen: dict[str, str] = {}
    for e in entries:
        if e.id in seen:
            raise KnowledgeError(f"{e.source}: entry {e.id!r}: duplicate id (also in {seen[e.id]})")
        seen[e.id] = e.source
    for e in entries:
        for r in e.relations:
            if r.object not in seen:
                raise KnowledgeError(
                    f"{e.source}: entry {e.id!r}: relation {r.type} to missing actor {r.object!r}"
                )
        rels = sorted(e.relations, key=lambda r: (r.type, r.object, r.since or dt.date.min))
        for a, b in itertools.pairwise(rels):
            if (a.type, a.object) == (b.type, b.object) and (
                a.until is None or (b.since is not None and b.since <= a.until)
            ):
                raise KnowledgeError(
                    f"{e.source}: entry {e.id!r}: overlapping date ranges for {a.type} {a.object!r}"
                )


def load_file(path: Path) -> list[ActorEntry]:
    """Read one YAML KB file."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path.name}: cannot read actor file: {exc}") from exc
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise KnowledgeError(f"{path.name}: an actor file must be a list of entries")
    return [parse_entry(item, path.name) for item in raw]


def builtin_files() -> list[Path]:
    root = resources.files("sitrep") / "data" / "actors"
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".yaml"))


def _load(extra: Sequence[Path]) -> ActorKB:
    from sitrep.knowledge.actor_import import import_csv, import_petrarch

    entries: list[ActorEntry] = []
    for path in builtin_files():
        entries.extend(load_file(path))
    for path in extra:
        suffix = path.suffix.lower()
        if suffix in {".yaml", ".yml"}:
            entries.extend(load_file(path))
        elif suffix == ".csv":
            entries.extend(import_csv(path))
        else:
            entries.extend(import_petrarch(path))
    validate(entries)
    return ActorKB.build(entries)


@functools.lru_cache(maxsize=8)
def _load_cached(extra: tuple[Path, ...]) -> ActorKB:
    return _load(extra)


def load_actor_kb(extra: Sequence[Path] = ()) -> ActorKB:
    """Load and validate the packaged KB plus user files (YAML, CSV or PETRARCH)."""
    return _load_cached(tuple(Path(p) for p in extra))


# ---------------------------------------------------------------- agent lexicon


@dataclass(frozen=True, slots=True)
class AgentLexicon:
    """Agent nouns, modifiers and definite descriptions for compositional actors."""

    agents: dict[str, str]  # lowercase phrase -> PLOVER sector
    standalone: frozenset[str]
    modifiers: frozenset[str]
    descriptions: dict[str, str]  # "the militia" -> compatible kind
    possessed: frozenset[str]
    max_words: int
    place_prepositions: frozenset[str] = frozenset()
    place_nouns: frozenset[str] = frozenset()
    media_cues: frozenset[str] = frozenset()
    group_nouns: frozenset[str] = frozenset()
    metonym_verbs: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    event_nouns: dict[str, str] = field(default_factory=dict)  # "shelling" -> MIL
    facility_nouns: frozenset[str] = frozenset()
    pronoun_verbs: frozenset[str] = frozenset()  # lemmas whose subject "it"/"they" is an actor


@functools.lru_cache(maxsize=1)
def load_agent_lexicon() -> AgentLexicon:
    """Load ``sitrep/data/lexicons/actor_agents.yaml``."""
    path = resources.files("sitrep") / "data" / "lexicons" / "actor_agents.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"actor_agents.yaml: cannot read: {exc}") from exc
    if not isinstance(raw, dict):
        raise KnowledgeError("actor_agents.yaml: must be a mapping")
    agents: dict[str, str] = {}
    for sector, words in (raw.get("agents") or {}).items():
        if sector not in SECTORS:
            raise KnowledgeError(f"actor_agents.yaml: unknown sector {sector!r}")
        for word in words:
            agents.setdefault(str(word).lower(), sector)
    standalone = frozenset(str(w).lower() for w in raw.get("standalone") or [])
    missing = sorted(standalone - set(agents))
    if missing:
        raise KnowledgeError(f"actor_agents.yaml: standalone words without a sector: {missing}")
    descriptions: dict[str, str] = {}
    for kind, phrases in (raw.get("descriptions") or {}).items():
        if kind not in KINDS:
            raise KnowledgeError(f"actor_agents.yaml: unknown kind {kind!r} in descriptions")
        for phrase in phrases:
            descriptions.setdefault(str(phrase).lower(), kind)
    words = [*agents, *descriptions]
    return AgentLexicon(
        agents=agents,
        standalone=standalone,
        modifiers=frozenset(str(w).lower() for w in raw.get("modifiers") or []),
        descriptions=descriptions,
        possessed=frozenset(str(w).lower() for w in raw.get("possessed") or []),
        max_words=max(len(w.split()) for w in words) if words else 1,
        place_prepositions=_word_set(raw, "place_prepositions"),
        place_nouns=_word_set(raw, "place_nouns"),
        media_cues=_word_set(raw, "media_cues"),
        group_nouns=_word_set(raw, "group_nouns"),
        metonym_verbs=_word_set(raw, "metonym_verbs"),
        titles=_word_set(raw, "titles"),
        event_nouns=_event_nouns(raw),
        facility_nouns=_word_set(raw, "facility_nouns"),
        pronoun_verbs=_word_set(raw, "pronoun_verbs"),
    )


def _event_nouns(raw: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for sector, words in (raw.get("event_nouns") or {}).items():
        if sector not in SECTORS:
            raise KnowledgeError(f"actor_agents.yaml: unknown sector {sector!r} in event_nouns")
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise KnowledgeError(f"actor_agents.yaml: event_nouns.{sector} must be a list of words")
        for word in words:
            out.setdefault(word.lower(), sector)
    return out


def _word_set(raw: dict[str, Any], key: str) -> frozenset[str]:
    words = raw.get(key) or []
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise KnowledgeError(f"actor_agents.yaml: {key} must be a list of words (quote yes/no/on)")
    return frozenset(w.lower() for w in words)
