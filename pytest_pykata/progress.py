"""The ``.pykata`` progress store: atomic, locked across processes, recoverable.

Two files live in ``<rootdir>/.pykata/``:

- ``history.jsonl``: an append-only journal, one JSON object per event (a kata run, a hint
  seen, a solution revealed, a reset). Lines are appended whole under the lock; a line torn by
  a crash is skipped when read.
- ``progress.json``: the snapshot the commands read, rewritten atomically (temporary file,
  fsync, ``os.replace``) after every event, so it is never half-written.

If ``progress.json`` is unreadable it is renamed to ``progress.json.corrupt-<time>`` (kept,
never deleted), a warning is returned, and the snapshot is rebuilt from the journal.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

STORE_DIR = ".pykata"
SNAPSHOT = "progress.json"
JOURNAL = "history.jsonl"
LOCK = ".lock"
VERSION = 1


def now_iso() -> str:
    """The current UTC time as an ISO-8601 string (real time, not any frozen clock)."""
    return datetime.fromtimestamp(_real_time(), UTC).isoformat(timespec="seconds")


def _real_time() -> float:
    # Progress is written by the plugin, never under a frozen clock, but be safe anyway.
    return time.time()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: best effort without a lock
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def empty_snapshot() -> dict[str, Any]:
    """A snapshot with no katas."""
    return {"version": VERSION, "katas": {}}


def _kata_entry(snapshot: dict[str, Any], slug: str) -> dict[str, Any]:
    entry = snapshot["katas"].setdefault(slug, {})
    entry.setdefault("runs", 0)
    entry.setdefault("highest_level_passed", 0)
    entry.setdefault("levels", {})
    entry.setdefault("hints_seen", {})
    return entry


def apply_event(snapshot: dict[str, Any], event: dict[str, Any]) -> None:
    """Fold one journal event into the snapshot (the same code rebuilds from the journal)."""
    kind = event.get("event")
    slug = event.get("kata")
    if not isinstance(slug, str):
        return
    entry = _kata_entry(snapshot, slug)
    at = event.get("at")
    if kind == "run":
        entry["runs"] += 1
        statuses: dict[str, str] = event.get("levels", {})
        for number, status in statuses.items():
            level = entry["levels"].setdefault(str(number), {})
            level["last_status"] = status
            if status == "passed" and "first_passed" not in level:
                level["first_passed"] = at
        entry["last_run"] = {
            "at": at,
            "highest_level_passed": event.get("highest_level_passed", 0),
            "levels": statuses,
        }
        entry["total_levels"] = event.get("total_levels", entry.get("total_levels"))
        entry["highest_level_passed"] = max(
            entry["highest_level_passed"], int(event.get("highest_level_passed", 0))
        )
    elif kind == "hint":
        level = str(event.get("level"))
        entry["hints_seen"][level] = max(entry["hints_seen"].get(level, 0), event.get("seen", 0))
    elif kind == "solution":
        entry["solution"] = {"revealed_at": at, "forced": bool(event.get("forced"))}
    elif kind == "reset":
        entry["resets"] = entry.get("resets", 0) + 1
        entry["last_reset"] = at
        # The runs recorded before the reset judged code that is gone: `pykata` shows the
        # ladder from the runs after it (``runs`` > ``runs_at_reset``), keeping the history.
        entry["runs_at_reset"] = entry["runs"]


def _valid_snapshot(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and data.get("version") == VERSION
        and isinstance(data.get("katas"), dict)
        and all(isinstance(v, dict) for v in data["katas"].values())
    )


@dataclass
class ProgressStore:
    """The progress of the learner whose workspace is ``root`` (pytest's rootdir)."""

    root: Path
    warnings: list[str] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        """``<root>/.pykata``."""
        return self.root / STORE_DIR

    @property
    def snapshot_path(self) -> Path:
        """The progress snapshot file."""
        return self.folder / SNAPSHOT

    @property
    def journal_path(self) -> Path:
        """The append-only event journal."""
        return self.folder / JOURNAL

    def read_journal(self) -> list[dict[str, Any]]:
        """Every intact event of the journal, oldest first (torn lines are skipped)."""
        try:
            raw = self.journal_path.read_bytes()
        except FileNotFoundError:
            return []
        events = []
        for line in raw.splitlines():
            try:
                event = json.loads(line)
            except (ValueError, UnicodeDecodeError):
                continue
            if isinstance(event, dict):
                events.append(event)
        return events

    def _rebuild(self) -> dict[str, Any]:
        snapshot = empty_snapshot()
        for event in self.read_journal():
            apply_event(snapshot, event)
        return snapshot

    def _load_unlocked(self) -> dict[str, Any]:
        try:
            text = self.snapshot_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return self._rebuild() if self.journal_path.exists() else empty_snapshot()
        except (OSError, UnicodeDecodeError) as exc:
            return self._set_aside(f"cannot be read ({exc})")
        try:
            data = json.loads(text)
        except ValueError as exc:
            return self._set_aside(f"is not valid JSON ({exc})")
        if not _valid_snapshot(data):
            return self._set_aside("does not have the expected structure")
        return data

    def _set_aside(self, problem: str) -> dict[str, Any]:
        stamp = datetime.fromtimestamp(_real_time(), UTC).strftime("%Y%m%dT%H%M%S")
        target = self.snapshot_path.with_name(f"{SNAPSHOT}.corrupt-{stamp}-{os.getpid()}")
        with contextlib.suppress(OSError):
            os.replace(self.snapshot_path, target)
        rebuilt = self._rebuild()
        self.warnings.append(
            f"pykata: {self.snapshot_path} {problem}; kept it as {target.name} and rebuilt "
            f"progress from {JOURNAL} ({len(rebuilt['katas'])} kata(s) recovered)"
        )
        _atomic_write(self.snapshot_path, json.dumps(rebuilt, indent=2, sort_keys=True))
        return rebuilt

    def load(self) -> dict[str, Any]:
        """The current snapshot (setting a corrupt one aside and rebuilding it)."""
        if not self.folder.exists():
            return empty_snapshot()
        with _locked(self.folder / LOCK):
            return self._load_unlocked()

    def record(self, *events: dict[str, Any]) -> dict[str, Any]:
        """Append events to the journal and rewrite the snapshot, atomically and locked."""
        self.folder.mkdir(parents=True, exist_ok=True)
        stamped = [{"at": now_iso(), **e} for e in events]
        with _locked(self.folder / LOCK):
            snapshot = self._load_unlocked()
            self._append(stamped)
            for event in stamped:
                apply_event(snapshot, event)
            _atomic_write(self.snapshot_path, json.dumps(snapshot, indent=2, sort_keys=True))
        return snapshot

    def _append(self, events: list[dict[str, Any]]) -> None:
        data = "".join(json.dumps(e, sort_keys=True) + "\n" for e in events).encode()
        fd = os.open(self.journal_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            # A crash may have left a torn last line: start ours on a fresh line.
            size = os.fstat(fd).st_size
            if size:
                with open(self.journal_path, "rb") as existing:
                    existing.seek(size - 1)
                    if existing.read(1) != b"\n":
                        data = b"\n" + data
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)

    def kata(self, slug: str) -> dict[str, Any]:
        """One kata's entry (an empty one if it never ran)."""
        snapshot = self.load()
        return snapshot["katas"].get(slug) or {
            "runs": 0,
            "highest_level_passed": 0,
            "levels": {},
            "hints_seen": {},
        }


def run_event(slug: str, statuses: dict[int, str], highest: int, total: int) -> dict[str, Any]:
    """The journal event for one kata's run."""
    return {
        "event": "run",
        "kata": slug,
        "levels": {str(k): v for k, v in statuses.items()},
        "highest_level_passed": highest,
        "total_levels": total,
    }
