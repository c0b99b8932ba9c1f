"""The ``pykata`` command: argument parsing and dispatch; each command lives in its own module.

Exit status: 0 on success, 1 when the command ran but found a problem (the solution is still
locked, a kata definition is malformed), 2 for a usage error (a bad option, an unknown kata,
a kata not started, no workspace). Commands import their heavy libraries (rich, watchfiles)
only when they run, so ``pykata --help`` stays instant.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from pytest_pykata.commands.common import EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, UsageError
from pytest_pykata.errors import PykataError

__all__ = ["EXIT_OK", "EXIT_PROBLEM", "EXIT_USAGE", "UsageError", "build_parser", "main"]

DIR_HELP = (
    "a folder in your workspace (default: the current folder); the workspace is pytest's "
    "rootdir from there, or the nearest folder above holding katas/ or .pykata/"
)


def _command(target: str) -> Callable[[argparse.Namespace], int]:
    """A command function ``module:function`` under ``pytest_pykata``, imported when run."""
    module, function = target.split(":")

    def run(args: argparse.Namespace) -> int:
        return getattr(importlib.import_module(f"pytest_pykata.{module}"), function)(args)

    run.__name__ = function
    return run


class _HelpFormatter(argparse.HelpFormatter):
    """Wraps descriptions to the terminal; keeps the ``Example:`` epilog as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith("Example"):
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)


