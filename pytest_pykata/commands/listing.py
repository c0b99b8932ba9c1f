"""``pykata list`` and ``pykata progress``: the katas, and how far the learner is on each.

``pykata progress --json`` prints one document (version 1)::

    {"version": 1,
     "workspace": "/abs/path", "kata_dir": "/abs/path/katas",
     "katas": [{"kata": "base62", "band": "junior", "title": "Base62 codec",
                "status": "not_started" | "in_progress" | "done",
                "levels_passed": 2, "best_level_passed": 4, "total_levels": 4,
                "current_level": {"level": 3, "title": "Short links"} | null,
                "runs": 5, "last_run_at": "2025-01-01T12:00:00+00:00" | null,
                "solution_seen": false,
                "levels": [{"level": 1, "title": "Round trip",
                            "status": "passed" | "failed" | "error" | "locked" | "not run",
                            "hints_seen": 1, "hints": 4}]}],
     "bands": {"junior": {"levels_passed": 2, "total_levels": 8, "katas_done": 0,
                          "katas_started": 1, "katas": 2}, "mid": {...}, "senior": {...}},
     "overall": {same keys as a band},
     "next": {"kata": "base62", "level": 3, "title": "Short links",
              "text": "base62: level 3, Short links"} | null}

Every kata of every installed pack is listed (in band order, then by slug); ``levels`` is the
last run's ladder since the last reset; ``best_level_passed`` is the best ever (it unlocks
``pykata solution``); ``next`` is the current level of the most recently run unfinished kata
(or of a started one never run, or the first kata not started yet), ``null`` when every kata
is done.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from pytest_pykata.catalog import BANDS
from pytest_pykata.commands.common import (
    EXIT_OK,
    KataState,
    Workspace,
    console,
    find_workspace,
    kata_state,
    load_catalog,
    load_snapshot,
    note,
    plain_output,
)

JSON_VERSION = 1
BAR_WIDTH = 24
_STYLE = {
    "passed": "green",
    "failed": "bold red",
    "error": "bold red",
    "locked": "yellow",
    "not run": "dim",
    "done": "bold green",
    "not started": "dim",
}
_WORD = {"passed": "passed", "failed": "FAILED", "error": "ERROR", "locked": "locked"}


def _states(args: argparse.Namespace) -> tuple[Workspace | None, list[KataState]]:
    workspace = find_workspace(Path(args.dir))
    catalog = load_catalog(workspace)
    snapshot = load_snapshot(workspace)
    states = [
        kata_state(kata, workspace, snapshot)
        for band in catalog.by_band().values()
        for kata in band
    ]
    return workspace, states


# -- pykata list -------------------------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    """Every kata, grouped by band, with the learner's status."""
    workspace, states = _states(args)
    for problem in load_catalog(workspace).problems:
        note(f"warning: {problem}")
    if plain_output():
        for band in BANDS:
            group = [s for s in states if s.kata.band == band]
            if not group:
                continue
            print(f"{band}:")
            for s in group:
                print(f"  {s.kata.slug:<16} {s.total} levels  {s.status_text():<14} {s.kata.title}")
    else:
        from rich.table import Table

        table = Table(title="pykata katas", title_justify="left")
        for column in ("band", "kata", "title", "levels", "status"):
            table.add_column(column, justify="right" if column == "levels" else "left")
        for band in BANDS:
            group = [s for s in states if s.kata.band == band]
            for n, s in enumerate(group):
                text = s.status_text()
                style = _STYLE.get(text, "cyan")
                table.add_row(
                    band if n == 0 else "",
                    s.kata.slug,
                    s.kata.title,
                    str(s.total),
                    f"[{style}]{text}[/]",
                    end_section=n == len(group) - 1,
                )
        console().print(table)
    if workspace is None:
        note("no workspace here yet: `pykata start <slug>` starts a kata")
    return EXIT_OK


# -- pykata progress ---------------------------------------------------------------------------


def _tally(states: list[KataState]) -> dict[str, int]:
    return {
        "levels_passed": sum(s.levels_passed for s in states),
        "total_levels": sum(s.total for s in states),
        "katas_done": sum(s.done for s in states),
        "katas_started": sum(s.started for s in states),
        "katas": len(states),
    }


def next_step(states: list[KataState]) -> KataState | None:
    """The kata to work on next (see the module docstring)."""
    unfinished = [s for s in states if s.started and not s.done]
    ran = [s for s in unfinished if s.last_run_at]
    if ran:
        return max(ran, key=lambda s: s.last_run_at or "")
    if unfinished:
        return unfinished[0]
    return next((s for s in states if not s.started), None)


def _next_json(state: KataState | None) -> dict[str, Any] | None:
    if state is None or state.current_level is None:
        return None
    level = state.current_level
    return {
        "kata": state.kata.slug,
        "level": level.number,
        "title": level.title,
        "text": f"{state.kata.slug}: level {level.number}, {level.title}",
    }


