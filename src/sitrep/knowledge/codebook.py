"""The PLOVER v0.8 codebook and its crosswalks to ACLED, CAMEO and UCDP.

Knowledge is data: ``sitrep/data/codebook/`` holds ``plover.yaml`` (types, modes,
scores, quads, contexts), ``cameo.yaml`` (CAMEO -> PLOVER), ``acled.yaml`` (the 25
ACLED sub-event types, actor types and the derivation rules) and ``ucdp.yaml``
(type of violence). :func:`load_codebook` reads and validates them once;
:meth:`Codebook.code` turns one PLOVER coding plus its participants' ACLED actor
types into the crosswalk values of an :class:`~sitrep.model.Event`::

    cb = load_codebook()
    cb.code("ASSAULT", "aerial", actor_inters=[8], recipient_inters=[2],
            recipient_sectors=["REB"]).acled.sub_event_type   # 'Air/drone strike'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

from sitrep.errors import KnowledgeError
from sitrep.knowledge.codebook_rules import (
    ANY_MODE,
    NO_MODE,
    PROTESTS,
    REMOTE,
    RIOTS,
    STRATEGIC,
    TERRITORY,
    VAC,
    AcledRules,
    UcdpRules,
    acled_code,
    make_sides,
    ucdp_type,
)
from sitrep.model import AcledCode, Magnitude

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CAMEO_RE = re.compile(r"^[0-9]{2,4}$")
_ROOT_RE = re.compile(r"^[0-9]{2}$")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]*$")


@dataclass(frozen=True, slots=True)
class ModeSpec:
    name: str
    description: str
    score: float | None
    cameo_root: str


@dataclass(frozen=True, slots=True)
class TypeSpec:
    name: str
    description: str
    quad: int
    recipient_required: bool
    score: float
    cameo_root: str
    modes: Mapping[str, ModeSpec]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class CameoEntry:
    code: str
    type: str
    mode: str | None
    contexts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Coding:
    """Crosswalk values of one PLOVER coding (the ``Event`` fields plus UCDP)."""

    acled: AcledCode | None
    cameo: str | None
    quad: int | None
    score: float | None
    ucdp_type: int | None


@dataclass(frozen=True, slots=True, eq=False)
class Codebook:
    """PLOVER types, modes and contexts with their ACLED, CAMEO and UCDP crosswalks."""

    version: str
    types: tuple[str, ...]
    contexts: tuple[str, ...]
    specs: Mapping[str, TypeSpec]
    legacy: Mapping[str, str]
    legacy_modes: Mapping[str, Mapping[str, str | None]]
    refinements: Mapping[str, Mapping[str, str]]
    cameo: Mapping[str, CameoEntry]
    cameo_dropped: frozenset[str]
    acled_inters: Mapping[int, str]
    acled_subtypes: Mapping[str, str]  # sub-event type -> event type (25, ACLED's order)
    acled_rules: AcledRules
    ucdp: UcdpRules

    # -- PLOVER ------------------------------------------------------------------------------
    def spec(self, type: str) -> TypeSpec:
        try:
            return self.specs[type]
        except KeyError:
            raise ValueError(f"unknown PLOVER event type: {type!r}") from None

    def modes(self, type: str) -> tuple[str, ...]:
        return tuple(self.spec(type).modes)

    def quad(self, type: str) -> int:
        return self.spec(type).quad

    def plover_mode(self, type: str, mode: str | None) -> str | None:
        """The PLOVER mode of ``mode`` (a refinement maps to the mode it refines)."""
        if mode is None or type not in self.specs:
            return None
        if mode in self.specs[type].modes:
            return mode
        return self.refinements.get(type, {}).get(mode) or None

    def known_mode(self, type: str, mode: str | None) -> bool:
        """Is ``mode`` a PLOVER mode of ``type`` or one of sitrep's refinements of it?"""
        if mode is None or type not in self.specs:
            return False
        return mode in self.specs[type].modes or mode in self.refinements.get(type, {})

    def score(self, type: str, mode: str | None = None) -> float | None:
        spec = self.specs.get(type)
        if spec is None:
            return None
        m = spec.modes.get(self.plover_mode(type, mode) or "")
        return m.score if m is not None and m.score is not None else spec.score

    def cameo_root(self, type: str, mode: str | None = None) -> str | None:
        spec = self.specs.get(type)
        if spec is None:
            return None
        m = spec.modes.get(self.plover_mode(type, mode) or "")
        return m.cameo_root if m is not None else spec.cameo_root

    def map_legacy(self, old_type: str) -> str:
        """The v0.8 type of an older draft's type (DEMAND -> REQUEST, ...); else unchanged."""
        return self.legacy.get(old_type.strip().upper(), old_type)

    def map_legacy_mode(self, type: str, mode: str | None) -> str | None:
        """The v0.8 mode of an older draft's mode of ``type``; None if it has no equivalent."""
        type = self.map_legacy(type)
        if mode is None or type not in self.specs:
            return None
        mode = mode.strip().lower()
        if mode in self.specs[type].modes:
            return mode
        return self.legacy_modes.get(type, {}).get(mode)

    # -- CAMEO -------------------------------------------------------------------------------
    def from_cameo(self, code: str) -> tuple[str, str | None] | None:
        """PLOVER (type, mode) of a CAMEO code: exact code, else 3-digit parent, else root."""
        code = code.strip()
        if not _CAMEO_RE.match(code) or code[:2] in self.cameo_dropped:
            return None
        for key in (code, code[:3], code[:2]):
            entry = self.cameo.get(key)
            if entry is not None:
                return entry.type, entry.mode
        return None

    # -- coding ------------------------------------------------------------------------------
    def code(
        self,
        type: str,
        mode: str | None,
        *,
        actor_inters: Sequence[int | None],
        recipient_inters: Sequence[int | None],
        recipient_sectors: Sequence[str | None],
        contexts: Sequence[str] = (),
        magnitude: Magnitude | None = None,
        two_sided: bool = False,
        territory: str | None = None,
    ) -> Coding:
        """Crosswalk values of a PLOVER (type, mode) given its participants' ACLED types.

        ``actor_inters``/``recipient_inters`` are ACLED inters (1-8, None unknown);
        a recipient with an unknown inter takes the inter of its PLOVER sector
        (``acled.yaml: sector_inters``). ``two_sided``: fighting with every side
        listed as actor (the first actor is side A). ``territory``: "regained",
        "captured" or "transferred" when control of a place changed.
        """
        type = self.map_legacy(type)
        self.spec(type)
        if territory is not None and territory not in TERRITORY:
            raise ValueError(f"territory must be one of {TERRITORY}, not {territory!r}")
        sides = make_sides(
            self.acled_rules, actor_inters, recipient_inters, recipient_sectors, two_sided
        )
        acled = acled_code(
            self.acled_rules,
            type,
            mode,
            self.plover_mode(type, mode),
            sides,
            contexts=contexts,
            magnitude=magnitude,
            two_sided=two_sided,
            territory=territory,
        )
        return Coding(
            acled=acled,
            cameo=self.cameo_root(type, mode),
            quad=self.quad(type),
            score=self.score(type, mode),
            ucdp_type=ucdp_type(self.ucdp, type, sides, acled),
        )


