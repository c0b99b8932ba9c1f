"""Running hidden specs in a forked child process, with a time limit per spec.

The learner's code may loop forever, sleep in C, exhaust the stack, print megabytes or kill
its process. None of that may hang or crash the pytest session, so each kata's specs run in a
child forked from the pytest process (cheap: copy-on-write, Hypothesis already imported). The
parent sends the child one item at a time and waits for its reports with a deadline; a child
that misses it is dumped (faulthandler, to say where it was), killed, and the spec is judged
``error``; a child that dies is judged the same way, with its exit status. The next spec gets
a fresh child.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import re
import select
import signal
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from _pytest.reports import TestReport
from _pytest.runner import runtestprotocol

if TYPE_CHECKING:
    from pytest_pykata.collect import SpecInfo
    from pytest_pykata.session import KataSession

_HEADER = struct.Struct("!Q")
GRACE = 2.0  # seconds the parent waits past the limit for the child's own traceback dump
MAX_SECTION = 20_000  # characters of captured output kept per report section


def error_report(
    item: pytest.Item, info: SpecInfo, message: str, duration: float = 0.0
) -> TestReport:
    """A failed report for a spec that could not be judged (timeout, crash, not run)."""
    report = TestReport(
        nodeid=item.nodeid,
        location=item.location,
        keywords={k: 1 for k in item.keywords},
        outcome="failed",
        longrepr=f"{info.kata} · level {info.level} · error\nCould not judge: {message}",
        when="call",
        sections=[],
        duration=duration,
        start=time.time(),
        stop=time.time(),
        user_properties=[],
    )
    report.pykata = {  # type: ignore[attr-defined]
        "kata": info.kata,
        "level": info.level,
        "spec": info.name,
        "status": "error",
        "message": message,
    }
    return report


def _send(fd: int, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    payload = _HEADER.pack(len(data)) + data
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes | None:
    chunks = []
    while size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                raise TimeoutError
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _receive(fd: int, deadline: float | None) -> Any:
    header = _read_exact(fd, _HEADER.size, deadline)
    if header is None:
        return None
    (size,) = _HEADER.unpack(header)
    data = _read_exact(fd, size, None)
    if data is None:
        return None
    return pickle.loads(data)


def _trim(text: str) -> str:
    if len(text) <= MAX_SECTION:
        return text
    half = MAX_SECTION // 2
    cut = len(text) - 2 * half
    return f"{text[:half]}\n... [{cut} characters of output left out] ...\n{text[-half:]}"


def _serialise(config: pytest.Config, report: TestReport) -> dict[str, Any]:
    report.sections = [(title, _trim(content)) for title, content in report.sections]
    if isinstance(report.longrepr, str):
        report.longrepr = _trim(report.longrepr)
    return config.hook.pytest_report_to_serializable(config=config, report=report)


def _child_loop(
    session: pytest.Session, commands: int, results: int, dumps: int, timeout: float
) -> None:
    import faulthandler

    dump_file = os.fdopen(dumps, "w")
    config = session.config
    while True:
        index = _receive(commands, None)
        if index is None:
            return
        item = session.items[index]
        faulthandler.dump_traceback_later(timeout, exit=False, file=dump_file)
        try:
            # nextitem=item.parent tears down only the item itself: the session's own
            # finalizers must never run in a child.
            reports = runtestprotocol(item, log=False, nextitem=item.parent)  # type: ignore[arg-type]
        finally:
            faulthandler.cancel_dump_traceback_later()
        _send(results, [_serialise(config, r) for r in reports])


# Parent-side pipe ends of every live child. A new child must close them: if it kept a copy
# of another child's command pipe, that child would never see end-of-file and never exit.
_PARENT_ENDS: set[int] = set()


def _close_quietly(fd: int) -> None:
    _PARENT_ENDS.discard(fd)
    with contextlib.suppress(OSError):
        os.close(fd)


class _Child:
    """One forked child running the specs of one kata."""

    def __init__(self, session: pytest.Session, slug: str, timeout: float) -> None:
        self.slug = slug
        cmd_r, cmd_w = os.pipe()
        res_r, res_w = os.pipe()
        dump_r, dump_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: run items until told to stop, then vanish without cleanup
            code = 0
            try:
                # Everything inherited from pytest stays alive for the child's whole life:
                # keep it out of the collector, so specs that allocate a lot stay fast.
                gc.freeze()
                for fd in (cmd_w, res_r, dump_r, *_PARENT_ENDS):
                    with contextlib.suppress(OSError):
                        os.close(fd)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                _child_loop(session, cmd_r, res_w, dump_w, timeout)
            except BaseException:
                code = 70
            finally:
                os._exit(code)
        os.close(cmd_r)
        os.close(res_w)
        os.close(dump_w)
        os.set_blocking(dump_r, False)
        _PARENT_ENDS.update((cmd_w, res_r, dump_r))
        self.pid = pid
        self.commands = cmd_w
        self.results = res_r
        self.dumps = dump_r
        self.alive = True

    def read_dump(self) -> str:
        chunks = []
        with contextlib.suppress(BlockingIOError, OSError):
            while chunk := os.read(self.dumps, 65536):
                chunks.append(chunk)
        return b"".join(chunks).decode("utf-8", "replace")

    def kill(self) -> int | None:
        """Kill the child (if still running) and reap it; its wait status."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        return self.reap()

    def reap(self) -> int | None:
        self.alive = False
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            status = None
        for fd in (self.commands, self.results, self.dumps):
            _close_quietly(fd)
        return status

    def stop(self) -> None:
        """Ask the child to exit and reap it."""
        if not self.alive:
            return
        _close_quietly(self.commands)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            pid, _ = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.alive = False
                break
            time.sleep(0.01)
        if self.alive:
            self.kill()
        for fd in (self.results, self.dumps):
            _close_quietly(fd)


