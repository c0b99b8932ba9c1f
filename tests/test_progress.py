"""The progress store survives crashes, parallel writers and corrupt files, losing nothing."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pytest_pykata.catalog import load_catalog
from pytest_pykata.progress import ProgressStore, run_event

REFERENCE = load_catalog().get("base62").solution.read_text(encoding="utf-8")


def test_a_run_is_journaled_and_snapshotted(tmp_path):
    store = ProgressStore(tmp_path)
    store.record(run_event("base62", {1: "passed", 2: "failed"}, 1, 4))
    store.record(run_event("base62", {1: "passed", 2: "passed", 3: "failed"}, 2, 4))
    entry = store.kata("base62")
    assert entry["runs"] == 2
    assert entry["highest_level_passed"] == 2
    assert entry["levels"]["2"]["last_status"] == "passed"
    assert "first_passed" in entry["levels"]["1"] and "first_passed" not in entry["levels"]["3"]
    assert len(store.read_journal()) == 2


@pytest.mark.parametrize(
    "damage",
    [b"{not json", b"", b'{"version": 1, "katas": []}', b"\x00\xff\xfe", b'{"version": 99}'],
    ids=["garbage", "empty", "wrong-shape", "binary", "wrong-version"],
)
def test_a_corrupt_snapshot_is_set_aside_and_rebuilt_from_the_journal(tmp_path, damage):
    store = ProgressStore(tmp_path)
    store.record(run_event("base62", {1: "passed"}, 1, 4))
    store.snapshot_path.write_bytes(damage)
    fresh = ProgressStore(tmp_path)
    assert fresh.kata("base62")["highest_level_passed"] == 1
    kept = list(store.folder.glob("progress.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == damage
    assert any("kept it as progress.json.corrupt-" in w for w in fresh.warnings)
    assert json.loads(store.snapshot_path.read_text())["katas"]["base62"]["runs"] == 1


def test_a_torn_journal_line_is_skipped_and_the_next_event_starts_a_fresh_line(tmp_path):
    store = ProgressStore(tmp_path)
    store.record(run_event("base62", {1: "passed"}, 1, 4))
    with open(store.journal_path, "ab") as journal:
        journal.write(b'{"event": "run", "kata": "base62", "lev')  # a crash mid-write
    store.snapshot_path.unlink()
    store.record(run_event("base62", {1: "passed", 2: "passed"}, 2, 4))
    assert [e["highest_level_passed"] for e in store.read_journal()] == [1, 2]
    assert store.kata("base62")["runs"] == 2


def _hammer(root: str, n: int) -> None:
    store = ProgressStore(Path(root))
    for _ in range(n):
        store.record(run_event("base62", {1: "passed"}, 1, 4))


def test_parallel_writers_lose_no_run(tmp_path):
    workers = [
        multiprocessing.get_context("fork").Process(target=_hammer, args=(str(tmp_path), 25))
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    store = ProgressStore(tmp_path)
    assert store.kata("base62")["runs"] == 100
    assert len(store.read_journal()) == 100


def test_sigkill_in_the_middle_of_runs_never_leaves_a_broken_file(pytester):
    folder = pytester.path / "katas" / "base62"
    folder.mkdir(parents=True)
    (folder / "base62.py").write_text(REFERENCE)
    store = ProgressStore(pytester.path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    for delay in (0.3, 0.8, 1.5, 2.5, 4.0, 6.0):
        process = subprocess.Popen(
            [sys.executable, "-m", "pytest", "--kata", "base62", "-q", "-p", "no:randomly"],
            cwd=pytester.path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)
        if store.snapshot_path.exists():
            json.loads(store.snapshot_path.read_text())  # always whole
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "--kata", "base62", "-q", "-p", "no:randomly"],
        cwd=pytester.path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stdout
    assert not ProgressStore(pytester.path).warnings
    assert store.kata("base62")["highest_level_passed"] == 4


def test_the_plugin_warns_about_a_corrupt_progress_file_and_keeps_it(pytester):
    folder = pytester.path / "katas" / "base62"
    folder.mkdir(parents=True)
    (folder / "base62.py").write_text(REFERENCE)
    (pytester.path / ".pykata").mkdir()
    (pytester.path / ".pykata" / "progress.json").write_text("{truncated")
    result = pytester.runpytest("--kata", "base62", "-p", "no:randomly")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*progress.json is not valid JSON*kept it as*rebuilt*"])
    assert list((pytester.path / ".pykata").glob("progress.json.corrupt-*"))