# -- loading and validation ------------------------------------------------------------------


def _load_yaml(name: str) -> Any:
    path = resources.files("sitrep") / "data" / "codebook" / name
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"codebook/{name}: cannot read: {exc}") from exc


def _need(cond: bool, where: str, message: str) -> None:
    if not cond:
        raise KnowledgeError(f"codebook/{where}: {message}")


def _map(value: Any, where: str) -> dict[Any, Any]:
    _need(isinstance(value, dict), where, "expected a mapping")
    return dict(value)


def _list(value: Any, where: str) -> list[Any]:
    _need(isinstance(value, list), where, "expected a list")
    return list(value)


def _num(value: Any, where: str) -> float:
    _need(isinstance(value, int | float) and not isinstance(value, bool), where, "not a number")
    _need(-10.0 <= float(value) <= 10.0, where, "score outside -10..10")
    return float(value)


def _root(value: Any, where: str) -> str:
    _need(isinstance(value, str) and bool(_ROOT_RE.match(value)), where, "bad CAMEO root")
    return str(value)


@dataclass(frozen=True, slots=True)
class _Plover:
    version: str
    specs: dict[str, TypeSpec]
    contexts: tuple[str, ...]
    legacy: dict[str, str]
    legacy_modes: dict[str, Mapping[str, str | None]]
    refinements: dict[str, dict[str, str]]


