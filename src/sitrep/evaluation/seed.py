"""`sitrep eval seed`: the seed article against the team's golden checks.

The checks live in ``sitrep/data/eval/seed.yaml`` (documented there). Each
prints ``found`` or ``missing`` with a reason, so a reviewer sees which item
of EXPECTED.md the pipeline gets wrong and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from sitrep.config import Settings
from sitrep.errors import SourceError
from sitrep.model import Actor, Claim, Event, Extraction, Place

SEED_PUBLISHED = dt.date(2020, 4, 13)

Check = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ItemResult:
    id: str
    found: bool
    detail: str


@dataclass(frozen=True, slots=True)
class SeedScores:
    results: tuple[ItemResult, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.results if not r.found)

    @property
    def found(self) -> int:
        return sum(r.found for r in self.results)

    def render(self) -> str:
        lines = [
            f"{r.id:<5} {'found  ' if r.found else 'MISSING'} {r.detail}" for r in self.results
        ]
        lines.append(f"seed: {self.found}/{len(self.results)} items found")
        return "\n".join(lines)


def load_checks(path: Path | None = None) -> list[Check]:
    if path is None:
        text = files("sitrep").joinpath("data/eval/seed.yaml").read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    checks: list[Check] = yaml.safe_load(text)
    return checks


def evaluate_seed(shared: Path, settings: Settings) -> SeedScores:
    """Extract the seed article (published 2020-04-13) and run every check."""
    from sitrep.pipeline import extract

    article = shared / "seed" / "article.txt"
    if not article.is_file():
        raise SourceError(f"no seed article at {article} (pass --shared)")
    settings = settings.with_overrides(published=SEED_PUBLISHED, progress=False)
    (ex,) = list(extract([str(article)], settings))
    return score_seed(ex, load_checks())


def score_seed(ex: Extraction, checks: Sequence[Check]) -> SeedScores:
    return SeedScores(tuple(_run(ex, check) for check in checks))


class _Doc:
    """Lookups over one extraction: forms in the text to actors, places, events."""

    def __init__(self, ex: Extraction) -> None:
        assert ex.article is not None
        self.ex = ex
        self.text = ex.article.text

    def span_of(self, form: str) -> tuple[int, int] | None:
        i = self.text.find(form)
        return (i, i + len(form)) if i >= 0 else None

    def actor(self, form: str) -> Actor | None:
        span = self.span_of(form)
        if span is None:
            return None
        best: Actor | None = None
        for actor in self.ex.actors:
            for s, e in actor.mentions:
                if s < span[1] and span[0] < e and (best is None or s <= span[0]):
                    best = actor
        return best

    def actor_ids(self, forms: Sequence[str]) -> set[str]:
        out: set[str] = set()
        for form in forms:
            if form == "author":
                out.add("author")
                continue
            actor = self.actor(form)
            if actor is not None:
                out.add(actor.id)
                continue
            place = self.place(form)  # a country named as a place ("munitions to Syria")
            if place is not None and place.precision == "country" and place.country:
                out.add(place.country.lower())
        return out

    def place(self, form: str) -> Place | None:
        span = self.span_of(form)
        if span is None:
            return None
        for place in self.ex.places:
            if any(s < span[1] and span[0] < e for s, e in place.mentions):
                return place
        return None

    def sentence_of(self, phrase: str) -> tuple[int, int] | None:
        span = self.span_of(phrase)
        if span is None:
            return None
        start = max(self.text.rfind(". ", 0, span[0]) + 1, self.text.rfind("\n", 0, span[0]) + 1)
        end_candidates = [
            i for i in (self.text.find(". ", span[1]), self.text.find("\n", span[1])) if i >= 0
        ]
        end = min(end_candidates) + 1 if end_candidates else len(self.text)
        return start, end

    def events_near(self, phrase: str | None) -> list[Event]:
        if phrase is None:
            return list(self.ex.events)
        sentence = self.sentence_of(phrase)
        if sentence is None:
            return []
        return [e for e in self.ex.events if sentence[0] <= e.trigger[0] < sentence[1]]


def _run(ex: Extraction, check: Check) -> ItemResult:
    if ex.article is None:
        return ItemResult(check["id"], False, "article skipped")
    handler = _HANDLERS[check["check"]]
    ok, detail = handler(_Doc(ex), check)
    return ItemResult(check["id"], ok, detail)


def _text_excludes(d: _Doc, c: Check) -> tuple[bool, str]:
    present = [s for s in c["strings"] if s in d.text]
    return (not present, f"present: {present}" if present else "boilerplate removed")


def _no_repeat(d: _Doc, c: Check) -> tuple[bool, str]:
    seen: dict[tuple[Any, ...], str] = {}
    for e in d.ex.events:
        sentence = d.text[e.evidence[0] : e.evidence[1]].strip()
        key = (e.type, e.actors, e.recipients, sentence)
        if key in seen:
            return False, f"{e.id} repeats {seen[key]}"
        seen[key] = e.id
    return True, f"{len(d.ex.events)} events, none repeated"


def _actor(d: _Doc, c: Check) -> tuple[bool, str]:
    actor = d.actor(c["form"])
    if actor is None:
        return False, f"no actor at {c['form']!r}"
    problems = []
    if "min_mentions" in c and len(actor.mentions) < c["min_mentions"]:
        problems.append(f"{len(actor.mentions)} mentions < {c['min_mentions']}")
    if "sectors" in c and actor.sector not in c["sectors"]:
        problems.append(f"sector {actor.sector}")
    if "countries" in c and actor.country not in c["countries"]:
        problems.append(f"country {actor.country}")
    if c.get("in_kb") and not actor.in_kb:
        problems.append("not linked to the KB")
    if "same_as" in c:
        other = d.actor(c["same_as"])
        if other is None or other.id != actor.id:
            problems.append(f"not the actor at {c['same_as']!r}")
    if actor.kind in c.get("not_kinds", ()):
        problems.append(f"kind {actor.kind}")
    summary = f"{actor.id} ({actor.country}/{actor.sector}, {len(actor.mentions)} mentions)"
    return (not problems, summary + ("; " + "; ".join(problems) if problems else ""))


def _relation(d: _Doc, c: Check) -> tuple[bool, str]:
    subject = d.actor(c["subject"])
    obj = d.actor(c["object"]) if "object" in c else None
    for r in d.ex.relations:
        if r.type not in c["types"]:
            continue
        ids = {r.subject, r.object}
        if subject is None or subject.id not in ids:
            continue
        other = r.object if r.subject == subject.id else r.subject
        if obj is not None and other == obj.id:
            return True, f"{r.type}({r.subject}, {r.object})"
        if "object_name" in c:
            names = {a.id: a.name for a in d.ex.actors}
            if c["object_name"].lower() in (names.get(other, other) or "").lower().replace(
                "_", " "
            ):
                return True, f"{r.type}({r.subject}, {r.object})"
    return False, f"no {'/'.join(c['types'])} relation for {c['subject']!r}"


def _place(d: _Doc, c: Check) -> tuple[bool, str]:
    place = d.place(c["form"])
    if place is None:
        return False, f"no place at {c['form']!r}"
    problems = []
    if "country" in c and place.country != c["country"]:
        problems.append(f"country {place.country}")
    if "precisions" in c and place.precision not in c["precisions"]:
        problems.append(f"precision {place.precision}")
    if "role" in c and place.role != c["role"]:
        problems.append(f"role {place.role}")
    summary = f"{place.id} {place.name} ({place.country}, {place.precision}, {place.role})"
    return (not problems, summary + ("; " + "; ".join(problems) if problems else ""))


def _not_person(d: _Doc, c: Check) -> tuple[bool, str]:
    actor = d.actor(c["form"])
    if actor is not None and (actor.kind == "person" or actor.sector in {"ELI"}):
        return False, f"{c['form']!r} is the person actor {actor.id}"
    place = d.place(c["form"])
    return True, f"place {place.id} ({place.precision})" if place else "not a person"


def _event_matches(d: _Doc, e: Event, c: Check) -> list[str]:
    problems = []
    if e.type not in c["types"]:
        problems.append(f"type {e.type}")
    if "modes" in c and e.mode not in c["modes"]:
        problems.append(f"mode {e.mode}")
    for role, have in (("actors", e.actors), ("recipients", e.recipients)):
        if role in c:
            want = d.actor_ids(c[role])
            if not want or not want & set(have):
                problems.append(f"{role} {list(have)}")
    if "modality_any" in c and not set(c["modality_any"]) & set(e.modality):
        problems.append(f"modality {list(e.modality)}")
    if "precisions" in c and e.date.precision not in c["precisions"]:
        problems.append(f"date precision {e.date.precision}")
    if "date_start" in c and e.date.start != c["date_start"]:
        problems.append(f"date start {e.date.start}")
    if "date_end" in c and e.date.end != c["date_end"]:
        problems.append(f"date end {e.date.end}")
    if "not_day" in c and e.date.start == c["not_day"] == e.date.end:
        problems.append(f"dated {c['not_day']}")
    if "claimant" in c:
        who = e.claimant or "author"
        if who not in d.actor_ids(c["claimant"]):
            problems.append(f"claimant {who}")
    if "place" in c:
        place = d.place(c["place"])
        if place is None or e.place != place.id:
            problems.append(f"place {e.place}")
    return problems


def _event(d: _Doc, c: Check) -> tuple[bool, str]:
    candidates = d.events_near(c.get("near"))
    if not candidates:
        return False, f"no event in the sentence with {c.get('near')!r}"
    best: tuple[Event, list[str]] | None = None
    for e in candidates:
        problems = _event_matches(d, e, c)
        if best is None or len(problems) < len(best[1]):
            best = (e, problems)
    assert best is not None
    e, problems = best
    summary = (
        f"{e.id} {e.type}/{e.mode} {list(e.actors)}→{list(e.recipients)} "
        f"{e.date.start}..{e.date.end} ({e.date.precision}) {list(e.modality)}"
    )
    return (not problems, summary + ("; " + "; ".join(problems) if problems else ""))


def _no_event(d: _Doc, c: Check) -> tuple[bool, str]:
    actors = d.actor_ids(c.get("actors", ()))
    recipients = d.actor_ids(c.get("recipients", ()))
    for e in d.events_near(c.get("near")):
        if e.type not in c["types"]:
            continue
        if c.get("asserted") and e.modality:
            continue
        if "actors" in c and not actors & set(e.actors):
            continue
        if "recipients" in c and not recipients & set(e.recipients):
            continue
        return False, f"asserted {e.id} {e.type} {list(e.actors)}→{list(e.recipients)}"
    return True, "no such asserted event"


def _no_day(d: _Doc, c: Check) -> tuple[bool, str]:
    bad = [
        e.id for e in d.ex.events if e.date.start == c["day"] == e.date.end and e.date.span is None
    ]
    return (not bad, f"dated {c['day']} without evidence: {bad}" if bad else "none")


def _claim_for(d: _Doc, near: str) -> list[Claim]:
    span = d.span_of(near)
    if span is None:
        return []
    return [
        cl
        for cl in d.ex.claims
        if cl.content[0] <= span[0] < cl.content[1]
        or (
            cl.cue_span is not None
            and d.sentence_of(near) is not None
            and _within(cl.cue_span, d.sentence_of(near))
        )
    ]


def _within(inner: tuple[int, int], outer: tuple[int, int] | None) -> bool:
    return outer is not None and outer[0] <= inner[0] < outer[1]


def _claim(d: _Doc, c: Check) -> tuple[bool, str]:
    claims = _claim_for(d, c["near"])
    if not claims:
        return False, f"no claim covering {c['near']!r}"
    want = d.actor_ids(c["claimants"])
    best = None
    for cl in claims:
        problems = []
        who = cl.claimant or "author"
        if who not in want:
            problems.append(f"claimant {who}")
        if cl.stance not in c["stances"]:
            problems.append(f"stance {cl.stance}")
        if "about" in c and not d.actor_ids(c["about"]) & set(cl.about):
            problems.append(f"about {list(cl.about)}")
        if best is None or len(problems) < len(best[1]):
            best = (cl, problems)
    assert best is not None
    cl, problems = best
    summary = f"{cl.id} {cl.claimant or 'author'} {cl.stance} about {list(cl.about)}"
    return (not problems, summary + ("; " + "; ".join(problems) if problems else ""))


def _contested(d: _Doc, c: Check) -> tuple[bool, str]:
    from sitrep.claims import contested_claims

    contested = contested_claims(d.ex.claims, d.text)
    found = []
    for near in c["near"]:
        ids = {cl.id for cl in _claim_for(d, near)}
        found.append(bool(ids & contested))
    return all(found), f"contested claims {sorted(contested)}"


_HANDLERS: dict[str, Callable[[_Doc, Check], tuple[bool, str]]] = {
    "text_excludes": _text_excludes,
    "no_repeat": _no_repeat,
    "actor": _actor,
    "relation": _relation,
    "place": _place,
    "not_person": _not_person,
    "event": _event,
    "no_event": _no_event,
    "no_day": _no_day,
    "claim": _claim,
    "contested": _contested,
}
