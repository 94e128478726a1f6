"""Command-line interface: thin commands, each calling one public function.

Library errors (the SitrepError tree) become a one-line message on standard
error and exit status 2.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from sitrep.config import SETTING_HELP, Settings, load_settings, parse_date
from sitrep.errors import SitrepError

F = TypeVar("F", bound=Callable[..., Any])

err = Console(stderr=True)
# A pipe or log file gets rich's 80 columns by default, which crushes the event
# tables; use a wide page there unless COLUMNS says otherwise.
_PIPE_WIDTH = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 160
out = Console(width=_PIPE_WIDTH)


def _fail_cleanly(func: F) -> F:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SitrepError as exc:
            click.echo(f"sitrep: error: {exc}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except SitrepError as exc:
        raise click.BadParameter(str(exc)) from None


def _settings(ctx: click.Context, **flags: Any) -> Settings:
    config = ctx.find_root().params.get("config")
    return load_settings(Path(config) if config else None, **flags)


db_option = click.option("--db", type=click.Path(dir_okay=False), help=SETTING_HELP["db"])
published_option = click.option(
    "--published", callback=_date, metavar="YYYY-MM-DD", help=SETTING_HELP["published"]
)
outlet_option = click.option("--outlet", help=SETTING_HELP["outlet"])


def _paths(
    _ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...] | None:
    return value or None  # no flag: keep the settings file / environment value


actors_option = click.option(
    "--actors",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    callback=_paths,
    metavar="FILE",
    help=SETTING_HELP["actors"] + " Repeatable.",
)


def _import_warnings() -> None:
    """Print the rows the actor-dictionary importers rejected, one line each."""
    from sitrep.knowledge.actor_import import IMPORT_WARNINGS

    for warning in IMPORT_WARNINGS:
        click.echo(f"sitrep: warning: skipped {warning}", err=True)
    IMPORT_WARNINGS.clear()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", type=click.Path(exists=True, dir_okay=False), help="TOML settings file.")
@click.version_option(package_name="sitrep")
def main(config: str | None) -> None:
    """sitrep: who did what to whom, where, when, and according to whom.

    Example: sitrep run examples/corpus --db demo.duckdb && sitrep events --db demo.duckdb
    """


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[int], None] | None]:
    if not enabled:
        yield None
        return
    from rich.progress import (
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (
        SpinnerColumn(),
        TextColumn("articles"),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("run", total=None)
        yield lambda n: bar.advance(task, n)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@published_option
@outlet_option
@actors_option
@click.option("--batch-size", type=int, help=SETTING_HELP["batch_size"])
@click.option("--n-process", type=int, help=SETTING_HELP["n_process"])
@click.option("--progress/--no-progress", default=None, help=SETTING_HELP["progress"])
@click.pass_context
@_fail_cleanly
def run(ctx: click.Context, /, inputs: tuple[str, ...], **flags: Any) -> None:
    """Extract records from INPUT files or folders into the store.

    Example: sitrep run news/ --db conflict.duckdb --published 2020-04-13
    """
    from sitrep.pipeline import run as run_pipeline
    from sitrep.store import open_store
    from sitrep.views.render import report_table

    settings = _settings(ctx, **flags)
    with open_store(settings.db) as store, _progress(settings.progress) as tick:
        report = run_pipeline(inputs, settings, store, progress=tick)
    _import_warnings()
    err.print(report.render())
    out.print(report_table(report))


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@published_option
@outlet_option
@actors_option
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", help="Output format."
)
@click.pass_context
@_fail_cleanly
def extract(ctx: click.Context, /, inputs: tuple[str, ...], fmt: str, **flags: Any) -> None:
    """Print one sitrep/1 JSON object per input article (no store).

    Example: sitrep extract article.txt --published 2020-04-13 | jq .events
    """
    from sitrep.model import to_contract
    from sitrep.pipeline import extract as extract_all

    settings = _settings(ctx, **flags)
    for ex in extract_all(inputs, settings):
        sys.stdout.write(json.dumps(to_contract(ex), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    _import_warnings()


@main.command()
@db_option
@click.option("--type", "type_", help="PLOVER event type, e.g. ASSAULT.")
@click.option("--actor", help="Actor id or part of a name (actor or recipient).")
@click.option("--place", help="Place id or part of a name.")
@click.option("--since", callback=_date, metavar="YYYY-MM-DD", help="Events ending on or after.")
@click.option("--until", callback=_date, metavar="YYYY-MM-DD", help="Events starting on or before.")
@click.option("--limit", type=int, help="At most this many events.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "jsonl"]),
    default="table",
    help="Output format.",
)
@click.pass_context
@_fail_cleanly
def events(
    ctx: click.Context, /, db: str | None, type_: str | None, fmt: str, **query: Any
) -> None:
    """List stored events, filtered.

    Example: sitrep events --type ASSAULT --actor pmu --since 2020-01-01 --format csv
    """
    from sitrep.store import open_store
    from sitrep.views.render import events_table, write_events_csv, write_events_jsonl

    settings = _settings(ctx, db=db)
    with open_store(settings.db, read_only=True) as store:
        rows = store.events(type=type_, **query)
    if fmt == "csv":
        write_events_csv(rows, sys.stdout)
    elif fmt == "jsonl":
        write_events_jsonl(rows, sys.stdout)
    else:
        out.print(events_table(rows))


@main.command()
@click.argument("article_id")
@db_option
@click.pass_context
@_fail_cleanly
def show(ctx: click.Context, article_id: str, db: str | None) -> None:
    """Show an article's text with actors, places, times and events highlighted.

    Example: sitrep show 3f2a9c (an id prefix is enough)
    """
    from sitrep.errors import StoreError
    from sitrep.store import open_store
    from sitrep.views.render import show_article

    settings = _settings(ctx, db=db)
    with open_store(settings.db, read_only=True) as store:
        ex = store.extraction(article_id)
    if ex is None:
        raise StoreError(f"no article {article_id!r} in {settings.db}")
    out.print(show_article(ex))


@main.command()
@db_option
@click.pass_context
@_fail_cleanly
def stats(ctx: click.Context, db: str | None) -> None:
    """Row counts of the store and event counts by type.

    Example: sitrep stats --db demo.duckdb
    """
    from sitrep.store import open_store
    from sitrep.views.render import stats_table

    settings = _settings(ctx, db=db)
    with open_store(settings.db, read_only=True) as store:
        counts = store.counts()
        by_type = store.query("SELECT type, count(*) FROM events GROUP BY type ORDER BY 2 DESC")
    out.print(stats_table(counts, [(f"events: {t}", int(n)) for t, n in by_type]))


@main.command()
@db_option
@click.option("--contested", is_flag=True, help="Only narratives that claimants dispute.")
@click.option("--about", help="Only claims about this actor (id or part of a name).")
@click.pass_context
@_fail_cleanly
def claims(ctx: click.Context, /, db: str | None, contested: bool, about: str | None) -> None:
    """Who says what about whom: claims grouped into narratives across articles.

    Example: sitrep claims --contested --about pmu
    """
    from sitrep.claiming.report import claims_from_store
    from sitrep.store import open_store

    settings = _settings(ctx, db=db)
    with open_store(settings.db, read_only=True) as store:
        report = claims_from_store(store, contested=contested, about=about)
    click.echo(report.render())


@main.command()
@db_option
@click.option("--unknown", is_flag=True, help="Only actors not in the KB, by frequency.")
@click.option(
    "--network",
    type=click.Choice(["graphml", "gexf", "csv"]),
    help="Write the actor network (relations and co-participation) to standard output.",
)
@click.option("--limit", type=int, default=50, help="Rows to show in the table.")
@click.pass_context
@_fail_cleanly
def actors(
    ctx: click.Context, /, db: str | None, unknown: bool, network: str | None, limit: int
) -> None:
    """List stored actors by mentions, or export the actor network.

    Example: sitrep actors --unknown --db demo.duckdb
    """
    from rich.table import Table

    from sitrep.store import open_store
    from sitrep.views.actors import actor_rows, write_network

    settings = _settings(ctx, db=db)
    with open_store(settings.db, read_only=True) as store:
        if network:
            write_network(store, network, sys.stdout)  # type: ignore[arg-type]
            return
        rows = actor_rows(store, unknown=unknown)
    table = Table(title=f"{len(rows)} {'unknown ' if unknown else ''}actors")
    for name in ("id", "name", "country", "sector", "ACLED", "articles", "mentions"):
        table.add_column(name)
    for row in rows[:limit]:
        table.add_row(
            row.id,
            row.name,
            row.country or "",
            row.sector or "",
            str(row.acled_inter or ""),
            str(row.articles),
            str(row.mentions),
        )
    out.print(table)


@main.group(name="eval")
def eval_group() -> None:
    """Score sitrep against gold data.

    Example: sitrep eval seed
    """


@eval_group.command("seed")
@click.option(
    "--shared",
    type=click.Path(file_okay=False),
    default="../shared",
    help="The shared folder holding seed/article.txt.",
)
@click.pass_context
@_fail_cleanly
def eval_seed(ctx: click.Context, shared: str) -> None:
    """Check the seed article against the team's golden reading of EXPECTED.md.

    Example: sitrep eval seed --shared ../shared
    """
    from sitrep.evaluation.seed import evaluate_seed

    scores = evaluate_seed(Path(shared), _settings(ctx))
    click.echo(scores.render())


shared_option = click.option(
    "--shared",
    type=click.Path(file_okay=False),
    default="../shared",
    help="The shared folder holding data/ (gold sets).",
)


def _pipeline(ctx: click.Context) -> tuple[Any, Any]:
    from sitrep.document import load_pipeline
    from sitrep.extract import load_resources

    settings = _settings(ctx, progress=False)
    return load_pipeline(settings), load_resources(settings)


@eval_group.command("time")
@shared_option
@click.option(
    "--gold",
    type=click.Path(exists=True, dir_okay=False),
    default="tests/gold/time_normalisation.jsonl",
    help="Normalisation gold file (JSONL).",
)
@click.pass_context
@_fail_cleanly
def eval_time(ctx: click.Context, shared: str, gold: str) -> None:
    """Time detection on re3d Temporal spans and normalisation on the team's gold file.

    Example: sitrep eval time --shared ../shared
    """
    from sitrep.evaluation.time import evaluate_time

    nlp, _ = _pipeline(ctx)
    click.echo(evaluate_time(Path(shared), Path(gold), nlp).render())


@eval_group.command("acled")
@click.option(
    "--gold",
    type=click.Path(exists=True, dir_okay=False),
    default="tests/gold/acled_snippets.jsonl",
    help="ACLED-style snippets (JSONL).",
)
@click.pass_context
@_fail_cleanly
def eval_acled(ctx: click.Context, gold: str) -> None:
    """ACLED sub-event weighted-F1 through the crosswalk, next to a keyword baseline.

    Example: sitrep eval acled --gold tests/gold/acled_snippets.jsonl
    """
    from sitrep.evaluation.acled import evaluate_acled

    nlp, resources = _pipeline(ctx)
    click.echo(evaluate_acled(Path(gold), nlp, resources).render())


@eval_group.command("attribution")
@click.option(
    "--gold",
    type=click.Path(exists=True, dir_okay=False),
    default="tests/gold/attribution_notes.jsonl",
    help="Attribution notes (JSONL).",
)
@click.pass_context
@_fail_cleanly
def eval_attribution(ctx: click.Context, gold: str) -> None:
    """Claimant, modality and date of one event per passage.

    Example: sitrep eval attribution
    """
    from sitrep.evaluation.attribution import evaluate_attribution

    nlp, resources = _pipeline(ctx)
    click.echo(evaluate_attribution(Path(gold), nlp, resources).render())


@eval_group.command("actors")
@shared_option
@click.pass_context
@_fail_cleanly
def eval_actors(ctx: click.Context, shared: str) -> None:
    """Actor recognition on re3d and actor coding on the PLOVER gold, next to spaCy alone.

    Example: sitrep eval actors --shared ../shared
    """
    import spacy

    from sitrep.evaluation.actors import evaluate_actors

    settings = _settings(ctx, progress=False)
    click.echo(evaluate_actors(Path(shared), spacy.load(settings.model)).render())


@eval_group.command("geo")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False), required=False)
@shared_option
@click.pass_context
@_fail_cleanly
def eval_geo(ctx: click.Context, gold: str | None, shared: str) -> None:
    """Geoparsing on GeoWebNews (or GOLD.xml) and place resolution on the CENTCOM strikes.

    Example: sitrep eval geo ../shared/data/geowebnews/GWN.xml
    """
    from sitrep.evaluation.geo import evaluate_centcom_places, evaluate_geo

    nlp, resources = _pipeline(ctx)
    base = Path(shared) / "data"
    xml = Path(gold) if gold else base / "geowebnews" / "GWN.xml"
    click.echo(evaluate_geo(xml, nlp, resources.gazetteer).render())
    strikes = base / "centcom-strikes" / "strikes.csv"
    if strikes.is_file():
        click.echo(evaluate_centcom_places(strikes, nlp, resources.gazetteer).render())


@eval_group.command("events")
@shared_option
@click.pass_context
@_fail_cleanly
def eval_events(ctx: click.Context, shared: str) -> None:
    """PLOVER typing and actor agreement on the PLOVER gold; CENTCOM strikes (silver).

    Example: sitrep eval events --shared ../shared
    """
    from sitrep.evaluation.events import evaluate_events

    nlp, resources = _pipeline(ctx)
    click.echo(evaluate_events(Path(shared), nlp, resources).render())


@main.group()
def gazetteer() -> None:
    """Manage the offline gazetteer index.

    Example: sitrep gazetteer build
    """


@gazetteer.command("build")
@click.option(
    "--geonames",
    type=click.Path(exists=True, dir_okay=False),
    help="A full GeoNames dump (allCountries.txt or cities500.txt) to import instead.",
)
@click.pass_context
@_fail_cleanly
def gazetteer_build(ctx: click.Context, geonames: str | None) -> None:
    """(Re)build the gazetteer index in the cache directory.

    Example: sitrep gazetteer build --geonames cities500.txt
    """
    from sitrep.knowledge.gazetteer import build_gazetteer, import_geonames_dump

    settings = _settings(ctx)
    if geonames:
        path = import_geonames_dump(Path(geonames), settings.cache_dir)
    else:
        path = build_gazetteer(settings.cache_dir)
    click.echo(f"gazetteer index: {path}")


if __name__ == "__main__":  # pragma: no cover
    main()
