"""``pykata hint <slug>`` and ``pykata solution <slug>``: help, recorded in progress.

A hint is for the learner's current level (the lowest level their last run did not pass).
Each call shows the next hint they have not seen and records a ``hint`` event (``seen``: how
many hints of that level they have now seen); once all were seen, the last one is shown again.

The reference solution is shown once every level has passed at least once (progress
``highest_level_passed`` equals the number of levels); before that ``pykata solution`` refuses
with exit status 1, unless ``--force``, which is recorded as ``{"event": "solution",
"forced": true}``. On a terminal it is syntax-highlighted; otherwise stdout is exactly the
solution file (``pykata solution base62 > mine.py``) and the notes go to stderr.
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

from pytest_pykata.commands.common import (
    EXIT_OK,
    EXIT_PROBLEM,
    Problem,
    console,
    note,
    plain_output,
    started_state,
)

WIDTH = 88


def _say(text: str, style: str = "") -> None:
    if plain_output():
        print(text)
    else:
        from rich.markup import escape

        console().print(f"[{style}]{escape(text)}[/]" if style else escape(text))


def run_hint(args: argparse.Namespace) -> int:
    """Show the next unseen hint of the current level and record it."""
    workspace, state = started_state(args.slug, Path(args.dir))
    kata, level = state.kata, state.current_level
    if level is None:
        _say(
            f"{kata.slug}: every level passed, nothing left to hint. "
            f"`pykata solution {kata.slug}` shows the reference solution.",
            "green",
        )
        return EXIT_OK
    header = f"{kata.slug} \u00b7 level {level.number} \u201c{level.title}\u201d"
    if not level.hints:
        _say(f"{header}: this level has no hints; {workspace.show(kata.readme)} explains it.")
        return EXIT_OK
    seen = state.hints_seen.get(level.number, 0)
    total = len(level.hints)
    if seen >= total:
        _say(
            f"{header}: you have seen all {total} hints of this level; the last one again:",
            "yellow",
        )
        text = level.hints[-1]
    else:
        text = level.hints[seen]
        seen += 1
        workspace.store().record(
            {"event": "hint", "kata": kata.slug, "level": level.number, "seen": seen}
        )
        _say(f"{header} \u00b7 hint {seen} of {total}", "bold")
    _say(textwrap.fill(text, WIDTH, initial_indent="  ", subsequent_indent="  "))
    if seen < total:
        _say(f"(`pykata hint {kata.slug}` again for the next hint)", "dim")
    return EXIT_OK


def run_solution(args: argparse.Namespace) -> int:
    """Print the reference solution once every level passed (or with ``--force``)."""
    workspace, state = started_state(args.slug, Path(args.dir))
    kata = state.kata
    if kata.solution is None:
        raise Problem(f"{kata.slug}: its pack ({kata.pack}) ships no reference solution")
    earned = state.best_level_passed >= state.total
    if not earned and not args.force:
        level = kata.level(min(state.best_level_passed + 1, state.total))
        note(
            f"pykata: {kata.slug}: you have passed {state.best_level_passed} of {state.total} "
            f"levels; the solution unlocks when all {state.total} pass. Next: level "
            f"{level.number} ({level.title}). `pykata hint {kata.slug}` helps; "
            f"`pykata solution {kata.slug} --force` shows it anyway (recorded in your progress)."
        )
        return EXIT_PROBLEM
    workspace.store().record({"event": "solution", "kata": kata.slug, "forced": not earned})
    code = kata.solution.read_text(encoding="utf-8")
    heading = f"reference solution of {kata.slug} ({kata.solution})"
    if not earned:
        heading += ", shown with --force before every level passed"
    if plain_output():
        note(f"pykata: {heading}")
        print(code, end="" if code.endswith("\n") else "\n")
    else:
        from rich.syntax import Syntax

        out = console()
        out.rule(heading)
        out.print(Syntax(code, "python", line_numbers=False, word_wrap=True))
    return EXIT_OK
