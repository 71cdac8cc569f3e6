"""The ``newsbrief`` parser, built from the command groups; each group parses and runs its own."""

from __future__ import annotations

import argparse
from types import ModuleType

from newsbrief import __version__
from newsbrief.cli import articles, serve, store, stories

# Each group has COMMANDS, add_parsers(subparsers) and run(args); their order is --help's.
GROUPS: tuple[ModuleType, ...] = (articles, store, stories, serve)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsbrief", description="Brief news articles: headline and key points."
    )
    parser.add_argument("--version", action="version", version=f"newsbrief {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.add_parsers(sub)
    return parser


def group_of(command: str) -> ModuleType:
    """The group that runs ``command``."""
    return next(group for group in GROUPS if command in group.COMMANDS)
