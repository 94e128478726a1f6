"""Dependency-tree helpers shared by the stages that read the parse."""

from __future__ import annotations

from collections.abc import Container
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

MAX_DEPTH = 30  # parses are trees, but a bound keeps a malformed one from looping


def governed_by(tok: Token, targets: Container[int]) -> bool:
    """True when ``tok`` or one of its heads (up to the root) has an index in ``targets``."""
    cur = tok
    for _ in range(MAX_DEPTH):
        if cur.i in targets:
            return True
        if cur.head is cur:
            return False
        cur = cur.head
    return False
