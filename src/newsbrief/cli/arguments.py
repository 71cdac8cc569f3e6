"""What several commands share: argument types, and the option sets of briefing commands."""

from __future__ import annotations

import argparse
import os

from newsbrief.batch import ENGINES, SHARD_LINES
from newsbrief.batch.shards import FORMATS as SHARD_FORMATS
from newsbrief.brief import LAYERS
from newsbrief.keywords import DEFAULT_COUNT

DB_HELP = "database URL (default: $NEWSBRIEF_DB, else SQLite in the user data folder)"


def layers(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def seconds(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return number


def not_negative(value: str) -> float:
    number = float(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return number


def db_option() -> argparse.ArgumentParser:
    """``--db URL``, for the commands that read or write the store."""
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", help=DB_HELP)
    return db


def brief_options() -> argparse.ArgumentParser:
    """How an article is briefed: points, keywords, models, layers, dictionaries."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--points", type=positive, default=3, help="key points per article (default 3)")
    common.add_argument(
        "--keywords",
        type=int,
        default=DEFAULT_COUNT,
        metavar="N",
        help=f"keyphrases per article (default {DEFAULT_COUNT})",
    )
    common.add_argument("--model", help="key-point model file from `make train` (default: the shipped one)")
    common.add_argument(
        "--spacy-model",
        help="installed spaCy pipeline for entities, quotes and events (default: en_core_web_sm)",
    )
    common.add_argument(
        "--layers",
        type=layers,
        default=None,
        help=f"comma-separated layers to run (default all: {','.join(LAYERS)})",
    )
    common.add_argument(
        "--dictionaries",
        metavar="DIR",
        help="PETRARCH-format event dictionaries (*actors*, *agents*, *verbs*/CAMEO*, *discards* .txt); "
        "default: newsbrief's own",
    )
    common.add_argument(
        "--event-model",
        metavar="FILE",
        help="event classifier from `make train-events` (default: the shipped one)",
    )
    return common


def many_options() -> argparse.ArgumentParser:
    """Many records in, briefs out: inputs, output, engine, workers, shards, resume."""
    many = argparse.ArgumentParser(add_help=False)
    many.add_argument(
        "input",
        nargs="+",
        help="JSONL files (plain, .gz, .zst), Parquet files, globs or folders of them; - for stdin",
    )
    many.add_argument(
        "-o",
        "--output",
        help="one file (.jsonl, .ndjson, .parquet; - for stdout) or else a folder of shards",
    )
    many.add_argument("--engine", choices=ENGINES, default="local", help="local processes or Dask")
    many.add_argument(
        "--scheduler", metavar="ADDR", help="with --engine dask: an existing cluster's scheduler"
    )
    many.add_argument(
        "--workers", type=positive, default=os.cpu_count() or 1, help="processes (default: all cores)"
    )
    many.add_argument("--resume", action="store_true", help="keep the shards an earlier run finished")
    many.add_argument(
        "--shard-lines",
        type=positive,
        default=SHARD_LINES,
        help=f"records per task and output shard (default {SHARD_LINES:,})",
    )
    many.add_argument("--output-format", choices=SHARD_FORMATS, help="of a folder of shards (default jsonl)")
    many.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    return many
