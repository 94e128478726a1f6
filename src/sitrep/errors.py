"""One exception tree for sitrep; the CLI translates it into one-line messages.

::

    SitrepError
    ├── SourceError       an input path cannot be read (missing, unreadable)
    ├── ModelError        the spaCy model package is not installed
    ├── KnowledgeError    a knowledge file (KB, gazetteer, lexicon) is invalid
    ├── ExtractionError   a stage failed on an article (becomes a Skipped record)
    ├── StoreError        the database cannot be opened, migrated or written
    └── ConfigError       a setting has an invalid value
"""

from __future__ import annotations


class SitrepError(Exception):
    """Base class of every error sitrep raises on purpose."""


class SourceError(SitrepError):
    """An input cannot be read at all (as opposed to an article being skipped)."""


class ModelError(SitrepError):
    """The spaCy pipeline cannot be loaded."""


class KnowledgeError(SitrepError):
    """A knowledge file is missing or invalid."""


class ExtractionError(SitrepError):
    """A stage failed on one article."""


class StoreError(SitrepError):
    """The store cannot be opened, migrated or written."""


class ConfigError(SitrepError):
    """A setting has an invalid value."""
