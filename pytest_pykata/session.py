"""One ``--kata`` run: the plugin object registered only when ``--kata`` is given.

It selects the katas, hangs their hidden specs below the session, orders them level by level,
locks the levels above a failure, runs specs in a forked child with a time limit, turns
failures into explanations, and at the end (on the controller only) prints the ladder,
writes the JSON and records progress.
"""

from __future__ import annotations

import json
import os
import re
import signal
import threading
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from pytest_pykata import explain
from pytest_pykata.catalog import Kata, load_catalog
from pytest_pykata.collect import (
    SpecInfo,
    check_levels_have_specs,
    collectors_for,
    kata_of_nodeid,
    spec_info,
)
from pytest_pykata.errors import KataNotStartedError, PykataError
from pytest_pykata.options import KataOptions, read_options
from pytest_pykata.progress import ProgressStore, run_event
from pytest_pykata.verdict import (
    KataVerdict,
    SpecOutcome,
    build_verdict,
    ladder_lines,
    lock_above_failure,
    results_document,
)
from pytest_pykata.workspace import learner_file, load_learner_module

SESSION_KEY = pytest.StashKey["KataSession"]()
LOCKED_PREFIX = "locked: "
HYPOTHESIS_DIR = "hypothesis"


def _started_katas(options: KataOptions, katas: dict[str, Kata]) -> list[Kata]:
    return [k for k in katas.values() if learner_file(options.kata_dir, k.slug).is_file()]


def select_katas(options: KataOptions) -> list[Kata]:
    """The katas ``--kata`` names, validated; raise pytest.UsageError otherwise."""
    catalog = load_catalog(extra=options.packs)
    chosen: list[Kata] = []
    for slug in options.requested:
        if slug == "all":
            started = _started_katas(options, catalog.katas)
            if not started:
                raise pytest.UsageError(
                    f"--kata all: no kata is started in {options.kata_dir}; "
                    "start one with `pykata start <slug>` (`pykata list` shows them)"
                )
            chosen.extend(k for k in started if k not in chosen)
            continue
        try:
            kata = catalog.get(slug)
        except PykataError as exc:
            raise pytest.UsageError(f"--kata {slug}: {exc}") from None
        if not learner_file(options.kata_dir, kata.slug).is_file():
            raise pytest.UsageError(
                str(KataNotStartedError(kata.slug, learner_file(options.kata_dir, kata.slug)))
            )
        if kata not in chosen:
            chosen.append(kata)
    if options.level_cap is not None:
        most = max(len(k.levels) for k in chosen)
        if options.level_cap > most:
            names = ", ".join(k.slug for k in chosen)
            raise pytest.UsageError(
                f"--kata-level {options.level_cap}: {names} has levels 1 to {most}"
            )
    return chosen


