"""The stories commands of ``newsbrief``: stories (cluster a file or the store), story (tell one),
ask (which stored story a question is about)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from typing import IO, Any

from newsbrief.batch import decode_line, iter_lines
from newsbrief.brief import Brief, brief_from_dict, build_brief
from newsbrief.cli.arguments import DB_HELP
from newsbrief.cli.output import output
from newsbrief.errors import InputError, NewsbriefError
from newsbrief.nlp.spacy_pipeline import load_spacy
from newsbrief.readers.record import parse_record
from newsbrief.render import FORMATS

COMMANDS = ("stories", "story", "ask")


def add_parsers(sub: Any) -> None:
    db = DB_HELP
    s = sub.add_parser("stories", help="group articles into stories, in input order (or the store's)")
    s.add_argument("input", nargs="?", help="JSONL of article records or Brief JSON (- for stdin)")
    s.add_argument("-o", "--output", help="JSONL to write, one {id, story} a line (default stdout)")
    s.add_argument("--db", help=f"without INPUT: cluster the store and keep the story ids there; {db}")
    t = sub.add_parser("story", help="a story's brief and timeline, from the store")
    t.add_argument("story_id", metavar="ID")
    t.add_argument("--db", help=db)
    t.add_argument("--format", choices=FORMATS, default="text")
    t.add_argument("-o", "--output", help="write here instead of stdout")
    a = sub.add_parser("ask", help="which stored story a question is about, answered with its brief")
    a.add_argument("question", metavar="QUESTION", help='e.g. "What\'s the fate of the Biden-Putin summit?"')
    a.add_argument("--db", help=db)
    a.add_argument("--format", choices=FORMATS, default="text")
    a.add_argument("-o", "--output", help="write here instead of stdout")


def run(args: argparse.Namespace) -> int:
    if args.command == "story":
        return _story(args)
    if args.command == "ask":
        return _ask(args)
    if args.input is not None:
        if args.db:
            raise InputError("give INPUT or --db, not both: a file is clustered on its own")
        return _stories_of_file(args)
    return _stories_of_store(args)


def _stories_of_file(args: argparse.Namespace) -> int:
    from newsbrief.stories import cluster

    source = sys.stdin.buffer if args.input == "-" else _open(args.input)
    try:
        rows = list(_read(source))
    finally:
        if source is not sys.stdin.buffer:
            source.close()
    good = [(key, brief) for _rid, key, brief, _err in rows if brief is not None]
    stories = iter(cluster(good))
    with output(args.output) as sink:
        for rid, _key, brief, error in rows:
            line = (
                {"id": rid, "story": next(stories)}
                if brief is not None
                else {"id": rid, "story": None, "error": error}
            )
            sink.write(json.dumps(line, ensure_ascii=False) + "\n")
    errors = sum(1 for row in rows if row[2] is None)
    print(f"newsbrief: {len(good)} articles, {errors} errors", file=sys.stderr)
    return 1 if errors and not good else 0


def _open(path: str) -> IO[bytes]:
    try:
        return open(path, "rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc


def _read(source: IO[bytes]) -> Iterator[tuple[Any, str, Brief | None, str | None]]:
    """``(id as given, unique key, Brief or None, error or None)`` for each line."""
    nlp_layers = _nlp_available()
    seen: set[str] = set()
    for number, raw in iter_lines(source):
        rid: Any = None
        try:
            record = decode_line(raw)
            if isinstance(record, dict):
                rid = record.get("id")
            brief = _as_brief(record, nlp_layers)
        except NewsbriefError as exc:
            yield rid, "", None, str(exc)
            continue
        key = str(rid) if rid is not None else f"line-{number}"
        if key in seen:
            key = f"{key}#line-{number}"
        seen.add(key)
        yield rid, key, brief, None


def _as_brief(record: Any, nlp_layers: bool) -> Brief:
    # Brief JSON (from `batch` or `export`) is used as it is; an article record is briefed first.
    if isinstance(record, dict) and "key_points" in record and "body" in record:
        return brief_from_dict(record)
    layers = ("keypoints", "keywords", "entities") if nlp_layers else ("keypoints", "keywords")
    return build_brief(parse_record(record), layers=layers)


def _nlp_available() -> bool:
    try:
        load_spacy(None)
    except NewsbriefError as exc:
        print(f"newsbrief: warning: stories without entities: {exc}", file=sys.stderr)
        return False
    return True


def _stories_of_store(args: argparse.Namespace) -> int:
    from newsbrief.store import Store
    from newsbrief.stories.stored import assign_stories

    with Store(args.db) as store, output(args.output or os.devnull) as sink:

        def write(article_id: int, story: str) -> None:
            if args.output:
                sink.write(json.dumps({"id": article_id, "story": story}) + "\n")

        done = assign_stories(store, on_assigned=write)
    print(
        f"newsbrief: {done.articles} articles in {done.stories} stories; {done.changed} story ids changed",
        file=sys.stderr,
    )
    return 0


def _story(args: argparse.Namespace) -> int:
    from newsbrief.store import Store
    from newsbrief.stories.render import render_story
    from newsbrief.stories.stored import stored_story

    with Store(args.db) as store:
        story = stored_story(store, args.story_id)
    if story is None:
        raise InputError(f"no story {args.story_id!r} in the store (run `newsbrief stories --db ...` first)")
    with output(args.output) as sink:
        sink.write(render_story(story, args.format))
    return 0


def _ask(args: argparse.Namespace) -> int:
    from newsbrief.store import Store
    from newsbrief.stories.ask import ask
    from newsbrief.stories.render import render_answer

    with Store(args.db) as store:
        answer = ask(store, args.question)
    with output(args.output) as sink:
        sink.write(render_answer(answer, args.format))
    return 0 if answer.story is not None else 1