def progress_document(workspace: Workspace | None, states: list[KataState]) -> dict[str, Any]:
    """The ``pykata progress --json`` document."""
    katas = []
    for s in states:
        current = s.current_level
        katas.append(
            {
                "kata": s.kata.slug,
                "band": s.kata.band,
                "title": s.kata.title,
                "status": s.status,
                "levels_passed": s.levels_passed,
                "best_level_passed": s.best_level_passed,
                "total_levels": s.total,
                "current_level": (
                    None if current is None else {"level": current.number, "title": current.title}
                ),
                "runs": s.runs,
                "last_run_at": s.last_run_at,
                "solution_seen": s.solution_seen,
                "levels": [
                    {
                        "level": level.number,
                        "title": level.title,
                        "status": s.level_status(level.number),
                        "hints_seen": s.hints_seen.get(level.number, 0),
                        "hints": len(level.hints),
                    }
                    for level in s.kata.levels
                ],
            }
        )
    return {
        "version": JSON_VERSION,
        "workspace": str(workspace.root) if workspace else None,
        "kata_dir": str(workspace.kata_dir) if workspace else None,
        "katas": katas,
        "bands": {band: _tally([s for s in states if s.kata.band == band]) for band in BANDS},
        "overall": _tally(states),
        "next": _next_json(next_step(states)),
    }


def _advice(state: KataState | None) -> str:
    if state is None:
        return "every kata is done. Well played!"
    level = state.current_level
    assert level is not None
    slug = state.kata.slug
    text = f"{slug}: level {level.number}, {level.title}"
    if not state.started:
        return f"{text} (start it: `pykata start {slug}`)"
    if state.level_status(level.number) == "failed":
        return f"{text} (`pykata watch {slug}`; stuck? `pykata hint {slug}`)"
    return f"{text} (`pykata watch {slug}` or `pytest --kata {slug}`)"


def _ladder_rows(state: KataState) -> list[tuple[int, str, str, str]]:
    rows = []
    for level in state.kata.levels:
        status = state.level_status(level.number)
        seen = state.hints_seen.get(level.number, 0)
        extra = f"hints seen {seen}/{len(level.hints)}" if seen else ""
        rows.append((level.number, status, level.title, extra))
    return rows


def _plain_bar(done: int, total: int) -> str:
    filled = round(BAR_WIDTH * done / total) if total else 0
    return "[" + "#" * filled + "-" * (BAR_WIDTH - filled) + "]"


def _print_plain(started: list[KataState], document: dict[str, Any], advice: str) -> None:
    for state in started:
        kata = state.kata
        print(f"{kata.slug} ({kata.band}) - {kata.title}: {state.status_text()}")
        width = max(len(level.title) for level in kata.levels)
        for number, status, title, extra in _ladder_rows(state):
            word = _WORD.get(status, status)
            print(f"  level {number}  {word:<7} {title.ljust(width)}  {extra}".rstrip())
        print()
    for name, tally in [*document["bands"].items(), ("overall", document["overall"])]:
        if not tally["katas"]:
            continue
        done, total = tally["levels_passed"], tally["total_levels"]
        print(
            f"{name:<8} {_plain_bar(done, total)} {done}/{total} levels, "
            f"{tally['katas_done']}/{tally['katas']} katas done"
        )
    print(f"\nnext: {advice}")


def _print_rich(started: list[KataState], document: dict[str, Any], advice: str) -> None:
    from rich.markup import escape
    from rich.progress_bar import ProgressBar
    from rich.table import Table

    out = console()
    for state in started:
        kata = state.kata
        status = state.status_text()
        out.print(
            f"[bold]{kata.slug}[/] ({kata.band}) \u2014 {escape(kata.title)}  "
            f"[{_STYLE.get(status, 'cyan')}]{status}[/]"
        )
        table = Table.grid(padding=(0, 2))
        for _ in range(4):
            table.add_column()
        for number, level_status, title, extra in _ladder_rows(state):
            style = _STYLE.get(level_status, "")
            table.add_row(
                f"  level {number}",
                f"[{style}]{_WORD.get(level_status, level_status)}[/]",
                escape(title),
                f"[dim]{extra}[/]",
            )
        out.print(table)
        out.print()
    bars = Table.grid(padding=(0, 2))
    for _ in range(3):
        bars.add_column()
    for name, tally in [*document["bands"].items(), ("overall", document["overall"])]:
        if not tally["katas"]:
            continue
        done, total = tally["levels_passed"], tally["total_levels"]
        bars.add_row(
            f"[bold]{name}[/]" if name == "overall" else name,
            ProgressBar(
                total=max(total, 1),
                completed=done,
                width=BAR_WIDTH,
                complete_style="cyan",
                finished_style="green",
            ),
            f"{done}/{total} levels, {tally['katas_done']}/{tally['katas']} katas done",
        )
    out.print(bars)
    out.print(f"\n[bold]next:[/] {escape(advice)}")


def run_progress(args: argparse.Namespace) -> int:
    """The ladder of every started kata, progress by band and overall, and what is next."""
    workspace, states = _states(args)
    document = progress_document(workspace, states)
    if args.json:
        print(json.dumps(document, indent=2))
        return EXIT_OK
    started = [s for s in states if s.started]
    advice = _advice(next_step(states))
    if not started:
        print("No kata started yet.")
    if plain_output():
        _print_plain(started, document, advice)
    else:
        _print_rich(started, document, advice)
    return EXIT_OK
