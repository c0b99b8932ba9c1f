"""Proving a kata pack's specs: the one command a kata author runs before shipping.

For every kata of a pack (a folder holding ``katas/``, ``solutions/`` and, in its project,
``tests/corpus/<slug>/{buggy,correct}/``), ``verify_pack`` checks that

- the kata definition loads (``kata.toml``, the files it names);
- the reference solution passes every level, and every level has at least one spec;
- the starter stub fails level 1 (``failed``, not ``error``: it must import and define the
  level-1 names, leaving the learner work to do, not a broken file);
- the visible sample test passes against the reference and fails against the starter;
- every buggy corpus entry passes the levels below its label and fails the labelled one;
- every correct corpus entry passes every level.

Each check is a real ``pytest --kata`` session in a fresh temporary workspace, run in a
subprocess (several at once), exactly as a learner would run it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pytest_pykata.catalog import Catalog, Kata, load_catalog, local_pack
from pytest_pykata.scaffold import PackLayout

RUN_TIMEOUT = 600  # seconds for one pytest session: a hung spec has --kata-timeout anyway
CORPUS_HEADER = re.compile(
    r"#\s*pykata-corpus:\s*(?P<kind>buggy|correct)(?:\s+level=(?P<level>\d+))?"
)
"""The first-lines header of a corpus entry: ``# pykata-corpus: buggy level=2``."""


@dataclass
class Check:
    """One thing ``verify`` proves about a kata, and how it went."""

    kata: str
    name: str
    ok: bool | None = None  # None until it ran
    detail: str = ""
    output: str = ""  # the tail of the pytest session, shown when the check fails


@dataclass
class KataReport:
    """The checks of one kata (or the reason it could not be checked)."""

    slug: str
    checks: list[Check] = field(default_factory=list)
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None and all(c.ok for c in self.checks)


@dataclass(frozen=True)
class CorpusEntry:
    """A corpus file and what its header says the specs must make of it."""

    path: Path
    kind: str  # "buggy" | "correct"
    level: int | None


def read_corpus(folder: Path) -> tuple[list[CorpusEntry], list[str]]:
    """The entries of ``folder/{buggy,correct}/*.py``, and one problem per unreadable header."""
    found: list[CorpusEntry] = []
    problems: list[str] = []
    for kind in ("buggy", "correct"):
        for path in sorted((folder / kind).glob("*.py")):
            head = path.read_text(encoding="utf-8", errors="replace").splitlines()[:5]
            match = next((m for m in map(CORPUS_HEADER.match, map(str.strip, head)) if m), None)
            if match is None or match["kind"] != kind:
                problems.append(
                    f"{path}: its first lines need '# pykata-corpus: {kind}"
                    + (" level=N'" if kind == "buggy" else "'")
                )
            elif kind == "buggy" and match["level"] is None:
                problems.append(f"{path}: a buggy entry needs level=N in its header")
            else:
                level = int(match["level"]) if match["level"] else None
                found.append(CorpusEntry(path, kind, level))
    return found, problems


