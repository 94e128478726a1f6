"""The actor KB: schema, ids, aliases, relations, dated roles, importers."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from sitrep.errors import KnowledgeError
from sitrep.knowledge.actor_import import IMPORT_WARNINGS, import_csv, import_petrarch
from sitrep.knowledge.actors import (
    KINDS,
    RELATION_TYPES,
    SECTORS,
    ActorKB,
    builtin_files,
    load_actor_kb,
    load_agent_lexicon,
    load_file,
    parse_entry,
    validate,
)
from sitrep.mentions.actors import normalise


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return load_actor_kb()


def test_kb_is_large_and_valid(kb: ActorKB) -> None:
    assert len(kb.entries) >= 400
    ids = [e.id for e in kb.entries]
    assert len(ids) == len(set(ids))
    for e in kb.entries:
        assert e.kind in KINDS
        assert e.sector is None or e.sector in SECTORS
        assert e.acled_inter is None or 1 <= e.acled_inter <= 8
        for rel in e.relations:
            assert rel.type in RELATION_TYPES
            assert kb.get(rel.object) is not None, (e.id, rel.object)
        if e.kind == "outlet":
            assert e.country and e.sector == "JRN"


def test_states_use_iso3_ids(kb: ActorKB) -> None:
    for iso in (
        "USA",
        "IRN",
        "IRQ",
        "SYR",
        "TUR",
        "ISR",
        "LBN",
        "JOR",
        "SAU",
        "ARE",
        "QAT",
        "YEM",
        "EGY",
        "RUS",
        "GBR",
        "FRA",
    ):
        state = kb.state_for(iso)
        assert state is not None and state.id == iso.lower() and state.kind == "state"
    assert "Iranian" in kb.get("irn").demonyms  # type: ignore[union-attr]


def test_aliases_do_not_collide_between_actors(kb: ActorKB) -> None:
    owners: dict[str, set[str]] = {}
    for e in kb.entries:
        for alias in {*e.names(), *e.demonyms, *e.context_aliases}:
            owners.setdefault(normalise(alias), set()).add(e.id)
    clashes = {a: ids for a, ids in owners.items() if len(ids) > 1}
    assert clashes == {}


def test_each_country_agent_has_one_owner(kb: ActorKB) -> None:
    counts = Counter((e.country, a) for e in kb.entries if e.kind != "state" for a in e.agents)
    assert [k for k, n in counts.items() if n > 1] == []


def test_required_actors_and_facts(kb: ActorKB) -> None:
    pmu = kb.get("pmu")
    assert pmu is not None and pmu.country == "IRQ" and pmu.sector == "PRM" and pmu.acled_inter == 3
    assert {"PMF", "PMU", "Hashd al-Shaabi", "al-Hashd al-Sha'abi"} <= set(pmu.aliases)
    assert any(r.type == "part_of" and r.object == "iraqi_security_forces" for r in pmu.relations)
    isis = kb.get("isis")
    assert isis is not None and isis.country == "IMG" and {"Daesh", "ISIL"} <= set(isis.aliases)
    members = {
        e.id for e in kb.entries for r in e.relations if r.type == "member_of" and r.object == "pmu"
    }
    assert {"badr", "kataib_hezbollah", "asaib_ahl_al_haq", "harakat_al_nujaba"} <= members
    kh = kb.get("kataib_hezbollah")
    assert kh is not None and any(
        r.type == "designated_by" and r.object == "usa" for r in kh.relations
    )
    for outlet in (
        "tasnim",
        "fars",
        "irna",
        "press_tv",
        "al_ain",
        "al_arabiya",
        "al_jazeera",
        "sana",
        "rudaw",
        "kurdistan24",
        "shafaq_news",
        "baghdad_today",
        "sohr",
        "reuters",
    ):
        assert kb.get(outlet) is not None, outlet
    assert kb.get("tasnim").state_affiliated is True  # type: ignore[union-attr]


def test_person_roles_depend_on_the_date(kb: ActorKB) -> None:
    kadhimi = kb.get("mustafa_al_kadhimi")
    assert kadhimi is not None
    assert kadhimi.role_on(dt.date(2021, 1, 1)) == ("IRQ", "GOV")
    assert kadhimi.role_on(dt.date(2019, 1, 1)) == ("IRQ", "SPY")
    assert kadhimi.role_on(dt.date(2023, 1, 1)) == ("IRQ", "ELI")
    trump = kb.get("donald_trump")
    assert trump is not None and trump.role_on(dt.date(2022, 6, 1))[1] == "ELI"
    assert trump.role_on(dt.date(2025, 6, 1))[1] == "GOV"


def _entry(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {"id": "x_group", "name": "X Group", "kind": "armed_group"}
    base.update(kw)
    return base


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (_entry(sector="XYZ"), "unknown sector"),
        (_entry(kind="tribe"), "unknown kind"),
        (_entry(country="Iraq"), "bad country"),
        (_entry(acled_inter=9), "acled_inter"),
        (_entry(relations=[{"type": "likes", "object": "irq"}]), "bad relation"),
        (
            _entry(
                relations=[{"type": "part_of", "object": "irq", "since": "2020", "until": "2019"}]
            ),
            "ends before",
        ),
        (_entry(id="Bad Id"), "snake_case"),
    ],
)
def test_bad_entries_name_file_and_entry(raw: dict[str, object], message: str) -> None:
    with pytest.raises(KnowledgeError, match=message) as info:
        parse_entry(raw, "mine.yaml")
    assert "mine.yaml" in str(info.value)


def test_whole_kb_checks(tmp_path: Path) -> None:
    a = parse_entry(_entry(), "a.yaml")
    dup = parse_entry(_entry(name="Other"), "b.yaml")
    with pytest.raises(KnowledgeError, match=r"b\.yaml.*x_group.*duplicate id"):
        validate([a, dup])
    orphan = parse_entry(
        _entry(id="y", relations=[{"type": "part_of", "object": "nowhere"}]), "c.yaml"
    )
    with pytest.raises(KnowledgeError, match=r"c\.yaml.*'y'.*missing actor 'nowhere'"):
        validate([a, orphan])
    overlap = parse_entry(
        _entry(
            id="z",
            relations=[
                {"type": "member_of", "object": "x_group", "since": "2010", "until": "2015"},
                {"type": "member_of", "object": "x_group", "since": "2014"},
            ],
        ),
        "d.yaml",
    )
    with pytest.raises(KnowledgeError, match="overlapping date ranges"):
        validate([a, overlap])
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {id: q, name: Q, kind: party, sector: NOPE}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"bad\.yaml.*'q'"):
        load_file(bad)


def test_builtin_files_are_split_by_region() -> None:
    names = {p.name for p in builtin_files()}
    assert {"states.yaml", "iraq.yaml", "syria.yaml", "outlets.yaml"} <= names


def test_import_petrarch(tmp_path: Path) -> None:
    path = tmp_path / "actors.txt"
    path.write_text(
        "# a CAMEO actor dictionary\n"
        "NEW_VALLEY_BRIGADE [IRQPRM]\n"
        "+VALLEY_BRIGADE\n"
        "+NVB\n"
        "BROKEN LINE WITHOUT CODE\n"
        "AHMED_EXAMPLE_MAN [SYRGOV 940101-991231]\n",
        encoding="utf-8",
    )
    IMPORT_WARNINGS.clear()
    entries = import_petrarch(path)
    assert [e.name for e in entries] == ["New Valley Brigade", "Ahmed Example Man"]
    assert entries[0].country == "IRQ" and entries[0].sector == "PRM"
    assert "Nvb" in entries[0].aliases or "NVB" in entries[0].aliases
    assert entries[1].country == "SYR" and entries[1].sector == "GOV"
    assert any(":5:" in w for w in IMPORT_WARNINGS)


def test_import_csv_and_extra_kb(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        "name,aliases,country,sector,type\n"
        "Valley Shield Brigade,VSB;Valley Shield,IRQ,PRM,armed_group\n"
        "Bad Row,,IRQ,NOTASECTOR,armed_group\n",
        encoding="utf-8",
    )
    IMPORT_WARNINGS.clear()
    entries = import_csv(path)
    assert [e.name for e in entries] == ["Valley Shield Brigade"]
    assert entries[0].aliases == ("VSB", "Valley Shield")
    assert any("mine.csv:3" in w for w in IMPORT_WARNINGS)
    kb = load_actor_kb(extra=[path])
    assert kb.get("u_valley_shield_brigade") is not None
    assert len(kb.entries) == len(load_actor_kb().entries) + 1


def test_agent_lexicon() -> None:
    lex = load_agent_lexicon()
    assert lex.agents["media"] == "JRN" and lex.agents["army"] == "MIL"
    assert lex.agents["unknown gunmen"] == "UAF" and lex.agents["civilians"] == "CVL"
    assert lex.descriptions["the militia"] == "armed_group"


def test_context_lexicons_are_loaded() -> None:
    lex = load_agent_lexicon()
    assert lex.event_nouns["shelling"] == "MIL" and lex.event_nouns["sanctions"] == "GOV"
    assert set(lex.event_nouns.values()) <= SECTORS
    assert "air base" in lex.facility_nouns
    assert {"say", "claim", "attack"} <= lex.pronoun_verbs
    assert not set(lex.event_nouns) & set(lex.agents)  # agent nouns compose instead
