"""``pykata watch``: real watcher subprocesses on a temporary workspace, and its output parsing.

Every wait is bounded by a deadline and every watcher is killed in ``finally``. The deadlines
are generous because CI runs these next to other tests on two cores; the latency target is
measured by ``benchmarks/watch_latency.py``, not here.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pytest_pykata import cli, watch
from pytest_pykata.catalog import load_catalog

BASE62 = load_catalog().get("base62")
DEADLINE = 120.0


class Watcher:
    """A ``pykata watch`` subprocess whose output lines are collected by a reader thread."""

    def __init__(self, root: Path, slug: str = "base62") -> None:
        script = Path(sys.executable).with_name("pykata")
        command = [str(script)] if script.exists() else [sys.executable, "-m", "pytest_pykata.cli"]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
        self.proc = subprocess.Popen(
            [*command, "watch", slug],
            cwd=root,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for_verdict(self, deadline: float = DEADLINE) -> str:
        """The next ``pykata watch: ...`` verdict line (or fail after ``deadline`` seconds)."""
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.proc.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append(line)
            if line.startswith(watch.VERDICT_PREFIX) and " level " in line:
                return line
        tail = "\n".join(self.seen[-40:])
        pytest.fail(f"no verdict line within {deadline:.0f} s; the watcher printed:\n{tail}")

    def rest(self) -> list[str]:
        """Every line printed after the last verdict, once the watcher has exited."""
        self.reader.join(timeout=10)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return self.seen

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)


@pytest.fixture
def ws(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert cli.main(["start", "base62", "--dir", str(tmp_path)]) == 0
    capsys.readouterr()
    return tmp_path


def save(path: Path, text: str) -> None:
    """Save like an editor: write a temporary file, then rename it over the old one."""
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(text)
    tmp.replace(path)


def processes_in(folder: Path) -> list[int]:
    """The processes whose working folder is ``folder`` (the watcher's runs)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if Path(os.readlink(entry / "cwd")) == folder.resolve():
                    pids.append(int(entry.name))
    return pids


# -- real watchers --------------------------------------------------------------------------------


def test_saving_a_correct_solution_turns_the_verdict_green(ws):
    watcher = Watcher(ws)
    try:
        assert watcher.wait_for_verdict() == "pykata watch: base62 level 1 of 4 failed"
        save(ws / "katas" / "base62" / "base62.py", BASE62.solution.read_text())
        assert watcher.wait_for_verdict() == "pykata watch: base62 level 4 of 4 passed"
        assert "  level 4  passed  Bytes" in watcher.seen
    finally:
        watcher.stop()


def test_a_syntax_error_mid_edit_is_an_error_verdict_and_the_watch_goes_on(ws):
    mine = ws / "katas" / "base62" / "base62.py"
    watcher = Watcher(ws)
    try:
        watcher.wait_for_verdict()
        save(mine, "def encode(n):\n    return (\n")
        assert watcher.wait_for_verdict() == "pykata watch: base62 level 1 of 4 error"
        assert any("does not compile" in line and "line 2" in line for line in watcher.seen)
        save(mine, BASE62.solution.read_text())
        assert watcher.wait_for_verdict() == "pykata watch: base62 level 4 of 4 passed"
        # The run's own progress recording happened, as for any `pytest --kata` run.
        progress = json.loads((ws / ".pykata" / "progress.json").read_text())
        assert progress["katas"]["base62"]["highest_level_passed"] == 4
    finally:
        watcher.stop()


def test_ctrl_c_stops_the_watcher_with_status_0_and_no_run_left_behind(ws):
    watcher = Watcher(ws)
    try:
        watcher.wait_for_verdict()
        # A save starts a run; interrupt while it (or the prepared next one) is alive.
        save(ws / "katas" / "base62" / "base62.py", BASE62.solution.read_text())
        time.sleep(0.5)
        watcher.proc.send_signal(signal.SIGINT)
        assert watcher.proc.wait(timeout=30) == 0
        assert "pykata watch: stopped watching base62" in watcher.rest()
        end = time.monotonic() + 10
        while processes_in(ws) and time.monotonic() < end:
            time.sleep(0.1)
        assert processes_in(ws) == []
    finally:
        watcher.stop()


def test_a_run_cancelled_by_a_newer_save_gives_the_newer_verdict(ws):
    mine = ws / "katas" / "base62" / "base62.py"
    watcher = Watcher(ws)
    try:
        watcher.wait_for_verdict()
        save(mine, "def encode(n):\n    return (\n")
        time.sleep(0.3)  # the syntax-error run has started; this save makes it stale
        save(mine, BASE62.solution.read_text())
        verdict = watcher.wait_for_verdict()
        if verdict.endswith("error"):  # the first run was quick enough to finish: fine
            verdict = watcher.wait_for_verdict()
        assert verdict == "pykata watch: base62 level 4 of 4 passed"
    finally:
        watcher.stop()


# -- reading pytest's output -----------------------------------------------------------------------

OUTPUT = """\
============================= FAILURES =============================
___________________ test_encode_zero_is_first_digit ___________________
base62 · level 1 “Round trip” · failed
Rule: encode(0) is ALPHABET[0]
----------------------------- Captured stdout call -----------------------------
noise
_______________________________ test_round_trip ________________________________
base62 · level 1 “Round trip” · failed
Rule: decode(encode(n)) == n
______ ERROR at setup of test_decode_reads_the_positional_numeral ______
Could not judge: base62.py does not compile
==================================== pykata ====================================
"""


def test_the_explanation_is_the_block_of_the_first_failing_spec():
    assert watch.explanation(OUTPUT, "test_round_trip") == (
        "base62 · level 1 “Round trip” · failed\nRule: decode(encode(n)) == n"
    )
    assert watch.explanation(OUTPUT, "test_encode_zero_is_first_digit") == (
        "base62 · level 1 “Round trip” · failed\nRule: encode(0) is ALPHABET[0]"
    )
    assert watch.explanation(OUTPUT, "test_decode_reads_the_positional_numeral") == (
        "Could not judge: base62.py does not compile"
    )
    assert watch.explanation(OUTPUT, "unknown").startswith("base62 · level 1")
    assert watch.explanation("1 passed", "x") is None


def _finished_run(tmp_path: Path, document: dict | None, output: str = "") -> watch.Run:
    proc = subprocess.Popen([sys.executable, "-c", "raise SystemExit(4)"])
    proc.wait()
    run = watch.Run(1, proc, tmp_path / "out", tmp_path / "r.json", started_at=time.monotonic())
    run.output.write_text(output)
    if document is not None:
        run.json_path.write_text(json.dumps(document))
    return run


def _levels(*statuses: str) -> list[dict]:
    return [
        {
            "level": n,
            "title": f"L{n}",
            "status": s,
            "specs": [{"name": f"t{n}", "status": s, "message": f"m{n}"}],
        }
        for n, s in enumerate(statuses, start=1)
    ]


@pytest.mark.parametrize(
    ("statuses", "line"),
    [
        (("passed",) * 4, "base62 level 4 of 4 passed"),
        (("passed", "failed", "locked", "locked"), "base62 level 2 of 4 failed"),
        (("error", "locked", "locked", "locked"), "base62 level 1 of 4 error"),
    ],
)
def test_the_verdict_line_names_the_first_level_that_did_not_pass(tmp_path, statuses, line):
    document = {"version": 1, "katas": [{"kata": "base62", "levels": _levels(*statuses)}]}
    outcome = watch.read_outcome(_finished_run(tmp_path, document), "base62")
    assert outcome.verdict_line == f"pykata watch: {line}"
    if statuses[0] != "passed" or "failed" in statuses:
        assert outcome.explanation is not None  # the JSON message when pytest printed none


def test_a_run_without_results_is_reported_with_pytests_exit_status(tmp_path):
    run = _finished_run(tmp_path, None, "ERROR: something went wrong\n")
    outcome = watch.read_outcome(run, "base62")
    assert outcome.verdict_line == (
        "pykata watch: base62 could not be judged (pytest exited with status 4)"
    )
    assert "something went wrong" in outcome.output_tail


def test_the_run_command_passes_the_json_path_with_an_equals_sign(tmp_path):
    args = watch.pytest_args("base62", tmp_path / "r.json")
    assert f"--kata-json={tmp_path / 'r.json'}" in args
    assert args[:2] == ["--kata", "base62"]
