"""pytest-xdist and pytest-randomly give the same ladder, JSON and progress as a serial run."""

from __future__ import annotations

import json

import pytest

from pytest_pykata.catalog import load_catalog

REFERENCE = load_catalog().get("base62").solution.read_text(encoding="utf-8")
LEVEL_TWO_BUG = REFERENCE.replace("isinstance(n, bool)", "False", 1)


def workspace(pytester: pytest.Pytester, code: str) -> None:
    folder = pytester.path / "katas" / "base62"
    folder.mkdir(parents=True)
    (folder / "base62.py").write_text(code)


def run(pytester: pytest.Pytester, *args: str) -> tuple[pytest.RunResult, dict, dict]:
    result = pytester.runpytest_subprocess(
        "--kata", "all", "--kata-json", "r.json", *args, timeout=300
    )
    document = json.loads((pytester.path / "r.json").read_text())
    progress = json.loads((pytester.path / ".pykata" / "progress.json").read_text())
    return result, document, progress


def comparable(progress: dict) -> dict:
    """Progress without the timestamps."""
    entry = progress["katas"]["base62"]
    return {
        "runs": entry["runs"],
        "highest_level_passed": entry["highest_level_passed"],
        "levels": {k: v["last_status"] for k, v in entry["levels"].items()},
    }


def ladder_lines(result: pytest.RunResult) -> list[str]:
    lines = result.stdout.lines
    start = next(n for n, line in enumerate(lines) if "= pykata =" in line)
    return [line for line in lines[start + 1 :] if line.startswith(("base62", "  level"))]


@pytest.mark.parametrize("code", [REFERENCE, LEVEL_TWO_BUG], ids=["correct", "level-2-bug"])
def test_xdist_gives_the_same_ladder_json_and_progress_as_a_serial_run(pytester, code):
    workspace(pytester, code)
    serial, serial_doc, serial_progress = run(pytester, "-p", "no:randomly")
    (pytester.path / ".pykata").rename(pytester.path / ".pykata-serial")
    parallel, parallel_doc, parallel_progress = run(pytester, "-p", "no:randomly", "-n", "2")
    assert parallel_doc == serial_doc
    assert comparable(parallel_progress) == comparable(serial_progress)
    assert ladder_lines(parallel) == ladder_lines(serial)
    assert parallel.ret == serial.ret


@pytest.mark.parametrize("seed", ["1", "2", "3"])
def test_random_order_does_not_break_level_order_or_locking(pytester, seed):
    workspace(pytester, LEVEL_TWO_BUG)
    result, document, _ = run(pytester, "-p", "randomly", f"--randomly-seed={seed}", "-v")
    statuses = [level["status"] for level in document["katas"][0]["levels"]]
    assert statuses == ["passed", "failed", "locked", "locked"]
    ran = [line for line in result.stdout.lines if line.startswith("kata:base62")]
    levels = [_level_of(line, document) for line in ran]
    assert levels == sorted(levels), "specs must run level by level"


def _level_of(line: str, document: dict) -> int:
    name = line.split("::")[-1].split()[0]
    for level in document["katas"][0]["levels"]:
        if any(spec["name"] == name for spec in level["specs"]):
            return level["level"]
    raise AssertionError(f"no spec named {name}")
