"""Save-to-verdict latency of ``pykata watch``: from writing a correct file to the green line.

    python benchmarks/watch_latency.py                  # base62, 7 rounds
    python benchmarks/watch_latency.py --rounds 11 --settle 3

In a fresh temporary workspace it starts the kata, runs ``pykata watch <slug>``, then round
by round saves the starter (waits for the red verdict), waits ``--settle`` seconds (a learner
takes longer than that between saves, and the watcher uses the pause to prepare its next
run), saves the reference solution and times until ``pykata watch: <slug> level n of n
passed`` is printed. For comparison it times a cold ``python -m pytest --kata <slug> -q`` on
the same solution, interleaved with the rounds. Target for base62: median <= 1.5 s.

The machines are shared and noisy: the load average is printed with the numbers.
``--boost`` (Linux, root) gives the benchmark, the watcher and every run it starts the
highest scheduling priority (nice and autogroup -19), which approximates an idle machine on
a busy one; compare like with like. Not a test: run it by hand.

Measured for base62 on the 2-core development machine, quiet (load average about 1), with
``PYTHONDONTWRITEBYTECODE=`` (bytecode kept, as on a normal machine), ``--rounds 5``: save ->
green median 1.30 s (min 1.17 s); cold ``python -m pytest --kata base62 -q`` median 1.65 s.

Earlier, shared (load average 10-13):

- ``--boost --rounds 9``: save -> green median 2.51 s (min 2.24 s); cold
  ``python -m pytest --kata base62 -q`` median 3.78 s (min 3.47 s).
- ``--boost --rounds 7``: median 2.39 s (min 2.09 s); cold median 3.82 s.
- without ``--boost`` (three runs of 5 rounds): medians 8.1, 9.0 and 8.7 s; cold 11.4, 12.5
  and 12.6 s.

What is left after a save is the hidden specs themselves: in-process their calls add up to
~2.3 s of CPU for base62 (the stateful shortener spec alone 0.35 s), and pykata runs at most
two specs of a level at a time. The watcher's own share (debounce 50 ms, starting the
prepared run, the end of the pytest session, reading the results) is ~0.15 s. Imports,
configuration and collection (~1.3 s of a cold run) happen before the save.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BIN = Path(sys.executable).parent
PREFIX = "pykata watch:"


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}


def _save(path: Path, text: str) -> float:
    """Save like an editor (temporary file, rename); the time the file appeared."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text)
    start = time.perf_counter()
    tmp.replace(path)
    return start


class Watch:
    def __init__(self, root: Path, slug: str) -> None:
        self.proc = subprocess.Popen(
            [str(BIN / "pykata"), "watch", slug],
            cwd=root,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=_env(),
        )
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put((time.perf_counter(), line.rstrip("\n")))

    def verdict(self, timeout: float = 120.0) -> tuple[float, str]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                at, line = self.lines.get(timeout=0.5)
            except queue.Empty:
                continue
            if line.startswith(PREFIX) and " level " in line:
                return at, line
        raise TimeoutError(f"no verdict within {timeout} s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _boost(pid: int) -> None:
    """Highest priority for ``pid`` and its session's autogroup (Linux, root; best effort)."""
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, pid, -19)
    with contextlib.suppress(OSError):
        Path(f"/proc/{pid}/autogroup").write_text("-19")


def _boost_descendants(top: int, stop: threading.Event) -> None:
    """Boost every process below ``top`` as it appears (runs live in sessions of their own)."""
    boosted: set[int] = set()
    while not stop.is_set():
        parents: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError, ValueError, IndexError):
                    stat = (entry / "stat").read_text()
                    parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        for pid in parents:
            if pid in boosted:
                continue
            ancestor = parents.get(pid)
            while ancestor not in (None, 0, 1, top):
                ancestor = parents.get(ancestor)
            if ancestor == top:
                _boost(pid)
                boosted.add(pid)
        stop.wait(0.02)


def _cold_run(root: Path, slug: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pytest", "--kata", slug, "-q"],
        cwd=root,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kata", default="base62")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--settle", type=float, default=4.0, help="seconds between saves")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold pytest runs")
    parser.add_argument(
        "--boost", action="store_true", help="highest priority for everything measured (root)"
    )
    args = parser.parse_args()
    stop = threading.Event()
    if args.boost:
        _boost(os.getpid())
        threading.Thread(target=_boost_descendants, args=(os.getpid(), stop), daemon=True).start()

    from pytest_pykata.catalog import load_catalog

    kata = load_catalog().get(args.kata)
    assert kata.solution is not None, f"{kata.slug} has no reference solution"
    root = Path(tempfile.mkdtemp(prefix="pykata-watch-bench-"))
    watch = None
    try:
        subprocess.run(
            [str(BIN / "pykata"), "start", kata.slug, "--dir", str(root)],
            check=True,
            stdout=subprocess.DEVNULL,
            env=_env(),
        )
        mine = root / "katas" / kata.slug / f"{kata.slug}.py"
        starter, solution = kata.starter.read_text(), kata.solution.read_text()
        watch = Watch(root, kata.slug)
        print("first run:", watch.verdict()[1])
        warm: list[float] = []
        cold: list[float] = []
        for n in range(1, args.rounds + 1):
            _save(mine, starter)
            red = watch.verdict()[1]
            time.sleep(args.settle)
            saved = _save(mine, solution)
            at, green = watch.verdict()
            assert green.endswith("passed"), green
            warm.append(at - saved)
            if not args.no_cold:
                time.sleep(args.settle)  # let the watcher's prepared process settle
                cold.append(_cold_run(root, kata.slug))
            extra = f"  cold pytest run {cold[-1]:.3f} s" if cold else ""
            red = red[len(PREFIX) :].strip()
            print(f"round {n}: save -> green {warm[-1]:.3f} s ({red}){extra}")
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        boost = ", boosted priority" if args.boost else ""
        print(f"\n{kata.slug}: save -> verdict over {len(warm)} rounds, load average {load}{boost}")
        print(
            f"  pykata watch     median {statistics.median(warm):.3f} s  "
            f"min {min(warm):.3f} s  max {max(warm):.3f} s  (target <= 1.5 s)"
        )
        if cold:
            print(
                f"  cold pytest run  median {statistics.median(cold):.3f} s  "
                f"min {min(cold):.3f} s  max {max(cold):.3f} s  (python -m pytest --kata, "
                "for comparison)"
            )
    finally:
        stop.set()
        if watch is not None:
            watch.stop()
        with contextlib.suppress(OSError):
            shutil.rmtree(root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
