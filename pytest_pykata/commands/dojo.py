"""``pykata dojo``: run a timed coding-dojo session and show its lights afterwards.

``start`` opens a session for a team on a kata (starting the kata if needed), ``status`` shows
the clock, who drives and the red/amber/green history so far, ``end`` closes the session
early, and ``dashboard`` shows every team's session side by side (one workspace per team),
as a table, as JSON, or as a self-contained HTML page.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path

from pytest_pykata.commands.common import (
    EXIT_OK,
    UsageError,
    console,
    find_kata,
    find_workspace,
    note,
    plain_output,
    require_workspace,
)
from pytest_pykata.dojo import DojoError, DojoStore, Run, Session, Summary, utc_now

_COLOUR = {"green": "green", "amber": "yellow", "red": "red"}
_LETTER = {"green": "G", "amber": "A", "red": "R"}


def _store(start: Path) -> DojoStore:
    return DojoStore(require_workspace(start).root)


def _warn(store: DojoStore) -> None:
    for warning in store.warnings:
        note(warning)


def _clock(seconds: float) -> str:
    seconds = max(int(seconds), 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


def lights_text(runs: list[Run], plain: bool) -> str:
    """The runs' lights in order: ``GRRAG`` in plain text, coloured squares otherwise."""
    if plain:
        return "".join(_LETTER[r.light] for r in runs) or "-"
    return "".join(f"[{_COLOUR[r.light]}]■[/]" for r in runs) or "[dim]no runs yet[/]"


def _members(text: str | None) -> list[str]:
    if not text:
        return []
    names = [name.strip() for name in text.split(",")]
    if any(not name for name in names):
        raise UsageError(f"--members {text!r}: give names separated by commas, e.g. ana,ben")
    if len(set(names)) != len(names):
        raise UsageError(f"--members {text!r}: each name only once")
    return names


def run_start(args: argparse.Namespace) -> int:
    """Open a session: the kata is started if it is not yet."""
    from pytest_pykata.workspace import start_kata

    if args.minutes < 1 or args.rotate < 1:
        raise UsageError("--minutes and --rotate must be at least 1")
    members = _members(args.members)
    base = Path(args.dir)
    if base.exists() and not base.is_dir():
        raise UsageError(f"--dir {base}: not a folder")
    base.mkdir(parents=True, exist_ok=True)  # a folder per team: `--dir teams/blue`
    workspace = find_workspace(base)
    kata = find_kata(args.slug, workspace)
    kata_dir = workspace.kata_dir if workspace is not None else base / "katas"
    if workspace is None or not workspace.learner_file(kata.slug).is_file():
        for path in start_kata(kata, kata_dir).created:
            print(f"created {path}")
        workspace = require_workspace(base)
    now = utc_now()
    session = Session(
        team=args.team,
        kata=kata.slug,
        started_at=now.isoformat(timespec="seconds"),
        minutes=args.minutes,
        members=members,
        rotate_minutes=args.rotate,
    )
    store = DojoStore(workspace.root)
    try:
        store.start(session, now)
    except DojoError as exc:
        raise UsageError(str(exc)) from None
    finally:
        _warn(store)
    print(
        f"dojo: team {session.team} on {kata.slug} ({kata.title}) for {session.minutes} min, "
        f"until {session.deadline:%H:%M} UTC"
    )
    if members:
        navigator = session.navigator_at(now)
        print(
            f"rotation every {session.rotate_minutes} min: {session.driver_at(now)} drives"
            + (f", {navigator} navigates" if navigator else "")
        )
    print(
        f"Run `pytest --kata {kata.slug}` as often as you like; every run is a light. "
        "`pykata dojo status` shows the clock and the lights."
    )
    return EXIT_OK


