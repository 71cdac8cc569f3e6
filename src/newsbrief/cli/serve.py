"""``newsbrief serve``: the HTTP API and web page (the server extra), optionally watching feeds."""

from __future__ import annotations

import argparse
from dataclasses import asdict, fields
from typing import Any

from newsbrief.cli.arguments import positive

COMMANDS = ("serve",)


def add_parsers(sub: Any) -> None:
    sv = sub.add_parser("serve", help="HTTP API and web page (needs the server extra)")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    sv.add_argument("--workers", type=positive, default=1, help="processes, each loads the models once")
    sv.add_argument("--allow-private", action="store_true", help="let {url} reach private addresses")
    sv.add_argument("--model", help="key-point model file from `make train` (default: the shipped one)")
    sv.add_argument("--spacy-model", help="installed spaCy pipeline (default: en_core_web_sm)")
    sv.add_argument("--dictionaries", metavar="DIR", help="PETRARCH-format event dictionaries")
    sv.add_argument("--db", help="show the articles of this store (database URL) at /articles")
    sv.add_argument(
        "--watch", nargs="+", metavar="FEED", help="watch these feeds into --db in the background"
    )
    sv.add_argument(
        "--interval", type=float, default=900.0, help="seconds between --watch passes (default 900)"
    )
    defaults = _server_defaults()
    for name, help_text in (
        ("max_body_bytes", "largest request body in bytes"),
        ("max_text_chars", "longest article text in characters"),
        ("max_batch", "most records in one /v1/batch request"),
        ("timeout_s", "seconds a request may take"),
        ("concurrency", "briefs computed at once per worker"),
    ):
        value = defaults.get(name)
        sv.add_argument(
            "--" + name.replace("_", "-"),
            type=float if name == "timeout_s" else positive,
            default=value,
            help=f"{help_text} (default {value})",
        )


def _server_defaults() -> dict[str, object]:
    from newsbrief.server.settings import ServerSettings

    return asdict(ServerSettings())


def run(args: argparse.Namespace) -> int:
    from newsbrief.server.run import serve
    from newsbrief.server.settings import ServerSettings

    # Every setting the command line names (the rest keep their defaults).
    given = {f.name: getattr(args, f.name) for f in fields(ServerSettings) if hasattr(args, f.name)}
    if args.watch:
        given["watch"] = " ".join(args.watch)
        if not args.db:
            from newsbrief.store import default_url

            given["db"] = default_url()
    settings = ServerSettings(**given)
    serve(settings, host=args.host, port=args.port, workers=args.workers)
    return 0
