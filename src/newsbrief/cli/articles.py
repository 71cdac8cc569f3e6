"""The article commands of ``newsbrief``: brief (one article), batch and events (many records),
eval and eval-events (scores against reference data)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from newsbrief.batch import BatchResult, Options, ShardedResult, run_batch, run_sharded
from newsbrief.batch.inputs import kind_of
from newsbrief.batch.shards import JSONL_SUFFIXES, read_output
from newsbrief.brief import build_brief
from newsbrief.cli.arguments import brief_options, layers, many_options, positive, seconds
from newsbrief.cli.output import write
from newsbrief.errors import NewsbriefError
from newsbrief.events import load_dictionaries, load_event_model
from newsbrief.events.table import TABLE_FORMATS, write_table
from newsbrief.keypoints import load_model
from newsbrief.keywords import DEFAULT_COUNT
from newsbrief.readers import DEFAULT_MAX_BYTES, read
from newsbrief.readers.url import DEFAULT_TIMEOUT
from newsbrief.render import FORMATS, render

COMMANDS = ("brief", "batch", "events", "eval-events", "eval")


def add_parsers(sub: Any) -> None:
    common = brief_options()
    b = sub.add_parser("brief", parents=[common], help="brief one article")
    b.add_argument("source", help="path (.txt, .html, .json), http(s) URL, or - for stdin")
    b.add_argument("--format", choices=FORMATS, default="text")
    b.add_argument("--allow-private", action="store_true", help="allow URLs on private/loopback addresses")
    b.add_argument(
        "--max-bytes",
        type=positive,
        default=DEFAULT_MAX_BYTES,
        help=f"refuse input larger than this (default {DEFAULT_MAX_BYTES:,})",
    )
    b.add_argument(
        "--timeout",
        type=seconds,
        default=DEFAULT_TIMEOUT,
        help=f"seconds a URL may take to fetch, redirects included (default {DEFAULT_TIMEOUT:g})",
    )
    b.add_argument("-o", "--output", help="write here instead of stdout")
    b.add_argument(
        "--show",
        type=layers,
        default=(),
        help="with --format text: add keywords,entities,quotes,events after the body",
    )

    many = many_options()

    bt = sub.add_parser("batch", parents=[common, many], help="brief every record of JSONL or Parquet files")
    bt.add_argument(
        "--events-table",
        metavar="FILE",
        help="also write every event as a row to FILE (.jsonl, .csv or .parquet; see --table)",
    )
    bt.add_argument("--table", choices=TABLE_FORMATS, help="format of --events-table (default: its suffix)")
    bt.add_argument(
        "--db",
        metavar="URL",
        help="also (or, without -o, only) store every brief in this store: PostgreSQL from every "
        "worker, SQLite through one writer; --resume skips parts already stored",
    )

    evs = sub.add_parser("events", parents=[many], help="code the events of every record of JSONL files")
    evs.add_argument(
        "--dictionaries", metavar="DIR", help="PETRARCH-format dictionaries (default: newsbrief's own)"
    )
    evs.add_argument("--spacy-model", help="installed spaCy pipeline (default: en_core_web_sm)")
    evs.add_argument("--event-model", metavar="FILE", help="event classifier (default: the shipped one)")
    evs.add_argument(
        "--table",
        choices=TABLE_FORMATS,
        help="write one row an event with flat columns (id, url, date, actors, category, code, place, "
        "confidence, sentence) to -o as JSONL, CSV or Parquet, instead of one line a record",
    )

    ee = sub.add_parser(
        "eval-events", help="event triples, or PLOVER categories, against records that give them"
    )
    ee.add_argument(
        "data", help="JSONL with 'text' and 'events' [{source, target, code}], or 'text' and 'plover'"
    )
    ee.add_argument(
        "--dictionaries", metavar="DIR", help="PETRARCH-format dictionaries (default: newsbrief's own)"
    )
    ee.add_argument("--spacy-model", help="installed spaCy pipeline (default: en_core_web_sm)")
    ee.add_argument("--event-model", metavar="FILE", help="event classifier (default: the shipped one)")
    ee.add_argument("--json", action="store_true", help="print JSON instead of a table")

    ev = sub.add_parser("eval", help="ROUGE of key points against reference highlights")
    ev.add_argument("data", help="JSONL with 'text' and 'highlights'")
    ev.add_argument("--points", type=positive, default=3)
    ev.add_argument("--limit", type=positive, default=None, help="score only the first N records")
    ev.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ev.add_argument("--model", help="key-point model file from `make train` (default: the shipped one)")


def run(args: argparse.Namespace) -> int:
    if args.command == "brief":
        return _brief(args)
    if args.command in ("batch", "events"):
        table = _table_of(args)
        return _tabled(args, table) if table else _batch(args)
    if args.command == "eval-events":
        return _eval_events(args)
    return _eval(args)


def _brief(args: argparse.Namespace) -> int:
    article = read(
        args.source, allow_private=args.allow_private, max_bytes=args.max_bytes, timeout=args.timeout
    )
    brief = build_brief(
        article,
        points=args.points,
        layers=args.layers,
        model=load_model(args.model),
        keywords=args.keywords,
        spacy_model=args.spacy_model,
        dictionaries=load_dictionaries(args.dictionaries) if args.dictionaries else None,
        event_model=load_event_model(args.event_model) if args.event_model else None,
    )
    for warning in brief.stats.warnings:
        print(f"newsbrief: warning: {warning}", file=sys.stderr)
    write(args.output, render(brief, args.format, tuple(args.show)))
    return 0


def _batch(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    db = getattr(args, "db", None)
    if not args.output and not db:
        raise NewsbriefError(
            "where to? give -o FILE_OR_FOLDER" + (", --db URL, or both" if args.command == "batch" else "")
        )
    options = Options(
        points=getattr(args, "points", 3),
        layers=tuple(args.layers) if getattr(args, "layers", None) is not None else None,
        model=getattr(args, "model", None),
        spacy_model=args.spacy_model,
        dictionaries=args.dictionaries,
        event_model=args.event_model,
        events_only=args.command == "events",
        keywords=getattr(args, "keywords", DEFAULT_COUNT),
    )
    if args.scheduler and args.engine != "dask":
        raise NewsbriefError("--scheduler is the address of a Dask cluster: add --engine dask")
    bar = None
    if not args.no_progress and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit=" records", file=sys.stderr)
    result: BatchResult | ShardedResult
    try:
        if not db and _streams(args):
            result = _stream(args, options, bar)
            done = f"with {args.workers} worker(s)"
        else:
            if "-" in args.input or args.output == "-":
                raise NewsbriefError(
                    "stdin and stdout are for one JSONL stream on the local engine, without --db"
                )
            sharded = run_sharded(
                args.input,
                args.output,
                options,
                engine=args.engine,
                workers=args.workers,
                scheduler=args.scheduler,
                shard_lines=args.shard_lines,
                resume=args.resume,
                output_format=args.output_format,
                db=db,
                on_plan=(lambda plan: setattr(bar, "total", plan.lines)) if bar else None,
                on_progress=bar.update if bar else None,
            )
            result = sharded
            where = f"the cluster at {args.scheduler}" if args.scheduler else f"{args.workers} worker(s)"
            wrote = "part(s) stored" if db and not args.output else "shard(s) written"
            done = f"on {args.engine} with {where}: {sharded.shards} {wrote}" + (
                f", {sharded.skipped} finished before" if sharded.skipped else ""
            )
    finally:
        if bar:
            bar.close()
    elapsed = time.perf_counter() - started
    print(
        f"newsbrief: {result.records} records ({result.errors} errors) in {elapsed:.1f}s {done}",
        file=sys.stderr,
    )
    stored = getattr(result, "stored", None)
    if stored is not None:
        for message in result.messages:  # type: ignore[union-attr]
            print(f"newsbrief: {message}", file=sys.stderr)
        print(f"newsbrief: stored {stored.line()}", file=sys.stderr)
    return 0


def _table_of(args: argparse.Namespace) -> str | None:
    """The table format asked for: ``events --table``, or ``batch --events-table`` (its suffix
    unless ``--table`` says)."""
    if args.command == "events":
        return args.table  # type: ignore[no-any-return]
    if not args.events_table:
        if args.table:
            raise NewsbriefError("--table is the format of --events-table: add --events-table FILE")
        return None
    suffix = Path(args.events_table).suffix.lower().lstrip(".")
    fmt: str = args.table or {"ndjson": "jsonl"}.get(suffix, suffix)
    if fmt not in TABLE_FORMATS:
        raise NewsbriefError(f"{args.events_table}: name a .jsonl, .csv or .parquet file, or give --table")
    return fmt


def _tabled(args: argparse.Namespace, fmt: str) -> int:
    """A run whose events also become a table: ``events`` writes its lines to a temporary file
    beside -o and turns them into the table at -o; ``batch`` reads the briefs it wrote."""
    if not args.output:
        raise NewsbriefError("--table and --events-table read the briefs back: give -o FILE")
    if args.command == "batch":
        if args.output == "-":
            raise NewsbriefError(
                "--events-table reads the briefs back: write them to a file or folder, not stdout"
            )
        status = _batch(args)
        rows = write_table(read_output(args.output), args.events_table, fmt)
        print(f"newsbrief: {rows} events in {args.events_table}", file=sys.stderr)
        return status
    target = args.output
    if target != "-" and Path(target).is_dir():
        raise NewsbriefError(f"{target}: --table writes one file; name a file, not a folder")
    folder = Path(
        tempfile.mkdtemp(prefix=".newsbrief-events-", dir=Path(target).parent if target != "-" else None)
    )
    try:
        args.output = str(folder / "events.jsonl")
        status = _batch(args)
        rows = write_table(read_output(args.output), target, fmt)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"newsbrief: {rows} events as {fmt}", file=sys.stderr)
    return status


def _streams(args: argparse.Namespace) -> bool:
    """One plain JSONL stream in and out on the local engine streams in order, shards unneeded."""
    if args.engine != "local" or args.resume or len(args.input) != 1 or args.output_format == "parquet":
        return False
    source, target = args.input[0], args.output
    one_file = target == "-" or Path(target).suffix.lower() in JSONL_SUFFIXES
    plain = source == "-" or (os.path.isfile(source) and kind_of(Path(source)) == "jsonl")
    return one_file and plain


def _stream(args: argparse.Namespace, options: Options, bar: Any) -> BatchResult:
    source = sys.stdin.buffer if args.input[0] == "-" else open(args.input[0], "rb")  # noqa: SIM115
    sink = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    try:
        return run_batch(source, sink, options, workers=args.workers, on_progress=bar.update if bar else None)
    finally:
        if source is not sys.stdin.buffer:
            source.close()
        if sink is not sys.stdout:
            sink.close()


def _eval_events(args: argparse.Namespace) -> int:
    from newsbrief.evaluate import evaluate_events, is_category_file, read_event_records

    if is_category_file(Path(args.data)):
        return _eval_categories(args)
    report = evaluate_events(
        read_event_records(Path(args.data)),
        dictionaries=load_dictionaries(args.dictionaries) if args.dictionaries else None,
        spacy_model=args.spacy_model,
    )
    return _show(report, args.json, _triples_table)


def _show(report: dict[str, Any], as_json: bool, table: Callable[[dict[str, Any]], Iterator[str]]) -> int:
    """An evaluation's report as JSON, or as the lines of its table."""
    print(json.dumps(report, indent=2) if as_json else "\n".join(table(report)))
    return 0


