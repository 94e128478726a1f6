"""The HTML, JSONL, CSV and standard-input readers of sitrep.sources."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest

from sitrep.model import Article, Skipped
from tests.test_sources import article, run, skip

BODY = (
    "Gunmen attacked a police checkpoint near the town of Tarmiyah north of Baghdad on "
    "Monday night, killing two policemen, according to a security official.\n\n"
    "The official said the attackers fled towards nearby orchards and that security "
    "forces had launched a search operation in the area."
)


def _jsonl(rows: list[object]) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n"


# --- HTML -------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Rocket attack on Baghdad airport | Example News</title>
<meta property="og:title" content="Rocket attack on Baghdad airport">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-02-03T08:00:00+03:00">
<meta name="author" content="Jane Doe">
<link rel="canonical" href="https://news.example/baghdad-airport">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/iraq">Iraq section</a></li></ul></nav>
<article><h1>Rocket attack on Baghdad airport</h1>
<p>Three rockets struck near Baghdad international airport on Friday evening, wounding two
members of the airport staff, the Security Media Cell said in a statement.</p>
<p>The cell said the rockets were launched from a field in the Radwaniyah district and that
security forces had found the launch platform. No group claimed responsibility.</p>
</article>
<aside class="related"><h3>Check Also</h3><ul><li><a href="/x">Floods hit Basra villages</a></li>
<li><a href="/y">Parliament delays budget vote again</a></li></ul></aside>
<section id="comments"><h3>Comments</h3><p>Reader comment that must not appear here.</p></section>
<footer><p>&copy; 2024 Example News. All rights reserved.</p></footer>
</body></html>"""


def test_html_metadata_and_boilerplate_removed(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    a = article(run(path, published=dt.date(2030, 1, 1), outlet="ignored"))
    assert a.title == "Rocket attack on Baghdad airport"
    assert a.outlet == "Example News"
    assert a.published == dt.date(2024, 2, 3)
    assert a.author == "Jane Doe"
    assert a.url == "https://news.example/baghdad-airport"
    assert a.text.startswith("Three rockets struck")
    assert a.text.endswith("No group claimed responsibility.")
    for junk in ("Check Also", "Floods hit", "Reader comment", "All rights", "Iraq section"):
        assert junk not in a.text


def test_html_without_body_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "wall.htm"
    path.write_text(
        "<html><head><title>Subscribe</title></head><body><nav><a href='/'>Home</a></nav>"
        "<div class='paywall'><button>Subscribe</button><a href='/login'>Sign in</a></div>"
        "<footer>&copy; 2024</footer></body></html>"
    )
    assert skip(run(path)).reason == "no article body"


def test_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "legacy.html"
    page = PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    page = page.replace("Three rockets", "Three \u201crockets\u201d")
    path.write_bytes(page.encode("cp1252"))
    assert "\u201crockets\u201d" in article(run(path)).text


# --- JSONL, CSV, stdin ------------------------------------------------------


def test_jsonl_rows_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        _jsonl(
            [
                {
                    "id": 7,
                    "text": BODY,
                    "title": "T",
                    "url": "u",
                    "outlet": "O",
                    "published": "2024-01-05",
                },
                '{"text": "cut off',
                "",
                "[1, 2]",
                {"id": "no-body", "title": "Nothing"},
                {"html": PAGE},
                {
                    "text": "Des combattants ont attaqué un poste près de la ville.",
                    "language": "fr",
                },
            ]
        )
    )
    r = run(path)
    assert [type(x).__name__ for x in r] == ["Article"] + ["Skipped"] * 3 + ["Article", "Skipped"]
    first = r[0]
    assert isinstance(first, Article)
    assert (first.input_id, first.title, first.url, first.outlet) == ("7", "T", "u", "O")
    assert first.published == dt.date(2024, 1, 5)
    assert first.sources == (f"{path}:1",)
    reasons = [x.reason for x in r if isinstance(x, Skipped)]
    assert reasons == [
        "malformed JSON on line 2",
        "malformed JSON on line 4: not an object",
        "no text or html",
        "not English: fr",
    ]
    assert r[3].input_id == "no-body" and r[3].title == "Nothing"  # type: ignore[union-attr]
    html_article = r[4]
    assert isinstance(html_article, Article) and html_article.outlet == "Example News"
    assert html_article.input_id == f"{path}:6"
    assert r[5].article_id is not None  # type: ignore[union-attr]


def test_given_language_is_trusted(tmp_path: Path) -> None:
    french = (
        "Les combattants ont attaqué le poste de police dans la nuit de lundi, selon un "
        "responsable local qui a demandé à ne pas être nommé. Deux policiers ont été blessés."
    )
    path = tmp_path / "f.jsonl"
    path.write_text(_jsonl([{"text": french, "language": "EN-gb"}, {"text": french + " Fin."}]))
    a, b = run(path)
    assert isinstance(a, Article) and a.language == "en"
    assert isinstance(b, Skipped) and b.reason == "not English: fr"


def test_csv_rows(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(
        f'ID,Title,published,text\nr1,First,2024-02-02,"{BODY}"\nr2,Empty,2024-02-02,\n',
        encoding="utf-8",
    )
    a, b = run(path)
    assert isinstance(a, Article) and a.input_id == "r1" and a.text == BODY
    assert a.published == dt.date(2024, 2, 2) and a.sources == (f"{path}:1",)
    assert isinstance(b, Skipped) and b.reason == "no text or html" and b.input_id == "r2"


@pytest.mark.parametrize("binary", [False, True])
def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch, binary: bool) -> None:
    data = _jsonl([{"id": "s1", "text": BODY}, "oops"])
    stream = io.TextIOWrapper(io.BytesIO(data.encode())) if binary else io.StringIO(data)
    monkeypatch.setattr(sys, "stdin", stream)
    a, b = run("-", "-")  # stdin is read once
    assert isinstance(a, Article) and a.input_id == "s1" and a.sources == ("<stdin>:1",)
    assert isinstance(b, Skipped) and b.reason == "malformed JSON on line 2"


def test_html_without_date_takes_cli_date_and_sidecar_wins(tmp_path: Path) -> None:
    page = PAGE.replace(
        '<meta property="article:published_time" content="2024-02-03T08:00:00+03:00">', ""
    )
    (tmp_path / "a.htm").write_text(page)
    (tmp_path / "b.html").write_text(PAGE.replace("Three rockets", "Four rockets"))
    (tmp_path / "b.meta.json").write_text('{"outlet": "Sidecar", "published": "2024-05-05"}')
    a, b = run(tmp_path, published=dt.date(2024, 2, 10), outlet="CLI")
    assert isinstance(a, Article) and isinstance(b, Article)
    assert (a.published, a.outlet) == (dt.date(2024, 2, 10), "Example News")
    assert (b.published, b.outlet, b.author) == (dt.date(2024, 5, 5), "Sidecar", "Jane Doe")
