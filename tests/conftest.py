"""Shared fixtures: the ../shared folder, the real pipeline, resources."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skip the test when it is absent (fail under CI=true)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is absent: the shared data folder is needed for this test"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from sitrep.config import Settings

    return Settings(progress=False, cache_dir=_cache_dir(tmp_path_factory))


def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The gazetteer index is built once per machine into the user cache; tests
    # share it (SITREP_TEST_CACHE overrides, e.g. to test a cold build).
    override = os.environ.get("SITREP_TEST_CACHE")
    if override:
        return Path(override)
    from sitrep.config import Settings

    return Settings().cache_dir


@pytest.fixture(scope="session")
def nlp(settings: Any) -> Any:
    from sitrep.document import load_pipeline

    return load_pipeline(settings)


@pytest.fixture(scope="session")
def resources(settings: Any) -> Any:
    from sitrep.extract import load_resources

    return load_resources(settings)


@pytest.fixture()
def memory_store() -> Iterator[Any]:
    from sitrep.store import open_store

    with open_store(":memory:") as store:
        yield store
