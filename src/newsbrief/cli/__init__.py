"""The ``newsbrief`` command: a thin shell over the library.

Map: ``parser`` builds the parser from the command groups, one module each: ``articles`` (brief,
batch, events, eval, eval-events), ``store`` (watch, ingest, export, search, feeds), ``stories``
(stories, story, ask), ``serve``; ``arguments`` holds the argument types and option sets they
share, ``output`` where a command writes. No library module imports this package.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from newsbrief.errors import AddressRefusedError, NewsbriefError


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``newsbrief ARGV``; the exit status (errors are one line on stderr, never a traceback)."""
    from newsbrief.cli.parser import build_parser, group_of

    args = build_parser().parse_args(argv)
    try:
        return int(group_of(args.command).run(args))
    except (NewsbriefError, ValueError, OSError) as exc:
        hint = " (--allow-private allows it)" if isinstance(exc, AddressRefusedError) else ""
        print(f"newsbrief: error: {exc}{hint}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