def _parse_plover(raw: Any) -> _Plover:
    doc = _map(raw, "plover.yaml")
    contexts = tuple(_list(doc.get("contexts"), "plover.yaml: contexts"))
    _need(len(set(contexts)) == len(contexts), "plover.yaml", "duplicate context")
    _need(all(_NAME_RE.match(str(c)) for c in contexts), "plover.yaml", "bad context name")
    specs: dict[str, TypeSpec] = {}
    for name, body in _map(doc.get("types"), "plover.yaml: types").items():
        w = f"plover.yaml: {name}"
        t = _map(body, w)
        _need(t.get("quad") in (1, 2, 3, 4), w, "quad must be 1-4")
        _need(isinstance(t.get("recipient_required"), bool), w, "recipient_required not bool")
        root = _root(t.get("cameo_root"), w)
        modes: dict[str, ModeSpec] = {}
        for mname, mbody in _map(t.get("modes") or {}, w).items():
            mw = f"{w}.{mname}"
            m = _map(mbody, mw)
            _need(bool(_NAME_RE.match(str(mname))), mw, "bad mode name")
            score = None if m.get("score") is None else _num(m.get("score"), mw)
            mroot = _root(m["cameo_root"], mw) if "cameo_root" in m else root
            modes[str(mname)] = ModeSpec(str(mname), str(m.get("description", "")), score, mroot)
        specs[str(name)] = TypeSpec(
            name=str(name),
            description=str(t.get("description", "")),
            quad=int(t["quad"]),
            recipient_required=bool(t["recipient_required"]),
            score=_num(t.get("score"), w),
            cameo_root=root,
            modes=MappingProxyType(modes),
            note=t.get("note"),
        )
    _need(len(specs) == 16, "plover.yaml", f"expected 16 event types, found {len(specs)}")
    legacy = {str(k): str(v) for k, v in _map(doc.get("legacy"), "plover.yaml: legacy").items()}
    _need(all(v in specs for v in legacy.values()), "plover.yaml", "legacy target unknown")
    legacy_modes: dict[str, Mapping[str, str | None]] = {}
    for tname, block in _map(doc.get("legacy_modes") or {}, "plover.yaml: legacy_modes").items():
        w = f"plover.yaml: legacy_modes.{tname}"
        _need(tname in specs, w, "unknown type")
        table = {str(k): v for k, v in _map(block, w).items()}
        _need(all(v is None or v in specs[tname].modes for v in table.values()), w, "bad mode")
        legacy_modes[str(tname)] = MappingProxyType(table)
    refinements: dict[str, dict[str, str]] = {}
    for tname, block in _map(doc.get("refinements") or {}, "plover.yaml: refinements").items():
        _need(tname in specs, "plover.yaml: refinements", f"unknown type {tname}")
        for rname, rbody in _map(block, f"refinements.{tname}").items():
            rw = f"plover.yaml: refinements.{tname}.{rname}"
            target = _map(rbody, rw).get("mode")
            modeless = target is None and not specs[tname].modes  # "" = no PLOVER mode
            _need(target in specs[tname].modes or modeless, rw, "must refine a mode of its type")
            _need(rname not in specs[tname].modes, rw, "shadows a PLOVER mode")
            _need(bool(_NAME_RE.match(str(rname))), rw, "bad refinement name")
            refinements.setdefault(tname, {})[str(rname)] = "" if modeless else str(target)
    return _Plover(str(doc.get("version", "")), specs, contexts, legacy, legacy_modes, refinements)


