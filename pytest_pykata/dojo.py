"""Coding-dojo sessions: a team, one kata, a timebox, a driver/navigator rotation, and the
red/amber/green history of every ``pytest --kata`` run made during the session.

A team works in one workspace. ``.pykata/dojo.json`` holds its sessions (written atomically
under the progress store's lock); the runs themselves are the ``run`` events the plugin already
appends to ``.pykata/history.jsonl``, so a dojo adds nothing to a ``pytest --kata`` run and
loses nothing if the session file is damaged (it is set aside, like a corrupt progress file).

A run's light, as in cyber-dojo:

- **green**: every level that ran passed (the exit status was 0);
- **amber**: the code could not be judged (an ``error`` level: it does not import, lacks a
  name, crashed or ran out of time), the kata equivalent of "does not compile";
- **red**: a spec found wrong behaviour (a ``failed`` level).

The driver rotates every ``rotate_minutes`` through ``members`` in order, counted from the
session's start; the navigator is the member after the driver.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pytest_pykata.progress import LOCK, STORE_DIR, ProgressStore, _atomic_write, _locked

DOJO_FILE = "dojo.json"
VERSION = 1
LIGHTS = ("green", "amber", "red")


def utc_now() -> datetime:
    """The current time, timezone-aware (real time: a dojo runs on the wall clock)."""
    return datetime.now(UTC)


def parse_time(text: str) -> datetime:
    """An ISO-8601 time from the journal or the session file, as an aware UTC datetime."""
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def light_of(levels: dict[str, str]) -> str:
    """The light of one run from its level statuses: amber beats red beats green."""
    statuses = set(levels.values())
    if "error" in statuses:
        return "amber"
    if "failed" in statuses:
        return "red"
    return "green"


@dataclass(frozen=True)
class Run:
    """One ``pytest --kata`` run of the session's kata, as the journal recorded it."""

    at: datetime
    light: str
    highest_level_passed: int
    total_levels: int
    driver: str | None
    minute: float  # minutes since the session started

    def to_json(self) -> dict[str, Any]:
        """The run as a JSON-able dict."""
        data = asdict(self)
        data["at"] = self.at.isoformat(timespec="seconds")
        data["minute"] = round(self.minute, 2)
        return data


