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
import os
import pickle
import re
import select
import signal
import struct
import time
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
                os.close(cmd_w)
                os.close(res_r)
                os.close(dump_r)
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
            with contextlib.suppress(OSError):
                os.close(fd)
        return status

    def stop(self) -> None:
        """Ask the child to exit and reap it."""
        if not self.alive:
            return
        with contextlib.suppress(OSError):
            os.close(self.commands)
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
            with contextlib.suppress(OSError):
                os.close(fd)


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


class ForkedRunner:
    """Runs hidden-spec items in forked children, one child per kata at a time."""

    def __init__(self, config: pytest.Config, timeout: float) -> None:
        self.config = config
        self.timeout = timeout
        self._child: _Child | None = None
        self._index: dict[int, int] | None = None

    def run(self, item: pytest.Item, info: SpecInfo, session: KataSession) -> list[TestReport]:
        """Run ``item`` in the kata's child; always returns reports, never hangs."""
        if self._index is None:
            self._index = {id(it): n for n, it in enumerate(item.session.items)}
        child = self._child
        if child is not None and (child.slug != info.kata or not child.alive):
            child.stop()
            child = self._child = None
        if child is None:
            child = self._child = _Child(item.session, info.kata, self.timeout)
        started = time.monotonic()
        try:
            _send(child.commands, self._index[id(item)])
            payload = _receive(child.results, started + self.timeout + GRACE)
        except TimeoutError:
            return [self._timed_out(child, item, info, session, time.monotonic() - started)]
        except (BrokenPipeError, ConnectionError, OSError, EOFError, pickle.UnpicklingError):
            payload = None
        if payload is None:
            return [self._crashed(child, item, info, session, time.monotonic() - started)]
        return [
            self.config.hook.pytest_report_from_serializable(config=self.config, data=data)
            for data in payload
        ]

    def _folder(self, session: KataSession, slug: str) -> Path:
        from pytest_pykata.workspace import learner_file

        return learner_file(session.options.kata_dir, slug).parent

    def _timed_out(
        self, child: _Child, item: pytest.Item, info: SpecInfo, session: KataSession, elapsed: float
    ) -> TestReport:
        dump = child.read_dump()
        child.kill()
        self._child = None
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
        return error_report(item, info, message, elapsed)

    def _crashed(
        self, child: _Child, item: pytest.Item, info: SpecInfo, session: KataSession, elapsed: float
    ) -> TestReport:
        status = child.reap()
        self._child = None
        message = f"{_describe_status(status)} while running {info.name}"
        session.note_broken(info.kata, info.level, message, False)
        return error_report(item, info, message, elapsed)

    def close(self) -> None:
        """Stop the current child, if any."""
        if self._child is not None:
            self._child.stop()
            self._child = None