def _describe(summary: Summary, now: datetime, plain: bool) -> list[str]:
    session = summary.session
    lines = [f"team {session.team} · {session.kata} · started {session.start:%Y-%m-%d %H:%M} UTC"]
    if session.active(now):
        lines.append(f"time left {_clock((session.deadline - now).total_seconds())}")
        if session.members:
            driver, navigator = session.driver_at(now), session.navigator_at(now)
            rotation = _clock((session.next_rotation(now) - now).total_seconds())
            lines.append(
                f"{driver} drives"
                + (f", {navigator} navigates" if navigator else "")
                + f"; next rotation in {rotation}"
            )
    else:
        lines.append(f"ended {session.end:%H:%M} UTC")
    counts = summary.lights
    lines.append(
        f"lights {lights_text(summary.runs, plain)}  "
        f"({counts['green']} green, {counts['amber']} amber, {counts['red']} red)"
    )
    if summary.total_levels:
        lines.append(f"level {summary.highest_level_passed} of {summary.total_levels} passed")
    return lines


def run_status(args: argparse.Namespace) -> int:
    """The active (or last) session: clock, driver, lights."""
    store = _store(Path(args.dir))
    summaries = store.summaries()
    _warn(store)
    if not summaries:
        raise UsageError("no dojo session here yet: start one with `pykata dojo start <slug>`")
    now = utc_now()
    active = [s for s in summaries if s.session.active(now)]
    summary = active[-1] if active else summaries[-1]
    plain = plain_output()
    lines = _describe(summary, now, plain)
    if plain:
        print("\n".join(lines))
    else:
        console().print("\n".join(lines))
    return EXIT_OK


def run_end(args: argparse.Namespace) -> int:
    """End the active session now."""
    store = _store(Path(args.dir))
    try:
        session = store.end(utc_now())
    except DojoError as exc:
        raise UsageError(str(exc)) from None
    finally:
        _warn(store)
    summary = next(s for s in reversed(store.summaries()) if s.session == session)
    print(f"dojo ended: team {session.team} on {session.kata}")
    print("\n".join(_describe(summary, utc_now(), True)[1:]))
    return EXIT_OK


def _summaries(folders: list[str], default: str, every: bool) -> list[Summary]:
    found: list[Summary] = []
    for folder in folders or [default]:
        store = _store(Path(folder))
        summaries = store.summaries()
        _warn(store)
        if not summaries:
            note(f"pykata dojo: no session in {store.root}")
        found.extend(summaries if every else summaries[-1:])
    if not found:
        raise UsageError("no dojo session in any of these workspaces")
    return found


def run_dashboard(args: argparse.Namespace) -> int:
    """Every team's session side by side: a table, JSON, or an HTML page."""
    if args.refresh is not None and args.refresh < 1:
        raise UsageError("--refresh must be at least 1 second")
    summaries = _summaries(args.workspaces, args.dir, args.all)
    if args.json:
        print(json.dumps({"version": 1, "sessions": [s.to_json() for s in summaries]}, indent=2))
        return EXIT_OK
    if args.html:
        out = Path(args.html)
        if not out.parent.is_dir():
            raise UsageError(f"--html {out}: folder {out.parent} does not exist")
        out.write_text(render_html(summaries, args.refresh), encoding="utf-8")
        print(f"dashboard written to {out}")
        return EXIT_OK
    plain = plain_output()
    rows = [
        (
            s.session.team,
            s.session.kata,
            s.session.start.strftime("%Y-%m-%d %H:%M"),
            lights_text(s.runs, plain),
            str(len(s.runs)),
            f"{s.highest_level_passed}/{s.total_levels}" if s.total_levels else "-",
            "-" if s.first_green_minute is None else f"{s.first_green_minute:.0f} min",
            "done" if s.finished else "",
        )
        for s in summaries
    ]
    headers = ("team", "kata", "started (UTC)", "lights", "runs", "level", "first green", "")
    if plain:
        print("\t".join(headers).rstrip())
        for row in rows:
            print("\t".join(row).rstrip())
        return EXIT_OK
    from rich.table import Table

    table = Table(title="pykata dojo", title_justify="left")
    for header in headers:
        table.add_column(header)
    for row in rows:
        table.add_row(*row)
    console().print(table)
    return EXIT_OK


def render_html(summaries: list[Summary], refresh: int | None = None) -> str:
    """A self-contained HTML dashboard of ``summaries`` (jinja2, autoescaped)."""
    from importlib.resources import files

    import jinja2

    source = files("pytest_pykata").joinpath("templates/dashboard.html.j2").read_text("utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(source).render(
        summaries=summaries,
        generated=utc_now().strftime("%Y-%m-%d %H:%M UTC"),
        refresh=refresh,
    )