def _describe_status(status: int | None) -> str:
    if status is None:
        return "the test process disappeared"
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        return f"the test process was killed by {name}"
    code = os.WEXITSTATUS(status)
    return f"the test process exited with status {code} (did the code call os._exit?)"


_FRAME = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+) in (?P<func>\S+)')


def _where_from_dump(dump: str, folder: Path) -> tuple[str, int, str] | None:
    """The innermost learner frame in a faulthandler dump (most recent call first)."""
    resolved = folder.resolve()
    for match in _FRAME.finditer(dump):
        path = Path(match["file"])
        with contextlib.suppress(OSError):
            if path.resolve().parent == resolved and not path.name.startswith("test_"):
                return path.name, int(match["line"]), match["func"]
    return None


@dataclass
class _Job:
    """An item sent to a child: when it started, so its own deadline can be kept."""

    item: pytest.Item
    info: SpecInfo
    child: _Child
    started: float
    reports: list[TestReport] | None = None


class ForkedRunner:
    """Runs hidden-spec items in forked children, up to ``parallel`` at a time.

    While the parent waits for one spec, a second child already runs the next spec of the same
    kata; pytest still reports them one after the other, in order. If the next spec turns out
    to be locked (its lower level failed meanwhile), its early result is thrown away and it is
    reported as locked, exactly as in a sequential run. A spec marked ``solo=True``
    (timing-sensitive) never shares the machine with another spec.
    """

    def __init__(self, config: pytest.Config, timeout: float, parallel: int = 1) -> None:
        self.config = config
        self.timeout = timeout
        self.parallel = max(1, parallel)
        self._children: list[_Child] = []
        self._jobs: dict[int, _Job] = {}
        self._index: dict[int, int] | None = None

    # -- children ----------------------------------------------------------------------------
    def _free_child(self, item: pytest.Item, slug: str) -> _Child | None:
        for child in list(self._children):
            if child.slug != slug or not child.alive:
                child.stop()
                self._children.remove(child)
        busy = {id(job.child) for job in self._jobs.values()}
        for child in self._children:
            if id(child) not in busy:
                return child
        if len(self._children) < self.parallel:
            child = _Child(item.session, slug, self.timeout)
            self._children.append(child)
            return child
        return None

    def _dispatch(self, item: pytest.Item, info: SpecInfo) -> _Job | None:
        if self._index is None:
            self._index = {id(it): n for n, it in enumerate(item.session.items)}
        child = self._free_child(item, info.kata)
        if child is None:
            return None
        job = _Job(item, info, child, time.monotonic())
        try:
            _send(child.commands, self._index[id(item)])
        except OSError:
            pass  # a dead child: _collect reports the crash
        self._jobs[id(item)] = job
        return job

    def _lookahead(
        self, nextitem: pytest.Item | None, info: SpecInfo, session: KataSession
    ) -> None:
        from pytest_pykata.collect import spec_info

        if self.parallel < 2 or nextitem is None or info.solo or id(nextitem) in self._jobs:
            return
        upcoming = spec_info(nextitem)
        if (
            upcoming is None
            or upcoming.kata != info.kata
            or upcoming.solo
            or session.lock_reason(upcoming)
            or session.broken_reason(upcoming)
        ):
            return
        self._dispatch(nextitem, upcoming)

    # -- running -----------------------------------------------------------------------------
    def run(
        self,
        item: pytest.Item,
        info: SpecInfo,
        session: KataSession,
        nextitem: pytest.Item | None = None,
    ) -> list[TestReport]:
        """Run ``item`` (or collect it if it was started ahead); always returns, never hangs."""
        job = self._jobs.get(id(item))
        if job is None:
            if info.solo:
                self._drain(session)
            job = self._dispatch(item, info)
            if job is None:  # every child busy with look-ahead work: finish that first
                self._drain(session)
                job = self._dispatch(item, info)
        assert job is not None
        self._lookahead(nextitem, info, session)
        return self._collect(job, session)

    def _drain(self, session: KataSession) -> None:
        """Wait for (and keep) the results of every job started ahead."""
        for job in list(self._jobs.values()):
            if job.reports is None:
                job.reports = self._collect(job, session)
                self._jobs[id(job.item)] = job

    def _collect(self, job: _Job, session: KataSession) -> list[TestReport]:
        if job.reports is not None:
            self._jobs.pop(id(job.item), None)
            return job.reports
        child = job.child
        try:
            payload = _receive(child.results, job.started + self.timeout + GRACE)
        except TimeoutError:
            self._jobs.pop(id(job.item), None)
            return [self._timed_out(job, session)]
        except (ConnectionError, OSError, EOFError, pickle.UnpicklingError):
            payload = None
        self._jobs.pop(id(job.item), None)
        if payload is None:
            return [self._crashed(job, session)]
        return [
            self.config.hook.pytest_report_from_serializable(config=self.config, data=data)
            for data in payload
        ]

    def discard(self, item: pytest.Item) -> None:
        """Forget an item started ahead that must not be reported after all (kill its child)."""
        job = self._jobs.pop(id(item), None)
        if job is not None and job.reports is None:
            job.child.kill()
            self._children = [c for c in self._children if c is not job.child]

    # -- verdicts for children that hung or died ---------------------------------------------
    def _folder(self, session: KataSession, slug: str) -> Path:
        from pytest_pykata.workspace import learner_file

        return learner_file(session.options.kata_dir, slug).parent

    def _forget(self, child: _Child) -> None:
        self._children = [c for c in self._children if c is not child]

    def _timed_out(self, job: _Job, session: KataSession) -> TestReport:
        child, info = job.child, job.info
        dump = child.read_dump()
        child.kill()
        self._forget(child)
        where = _where_from_dump(dump, self._folder(session, info.kata))
        message = f"timed out in {info.name} after {self.timeout:g} s"
        whole_kata = False
        if where is not None:
            file, line, func = where
            if func == "<module>":
                message += f": {file} never finished importing (line {line})"
                whole_kata = True
            else:
                message += f", while running {func} ({file}, line {line})"
        session.note_broken(info.kata, info.level, message, whole_kata)
        return error_report(job.item, info, message, time.monotonic() - job.started)

    def _crashed(self, job: _Job, session: KataSession) -> TestReport:
        status = job.child.reap()
        self._forget(job.child)
        message = f"{_describe_status(status)} while running {job.info.name}"
        session.note_broken(job.info.kata, job.info.level, message, False)
        return error_report(job.item, job.info, message, time.monotonic() - job.started)

    def retire(self, slug: str) -> None:
        """Stop the children of ``slug`` (their process was tampered with)."""
        for job in [j for j in self._jobs.values() if j.info.kata == slug]:
            self.discard(job.item)
        for child in [c for c in self._children if c.slug == slug]:
            child.kill()
            self._forget(child)

    def close(self) -> None:
        """Stop every child."""
        for job in list(self._jobs.values()):
            self.discard(job.item)
        for child in self._children:
            child.stop()
        self._children = []
