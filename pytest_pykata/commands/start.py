"""``pykata start <slug>``: create the kata folder with the starter, README and sample test."""

from __future__ import annotations

import argparse
from pathlib import Path

from pytest_pykata.commands.common import EXIT_OK, UsageError, find_kata, find_workspace


def run(args: argparse.Namespace) -> int:
    """Create ``<kata_dir>/<slug>/``; never overwrite a file that is already there."""
    from pytest_pykata.workspace import start_kata

    base = Path(args.dir)
    if base.exists() and not base.is_dir():
        raise UsageError(f"--dir {base}: not a folder")
    base.mkdir(parents=True, exist_ok=True)  # `pykata start base62 --dir ~/practice` makes it
    workspace = find_workspace(base)
    kata = find_kata(args.slug, workspace)
    kata_dir = workspace.kata_dir if workspace is not None else base / "katas"
    root = workspace.root if workspace is not None else base.resolve()
    result = start_kata(kata, kata_dir)
    for path in result.created:
        print(f"created {path}")
    for path in result.kept:
        print(f"kept    {path} (already there, not overwritten)")
    print(
        f"\nNext: write your code in {result.folder / (kata.slug + '.py')}, then run\n"
        f"    pytest --kata {kata.slug}\nfrom {root}, or `pykata watch {kata.slug}` to re-run "
        "it on every save."
    )
    return EXIT_OK
