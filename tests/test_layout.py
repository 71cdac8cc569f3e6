"""The package's layering, read from its import statements: the command line sits on top of the
library and nothing below imports it; the batch engines are found through one registry; the
version is the installed distribution's."""

from __future__ import annotations

import ast
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import newsbrief

PACKAGE = Path(newsbrief.__file__).parent


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function (relative imports refused)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import"
            found.add(node.module or "")
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_library_module_imports_the_command_line() -> None:
    below = [p for p in PACKAGE.rglob("*.py") if "cli" not in p.relative_to(PACKAGE).parts[:1]]
    assert len(below) > 50
    offenders = {
        _module(p): sorted(m for m in _imports(p) if m == "newsbrief.cli" or m.startswith("newsbrief.cli."))
        for p in below
        if p.name != "__main__.py"  # ``python -m newsbrief`` is the command line itself
    }
    assert {m: i for m, i in offenders.items() if i} == {}


def test_the_cli_package_holds_main_only_and_one_module_per_command_group() -> None:
    tree = ast.parse((PACKAGE / "cli" / "__init__.py").read_text(encoding="utf-8"))
    kinds = ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef
    defined = [n.name for n in tree.body if isinstance(n, kinds)]
    assert defined == ["main"]
    from newsbrief.cli.parser import GROUPS, build_parser

    commands = [c for group in GROUPS for c in group.COMMANDS]
    assert len(commands) == len(set(commands))
    choices = next(a for a in build_parser()._actions if a.dest == "command").choices
    assert set(choices or ()) == set(commands)


def test_batch_engines_do_not_import_each_other() -> None:
    engines = {"local_engine", "dask_engine", "sharded"}
    for name in engines:
        imported = _imports(PACKAGE / "batch" / f"{name}.py")
        others = {f"newsbrief.batch.{other}" for other in engines - {name}}
        assert not imported & others, f"batch/{name}.py imports {imported & others}"
    from newsbrief.batch.registry import ENGINES, runner

    assert ENGINES == ("local", "dask")
    assert runner("local").__module__ == "newsbrief.batch.local_engine"


def test_version_is_the_installed_distributions() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "newsbrief", "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert shown == f"newsbrief {version('newsbrief')}" == f"newsbrief {newsbrief.__version__}"
    assert (PACKAGE.parent.parent / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_quote_attribution_is_one_ordered_tuple_of_named_public_sieves() -> None:
    import inspect

    from newsbrief.quotes import SIEVES
    from newsbrief.quotes.context import Candidate

    names = [sieve.name for sieve in SIEVES]
    assert len(names) == len(set(names)) >= 10
    for sieve in SIEVES:
        function = inspect.unwrap(sieve.find)
        module = function.__module__.rsplit(".", 1)[1]
        assert module in {"marks", "cues", "earlier", "speakers", "syntax"}, sieve
        assert not function.__name__.startswith("_") and function.__doc__, sieve
        (parameter,) = inspect.signature(sieve.find).parameters.values()  # one signature for all
        assert parameter.annotation in (Candidate, "Candidate"), sieve
    assert names[-1] == "parsed subject"  # the parse is the last resort


def test_no_module_imports_another_modules_private_names() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("newsbrief."):
                private = [
                    a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")
                ]
                offenders += [f"{_module(path)}: {node.module}.{name}" for name in private]
    assert offenders == []
