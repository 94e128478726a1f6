"""Who says what about whom: the claims of many articles as rows and narratives.

:func:`claims_report` is the function behind ``sitrep claims [--contested]
[--about ACTOR]``: it takes stored or fresh extractions, groups their claims
into narratives (:func:`~sitrep.claiming.narratives.group_claims`) and marks
each claim contested when a claim in its article or in one of its narratives
disputes it. Pure: the caller reads the store and prints ``render()``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitrep.claiming.narratives import Narrative, contested_claims, group_claims
from sitrep.model import Claim, Extraction

if TYPE_CHECKING:
    from sitrep.store import Store

AUTHOR = "(author/unnamed)"
_WIDTH = 72


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One claim with its article, its content text and whether it is contested."""

    article_id: str
    claim: Claim
    text: str
    contested: bool
    narratives: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ClaimsReport:
    """Claims and narratives, filtered; ``render()`` gives the terminal text."""

    rows: tuple[ClaimRow, ...]
    narratives: tuple[Narrative, ...]

    def render(self) -> str:
        if not self.rows:
            return "no claims"
        lines = [f"{len(self.rows)} claims, {len(self.narratives)} narratives", ""]
        for row in self.rows:
            c = row.claim
            flag = " CONTESTED" if row.contested else ""
            who = c.claimant or AUTHOR
            about = ",".join(c.about) or "-"
            lines.append(
                f"{row.article_id[:12]} {c.id:<4} {who} {c.stance} ({c.cue}) about {about}{flag}"
            )
            text = " ".join(row.text.split())
            lines.append(f"    “{text[:_WIDTH]}{'…' if len(text) > _WIDTH else ''}”")
        lines.append("")
        for n in self.narratives:
            flag = " CONTESTED" if n.contested else ""
            who = ", ".join(x or AUTHOR for x in n.claimants)
            where = ", ".join(f"{a[:12]}/{c}" for a, c in n.claims)
            lines.append(
                f"{n.id:<4} {n.predicate} about {','.join(n.about) or '-'}{flag}: {who} [{where}]"
            )
        return "\n".join(lines)


def claims_report(
    extractions: Iterable[Extraction], *, contested: bool = False, about: str | None = None
) -> ClaimsReport:
    """Rows and narratives for the claims of ``extractions``.

    ``contested`` keeps only disputed claims (and contested narratives); ``about``
    keeps claims about that actor id (and narratives about it).
    """
    items: list[tuple[str, Claim, str]] = []
    disputed: set[tuple[str, str]] = set()
    for ex in extractions:
        if ex.article is None:
            continue
        text = ex.article.text
        for claim_id in contested_claims(ex.claims, text):
            disputed.add((ex.article.id, claim_id))
        for claim in ex.claims:
            items.append((ex.article.id, claim, text[claim.content[0] : claim.content[1]]))
    narratives = group_claims(items)
    member_of: dict[tuple[str, str], list[str]] = {}
    for n in narratives:
        for key in n.claims:
            member_of.setdefault(key, []).append(n.id)
            if n.contested:
                disputed.add(key)
    rows = []
    for article_id, claim, text in items:
        key = (article_id, claim.id)
        row = ClaimRow(article_id, claim, text, key in disputed, tuple(member_of.get(key, ())))
        if contested and not row.contested:
            continue
        if about is not None and about not in claim.about:
            continue
        rows.append(row)
    kept = tuple(
        n
        for n in narratives
        if (not contested or n.contested) and (about is None or about in n.about)
    )
    return ClaimsReport(rows=tuple(rows), narratives=kept)


def claims_from_store(store: Store, *, contested: bool, about: str | None) -> ClaimsReport:
    """:func:`claims_report` over every stored article that has claims.

    All such articles are read (not only those about ``about``): a narrative is
    contested across articles, so the filter is applied after grouping.
    """
    rows = store.query("SELECT DISTINCT article_id FROM claims ORDER BY article_id")
    extractions = []
    for (article_id,) in rows:
        ex = store.extraction(str(article_id))
        if ex is not None:
            extractions.append(ex)
    return claims_report(extractions, contested=contested, about=about)