def _positive_ms(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected milliseconds, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 ms, got {value}")
    return value


def _add_dojo(sub, where: argparse.ArgumentParser) -> None:
    """``pykata dojo start|status|end|dashboard``."""
    dojo = sub.add_parser(
        "dojo",
        help="timed team sessions with driver rotation and red/amber/green lights",
        description="Run a coding-dojo session: a team, one kata, a timebox and a "
        "driver/navigator rotation. Every `pytest --kata` run during the session is a light: "
        "green (every level that ran passed), amber (the code could not be judged) or red (a "
        "spec found a bug). One workspace per team; the dashboard shows them side by side.",
        epilog="Example:\n  pykata dojo start lru_cache --team blue --members ana,ben,chloe "
        "--minutes 45 --rotate 5",
        formatter_class=_HelpFormatter,
    )
    actions = dojo.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True

    def action(name: str, target: str, summary: str, example: str) -> argparse.ArgumentParser:
        p = actions.add_parser(
            name,
            parents=[where],
            help=summary,
            description=summary[0].upper() + summary[1:] + ".",
            epilog=f"Example:\n  {example}",
            formatter_class=_HelpFormatter,
        )
        p.set_defaults(func=_command(target))
        return p

    p = action(
        "start",
        "commands.dojo:run_start",
        "open a session for a team on a kata (starting the kata if needed)",
        "pykata dojo start lru_cache --team blue --members ana,ben --minutes 45 --rotate 5",
    )
    p.add_argument("slug", help="the kata of the session")
    p.add_argument("--team", required=True, help="the team's name, shown on the dashboard")
    p.add_argument("--members", default=None, help="the rotation order: names separated by commas")
    p.add_argument("--minutes", type=int, default=45, help="the timebox (default: 45)")
    p.add_argument(
        "--rotate", type=int, default=5, help="minutes per driver (default: 5)", metavar="MIN"
    )
    action(
        "status",
        "commands.dojo:run_status",
        "the running (or last) session: time left, who drives, the lights so far",
        "pykata dojo status",
    )
    action("end", "commands.dojo:run_end", "end the running session now", "pykata dojo end")
    p = action(
        "dashboard",
        "commands.dojo:run_dashboard",
        "every team's last session side by side, as a table, JSON or an HTML page",
        "pykata dojo dashboard teams/blue teams/red --html dojo.html",
    )
    p.add_argument(
        "workspaces", nargs="*", help="one workspace per team (default: the --dir workspace)"
    )
    p.add_argument("--all", action="store_true", help="every session, not only the last")
    p.add_argument("--json", action="store_true", help="print the sessions as JSON")
    p.add_argument("--html", default=None, metavar="PATH", help="write an HTML page to PATH")
    p.add_argument(
        "--refresh",
        type=int,
        default=None,
        metavar="S",
        help="the HTML page reloads itself every S seconds (for a projector during a session)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``pykata`` command."""
    parser = argparse.ArgumentParser(
        prog="pykata",
        description="Kata exercises for production Python, judged by hidden specs.",
        epilog="Example: pykata start base62 && pykata watch base62",
        formatter_class=_HelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--dir", default=".", metavar="DIR", help=DIR_HELP)

    def add(name: str, target: str, summary: str, description: str, example: str):
        p = sub.add_parser(
            name,
            parents=[where],
            help=summary,
            description=description,
            epilog=f"Example:\n  {example}",
            formatter_class=_HelpFormatter,
        )
        p.set_defaults(func=_command(target))
        return p

    add(
        "list",
        "commands.listing:run_list",
        "list every kata by band, with your status",
        "List every kata of every installed pack, grouped by band (junior, mid, senior), "
        "with its level count and your status: not started, level k of n (the level you "
        "are on), or done.",
        "pykata list",
    )
    p = add(
        "start",
        "commands.start:run",
        "start a kata in your workspace",
        "Create <kata_dir>/<slug>/ with the starter, README and sample test. Existing files "
        "are never overwritten. Without a workspace, DIR (created if missing) becomes one: "
        "DIR/katas/<slug>/.",
        "pykata start base62 --dir .",
    )
    p.add_argument("slug", help="the kata to start (see `pykata list`)")
    p = add(
        "progress",
        "commands.listing:run_progress",
        "your ladder per kata, progress per band, what is next",
        "Show the level ladder of every started kata (from its last run), a progress bar per "
        "band and overall, and the next thing to do.",
        "pykata progress            # or: pykata progress --json | jq .next",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print the progress as one JSON document (shape: see the README)",
    )
    p = add(
        "reset",
        "commands.reset:run",
        "back up your code and put the starter back",
        "Copy katas/<slug>/<slug>.py to .pykata/backups/<slug>-<time>.py, then put the "
        "starter back and record the reset (the ladder starts over at level 1; the history "
        "is kept). Asks nothing; prints what it did.",
        "pykata reset base62        # or every started kata: pykata reset --all",
    )
    p.add_argument("slug", nargs="?", help="the kata to reset")
    p.add_argument("--all", action="store_true", help="reset every started kata")
    p = add(
        "hint",
        "commands.reveal:run_hint",
        "the next hint for the level you are on",
        "Show the next hint you have not seen for your current level (the lowest level your "
        "last run did not pass), and record it in your progress.",
        "pykata hint base62",
    )
    p.add_argument("slug", help="the kata you want a hint for")
    p = add(
        "solution",
        "commands.reveal:run_solution",
        "the reference solution, once every level passed",
        "Print the kata's reference solution. It unlocks once every level has passed; "
        "before that the command refuses (exit status 1) unless --force, which is recorded "
        "in your progress.",
        "pykata solution base62 > base62_reference.py",
    )
    p.add_argument("slug", help="the kata whose solution to show")
    p.add_argument(
        "--force",
        action="store_true",
        help="show it even though not every level passed yet (recorded)",
    )
    p = add(
        "watch",
        "watch:run",
        "re-run a kata's hidden specs on every save",
        "Run the kata's hidden specs now and again on every save of a .py file in its folder: "
        "clears the screen, shows the ladder and the first failure explained, and ends each "
        "run with one line 'pykata watch: <slug> level k of n <status>'. Ctrl-C stops it.",
        "pykata watch base62",
    )
    p.add_argument("slug", help="the kata to watch")
    p.add_argument(
        "--debounce",
        dest="debounce_ms",
        type=_positive_ms,
        default=50,
        metavar="MS",
        help="a burst of saves ends after MS milliseconds without a change (default: 50)",
    )
    p.add_argument(
        "--no-clear",
        action="store_true",
        help="do not clear the screen before each run (it is never cleared when the output "
        "is not a terminal)",
    )
    p = add(
        "new",
        "commands.author:run_new",
        "scaffold a new kata (for kata authors)",
        "Create an installable kata pack, DIR/pykata-<slug>/, from the cookiecutter template: "
        "the kata folder (kata.toml, README, starter, sample test, hidden specs), the "
        "reference solution and a corpus, all a worked example to replace. With --into, add "
        "the kata to an existing pack instead. Nothing is ever overwritten.",
        "pykata new word_wrap --band junior --title 'Word wrap' && pykata verify pykata-word-wrap",
    )
    p.add_argument("slug", help="the new kata's slug: lower-case letters, digits, underscores")
    p.add_argument("--title", default=None, help="its title (default: from the slug)")
    p.add_argument("--band", default="junior", help="junior, mid or senior (default: junior)")
    p.add_argument("--summary", default=None, help="one sentence that `pykata list` shows")
    p.add_argument(
        "--into",
        default=None,
        metavar="PACK",
        help="add the kata to the pack in PACK (a folder holding katas/, or a project "
        "whose one package does) instead of creating a new pack",
    )
    _add_dojo(sub, where)
    p = sub.add_parser(
        "verify",
        help="prove a kata pack's specs (for kata authors)",
        description="For every kata of the pack in PATH: the definition loads, the reference "
        "solution passes every level (each level has a spec), the starter fails level 1, "
        "the sample test passes the reference and fails the starter, every buggy corpus "
        "entry (tests/corpus/<slug>/buggy/) fails exactly at its labelled level and every "
        "correct one passes every level. Each check is a real `pytest --kata` session in a "
        "fresh workspace. Exit status 0 when every check holds, 1 otherwise.",
        epilog="Example:\n  pykata verify pykata-word-wrap --kata word_wrap",
        formatter_class=_HelpFormatter,
    )
    p.set_defaults(func=_command("commands.author:run_verify"))
    p.add_argument(
        "path",
        nargs="?",
        default=".",
        help="the pack: a folder holding katas/, or a project whose one package does "
        "(default: the current folder)",
    )
    p.add_argument(
        "--kata", action="append", default=None, metavar="SLUG", help="only this kata (repeatable)"
    )
    p.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        metavar="N",
        help="pytest sessions at once (default: the number of CPUs)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``pykata`` command; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2), already printed by argparse
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"pykata {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except PykataError as exc:
        print(f"pykata {args.command}: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        print(f"pykata {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `pykata progress --json | head`: the reader left, fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
