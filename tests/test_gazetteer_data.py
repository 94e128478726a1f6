"""Schema checks for the conflict-geography data files (no index build needed)."""

from __future__ import annotations

import pytest

from sitrep.knowledge.gazetteer import key_variants, name_key
from sitrep.knowledge.gazetteer_build import load_geo_yaml

KINDS = {
    "base",
    "crossing",
    "airport",
    "region",
    "river",
    "border_area",
    "town",
    "site",
    "seat",
    "county",
}
PRECISIONS = {"point", "town", "region", "admin2"}


def test_countries_schema() -> None:
    data = load_geo_yaml("countries.yaml")
    assert data["schema"] == "sitrep.geo.countries/1"
    for iso3, rec in data["countries"].items():
        assert len(iso3) == 3 and iso3.isupper()
        assert -90 <= rec["lat"] <= 90 and -180 <= rec["lon"] <= 180
        assert all(isinstance(d, str) and d[:1].isupper() for d in rec["demonyms"])
        assert isinstance(rec["aliases"], list)


@pytest.mark.parametrize("name", ["features.yaml", "areas.yaml"])
def test_features_schema(name: str) -> None:
    data = load_geo_yaml(name)
    assert data["schema"] == "sitrep.geo.features/1"
    slugs = set()
    for feat in data["features"]:
        assert feat["kind"] in KINDS, feat
        assert feat["precision"] in PRECISIONS, feat
        assert -90 <= feat["lat"] <= 90 and -180 <= feat["lon"] <= 180
        assert feat["slug"] not in slugs
        slugs.add(feat["slug"])
        country = feat.get("country")
        assert country is None or (len(country) == 3 and country.isupper())
        assert isinstance(feat.get("population", 0), int) and feat.get("population", 0) >= 0
        if feat["precision"] == "admin2":
            assert country is not None and feat.get("admin1"), feat
    for alias in data["aliases"]:
        assert alias["name"] and alias["target"] and len(alias["country"]) == 3
        assert alias.get("kind") in {None, "country", "admin1", "admin2", "city"}


def test_local_feature_heads() -> None:
    from sitrep.knowledge.geo_lexicon import load_local_heads

    data = load_geo_yaml("local_features.yaml")
    assert data["schema"] == "sitrep.geo.local/1"
    heads = load_local_heads()
    assert {"street", "hospital", "university"} <= heads
    assert all(h == h.lower() and " " not in h for h in heads)
    # names that are towns in their own right are not heads ("Miami Beach")
    assert "beach" not in heads


def test_stoplist_schema() -> None:
    words = load_geo_yaml("stoplist.yaml")["words"]
    assert "Of" in words and all(isinstance(w, str) for w in words)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Al-Qaim", "Al Qa'im"), ("Al Qā’im", "al qaim"), ("Deir ez-Zor", "deir ez zor")],
)
def test_name_key_folds_transliterations(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_key_variants_strip_article_and_squash() -> None:
    assert "albukamal" in key_variants(name_key("Al Bukamal"))
    assert "qaim" in key_variants(name_key("al-Qaim"))


def test_admin1_points_schema() -> None:
    data = load_geo_yaml("admin1_points.yaml")
    assert data["schema"] == "sitrep.geo.admin1_points/1"
    for code, point in data["points"].items():
        cc, _, sub = code.partition("-")
        assert len(cc) == 2 and cc.isupper() and sub, code
        lat, lon = point
        assert -90 <= lat <= 90 and -180 <= lon <= 180, code
