"""``pykata new`` and ``pykata verify``: the kata author's two commands."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

from pytest_pykata.commands.common import (
    EXIT_OK,
    EXIT_PROBLEM,
    UsageError,
    console,
    note,
    plain_output,
)


def run_new(args: argparse.Namespace) -> int:
    """Scaffold a kata: a new pack project, or (``--into``) one more kata in a pack."""
    from pytest_pykata.catalog import load_catalog
    from pytest_pykata.scaffold import KataDraft, ScaffoldError, add_kata, find_pack, new_pack

    draft = KataDraft(
        slug=args.slug,
        title=args.title or args.slug.replace("_", " ").capitalize(),
        band=args.band,
        summary=args.summary or f"Write {args.slug.replace('_', ' ')}, level by level.",
    )
    try:
        draft.validate()
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    taken = load_catalog().katas.get(draft.slug)
    if taken is not None:
        raise UsageError(
            f"kata {draft.slug!r} already exists in the installed pack {taken.pack!r}: "
            "pick another slug (slugs are shared by every installed pack)"
        )
    try:
        if args.into is not None:
            pack = find_pack(Path(args.into))
            if pack is None:
                raise UsageError(
                    f"--into {args.into}: no kata pack there (no katas/ folder in it or in "
                    "exactly one of its sub-folders)"
                )
            for path in add_kata(draft, pack):
                print(f"created {path}")
            where = pack.project
        else:
            where = new_pack(draft, Path(args.dir))
            print(f"created {where}")
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    print(
        f"\nThe kata {draft.slug!r} starts as a worked example (a digit sum in two levels).\n"
        "Make it yours: kata.toml, README.md, starter.py, sample_test.py, the specs, the\n"
        f"solution and the corpus. Then prove it:\n    pykata verify {where}"
    )
    return EXIT_OK


def _mark(ok: bool | None, plain: bool) -> str:
    if plain:
        return "ok" if ok else "FAIL"
    return "[green]ok[/]" if ok else "[bold red]FAIL[/]"


def run_verify(args: argparse.Namespace) -> int:
    """Run every check of a pack's katas and print one table per kata."""
    from pytest_pykata.scaffold import find_pack
    from pytest_pykata.verify import verify_pack

    folder = Path(args.path)
    if not folder.is_dir():
        raise UsageError(f"{folder}: not a folder")
    pack = find_pack(folder)
    if pack is None:
        raise UsageError(
            f"{folder.resolve()}: no kata pack here (no katas/ folder in it or in exactly one "
            "of its sub-folders). Scaffold one with `pykata new <slug>`."
        )
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {args.jobs}")
    plain = plain_output()
    lock = threading.Lock()

    def progress(check) -> None:
        with lock:
            if not check.ok:
                note(f"FAIL {check.kata}: {check.name}: {check.detail}")

    note(f"verifying the pack in {pack.root} ...")
    reports = verify_pack(pack, slugs=args.kata or (), jobs=args.jobs, on_done=progress)
    if not reports:
        raise UsageError(
            f"no kata named {', '.join(args.kata)} in {pack.katas}"
            if args.kata
            else f"{pack.katas} holds no kata folder"
        )
    out = None if plain else console()
    for report in reports:
        title = f"{report.slug}: " + ("ok" if report.ok else "FAILED")
        if report.problem is not None:
            print(f"{report.slug}: cannot be verified: {report.problem}")
            continue
        if plain:
            print(title)
            for check in report.checks:
                print(f"  {_mark(check.ok, True):<4}  {check.name}: {check.detail}")
        else:
            from rich.table import Table

            table = Table(title=title, title_justify="left", show_edge=False)
            table.add_column("")
            table.add_column("check")
            table.add_column("result")
            for check in report.checks:
                table.add_row(_mark(check.ok, False), check.name, check.detail)
            out.print(table)
        for check in report.checks:
            if not check.ok and check.output:
                print(f"\n--- {report.slug}: {check.name}: the pytest session ended with:")
                print(check.output)
    checks = [c for r in reports for c in r.checks]
    failed = [c for c in checks if not c.ok] + [r for r in reports if r.problem is not None]
    print(
        f"\npykata verify: {len(reports)} kata(s), {len(checks)} checks, "
        + (f"{len(failed)} failed" if failed else "all passed")
    )
    return EXIT_PROBLEM if failed else EXIT_OK
