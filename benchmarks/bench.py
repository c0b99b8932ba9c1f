"""Benchmarks of pykata's cost, as ratios measured side by side in one run.

    python benchmarks/bench.py                 # both benchmarks, 7 rounds
    python benchmarks/bench.py --rounds 11 --katas base62 lru_cache

1. plain: a plain pytest run of a small project (no --kata) with the plugin installed,
   against the same run with ``-p no:pykata``. Target: within 2%.
2. kata: ``pytest --kata <slug>`` on the reference solution, against a trivial one-test
   pytest run in the same environment. Target: within 1.5x.

The machines are shared and noisy, so the commands are interleaved round by round and the
ratio of medians is reported (with the min ratio too). Not a test: run it by hand.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLAIN_TESTS = 200


def _timed(cmd: list[str], cwd: Path) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    # As on a normal machine: Python keeps compiled bytecode and pytest its rewritten asserts.
    # (This machine sets PYTHONDONTWRITEBYTECODE, which makes every run recompile the plugin's
    # modules: a cost no user pays, that the -p no:pykata baseline does not pay either.)
    env["PYTHONDONTWRITEBYTECODE"] = ""
    start = time.perf_counter()
    subprocess.run(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    return time.perf_counter() - start


def _rounds(commands: dict[str, tuple[list[str], Path]], rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for cmd, cwd in commands.values():  # warm-up: caches, .pyc files
        _timed(cmd, cwd)
    for _ in range(rounds):
        for name, (cmd, cwd) in commands.items():
            times[name].append(_timed(cmd, cwd))
    return times


def _report(title: str, times: dict[str, list[float]], base: str, target: str) -> None:
    print(f"\n{title}")
    base_median = statistics.median(times[base])
    for name, values in times.items():
        median = statistics.median(values)
        ratio = median / base_median
        print(
            f"  {name:<40} median {median:6.3f} s  min {min(values):6.3f} s  "
            f"ratio {ratio:5.3f}  (target {target})"
            if name != base
            else f"  {name:<40} median {median:6.3f} s  min {min(values):6.3f} s  (baseline)"
        )


def bench_plain(rounds: int, work: Path) -> None:
    project = work / "plain"
    project.mkdir()
    (project / "test_many.py").write_text(
        "import pytest\n\n"
        f"@pytest.mark.parametrize('n', range({PLAIN_TESTS}))\n"
        "def test_n(n):\n    assert n >= 0\n"
    )
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider"]
    times = _rounds(
        {
            "plugin installed": (pytest, project),
            "-p no:pykata": ([*pytest, "-p", "no:pykata"], project),
        },
        rounds,
    )
    _report(f"plain pytest run, {PLAIN_TESTS} tests, no --kata", times, "-p no:pykata", "<= 1.02")


def bench_katas(rounds: int, work: Path, slugs: list[str]) -> None:
    from pytest_pykata.catalog import load_catalog

    catalog = load_catalog()
    trivial = work / "trivial"
    trivial.mkdir()
    (trivial / "test_one.py").write_text("def test_one():\n    pass\n")
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly"]
    commands: dict[str, tuple[list[str], Path]] = {"trivial one-test run": (pytest, trivial)}
    for slug in slugs:
        kata = catalog.get(slug)
        workspace = work / f"ws_{slug}"
        (workspace / "katas" / slug).mkdir(parents=True)
        shutil.copy(kata.solution, workspace / "katas" / slug / f"{slug}.py")
        commands[f"pytest --kata {slug}"] = ([*pytest, "--kata", slug], workspace)
    times = _rounds(commands, rounds)
    _report(
        "pytest --kata <slug> on the reference solution", times, "trivial one-test run", "<= 1.5"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--katas", nargs="*", default=None, help="default: every kata")
    parser.add_argument("--only", choices=["plain", "kata"], default=None)
    args = parser.parse_args()
    from pytest_pykata.catalog import load_catalog

    slugs = args.katas or [k.slug for k in load_catalog()]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, load {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.only in (None, "plain"):
            bench_plain(args.rounds, work)
        if args.only in (None, "kata"):
            bench_katas(args.rounds, work, slugs)


if __name__ == "__main__":
    main()
