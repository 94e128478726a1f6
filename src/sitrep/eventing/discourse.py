"""Implied arguments: what the article, not the sentence, says about who acts on whom.

Two general rules, applied only where the parse found nothing:

1. Discourse carry-over: an ASSAULT/COERCE/SANCTION event with actors but no recipient
   takes the recipient that the same actors' other events of that type in the article
   name most often (a report on one campaign keeps its adversary implicit).
2. Source defaults (``source_defaults`` in ``triggers.yaml``): an outlet that is itself
   a party reporting its own operations (a military command's strike report) is the
   implied actor of its events of the listed types that name no actor, with the
   listed default mode; its adversary is the implied recipient if rule 1 finds none.

Events that received an implied argument are returned by ``id()`` so that their
confidence is lowered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sitrep.eventing.assemble import Candidate
from sitrep.eventing.lexicon import SourceDefault

CARRY_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION"})


def apply_implied_arguments(cands: Sequence[Candidate], default: SourceDefault | None) -> set[int]:
    implied: set[int] = set()
    if default is not None:
        for c in cands:
            if c.type not in default.types:
                continue
            if not c.args.actors or c.args.fallback:
                c.args.actors = [default.actor]
                c.args.recipients = [r for r in c.args.recipients if r != default.actor]
                c.args.fallback = False
                implied.add(id(c))
            if c.mode is None and default.mode is not None:
                c.mode = default.mode
    tallies: dict[tuple[str, tuple[str, ...]], Counter[str]] = {}
    for c in cands:
        if c.type in CARRY_TYPES and c.args.actors and c.args.recipients:
            key = (c.type, tuple(sorted(c.args.actors)))
            tallies.setdefault(key, Counter()).update(c.args.recipients)
    for c in cands:
        if c.type not in CARRY_TYPES or not c.args.actors or c.args.recipients:
            continue
        tally = tallies.get((c.type, tuple(sorted(c.args.actors))))
        if tally:
            top, count = tally.most_common(1)[0]
            if count >= 2 and top not in c.args.actors:
                c.args.recipients = [top]
                implied.add(id(c))
                continue
        if default is not None and default.adversary and default.actor in c.args.actors:
            c.args.recipients = [default.adversary]
            implied.add(id(c))
    return implied