def _env() -> dict[str, str]:
    # The author's own pytest settings must not change what a learner's session would do.
    return {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYKATA_"))}


def _workspace(tmp: Path, pack: PackLayout, kata: Kata, code: str, sample: bool) -> Path:
    folder = tmp / "katas" / kata.slug
    folder.mkdir(parents=True)
    (folder / f"{kata.slug}.py").write_text(code, encoding="utf-8")
    if sample:
        (folder / f"test_{kata.slug}.py").write_bytes(kata.sample_test.read_bytes())
    (tmp / "pytest.ini").write_text(f"[pytest]\nkata_packs = {pack.root}\n", encoding="utf-8")
    return tmp


def _run(args: list[str], cwd: Path) -> tuple[int, str]:
    command = [sys.executable, "-m", "pytest", "-p", "no:randomly", "-p", "no:cacheprovider"]
    try:
        done = subprocess.run(
            [*command, *args],
            cwd=cwd,
            env=_env(),
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return -1, f"the pytest session ran past {RUN_TIMEOUT} s and was stopped"
    return done.returncode, done.stdout + done.stderr


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _judge(pack: PackLayout, kata: Kata, code: str) -> tuple[dict[int, str], dict, str]:
    """Run ``pytest --kata`` on ``code``: (status per level, the JSON entry, the output)."""
    with tempfile.TemporaryDirectory(prefix=f"pykata-verify-{kata.slug}-") as tmp:
        ws = _workspace(Path(tmp), pack, kata, code, sample=False)
        ret, output = _run(
            ["--kata", kata.slug, "--kata-all-levels", "--kata-json", "r.json", "-q"], ws
        )
        result = ws / "r.json"
        if ret not in (0, 1):  # a usage error (4): a malformed definition, a bad pack
            errors = [line for line in output.splitlines() if line.startswith("ERROR:")]
            raise RuntimeError("; ".join(errors) or f"pytest exited with {ret}\n{_tail(output)}")
        if not result.is_file():
            raise RuntimeError(f"pytest exited with {ret} and wrote no results\n{_tail(output)}")
        (entry,) = json.loads(result.read_text(encoding="utf-8"))["katas"]
    return {lv["level"]: lv["status"] for lv in entry["levels"]}, entry, output


def _ladder(statuses: dict[int, str]) -> str:
    return ", ".join(f"level {n} {s}" for n, s in sorted(statuses.items()))


def _check_reference(pack: PackLayout, kata: Kata, check: Check) -> None:
    if kata.solution is None:
        check.ok = False
        check.detail = f"no reference solution: add {pack.solutions / (kata.slug + '.py')}"
        return
    statuses, entry, output = _judge(pack, kata, kata.solution.read_text(encoding="utf-8"))
    empty = [lv["level"] for lv in entry["levels"] if not lv["specs"]]
    if empty:
        check.ok = False
        check.detail = "no spec for level " + ", ".join(map(str, empty))
    else:
        check.ok = all(s == "passed" for s in statuses.values())
        check.detail = _ladder(statuses)
    check.output = "" if check.ok else _tail(output)


def _check_starter(pack: PackLayout, kata: Kata, check: Check) -> None:
    statuses, _, output = _judge(pack, kata, kata.starter.read_text(encoding="utf-8"))
    check.ok = statuses.get(1) == "failed"
    check.detail = f"level 1 {statuses.get(1)}" + (
        ""
        if check.ok
        else " (expected failed: the starter must import and define the "
        "level-1 names, and its functions may raise NotImplementedError)"
    )
    check.output = "" if check.ok else _tail(output)


def _check_sample(pack: PackLayout, kata: Kata, code: str, must_pass: bool, check: Check) -> None:
    with tempfile.TemporaryDirectory(prefix=f"pykata-verify-{kata.slug}-") as tmp:
        ws = _workspace(Path(tmp), pack, kata, code, sample=True)
        ret, output = _run(["-q", str(Path("katas") / kata.slug)], ws)
    check.ok = ret == 0 if must_pass else ret == 1
    check.detail = f"pytest exited with {ret}" + (
        "" if check.ok else (" (expected 0)" if must_pass else " (expected 1: a failing test)")
    )
    check.output = "" if check.ok else _tail(output)


def _check_entry(pack: PackLayout, kata: Kata, entry: CorpusEntry, check: Check) -> None:
    statuses, _, output = _judge(pack, kata, entry.path.read_text(encoding="utf-8"))
    if entry.kind == "correct":
        check.ok = all(s == "passed" for s in statuses.values())
    else:
        level = entry.level or 0
        lower_pass = all(s == "passed" for n, s in statuses.items() if n < level)
        check.ok = level in statuses and lower_pass and statuses[level] == "failed"
    check.detail = _ladder(statuses)
    check.output = "" if check.ok else _tail(output)


Work = tuple[Check, Callable[[Check], None]]


def _plan_kata(pack: PackLayout, kata: Kata, report: KataReport) -> list[Work]:
    """The checks of one kata, added to ``report``, and the jobs that fill them in."""
    work: list[Work] = []

    def add(name: str, run: Callable[[Check], None]) -> None:
        check = Check(kata.slug, name)
        report.checks.append(check)
        work.append((check, run))

    add("reference passes every level", lambda c: _check_reference(pack, kata, c))
    add("starter fails level 1", lambda c: _check_starter(pack, kata, c))
    if kata.solution is not None:
        reference = kata.solution.read_text(encoding="utf-8")
        add(
            "sample test passes the reference",
            lambda c: _check_sample(pack, kata, reference, True, c),
        )
    starter = kata.starter.read_text(encoding="utf-8")
    add("sample test fails the starter", lambda c: _check_sample(pack, kata, starter, False, c))
    entries, problems = read_corpus(pack.corpus / kata.slug)
    for text in problems:
        report.checks.append(Check(kata.slug, "corpus header", ok=False, detail=text))
    for entry in entries:
        label = (
            f"buggy {entry.path.stem} fails at level {entry.level}"
            if entry.kind == "buggy"
            else f"correct {entry.path.stem} passes every level"
        )
        add(label, lambda c, e=entry: _check_entry(pack, kata, e, c))
    if not entries and not problems:
        report.checks.append(
            Check(
                kata.slug,
                "corpus",
                ok=True,
                detail=f"none yet: add buggy and correct entries to {pack.corpus / kata.slug}",
            )
        )
    return work


def plan(pack: PackLayout, slugs: Iterable[str] = ()) -> tuple[list[KataReport], list[Work]]:
    """The reports to fill and the work to do: (reports, [(check, callable), ...])."""
    wanted = set(slugs)
    local = Catalog.from_packs([local_pack(pack.root)])
    installed = load_catalog(refresh=True, extra=(pack.root,))
    reports: list[KataReport] = []
    work: list[Work] = []
    for problem in local.problems:
        slug = problem.path.parent.name if problem.path.name == "kata.toml" else str(problem.path)
        if not wanted or slug in wanted:
            reports.append(KataReport(slug, problem=str(problem)))
    for kata in sorted(local, key=lambda k: k.slug):
        if wanted and kata.slug not in wanted:
            continue
        report = KataReport(kata.slug)
        reports.append(report)
        seen = installed.katas.get(kata.slug)
        if seen is None or seen.path.resolve() != kata.path.resolve():
            where = f"pack {seen.pack!r} at {seen.path}" if seen else "nothing"
            report.problem = (
                f"pytest --kata {kata.slug} would judge {where}, not {kata.path}: another "
                "installed pack has this slug (or a spec file of the same name); rename one"
            )
            continue

        work.extend(_plan_kata(pack, kata, report))
    return reports, work


def verify_pack(
    pack: PackLayout,
    slugs: Iterable[str] = (),
    jobs: int | None = None,
    on_done: Callable[[Check], None] | None = None,
) -> list[KataReport]:
    """Run every check of the pack's katas (``slugs`` only, if given), ``jobs`` at a time."""
    reports, work = plan(pack, slugs)

    def run(item: tuple[Check, Callable[[Check], None]]) -> None:
        check, job = item
        try:
            job(check)
        except Exception as exc:  # a broken session is a failed check, not a crashed verify
            check.ok, check.detail = False, f"{type(exc).__name__}: {exc}"
        if on_done is not None:
            on_done(check)

    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 2) as pool:
        list(pool.map(run, work))
    return reports
