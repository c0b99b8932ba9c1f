"""``pykata watch <slug>``: re-run a kata's hidden specs on every save, the learner's main loop.

How a run works, and why it is fast without changing the verdict:

- Every run is a fresh ``python -c BOOTSTRAP --kata <slug> -q ...`` subprocess in the
  workspace root, equivalent to ``python -m pytest --kata <slug> -q``: the learner's module,
  the hidden specs and every plugin are imported anew, with the same ini file, plugins and
  rootdir as a run by hand.
- The next run's process is prepared *before* the save it will judge (right after the
  previous run ends): it imports pytest, Hypothesis and pykata's machinery, configures pytest
  and collects the hidden specs, then waits at ``pytest_runtestloop`` until the watcher
  writes ``go`` to it. Only then does the first spec import the learner's module, so the
  verdict is the one a run started after the save would give; the save pays only for running
  the specs. (Pre-importing makes pytest warn that those packages cannot be
  assertion-rewritten; the warning is silenced: only their internal asserts' messages differ.)
  A prepared process that died (say the learner's file was missing at that moment) is
  replaced by a fresh one.
- Results come from ``--kata-json=<scratch file>`` (with ``=``, so pytest's rootdir search
  does not mistake the path for a test argument); the first failure's explanation is cut from
  pytest's output. pytest records progress itself, as in any ``--kata`` run.
- Saves are watched with watchfiles (inotify and friends) on ``.py`` files of the kata folder
  (``__pycache__`` and editor droppings ignored). A burst of saves ends after ``--debounce``
  (default 50 ms) without a change; a save during a run cancels that run and starts over.
- Each run ends with one line, ``pykata watch: <slug> level <k> of <n> <status>`` (``k`` the
  first level that did not pass, or ``n`` when all passed): a script or a test waits for it.
- Runs live in their own process group (``start_new_session``), so Ctrl-C reaches only the
  watcher, which kills its runs and exits 0. The screen is cleared with plain escape codes,
  never an alternate screen or raw mode, so the terminal needs no restoring.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pytest_pykata.commands.common import (
    EXIT_OK,
    Problem,
    UsageError,
    plain_output,
    started_state,
)
from pytest_pykata.errors import KataNotStartedError

if TYPE_CHECKING:
    from pytest_pykata.catalog import Kata

VERDICT_PREFIX = "pykata watch:"
MAX_OUTPUT = 2_000_000
MAX_EXPLANATION_LINES = 40
MAX_BURST_MS = 1600  # a burst of saves longer than this is cut into several runs

# The program of every run. It imports the heavy libraries, lets pytest configure and collect
# the hidden specs, then waits before running them until the watcher writes "go" (on a copy of
# stdin: pytest's capture puts /dev/null on fd 0). Nothing of the learner's is read before "go"
# except whether their file exists; their module is imported by the first spec, after it.
BOOTSTRAP = """\
import os, sys
go = os.fdopen(os.dup(0), "rb", buffering=0)
try:
    import hypothesis, hypothesis.strategies, hypothesis.stateful
    import pytest_pykata.session, pytest_pykata.spec, pytest_pykata.kata_fixtures
    import pytest_pykata.isolation, pytest_pykata.explain
except BaseException:
    pass  # warming up is only an optimisation: pytest reports any real problem itself
import pytest

class WatchGate:
    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session):
        if go.readline().strip() != b"go":
            os._exit(0)  # the watcher is gone, or needs this run no more