@dataclass
class Session:
    """One dojo session of one team on one kata."""

    team: str
    kata: str
    started_at: str
    minutes: int
    members: list[str] = field(default_factory=list)
    rotate_minutes: int = 5
    ended_at: str | None = None

    @property
    def start(self) -> datetime:
        return parse_time(self.started_at)

    @property
    def deadline(self) -> datetime:
        """When the timebox ends."""
        return self.start + timedelta(minutes=self.minutes)

    @property
    def end(self) -> datetime:
        """When the session ended: ``dojo end``, or the end of its timebox."""
        return parse_time(self.ended_at) if self.ended_at else self.deadline

    def active(self, now: datetime) -> bool:
        """Still running: not ended and inside its timebox."""
        return self.ended_at is None and now < self.deadline

    def turn(self, moment: datetime) -> int:
        """How many rotations happened before ``moment`` (0 during the first driver's turn)."""
        return max(int((moment - self.start).total_seconds() // (self.rotate_minutes * 60)), 0)

    def driver_at(self, moment: datetime) -> str | None:
        """Who drives at ``moment`` (None without members)."""
        if not self.members:
            return None
        return self.members[self.turn(moment) % len(self.members)]

    def navigator_at(self, moment: datetime) -> str | None:
        """Who navigates at ``moment``: the member after the driver (None if fewer than 2)."""
        if len(self.members) < 2:
            return None
        return self.members[(self.turn(moment) + 1) % len(self.members)]

    def next_rotation(self, moment: datetime) -> datetime:
        """When the next rotation after ``moment`` happens."""
        return self.start + timedelta(minutes=(self.turn(moment) + 1) * self.rotate_minutes)

    def runs(self, journal: list[dict[str, Any]]) -> list[Run]:
        """The session kata's runs recorded between the session's start and end."""
        found = []
        start, end = self.start, self.end
        for event in journal:
            if event.get("event") != "run" or event.get("kata") != self.kata:
                continue
            try:
                at = parse_time(str(event["at"]))
            except (KeyError, ValueError):
                continue
            if not start <= at <= end:
                continue
            levels = event.get("levels")
            levels = levels if isinstance(levels, dict) else {}
            found.append(
                Run(
                    at=at,
                    light=light_of({str(k): str(v) for k, v in levels.items()}),
                    highest_level_passed=int(event.get("highest_level_passed", 0) or 0),
                    total_levels=int(event.get("total_levels", len(levels)) or len(levels)),
                    driver=self.driver_at(at),
                    minute=(at - start).total_seconds() / 60,
                )
            )
        return found


@dataclass(frozen=True)
class Summary:
    """What a dashboard shows of one session."""

    session: Session
    runs: list[Run]
    workspace: Path

    @property
    def lights(self) -> dict[str, int]:
        """How many runs of each light."""
        return {light: sum(r.light == light for r in self.runs) for light in LIGHTS}

    @property
    def highest_level_passed(self) -> int:
        return max((r.highest_level_passed for r in self.runs), default=0)

    @property
    def total_levels(self) -> int:
        return max((r.total_levels for r in self.runs), default=0)

    @property
    def first_green_minute(self) -> float | None:
        """Minutes from the start to the first green run, or None."""
        return next((r.minute for r in self.runs if r.light == "green"), None)

    @property
    def finished(self) -> bool:
        """The kata's every level passed in some run of the session."""
        return any(
            r.light == "green" and r.highest_level_passed >= r.total_levels > 0 for r in self.runs
        )

    def to_json(self) -> dict[str, Any]:
        """The summary as a JSON-able dict (``pykata dojo dashboard --json``)."""
        return {
            "team": self.session.team,
            "kata": self.session.kata,
            "workspace": str(self.workspace),
            "started_at": self.session.started_at,
            "ended_at": self.session.ended_at,
            "minutes": self.session.minutes,
            "members": self.session.members,
            "rotate_minutes": self.session.rotate_minutes,
            "lights": self.lights,
            "highest_level_passed": self.highest_level_passed,
            "total_levels": self.total_levels,
            "first_green_minute": (
                None if self.first_green_minute is None else round(self.first_green_minute, 2)
            ),
            "finished": self.finished,
            "runs": [r.to_json() for r in self.runs],
        }


class DojoError(Exception):
    """A dojo command that cannot be carried out (no session, one already running...)."""


@dataclass
class DojoStore:
    """The dojo sessions of the team working in the workspace ``root``."""

    root: Path
    warnings: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.root / STORE_DIR / DOJO_FILE

    def _read_unlocked(self) -> list[Session]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            sessions = [Session(**raw) for raw in data["sessions"]]
            for session in sessions:  # validate the times now, not in the middle of a report
                session.start, session.end  # noqa: B018
            return sessions
        except FileNotFoundError:
            return []
        except (OSError, ValueError, KeyError, TypeError) as exc:
            stamp = utc_now().strftime("%Y%m%dT%H%M%S")
            target = self.path.with_name(f"{DOJO_FILE}.corrupt-{stamp}-{os.getpid()}")
            with contextlib.suppress(OSError):
                os.replace(self.path, target)
            self.warnings.append(
                f"pykata: {self.path} is unreadable ({type(exc).__name__}: {exc}); kept it as "
                f"{target.name} and started a new session list (the runs are all still in "
                "history.jsonl)"
            )
            return []

    def sessions(self) -> list[Session]:
        """Every session, oldest first."""
        if not self.path.parent.exists():
            return []
        with _locked(self.path.parent / LOCK):
            return self._read_unlocked()

    def _write_unlocked(self, sessions: list[Session]) -> None:
        document = {"version": VERSION, "sessions": [asdict(s) for s in sessions]}
        _atomic_write(self.path, json.dumps(document, indent=2))

    def current(self, now: datetime) -> Session | None:
        """The active session, if any."""
        return next((s for s in reversed(self.sessions()) if s.active(now)), None)

    def start(self, session: Session, now: datetime) -> Session:
        """Record a new session; refuse while another one is active."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(self.path.parent / LOCK):
            sessions = self._read_unlocked()
            running = next((s for s in sessions if s.active(now)), None)
            if running is not None:
                raise DojoError(
                    f"team {running.team!r} is already in a session on {running.kata} until "
                    f"{running.deadline:%H:%M} UTC: end it first with `pykata dojo end`"
                )
            sessions.append(session)
            self._write_unlocked(sessions)
        return session

    def end(self, now: datetime) -> Session:
        """End the active session now."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(self.path.parent / LOCK):
            sessions = self._read_unlocked()
            running = next((s for s in reversed(sessions) if s.active(now)), None)
            if running is None:
                raise DojoError("no dojo session is running here")
            running.ended_at = now.isoformat(timespec="seconds")
            self._write_unlocked(sessions)
        return running

    def summaries(self) -> list[Summary]:
        """Every session with its runs, oldest first."""
        journal = ProgressStore(self.root).read_journal()
        return [Summary(s, s.runs(journal), self.root) for s in self.sessions()]
