"""Runs into the store: idempotent re-runs, SIGKILL recovery, offsets in range."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from sitrep.extract import extract_article
from sitrep.model import Article
from sitrep.pipeline import run
from sitrep.store import open_store

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"

SENTENCES = [
    "Turkish drones struck a vehicle near Sinjar on Tuesday, killing three fighters.",
    "The Popular Mobilization Units said they had arrested five ISIS suspects in Tarmiyah.",
    "Houthi forces fired a missile at Marib city last week, according to the Saba agency.",
    "The SDF clashed with Syrian government troops in Deir ez-Zor province.",
    "Protesters gathered in Tahrir Square in Baghdad to demand jobs.",
    "The United Nations delivered food aid to Taiz over the weekend.",
]


def test_second_run_adds_nothing(tmp_path: Path, settings: Any, nlp: Any, resources: Any) -> None:
    db = tmp_path / "s.duckdb"
    s = settings.with_overrides(db=db)
    with open_store(db) as store:
        first = run([str(CORPUS)], s, store, nlp=nlp, resources=resources)
        counts = {k: v for k, v in store.counts().items() if k != "runs"}
        second = run([str(CORPUS)], s, store, nlp=nlp, resources=resources)
        again = {k: v for k, v in store.counts().items() if k != "runs"}
    assert first.articles_added >= 10
    assert counts["events"] > 0
    assert second.articles_added == 0
    assert second.articles_known == first.articles_added
    assert again == counts
    assert first.skipped  # the corpus holds an empty, a binary and a non-English file


def write_corpus(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"Report {i}. " + " ".join(
                SENTENCES[j % len(SENTENCES)] for j in range(i, i + 4)
            )
            fh.write(json.dumps({"id": f"r{i}", "text": text, "published": "2021-06-01"}) + "\n")
        fh.write("{not json\n")


def sitrep_run(corpus: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sitrep.cli",
            "run",
            str(corpus),
            "--db",
            str(db),
            "--no-progress",
            "--batch-size",
            "8",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def data_counts(db: Path) -> dict[str, int]:
    with open_store(db, read_only=True) as store:
        return {k: v for k, v in store.counts().items() if k != "runs"}


def test_sigkill_then_rerun_matches_uninterrupted_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, 400)
    reference = tmp_path / "reference.duckdb"
    proc = sitrep_run(corpus, reference)
    assert proc.wait(timeout=600) == 0, proc.stderr.read() if proc.stderr else ""

    killed = tmp_path / "killed.duckdb"
    proc = sitrep_run(corpus, killed)
    wal = Path(str(killed) + ".wal")
    deadline = time.monotonic() + 300
    # wait until the first batch has been committed, then kill without warning mid-run
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 0:
            time.sleep(0.5)
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=60) == -signal.SIGKILL

    proc = sitrep_run(corpus, killed)
    assert proc.wait(timeout=600) == 0, proc.stderr.read() if proc.stderr else ""
    assert data_counts(killed) == data_counts(reference)


@hsettings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    parts=st.lists(
        st.sampled_from([*SENTENCES, "", "\n\n", "  ", "Car bomb!", "On 3 May"]),
        min_size=1,
        max_size=6,
    )
)
def test_every_offset_is_inside_the_text(parts: list[str], nlp: Any, resources: Any) -> None:
    text = " ".join(parts).strip() or "Nothing happened."
    article = Article(id="a" * 64, text=text, published=dt.date(2021, 6, 1))
    ex = extract_article(nlp(text), article, resources)
    n = len(text)
    spans = [m for a in ex.actors for m in a.mentions] + [m for p in ex.places for m in p.mentions]
    spans += [e.trigger for e in ex.events] + [e.evidence for e in ex.events]
    spans += [c.content for c in ex.claims] + [r.evidence for r in ex.relations if r.evidence]
    for start, end in spans:
        assert 0 <= start < end <= n


def test_a_government_protest_is_an_accusation_not_a_demonstration(
    nlp: Any, resources: Any
) -> None:
    text = "Jordan's government protested against the shelling of its border posts."
    article = Article(id="g" * 64, text=text, published=dt.date(2022, 1, 5))
    events = extract_article(nlp(text), article, resources).events
    protest = [e for e in events if text[e.trigger[0] : e.trigger[1]] == "protested"]
    assert protest and protest[0].type == "ACCUSE"
    crowd = "Hundreds of students protested against fuel prices in Amman."
    article = Article(id="h" * 64, text=crowd, published=dt.date(2022, 1, 5))
    events = extract_article(nlp(crowd), article, resources).events
    assert any(e.type == "PROTEST" for e in events)