def _parse_cameo(
    raw: Any, specs: Mapping[str, TypeSpec], contexts: Sequence[str]
) -> tuple[dict[str, CameoEntry], frozenset[str]]:
    doc = _map(raw, "cameo.yaml")
    entries: dict[str, CameoEntry] = {}
    for code, body in _map(doc.get("codes"), "cameo.yaml: codes").items():
        w = f"cameo.yaml: {code}"
        _need(isinstance(code, str) and bool(_CAMEO_RE.match(code)), w, "code must be a string")
        e = _map(body, w)
        _need(e.get("type") in specs, w, f"unknown type {e.get('type')!r}")
        mode = e.get("mode")
        _need(mode is None or mode in specs[e["type"]].modes, w, f"bad mode {mode!r}")
        ctx = tuple(_list(e.get("contexts") or [], w))
        _need(all(c in contexts for c in ctx), w, f"unknown context in {ctx}")
        _need(set(_map(e.get("was") or {}, w)) <= {"type", "mode"}, w, "bad 'was'")
        entries[code] = CameoEntry(code, str(e["type"]), mode, ctx)
    dropped = frozenset(str(c) for c in _list(doc.get("dropped") or [], "cameo.yaml: dropped"))
    return entries, dropped


def _parse_acled(
    raw: Any, specs: Mapping[str, TypeSpec], refinements: Mapping[str, Mapping[str, str]]
) -> tuple[dict[int, str], dict[str, str], AcledRules]:
    doc = _map(raw, "acled.yaml")
    inters = {int(k): str(v) for k, v in _map(doc.get("inters"), "acled.yaml: inters").items()}
    _need(set(inters) == set(range(1, 9)), "acled.yaml", "inters must be 1-8")
    subtypes: dict[str, str] = {}
    for et in _list(doc.get("event_types"), "acled.yaml: event_types"):
        et = _map(et, "acled.yaml: event_types")
        for sub in _list(et.get("sub_event_types"), f"acled.yaml: {et.get('name')}"):
            name = _map(sub, "acled.yaml: sub_event_types").get("name")
            _need(isinstance(name, str) and name not in subtypes, "acled.yaml", f"bad {name!r}")
            subtypes[str(name)] = str(et["name"])
    _need(len(set(subtypes.values())) == 6, "acled.yaml", "expected 6 event types")
    _need(len(subtypes) == 25, "acled.yaml", f"expected 25 sub-event types, got {len(subtypes)}")
    rules = _map(doc.get("rules"), "acled.yaml: rules")

    def table(value: Any, where: str, event_types: set[str]) -> dict[str, str | None]:
        out = {str(k): (None if v is None else str(v)) for k, v in _map(value, where).items()}
        for v in out.values():
            _need(v is None or subtypes.get(v) in event_types, where, f"bad sub-event {v!r}")
        return out

    def keys_ok(tab: Mapping[str, Any], type: str, where: str) -> None:
        allowed = {*specs[type].modes, *refinements.get(type, {}), NO_MODE, ANY_MODE}
        _need(set(tab) <= allowed, where, f"unknown modes {sorted(set(tab) - allowed)}")

    remote = table(rules.get("remote_modes"), "rules.remote_modes", {REMOTE})
    keys_ok(remote, "ASSAULT", "acled.yaml: rules.remote_modes")
    civ = table(rules.get("civilian_modes"), "rules.civilian_modes", {VAC})
    protest = table(rules.get("protest_modes"), "rules.protest_modes", {PROTESTS, RIOTS})
    keys_ok(protest, "PROTEST", "acled.yaml: rules.protest_modes")
    default = str(rules.get("civilian_default"))
    _need(subtypes.get(default) == VAC, "acled.yaml", "civilian_default must be a VAC type")
    strategic: dict[str, Mapping[str, str | None]] = {}
    notes: dict[str, str] = {}
    plover = _map(doc.get("plover"), "acled.yaml: plover")
    _need(set(plover) == set(specs), "acled.yaml: plover", "needs exactly the 16 PLOVER types")
    for tname, body in plover.items():
        w = f"acled.yaml: plover.{tname}"
        b = _map(body, w)
        _need(isinstance(b.get("note"), str) and bool(b["note"]), w, "needs a one-line note")
        notes[tname] = str(b["note"])
        strategic[tname] = MappingProxyType(table(b.get("strategic") or {}, w, {STRATEGIC}))
        keys_ok(strategic[tname], tname, w)
    for m in ("two_sided_battle_modes", "victim_modes", "intervention_modes"):
        bad = set(_list(rules.get(m), m)) - set(specs["ASSAULT"].modes)
        _need(not bad, f"acled.yaml: rules.{m}", f"not ASSAULT modes: {sorted(bad)}")
    coerce_modes = {*specs["COERCE"].modes, *refinements.get("COERCE", {}), NO_MODE}
    bad_coerce = set(_list(rules.get("intervention_coerce_modes"), "coerce")) - coerce_modes
    _need(not bad_coerce, "acled.yaml: rules.intervention_coerce_modes", f"bad {bad_coerce}")
    _need(tuple(rules.get("territory") or ()) == TERRITORY, "acled.yaml", "territory values")
    sector_inters = {
        str(k): int(v) for k, v in _map(doc.get("sector_inters"), "sector_inters").items()
    }
    _need(set(sector_inters.values()) <= set(inters), "acled.yaml", "bad sector inter")
    return (
        inters,
        subtypes,
        AcledRules(
            subtypes=MappingProxyType(subtypes),
            organised=frozenset(int(i) for i in _list(doc.get("organised_inters"), "organised")),
            state=frozenset(int(i) for i in _list(doc.get("state_inters"), "state_inters")),
            sector_inters=MappingProxyType(sector_inters),
            remote_modes=MappingProxyType({k: v for k, v in remote.items() if v}),
            remote_contexts=MappingProxyType(
                {k: v for k, v in table(rules.get("remote_contexts"), "rc", {REMOTE}).items() if v}
            ),
            two_sided_battle_modes=frozenset(rules["two_sided_battle_modes"]),
            civilian_modes=MappingProxyType({k: v for k, v in civ.items() if v}),
            civilian_default=default,
            victim_modes=frozenset(rules["victim_modes"]),
            intervention_modes=frozenset(rules["intervention_modes"]),
            intervention_coerce_modes=frozenset(rules["intervention_coerce_modes"]),
            protest_modes=MappingProxyType(protest),
            strategic=MappingProxyType(strategic),
            notes=MappingProxyType(notes),
        ),
    )