sys.exit(pytest.main(plugins=[WatchGate()]))
"""


def pytest_args(slug: str, json_path: Path) -> list[str]:
    """The pytest arguments of one watch run."""
    return [
        "--kata",
        slug,
        "-q",
        f"--kata-json={json_path}",
        "-W",
        "ignore::pytest.PytestAssertRewriteWarning",
    ]


# -- one run -----------------------------------------------------------------------------------


@dataclass
class Run:
    """One pytest process: prepared (waiting for ``go``), running, or finished."""

    number: int
    proc: subprocess.Popen[bytes]
    output: Path
    json_path: Path
    started_at: float = 0.0

    def go(self) -> bool:
        """Let the prepared process run pytest; False if it is gone."""
        self.started_at = time.monotonic()
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(b"go\n")
            self.proc.stdin.close()
        except (BrokenPipeError, OSError):
            return False
        return True

    def kill(self) -> None:
        """Kill the run and everything it forked (its own process group), and reap it."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        if self.proc.stdin is not None:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()

    def read_output(self) -> str:
        """What pytest printed (at most MAX_OUTPUT bytes of it)."""
        try:
            with open(self.output, "rb") as f:
                return f.read(MAX_OUTPUT).decode("utf-8", "replace")
        except OSError:
            return ""

    def read_json(self) -> dict[str, Any] | None:
        """The ``--kata-json`` document, if pytest wrote one."""
        try:
            return json.loads(self.json_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None


class Runner:
    """Starts pytest runs in ``root``, keeping the next one prepared in advance."""

    def __init__(self, root: Path, slug: str, scratch: Path) -> None:
        self.root = root
        self.slug = slug
        self.scratch = scratch
        self.count = 0
        self.ready: Run | None = None
        self.current: Run | None = None

    def _spawn(self) -> Run:
        self.count += 1
        output = self.scratch / f"run-{self.count}.out"
        json_path = self.scratch / f"run-{self.count}.json"
        with open(output, "wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-c", BOOTSTRAP, *pytest_args(self.slug, json_path)],
                cwd=self.root,
                stdin=subprocess.PIPE,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return Run(self.count, proc, output, json_path)

    def prepare(self) -> None:
        """Start the next run's process now, so it is warm when a save comes."""
        if self.ready is not None and self.ready.proc.poll() is not None:
            self.ready.kill()  # it died while waiting (reaped here); prepare another
            self.ready = None
        if self.ready is None:
            self.ready = self._spawn()

    def start(self) -> Run:
        """Start a run (the prepared one if it is still alive)."""
        run, self.ready = self.ready, None
        if run is None or run.proc.poll() is not None or not run.go():
            if run is not None:
                run.kill()
            run = self._spawn()
            run.go()
        self.current = run
        return run

    def cancel(self) -> None:
        """Stop the current run (a newer save makes its verdict stale)."""
        if self.current is not None:
            self.current.kill()
            self.current = None

    def close(self) -> None:
        """Kill every process this runner started."""
        self.cancel()
        if self.ready is not None:
            self.ready.kill()
            self.ready = None


# -- reading a run -----------------------------------------------------------------------------

_HEADER = re.compile(r"^_+ (?:ERROR at \w+ of )?(?P<name>\S+) _+$")
_SECTION_END = re.compile(r"^(={3,}|-{3,} Captured )")


def explanation(output: str, spec_name: str | None) -> str | None:
    """The block pytest printed for ``spec_name`` (else the first failure's), if any."""
    blocks: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    for line in output.splitlines():
        header = _HEADER.match(line)
        if header:
            current = []
            blocks.append((header.group("name"), current))
        elif current is not None:
            if _SECTION_END.match(line):
                current = None
            else:
                current.append(line)
    if not blocks:
        return None
    lines = next((b for name, b in blocks if name == spec_name), blocks[0][1])
    text = "\n".join(lines[:MAX_EXPLANATION_LINES]).strip()
    return text or None


@dataclass
class Outcome:
    """What one finished run found, ready to show."""

    slug: str
    verdict_line: str
    status: str  # passed | failed | error
    kata_json: dict[str, Any] | None
    explanation: str | None
    output_tail: str
    seconds: float


def read_outcome(run: Run, slug: str) -> Outcome:
    """Turn a finished run into an Outcome."""
    output = run.read_output()
    seconds = time.monotonic() - run.started_at
    document = run.read_json()
    for path in (run.output, run.json_path):  # a long session must not fill the scratch folder
        with contextlib.suppress(OSError):
            path.unlink()
    entry = None
    if document is not None:
        entry = next((k for k in document.get("katas", []) if k.get("kata") == slug), None)
    if entry is None:
        code = run.proc.returncode
        tail = "\n".join(output.strip().splitlines()[-25:])
        return Outcome(
            slug,
            f"{VERDICT_PREFIX} {slug} could not be judged (pytest exited with status {code})",
            "error",
            None,
            None,
            tail,
            seconds,
        )
    levels = entry["levels"]
    total = len(levels)
    bad = next((lv for lv in levels if lv["status"] != "passed"), None)
    if bad is None:
        line = f"{VERDICT_PREFIX} {slug} level {total} of {total} passed"
        return Outcome(slug, line, "passed", entry, None, "", seconds)
    spec = next((s for s in bad["specs"] if s["status"] in ("failed", "error")), None)
    text = explanation(output, spec["name"] if spec else None)
    if text is None and spec is not None:
        text = spec["message"]
    status = bad["status"] if bad["status"] in ("failed", "error") else "failed"
    line = f"{VERDICT_PREFIX} {slug} level {bad['level']} of {total} {status}"
    return Outcome(slug, line, status, entry, text, "", seconds)


# -- showing it --------------------------------------------------------------------------------


def _ladder(kata: Kata, entry: dict[str, Any]) -> list[tuple[str, dict[str, bool]]]:
    from pytest_pykata.verdict import KataVerdict, LevelVerdict, SpecOutcome, ladder_lines

    levels = [
        LevelVerdict(
            number=lv["level"],
            title=lv["title"],
            status=lv["status"],
            specs=[
                SpecOutcome(
                    name=s["name"], level=lv["level"], status=s["status"], message=s["message"]
                )
                for s in lv["specs"]
            ],
        )
        for lv in entry["levels"]
    ]
    return ladder_lines(KataVerdict(kata=kata, levels=levels))


class View:
    """The watcher's screen: rich on a terminal, plain lines otherwise."""

    def __init__(self, kata: Kata, folder: str, clear: bool) -> None:
        self.kata = kata
        self.slug = kata.slug
        self.folder = folder
        self.plain = plain_output()
        self.clear = clear and not self.plain
        self.console = None
        if not self.plain:
            from rich.console import Console

            self.console = Console(highlight=False, soft_wrap=True)

    def say(self, text: str, style: str = "") -> None:
        if self.console is None:
            print(text, flush=True)
        else:
            from rich.markup import escape

            self.console.print(f"[{style}]{escape(text)}[/]" if style else escape(text))

    def header(self) -> None:
        if self.clear and self.console is not None:
            self.console.clear()
        self.say(
            f"pykata watch \u00b7 {self.slug} \u00b7 re-runs on every save in {self.folder} "
            "\u00b7 Ctrl-C to stop",
            "bold",
        )

    def running(self, why: str) -> None:
        self.say(f"running the hidden specs of {self.slug} ({why})\u2026", "dim")

    def show(self, outcome: Outcome) -> None:
        self.header()
        self.say("")
        if outcome.kata_json is not None:
            for text, markup in _ladder(self.kata, outcome.kata_json):
                self.say(text, " ".join(k for k, on in markup.items() if on))
        elif outcome.output_tail:
            self.say(outcome.output_tail)
        if outcome.explanation:
            self.say("")
            self.say(outcome.explanation)
        self.say("")
        style = "bold green" if outcome.status == "passed" else "bold red"
        self.say(outcome.verdict_line, style)
        self.say(f"(judged in {outcome.seconds:.1f} s) waiting for a save\u2026", "dim")


# -- the loop ----------------------------------------------------------------------------------


def _watch_thread(
    folder: Path, events: queue.Queue[tuple[str, Any]], stop: threading.Event, debounce_ms: int
) -> None:
    from watchfiles import PythonFilter, watch

    try:
        for changes in watch(
            folder,
            watch_filter=PythonFilter(),
            debounce=MAX_BURST_MS,
            step=debounce_ms,
            stop_event=stop,
            raise_interrupt=False,
        ):
            events.put(("changes", changes))
    except Exception as exc:  # the folder vanished, too many watches...
        events.put(("watch-error", exc))


def _wait_thread(run: Run, events: queue.Queue[tuple[str, Any]]) -> None:
    run.proc.wait()
    events.put(("done", run.number))


def _changed_names(changes: Any) -> str:
    names = sorted({Path(path).name for _, path in changes})
    return ", ".join(names[:3]) + (" \u2026" if len(names) > 3 else "")


def run(args: argparse.Namespace) -> int:
    """Watch the kata folder and re-run its specs on every save until Ctrl-C."""
    workspace, state = started_state(args.slug, Path(args.dir))
    slug = state.kata.slug
    file = workspace.learner_file(slug)
    if not file.parent.is_dir():
        raise UsageError(str(KataNotStartedError(slug, file)))
    view = View(state.kata, workspace.show(file.parent), clear=not args.no_clear)
    events: queue.Queue[tuple[str, Any]] = queue.Queue()
    stop = threading.Event()
    watcher = threading.Thread(
        target=_watch_thread, args=(file.parent, events, stop, args.debounce_ms), daemon=True
    )
    previous_term = signal.signal(signal.SIGTERM, _interrupt)
    with tempfile.TemporaryDirectory(prefix="pykata-watch-") as scratch:
        runner = Runner(workspace.root, slug, Path(scratch))
        try:
            watcher.start()
            view.header()
            _Loop(runner, view, file.parent).forever(events)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut cleanup
            stop.set()
            runner.close()
            watcher.join(timeout=2)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.signal(signal.SIGTERM, previous_term)
    view.say(f"{VERDICT_PREFIX} stopped watching {slug}")
    return EXIT_OK


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


class _Loop:
    """The watcher's state machine: events in (saves, finished runs), runs and screens out."""

    def __init__(self, runner: Runner, view: View, folder: Path) -> None:
        self.runner = runner
        self.view = view
        self.folder = folder
        self.pending: str | None = "first run"

    def handle(self, kind: str, payload: Any) -> None:
        runner = self.runner
        if kind == "changes":
            self.pending = f"changed: {_changed_names(payload)}"
            runner.cancel()  # a run in progress judges code that is gone
        elif kind == "done":
            current = runner.current
            if current is None or current.number != payload:
                return  # a cancelled run
            runner.current = None
            self.view.show(read_outcome(current, runner.slug))
            runner.prepare()
        elif kind == "watch-error":
            self.view.say(f"{VERDICT_PREFIX} cannot watch {self.folder}: {payload}", "bold red")
            raise Problem(f"cannot watch {self.folder}: {payload}")

    def forever(self, events: queue.Queue[tuple[str, Any]]) -> None:
        while True:
            if self.pending is not None and self.runner.current is None:
                self.view.running(self.pending)
                self.pending = None
                started = self.runner.start()
                threading.Thread(target=_wait_thread, args=(started, events), daemon=True).start()
            try:
                self.handle(*events.get(timeout=0.5))
                while True:  # a burst already queued becomes one run
                    self.handle(*events.get_nowait())
            except queue.Empty:
                continue