class KataSession:
    """The pytest plugin object of one ``--kata`` run."""

    def __init__(self, config: pytest.Config, options: KataOptions, katas: list[Kata]) -> None:
        self.config = config
        self.options = options
        self.katas = {k.slug: k for k in katas}
        self.is_worker = hasattr(config, "workerinput")
        self.outcomes: dict[str, dict[str, SpecOutcome]] = {k.slug: {} for k in katas}
        self.blocked_at: dict[str, int] = {}
        self.verdicts: list[KataVerdict] = []
        self.warnings: list[str] = []
        self._modules: dict[str, Any] = {}
        self._states: dict[str, Any] = {}
        self._runner: Any = None
        self._broken: dict[str, tuple[int, str, bool]] = {}
        self.collect_errors: dict[str, str] = {}
        self._baseline: Any = None
        self._collected: dict[str, list[pytest.Item]] = {}

    # -- configuration and collection ------------------------------------------------------
    @classmethod
    def configure(cls, config: pytest.Config) -> KataSession:
        """Validate the options, choose the katas, prepare Hypothesis, register the plugin."""
        options = read_options(config)
        katas = select_katas(options)
        session = cls(config, options, katas)
        if config.args_source != pytest.Config.ArgsSource.ARGS:
            # `pytest --kata x` with no paths runs only the hidden specs.
            config.args = []
        from pytest_pykata import spec

        database = options.root / ".pykata" / HYPOTHESIS_DIR
        spec._register_profile(str(database))
        config.stash[SESSION_KEY] = session
        return session

    @pytest.hookimpl(wrapper=True)
    def pytest_make_collect_report(self, collector: pytest.Collector) -> Generator[None, Any, Any]:
        report = yield
        if isinstance(collector, pytest.Session) and report.passed:
            report.result.extend(collectors_for(collector, self.katas.values()))
        return report

    def pytest_itemcollected(self, item: pytest.Item) -> None:
        # Every spec as collected, before -k or -m deselect any: a level without specs is a
        # malformed kata, a level whose specs were deselected is not.
        info = spec_info(item)
        if info is not None:
            self._collected.setdefault(info.kata, []).append(item)

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(
        self, session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        order = {slug: i for i, slug in enumerate(self.katas)}
        others = [i for i in items if spec_info(i) is None]
        specs = [i for i in items if spec_info(i) is not None]
        for kata in self.katas.values():
            try:
                check_levels_have_specs(kata, self._collected.get(kata.slug, []))
            except PykataError as exc:
                raise pytest.UsageError(f"malformed kata definition: {exc}") from None
        position = {id(item): n for n, item in enumerate(specs)}
        specs.sort(key=lambda i: (order[spec_info(i).kata], spec_info(i).level, position[id(i)]))
        cap = self.options.level_cap
        if cap is not None:
            dropped = [i for i in specs if spec_info(i).level > cap]
            specs = [i for i in specs if spec_info(i).level <= cap]
            if dropped:
                config.hook.pytest_deselected(items=dropped)
        items[:] = others + specs

    # -- locking -----------------------------------------------------------------------------
    def lock_reason(self, info: SpecInfo) -> str | None:
        """Why this spec must not run now because a lower level failed, or None."""
        if self.options.all_levels:
            return None
        blocked = self.blocked_at.get(info.kata)
        if blocked is not None and info.level > blocked:
            return (
                f"{LOCKED_PREFIX}level {blocked} did not pass; pass it to unlock level {info.level}"
            )
        return None

    def broken_reason(self, info: SpecInfo) -> str | None:
        """Why this spec is not run because an earlier one hung or crashed, or None."""
        broken = self._broken.get(info.kata)
        if broken is None:
            return None
        level, reason, whole_kata = broken
        return reason if whole_kata or level == info.level else None

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        slug = kata_of_nodeid(report.nodeid)
        if report.failed and slug in self.outcomes:
            text = str(report.longrepr).strip().splitlines()
            self.collect_errors.setdefault(
                slug, f"the hidden specs could not be collected: {text[-1] if text else ''}"
            )

    def note_broken(self, slug: str, level: int, reason: str, whole_kata: bool) -> None:
        """Remember that a spec of ``slug`` hung or crashed, so its siblings are not run."""
        self._broken.setdefault(slug, (level, reason, whole_kata))

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        info = spec_info(item)
        if info is None:
            return
        reason = self.lock_reason(info)
        if reason:
            pytest.skip(reason)
        if self._baseline is None:
            from pytest_pykata import integrity

            self._baseline = integrity.take_baseline()

    # -- running -----------------------------------------------------------------------------
    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> Any:
        info = spec_info(item)
        if info is None:
            return None
        if self.lock_reason(info):
            if self._runner is not None:
                self._runner.discard(item)  # it may have been started ahead
            return None  # pytest's own protocol: a locked spec is skipped at setup
        broken = self.broken_reason(info)
        if broken is None and not self.options.isolate:
            return None
        from pytest_pykata import isolation

        ihook = item.ihook
        ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
        if broken is not None:
            if self._runner is not None:
                self._runner.discard(item)  # it may have been started ahead
            reports = [isolation.error_report(item, info, f"not run: {broken}")]
        else:
            if self._runner is None:
                self._runner = isolation.ForkedRunner(
                    self.config, self.options.timeout, parallel=self._parallelism()
                )
            reports = self._runner.run(item, info, self, nextitem)
        for report in reports:
            ihook.pytest_runtest_logreport(report=report)
        ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
        return True

    def _parallelism(self) -> int:
        # xdist workers already share the cores; a plain run may use a second one.
        if self.is_worker:
            return 1
        return 2 if (os.cpu_count() or 1) >= 2 else 1

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, None, None]:
        info = spec_info(item)
        if info is None or self.options.isolate or not _can_alarm():
            return (yield)

        # In-process runs have no child to kill: interrupt the spec with SIGALRM instead.
        def on_alarm(signum: int, frame: Any) -> None:
            raise explain.LearnerTimeout(
                f"timed out in {info.name} after {self.options.timeout:g} s"
            )

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, self.options.timeout)
        try:
            return (yield)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    def learner_module(self, kata: Kata) -> Any:
        """The learner's module for ``kata``, loaded once per process (or its load error)."""
        cached = self._modules.get(kata.slug)
        if cached is None:
            try:
                cached = load_learner_module(
                    kata.slug, learner_file(self.options.kata_dir, kata.slug)
                )
            except PykataError as exc:
                cached = exc
            else:
                from pytest_pykata.module_state import ModuleState

                self._states[kata.slug] = ModuleState.capture(cached)
            self._modules[kata.slug] = cached
        if isinstance(cached, BaseException):
            raise cached
        return cached

    def module_reset(self, kata: Kata) -> Any:
        """What puts the learner's module back in its just-imported state (per example)."""
        return self._states[kata.slug].restore

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
        report = yield
        info = spec_info(item)
        if info is None:
            return report
        report.sections = _without_shrink_warnings(report.sections)
        status, message = "passed", ""
        if report.skipped:
            reason = _skip_reason(report)
            status = "locked" if reason.startswith(LOCKED_PREFIX) else "skipped"
            message = reason
        elif report.failed and call.excinfo is not None:
            kata = self.katas[info.kata]
            learner = (getattr(item, "funcargs", None) or {}).get("learner")
            recorder = getattr(learner, "recorder", None)
            folder = learner_file(self.options.kata_dir, kata.slug).parent
            explanation = explain.classify(call.excinfo.value, recorder, folder)
            status, message = explanation.status, explanation.message
            text = explain.render(
                kata,
                info,
                explanation,
                self._test_file_display(kata),
                verbose_hint=not self._verbose(),
            )
            if self._verbose():
                report.sections.append(("pykata explanation", text))
            else:
                report.longrepr = text
        elif report.failed:
            status, message = "error", _skip_reason(report) or "the spec could not run"
        tampered = False
        if report.when == "teardown" and self._baseline is not None:
            from pytest_pykata import integrity

            changed = integrity.changes(self._baseline)
            if changed:
                integrity.restore(self._baseline)
                status, message, tampered = "error", integrity.describe(changed), True
                report.outcome = "failed"
                report.longrepr = f"{info.kata} · level {info.level} · error\n{message}"
        report.pykata = {  # travels to the controller under xdist and from forked children
            "kata": info.kata,
            "level": info.level,
            "spec": info.name,
            "status": status,
            "message": message,
            "tampered": tampered,
        }
        return report

    def _verbose(self) -> bool:
        return self.config.option.verbose > 0 or self.config.option.tbstyle in ("long", "native")

    def _test_file_display(self, kata: Kata) -> str:
        path = learner_file(self.options.kata_dir, kata.slug).with_name(f"test_{kata.slug}.py")
        try:
            return str(path.relative_to(self.config.invocation_params.dir))
        except ValueError:
            return str(path)

    # -- gathering results (in every process; the controller is the one that reports) -------
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        slug = kata_of_nodeid(report.nodeid)
        if slug is None or slug not in self.outcomes:
            return
        data = getattr(report, "pykata", None)
        outcomes = self.outcomes[slug]
        name = report.nodeid.rsplit("::", 1)[-1]
        if data is None:
            if report.passed:
                return
            # A crashed xdist worker ("???") or a report made without our wrapper.
            level = max((o.level for o in outcomes.values()), default=1)
            data = {
                "level": level,
                "status": "error",
                "message": f"the test process crashed while running {name}",
            }
        outcome = outcomes.get(report.nodeid)
        if outcome is None:
            outcome = outcomes[report.nodeid] = SpecOutcome(
                name=name, level=int(data["level"]), order=len(outcomes)
            )
            if data["status"] == "locked":
                outcome.status = "locked"
                outcome.message = data["message"]
                return
        outcome.merge(data["status"], data["message"])
        if data.get("tampered"):
            self.note_broken(slug, outcome.level, data["message"], True)
            if self._runner is not None:
                self._runner.retire(slug)
        if outcome.status in ("failed", "error"):
            current = self.blocked_at.get(slug)
            if current is None or outcome.level < current:
                self.blocked_at[slug] = outcome.level

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self._runner is not None:
            self._runner.close()
        if self.is_worker:
            return
        self.verdicts = []
        for slug, kata in self.katas.items():
            verdict = build_verdict(
                kata, self.outcomes[slug], self.options.level_cap, self.collect_errors.get(slug)
            )
            if not self.options.all_levels:
                lock_above_failure(verdict)
            self.verdicts.append(verdict)
        if self.options.json_path is not None:
            self._write_json(self.options.json_path)
        self._record_progress()

    def _write_json(self, path: Path) -> None:
        document = results_document(self.verdicts)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)

    def _record_progress(self) -> None:
        events = [
            run_event(
                v.kata.slug,
                {level.number: level.status for level in v.levels},
                v.highest_level_passed,
                len(v.levels),
            )
            for v in self.verdicts
            if v.ran
        ]
        if not events:
            return
        store = ProgressStore(self.options.root)
        try:
            store.record(*events)
        except OSError as exc:
            self.warnings.append(f"pykata: could not record progress in {store.folder}: {exc}")
        self.warnings.extend(store.warnings)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.is_worker or not self.verdicts:
            return
        tr = terminalreporter
        tr.section("pykata", sep="=", bold=True)
        for n, verdict in enumerate(self.verdicts):
            if n:
                tr.write_line("")
            for text, markup in ladder_lines(verdict):
                tr.write_line(text, **markup)
        if self.options.json_path is not None:
            tr.write_line(f"results written to {self.options.json_path}")
        for warning in self.warnings:
            tr.write_line(warning, yellow=True)


# Hypothesis says "five minutes" whenever its shrink deadline passes; pykata caps shrinking at
# a few seconds on purpose (spec.SHRINK_SECONDS), so the warning would only mislead.
_SHRINK_WARNING = re.compile(
    r"WARNING: Hypothesis has spent more than .*?(?:for everyone\.|$)\n?", re.DOTALL
)


def _without_shrink_warnings(sections: list[tuple[str, str]]) -> list[tuple[str, str]]:
    cleaned = []
    for title, content in sections:
        if "Hypothesis has spent more than" in content:
            content = _SHRINK_WARNING.sub("", content).strip("\n")
            if not content:
                continue
        cleaned.append((title, content))
    return cleaned


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        reason = str(longrepr[2])
        return reason.removeprefix("Skipped: ")
    return str(longrepr or "")


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
