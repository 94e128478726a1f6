"""The outlet's country as a weak hint for toponym resolution.

Local and national outlets mostly write about their own country: "Manchester"
in a British paper, "Delft" in a South African one. The country comes from the
article URL's country-code domain (``.co.uk``, ``.ie``, ``.com.au``; vanity
domains such as ``.tv``, ``.io`` or ``.co`` are ignored) or from a country or
demonym in the outlet's name ("Times of India", "Iraqi News"). It counts as
one vote in the document's country vote, no more than one country name.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sitrep.knowledge.gazetteer import Gazetteer
from sitrep.model import Article

_VANITY = frozenset({"tv", "io", "co", "me", "ly", "fm", "ai", "am", "to", "cc", "ws", "gg", "la"})
_ALIASES = {"uk": "GB"}
_WORD = re.compile(r"[A-Za-z][A-Za-z.'’-]*")


def outlet_country(article: Article, gazetteer: Gazetteer) -> str | None:
    """ISO3 of the country the article's outlet is based in, if it says so, else None."""
    if article.url:
        host = urlsplit(article.url).hostname or ""
        tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
        if len(tld) == 2 and tld not in _VANITY:
            iso3 = gazetteer.iso2to3.get(_ALIASES.get(tld, tld).upper())
            if iso3:
                return iso3
    if article.outlet:
        words = _WORD.findall(article.outlet)
        for n in (2, 1):
            for i in range(len(words) - n + 1):
                name = " ".join(words[i : i + n])
                iso3 = gazetteer.demonym_country(name)
                if iso3:
                    return iso3
                entry = gazetteer.country_entry_for(name)
                if entry is not None and entry.country:
                    return entry.country
    return None
