"""The ``pykata`` command: list katas and start one (more commands build on these).

Exit status: 0 on success, 1 when the command ran but found a problem, 2 for a usage error
(unknown kata, bad option), like pytest's own usage errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pytest_pykata.errors import PykataError

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


class UsageError(PykataError):
    """A command used wrongly: unknown kata, missing workspace, bad option."""


def _plain() -> bool:
    return bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()


def _console():
    from rich.console import Console

    return Console(no_color=_plain(), highlight=False, soft_wrap=True)


def _catalog():
    from pytest_pykata.catalog import load_catalog

    return load_catalog()


def _kata(slug: str):
    try:
        return _catalog().get(slug)
    except PykataError as exc:
        raise UsageError(str(exc)) from None


def cmd_list(args: argparse.Namespace) -> int:
    """Every kata of every installed pack, grouped by band."""
    catalog = _catalog()
    rows = [
        (k.band, k.slug, k.title, len(k.levels))
        for band in catalog.by_band().values()
        for k in band
    ]
    if _plain():
        for band, slug, title, levels in rows:
            print(f"{band:<7} {slug:<16} {levels} levels  {title}")
    else:
        from rich.table import Table

        table = Table(title="pykata katas")
        for column in ("band", "kata", "levels", "title"):
            table.add_column(column)
        for band, slug, title, levels in rows:
            table.add_row(band, slug, str(levels), title)
        _console().print(table)
    for problem in catalog.problems:
        print(f"warning: {problem}", file=sys.stderr)
    return EXIT_OK


def cmd_start(args: argparse.Namespace) -> int:
    """Create the kata folder with the starter, README and sample test; never overwrite."""
    from pytest_pykata.workspace import start_kata

    kata = _kata(args.slug)
    base = Path(args.dir)
    if not base.is_dir():
        raise UsageError(f"--dir {base}: not a folder")
    result = start_kata(kata, base / "katas")
    for path in result.created:
        print(f"created {path}")
    for path in result.kept:
        print(f"kept    {path} (already there, not overwritten)")
    print(
        f"\nNext: write your code in {result.folder / (kata.slug + '.py')}, then run\n"
        f"    pytest --kata {kata.slug}\nfrom {base.resolve()} (or any folder inside it)."
    )
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``pykata`` command."""
    parser = argparse.ArgumentParser(
        prog="pykata",
        description="Kata exercises for production Python, judged by hidden specs.",
        epilog="Example: pykata start base62 && pytest --kata base62",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser(
        "list",
        help="list every kata, grouped by band",
        description="List every kata of every installed pack.",
        epilog="Example: pykata list",
    )
    p.set_defaults(func=cmd_list)

    p = sub.add_parser(
        "start",
        help="start a kata in your workspace",
        description="Create katas/<slug>/ with the starter, README and sample "
        "test. Existing files are never overwritten.",
        epilog="Example: pykata start base62 --dir .",
    )
    p.add_argument("slug", help="the kata to start (see `pykata list`)")
    p.add_argument("--dir", default=".", help="workspace folder (default: current folder)")
    p.set_defaults(func=cmd_start)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``pykata`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"pykata: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except PykataError as exc:
        print(f"pykata: {exc}", file=sys.stderr)
        return EXIT_PROBLEM


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