def _triples_table(report: dict[str, Any]) -> Iterator[str]:
    yield f"{report['records']} records, {report['expected']} expected (source, target, code) triples"
    yield f"{'system':<18} {'precision':>9} {'recall':>7} {'F1':>6} {'root F1':>8}"
    for name, scores in report["systems"].items():
        yield (
            f"{name:<18} {scores['precision']:>9.3f} {scores['recall']:>7.3f} {scores['f1']:>6.3f} "
            f"{scores['root_f1']:>8.3f}"
        )


def _eval_categories(args: argparse.Namespace) -> int:
    from newsbrief.evaluate import evaluate_categories, read_category_records

    report = evaluate_categories(
        read_category_records(Path(args.data)),
        dictionaries=load_dictionaries(args.dictionaries) if args.dictionaries else None,
        spacy_model=args.spacy_model,
        event_model=load_event_model(args.event_model) if args.event_model else None,
    )
    return _show(report, args.json, _categories_table)


def _categories_table(report: dict[str, Any]) -> Iterator[str]:
    systems = report["systems"]
    yield f"{systems['newsbrief']['records']} records, PLOVER category of each record's most confident event"
    yield f"{'system':<12} {'accuracy':>8} {'no event':>9}"
    for name, scores in systems.items():
        yield f"{name:<12} {scores['accuracy']:>8.3f} {scores['no_event']:>9.3f}"
    yield f"\n{'category':<10} {'records':>7} {'right':>6} {'recall':>7} {'given':>6}   (newsbrief)"
    for category, row in systems["newsbrief"]["categories"].items():
        yield f"{category:<10} {row['records']:>7} {row['right']:>6} {row['recall']:>7.2f} {row['given']:>6}"


def _eval(args: argparse.Namespace) -> int:
    from newsbrief.evaluate import evaluate, read_records

    report = evaluate(
        read_records(Path(args.data)), points=args.points, limit=args.limit, model=load_model(args.model)
    )
    return _show(report, args.json, _rouge_table)


def _rouge_table(report: dict[str, Any]) -> Iterator[str]:
    yield f"{report['records']} records, {report['points']} sentences per system, ROUGE F1 (stemmed) x 100"
    yield f"{'system':<12} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-Lsum':>10}"
    for name, means in report["systems"].items():
        r1, r2, rl = (means[m] * 100 for m in ("rouge1", "rouge2", "rougeLsum"))
        yield f"{name:<12} {r1:>8.2f} {r2:>8.2f} {rl:>10.2f}"
