"""Small geoparsing lexicons from ``sitrep/data/geo`` (loaded once, cached)."""

from __future__ import annotations

import functools

from sitrep.errors import KnowledgeError
from sitrep.knowledge.gazetteer_build import load_geo_yaml


@functools.lru_cache(maxsize=1)
def load_local_heads() -> frozenset[str]:
    """Lower-case head words of street/building names (``local_features.yaml``)."""
    data = load_geo_yaml("local_features.yaml")
    heads = data.get("heads")
    if not isinstance(heads, list) or not all(isinstance(h, str) for h in heads):
        raise KnowledgeError("geo data local_features.yaml: 'heads' must be a list of words")
    return frozenset(h.lower() for h in heads)


@functools.lru_cache(maxsize=1)
def load_local_prefixes() -> frozenset[str]:
    """Lower-case words that begin names of small natural features ("Cape Peron")."""
    data = load_geo_yaml("local_features.yaml")
    words = data.get("prefixes", [])
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise KnowledgeError("geo data local_features.yaml: 'prefixes' must be a list of words")
    return frozenset(w.lower() for w in words)
