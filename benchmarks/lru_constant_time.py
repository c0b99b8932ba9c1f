"""Proof that the lru_cache level-2 check (constant time) holds on a loaded machine.

    python benchmarks/lru_constant_time.py              # 30 runs of each implementation
    python benchmarks/lru_constant_time.py --runs 10 --impl path/to/lru_cache.py

Runs the very check the hidden spec runs (``judge_constant_time`` of
``katas/lru_cache/spec_lru_cache.py``), each time in a freshly forked process as the plugin
does, against an O(1) cache (the reference solution) and O(n) ones (corpus entries), while one
process per core competes for the CPU and its caches (``--load thrash``, the default: random
writes over a 64 MB list; ``--load busy``: a plain busy loop). The implementations take turns
run by run, so they meet the same load. It prints, per implementation, how many runs passed
and failed, the ratios measured, and how long one check took (wall and CPU time of the forked
process).

The contract: 30/30 pass for the O(1) cache, 30/30 fail for every O(n) one. Not a test: run
it by hand (it takes a few minutes).
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "katas" / "lru_cache" / "spec_lru_cache.py"
CORPUS = ROOT / "tests" / "corpus" / "lru_cache"
DEFAULT = {
    "reference (O(1))": (ROOT / "solutions" / "lru_cache.py", "pass"),
    "l2_dict_next_iter (O(n) eviction)": (CORPUS / "buggy" / "l2_dict_next_iter.py", "fail"),
    "l2_list_of_keys (O(n))": (CORPUS / "buggy" / "l2_list_of_keys.py", "fail"),
}


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _one_check(checks, path: str, conn) -> None:
    """In a forked child: load the cache, run the check, send back what it saw."""
    wall, cpu = time.perf_counter(), time.process_time()
    cache = _load(Path(path), "lru_cache_under_test")
    timing = checks.judge_constant_time(cache.LRUCache)
    conn.send(
        {
            "failed": timing.failure is not None,
            "ratio": timing.ratio,
            "wall": time.perf_counter() - wall,
            "cpu": time.process_time() - cpu,
            "message": timing.failure,
        }
    )
    conn.close()


def run_check(checks, path: Path) -> dict:
    """One check in a forked child (the plugin runs every spec in one), the spec module loaded."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_one_check, args=(checks, str(path), child))
    process.start()
    child.close()
    result = parent.recv()
    process.join()
    return result


BUSY = "while True: pass"
# Random writes all over a 64 MB list: besides the CPU, this competes for the CPU caches and
# memory bandwidth, as a CI run's other workers do (a busy loop alone touches no memory).
THRASH = """
import random
r = random.Random(1)
a = [None] * (1 << 23)
idx = [r.randrange(1 << 23) for _ in range(1 << 16)]
while True:
    for i in idx:
        a[i] = i
"""


def load_processes(count: int, kind: str) -> list[subprocess.Popen]:
    """``count`` processes competing with the check for the whole run."""
    code = {"busy": BUSY, "thrash": THRASH}[kind]
    return [subprocess.Popen([sys.executable, "-c", code]) for _ in range(count)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--impl",
        action="append",
        default=[],
        metavar="PATH[:pass|fail]",
        help="an implementation to judge instead of the defaults, with its expected verdict",
    )
    parser.add_argument(
        "--load",
        choices=["thrash", "busy", "none"],
        default="thrash",
        help="what competes, one process per core: memory-thrashing loops (default), "
        "CPU-bound busy loops, or nothing",
    )
    args = parser.parse_args()

    impls = DEFAULT
    if args.impl:
        impls = {}
        for item in args.impl:
            path, _, expected = item.partition(":")
            impls[Path(path).stem] = (Path(path), expected or "pass")

    checks = _load(SPEC, "spec_lru_cache")
    cores = os.cpu_count() or 1
    # A SIGTERM (timeout, kill) must still stop the busy loops: make it unwind like Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    loops = [] if args.load == "none" else load_processes(cores, args.load)
    print(
        f"{args.runs} runs per implementation, {len(loops)} {args.load} process(es) on "
        f"{cores} core(s), "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    results: dict[str, list[dict]] = {name: [] for name in impls}
    started = time.perf_counter()
    try:
        for run in range(args.runs):
            for name, (path, _) in impls.items():
                outcome = run_check(checks, path)
                results[name].append(outcome)
                if outcome["failed"] != (impls[name][1] == "fail"):
                    print(f"  run {run + 1}: {name} UNEXPECTED: {outcome['message']}")
            print(f"  run {run + 1}/{args.runs} done", file=sys.stderr)
    finally:
        for loop in loops:
            loop.kill()
        for loop in loops:
            loop.wait()

    took = time.perf_counter() - started
    print(f"load average at the end {os.getloadavg()[0]:.1f}, took {took:.0f} s")
    good = True
    for name, outcomes in results.items():
        expected = impls[name][1]
        failed = sum(o["failed"] for o in outcomes)
        passed = len(outcomes) - failed
        ratios = sorted(o["ratio"] for o in outcomes)
        walls = [o["wall"] for o in outcomes]
        cpus = [o["cpu"] for o in outcomes]
        ok = (failed if expected == "fail" else passed) == len(outcomes)
        good &= ok
        print(
            f"{name:<36} passed {passed:2d}/{len(outcomes)}  failed {failed:2d}/{len(outcomes)}"
            f"  (expected: all {expected})  {'OK' if ok else 'WRONG'}\n"
            f"{'':<36} ratio min {ratios[0]:.1f}x median {statistics.median(ratios):.1f}x "
            f"max {ratios[-1]:.1f}x; one check took wall median {statistics.median(walls):.2f} s "
            f"max {max(walls):.2f} s, CPU median {statistics.median(cpus):.2f} s "
            f"max {max(cpus):.2f} s"
        )
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
