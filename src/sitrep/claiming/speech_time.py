"""The date of a speech act is not the date of the event it reports.

"The SDF said on Monday that its fighters had killed three militants" dates the
statement, not the killing. The event stage attaches the nearest time expression of the
sentence; :class:`SpeechTimes` re-dates an event inside a claim when its date is a time
expression outside the claim's content that hangs from the claim's cue ("said on
Monday", "In a statement on Monday, X said", "..., police said on Wednesday"): the event
takes another time expression of its own, or none ("on or before publication"). A time
after the content of a cue that precedes it ("blamed Iran for the strikes on Saturday")
is the event's; an ongoing or present state reported ("noted on April 10 that the militia
was continuing to clear the border") holds at the time of speaking and keeps it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sitrep.model import TimeValue
from sitrep.syntax import governed_by

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


_BE = frozenset({"is", "are", "am", "was", "were"})


def _simultaneous(head: Token) -> bool:
    """An ongoing or present state holds at the time of speaking: "noted on April 10 that
    the militia was continuing to clear the border", "said on Monday that troops control"."""
    cur = head
    for _ in range(4):
        if cur.tag_ in {"VBZ", "VBP"} and not any(c.dep_ == "aux" for c in cur.children):
            return True
        if cur.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ in _BE for c in cur.children):
            return True
        if cur.dep_ != "xcomp" or cur.head is cur:
            return False
        cur = cur.head
    return False


class SpeechTimes:
    """Per-document helper; resolves the document's time expressions only when needed."""

    def __init__(self, doc: Doc, published: dt.date | None) -> None:
        self.doc = doc
        self.published = published
        self._times: tuple[TimeValue, ...] | None = None

    def _root(self, span: tuple[int, int]) -> Token | None:
        s = self.doc.char_span(span[0], span[1], alignment_mode="expand")
        return None if s is None else s.root

    def of_speech(
        self, span: tuple[int, int], claims: Sequence[tuple[tuple[int, int], int]]
    ) -> bool:
        """Is the time at char ``span`` the time of one of ``claims`` ((content char range,
        cue token index)) rather than of what they report?"""
        root = self._root(span)
        if root is None:
            return False
        for (lo, hi), cue in claims:
            if lo <= span[0] < hi:
                continue  # inside what is reported
            if span[0] >= hi and self.doc[cue].idx < lo:
                continue  # "blamed Iran for the strikes ... on Saturday": the strikes' date
            if self.doc[cue].sent.start != root.sent.start:
                continue
            if governed_by(root, {cue}):
                return True
        return False

    def redate(
        self,
        head: Token,
        date: TimeValue,
        claims: Sequence[tuple[tuple[int, int], int]],
    ) -> TimeValue:
        """The event's date without the speech-act times of ``claims``."""
        from sitrep.eventing.anchors import attach_time

        if date.span is None or _simultaneous(head) or not self.of_speech(date.span, claims):
            return date
        if self._times is None:
            from sitrep.resolve.times import resolve_times

            self._times = resolve_times(self.doc, self.published)
        own = [
            tv for tv in self._times if tv.span is not None and not self.of_speech(tv.span, claims)
        ]
        when, _ = attach_time(head, own, self.doc)
        if when is not None:
            return when
        end = self.published.isoformat() if self.published else None
        return TimeValue(start=None, end=end, precision="unknown")
