"""User actor dictionaries: the ``actors`` setting and the ``--actors`` flag."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sitrep.cli import main
from sitrep.config import Settings, load_settings
from sitrep.errors import ConfigError

TEXT = "Gunmen of the Kata'ib Sayf al-Qadisiyya attacked an army checkpoint near Kirkuk on Monday."

CSV = (
    "name,aliases,country,sector,type\n"
    "Kata'ib Sayf al-Qadisiyya,Sayf al-Qadisiyya,IRQ,PRM,armed_group\n"
    ",no name on this row,IRQ,PRM,armed_group\n"
)


def _write(tmp_path: Path) -> tuple[Path, Path]:
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    dictionary = tmp_path / "militias.csv"
    dictionary.write_text(CSV, encoding="utf-8")
    return article, dictionary


def test_actors_setting_parses_lists_and_pathsep_strings(tmp_path: Path) -> None:
    joined = f"a.csv{os.pathsep}b.yaml"
    settings = load_settings(env={"SITREP_ACTORS": joined})
    assert settings.actors == (Path("a.csv"), Path("b.yaml"))
    toml = tmp_path / "sitrep.toml"
    toml.write_text('[sitrep]\nactors = ["one.txt"]\n', encoding="utf-8")
    assert load_settings(toml, env={}).actors == (Path("one.txt"),)
    with pytest.raises(ConfigError, match="actors"):
        Settings().with_overrides(actors=3)


def test_user_dictionary_links_an_actor_the_kb_lacks(
    tmp_path: Path, settings: Any, nlp: Any
) -> None:
    from sitrep.document import load_pipeline
    from sitrep.pipeline import extract

    article, dictionary = _write(tmp_path)
    plain = dataclasses.replace(settings, published=None)
    with_dict = dataclasses.replace(plain, actors=(dictionary,))

    def groups(s: Settings) -> list[Any]:
        # the dictionary reaches both the recogniser in the pipeline and the resolver
        model = nlp if not s.actors else load_pipeline(s)
        (ex,) = list(extract([str(article)], s, nlp=model))
        return [a for a in ex.actors if "Qadisiyya" in a.name]

    assert not any(a.in_kb for a in groups(plain))
    found = groups(with_dict)
    assert len(found) == 1, found
    after = found[0]
    assert after.in_kb
    assert after.id == "u_kata_ib_sayf_al_qadisiyya"
    assert (after.country, after.sector, after.acled_inter) == ("IRQ", "PRM", 3)


def test_cli_flag_reports_rejected_rows_with_line_numbers(tmp_path: Path) -> None:
    from sitrep.knowledge.actor_import import IMPORT_WARNINGS

    IMPORT_WARNINGS.clear()
    article, dictionary = _write(tmp_path)
    result = CliRunner().invoke(main, ["extract", str(article), "--actors", str(dictionary)])
    assert result.exit_code == 0, result.output
    assert '"u_kata_ib_sayf_al_qadisiyya"' in result.stdout
    assert "militias.csv:3" in result.stderr
    assert result.stderr.count("sitrep: warning") == 1


def test_cli_flag_rejects_a_missing_file(tmp_path: Path) -> None:
    article, _ = _write(tmp_path)
    result = CliRunner().invoke(main, ["extract", str(article), "--actors", "nope.csv"])
    assert result.exit_code == 2
    assert "nope.csv" in result.stderr
