from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep.config import SETTING_HELP, Settings, load_settings, parse_date
from sitrep.errors import ConfigError


def test_precedence_defaults_file_env_flags(tmp_path: Path) -> None:
    cfg = tmp_path / "s.toml"
    cfg.write_text('[sitrep]\ndb = "file.duckdb"\nbatch_size = 8\n', encoding="utf-8")
    s = load_settings(cfg, env={"SITREP_BATCH_SIZE": "16"}, published="2020-04-13")
    assert s.db == Path("file.duckdb")
    assert s.batch_size == 16
    assert s.published == dt.date(2020, 4, 13)
    assert load_settings(cfg, env={}, db="flag.duckdb").db == Path("flag.duckdb")


def test_every_setting_has_help() -> None:
    assert set(SETTING_HELP) == set(Settings.__slots__)


def test_bad_values_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="not an ISO date"):
        parse_date("13/04/2020")
    with pytest.raises(ConfigError):
        load_settings(env={"SITREP_BATCH_SIZE": "many"})
    with pytest.raises(ConfigError, match="unknown setting"):
        Settings().with_overrides(colour="red")
