"""Narratives: claims grouped by what they assert (predicate) about whom (target).

Within one article, :func:`contested_claims` finds the claims another claim
disputes (an accusation and a denial of it, or the author's rejection). Across
articles, :func:`group_claims` groups claims by (target actor, predicate class),
with text similarity for claims whose predicate is not in the lexicon, and marks
a group contested when its claimants disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from sitrep.claiming.lexicon import load_cues
from sitrep.model import Claim

UNSPECIFIED = "other"
SIMILARITY = 80.0  # rapidfuzz token_set_ratio for grouping claims with no known predicate
RELATED = 40.0  # same predicate and target, another article: the wordings must be this close
AUTHOR = "author"


@dataclass(frozen=True, slots=True)
class Narrative:
    """Claims from one or more articles asserting one thing about one actor."""

    id: str
    about: tuple[str, ...]
    predicate: str
    claims: tuple[tuple[str, str], ...]  # (article_id, claim_id)
    contested: bool
    claimants: tuple[str | None, ...]  # None is an article's author


def _disagree(claims: Sequence[Claim]) -> bool:
    """True when someone denies what another claimant asserts, accuses or rumours."""
    deniers = {c.claimant for c in claims if c.stance == "deny"}
    sayers = {c.claimant for c in claims if c.stance != "deny"}
    return bool(deniers and sayers and (len(deniers | sayers) > 1))


def predicate_of(text: str) -> str | None:
    """The predicate class (``cues.yaml`` predicates) of a claim's content text."""
    return load_cues().predicate_of(text)


def contested_claims(claims: Sequence[Claim], text: str | None = None) -> set[str]:
    """Ids of the claims of one article that another claim there disputes.

    A denial disputes a non-denial by another claimant about a shared actor. With
    the article ``text``, both contents must also have the same predicate class
    ("aid ISIS" vs "supports ISIS"), unless the denial names a claim ("rejected the
    claim"); without the text, only accusations, rumours and contentious assertions
    (``contestable_cues``: "claimed", "argued", "insisted") count.
    """
    contestable = load_cues().contestable_cues
    predicates: dict[str, str | None] = {}
    anaphoric: set[str] = set()  # "rejected the claim": disputes whatever it refers to
    if text is not None:
        anaphors = load_cues().claim_anaphors
        for claim in claims:
            content = text[claim.content[0] : claim.content[1]]
            predicates[claim.id] = predicate_of(content)
            words = {w.strip(".,;:\"“”'").rstrip("s") for w in content.lower().split()}
            if words & anaphors:
                anaphoric.add(claim.id)
    contested: set[str] = set()
    for denial in claims:
        if denial.stance != "deny":
            continue
        for other in claims:
            if other.stance == "deny" or other.claimant == denial.claimant:
                continue
            if not set(denial.about) & set(other.about):
                continue
            if text is None:
                if other.stance not in {"accuse", "rumor"} and other.cue not in contestable:
                    continue
            else:
                p_deny, p_other = predicates[denial.id], predicates[other.id]
                if denial.id not in anaphoric and (p_other is None or p_deny != p_other):
                    continue
            contested |= {denial.id, other.id}
    return contested


def group_claims(claims: Sequence[tuple[str, Claim, str]]) -> tuple[Narrative, ...]:
    """Group ``(article_id, claim, content_text)`` items into narratives.

    One narrative per (target actor, predicate class); claims from different
    articles join it only when their wordings are related (``RELATED``), and
    claims with no known predicate only when their texts are similar
    (``SIMILARITY``). A claim about several actors joins one narrative per actor.
    """
    groups: dict[tuple[str, str], list[list[int]]] = {}
    order: list[tuple[tuple[str, str], int]] = []
    texts = [text for _, _, text in claims]
    for n, (_article, claim, text) in enumerate(claims):
        predicate = predicate_of(text) or UNSPECIFIED
        for target in claim.about or ("",):
            key = (target, predicate)
            clusters = groups.setdefault(key, [])
            home = None
            if predicate == UNSPECIFIED or not target:
                for k, cluster in enumerate(clusters):
                    if fuzz.token_set_ratio(text.lower(), texts[cluster[0]].lower()) >= SIMILARITY:
                        home = k
                        break
            else:  # same article, or a related wording in another article
                for k, cluster in enumerate(clusters):
                    if any(
                        claims[i][0] == claims[n][0]
                        or fuzz.token_set_ratio(text.lower(), texts[i].lower()) >= RELATED
                        for i in cluster
                    ):
                        home = k
                        break
            if home is None:
                clusters.append([n])
                order.append((key, len(clusters) - 1))
            else:
                clusters[home].append(n)
    narratives: list[Narrative] = []
    for number, (key, k) in enumerate(order, start=1):
        members = groups[key][k]
        group = [claims[i][1] for i in members]
        claimants: list[str | None] = []
        for claim in group:
            if claim.claimant not in claimants:
                claimants.append(claim.claimant)
        narratives.append(
            Narrative(
                id=f"n{number}",
                about=(key[0],) if key[0] else (),
                predicate=key[1],
                claims=tuple((claims[i][0], claims[i][1].id) for i in members),
                contested=_disagree(group),
                claimants=tuple(claimants),
            )
        )
    return tuple(narratives)