def _parse_ucdp(raw: Any, specs: Mapping[str, TypeSpec]) -> UcdpRules:
    doc = _map(raw, "ucdp.yaml")
    types = _map(doc.get("types"), "ucdp.yaml: types")
    _need(set(types) == {1, 2, 3}, "ucdp.yaml", "types must be 1, 2, 3")
    violent = frozenset(str(t) for t in _list(doc.get("violent_types"), "violent_types"))
    _need(violent <= set(specs), "ucdp.yaml", "unknown violent type")
    return UcdpRules(
        names=MappingProxyType({int(k): str(_map(v, "ucdp")["name"]) for k, v in types.items()}),
        violent_types=violent,
        state=frozenset(int(i) for i in _list(doc.get("state_inters"), "state_inters")),
        non_state=frozenset(int(i) for i in _list(doc.get("organised_non_state_inters"), "ns")),
        civilian=frozenset(int(i) for i in _list(doc.get("civilian_inters"), "civilian")),
    )


@functools.lru_cache(maxsize=1)
def load_codebook() -> Codebook:
    """Read and validate the codebook data files (once); raise KnowledgeError if invalid."""
    try:
        p = _parse_plover(_load_yaml("plover.yaml"))
        cameo, dropped = _parse_cameo(_load_yaml("cameo.yaml"), p.specs, p.contexts)
        inters, subtypes, acled = _parse_acled(_load_yaml("acled.yaml"), p.specs, p.refinements)
        ucdp = _parse_ucdp(_load_yaml("ucdp.yaml"), p.specs)
    except (KeyError, TypeError, ValueError) as exc:
        raise KnowledgeError(f"codebook: invalid data: {exc!r}") from exc
    return Codebook(
        version=p.version,
        types=tuple(p.specs),
        contexts=p.contexts,
        specs=MappingProxyType(p.specs),
        legacy=MappingProxyType(p.legacy),
        legacy_modes=MappingProxyType(p.legacy_modes),
        refinements=MappingProxyType({k: MappingProxyType(v) for k, v in p.refinements.items()}),
        cameo=MappingProxyType(cameo),
        cameo_dropped=dropped,
        acled_inters=MappingProxyType(inters),
        acled_subtypes=MappingProxyType(subtypes),
        acled_rules=acled,
        ucdp=ucdp,
    )
