"""What every ``pykata`` command shares: exit statuses, errors, output, the workspace, state.

**The workspace** is the folder whose ``.pykata/`` holds the learner's progress and whose kata
folder holds their code. pykata finds it the way ``pytest --kata`` does, so both agree:

1. pytest's own rootdir search from ``--dir`` (as if ``pytest`` were run there with no path
   arguments): if it finds a configuration file (``pytest.ini``, ``pyproject.toml`` with
   ``[tool.pytest...]``, ``tox.ini``, ``setup.cfg``...), its folder is the workspace and the
   ini option ``kata_dir`` (if set) is the kata folder;
2. otherwise pytest would use the folder it runs in, so pykata walks up from ``--dir`` to the
   nearest folder holding ``katas/`` or ``.pykata/`` (so ``pykata hint base62`` works from
   inside ``katas/base62/`` too);
3. otherwise there is no workspace: ``pykata start`` creates one in ``--dir``, the other
   commands say so.

**A kata's state** comes from ``.pykata/progress.json``: the ladder is the last run's level
statuses, counted only if that run came after the learner's last ``pykata reset`` (the runs
before it judged code that is gone; they stay in the history). ``levels_passed`` is that
run's ``highest_level_passed``; the *current level* is the one above it.
"""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pytest_pykata.errors import KataNotStartedError, PykataError, UnknownKataError

if TYPE_CHECKING:
    from rich.console import Console

    from pytest_pykata.catalog import Catalog, Kata, Level
    from pytest_pykata.progress import ProgressStore

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2
MARKERS = ("katas", ".pykata")


class UsageError(PykataError):
    """The command named something that is not there: a kata, a workspace, a started kata."""


class Problem(PykataError):
    """The command ran and found a problem (exit status 1)."""


# -- output ------------------------------------------------------------------------------------


def plain_output() -> bool:
    """Plain text (no colours, no boxes) when stdout is not a terminal or NO_COLOR is set."""
    return bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()


def console(stderr: bool = False) -> Console:
    """A rich console on the current stdout (or stderr); call only when not plain."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def note(text: str) -> None:
    """A line for the person, not the script: on stderr."""
    print(text, file=sys.stderr)


# -- katas -------------------------------------------------------------------------------------


def load_catalog(workspace: Workspace | None = None) -> Catalog:
    """Every kata of every installed pack, plus the workspace's local packs (``kata_packs``)."""
    from pytest_pykata.catalog import load_catalog as _load

    return _load(extra=workspace.packs if workspace is not None else ())


def find_kata(slug: str, workspace: Workspace | None = None) -> Kata:
    """The kata ``slug``; an unknown one is a usage error naming the closest slugs."""
    try:
        return load_catalog(workspace).get(slug)
    except UnknownKataError as exc:
        raise UsageError(str(exc)) from None


# -- the workspace -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Workspace:
    """A learner's workspace: the root (pytest's rootdir) and the kata folder."""

    root: Path
    kata_dir: Path
    found_by: str
    packs: tuple[Path, ...] = ()

    def learner_file(self, slug: str) -> Path:
        """Where the learner writes kata ``slug``."""
        return self.kata_dir / slug / f"{slug}.py"

    def store(self) -> ProgressStore:
        """The progress store of this workspace."""
        from pytest_pykata.progress import ProgressStore

        return ProgressStore(self.root)

    def show(self, path: Path) -> str:
        """``path`` relative to the current folder when it is below it, else absolute."""
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)


def _config_value(value: Any) -> Any:
    return getattr(value, "value", value)  # pytest >= 9 wraps ini values in ConfigValue


def _pytest_config(start: Path) -> tuple[Path | None, Path | None, dict[str, Any]]:
    """(rootdir, ini file, ini values) as ``pytest`` run in ``start`` would find them."""
    try:
        from _pytest.config.findpaths import determine_setup
    except ImportError:  # pragma: no cover - pytest moved its private helper
        return _fallback_config(start)
    try:
        try:
            found = determine_setup(
                inifile=None,
                override_ini=None,
                args=[],
                rootdir_cmd_arg=None,
                invocation_dir=start,
            )
        except TypeError:  # pragma: no cover - pytest < 9 has no override_ini argument
            found = determine_setup(
                inifile=None, args=[], rootdir_cmd_arg=None, invocation_dir=start
            )
    except (KeyboardInterrupt, SystemExit):  # pragma: no cover
        raise
    except BaseException as exc:  # pytest's UsageError, or its fail() for a bad setup.cfg
        raise UsageError(f"pytest cannot read its configuration above {start}: {exc}") from None
    rootdir, inipath, inicfg = found[0], found[1], found[2]
    return rootdir, inipath, {k: _config_value(v) for k, v in dict(inicfg).items()}


def _fallback_config(start: Path) -> tuple[Path | None, Path | None, dict[str, Any]]:
    for folder in (start, *start.parents):
        for name in ("pytest.toml", ".pytest.toml", "pytest.ini", ".pytest.ini"):
            if (folder / name).is_file():
                return folder, folder / name, {}
    return None, None, {}


def _packs(ini: dict[str, Any], inipath: Path) -> tuple[Path, ...]:
    """The ``kata_packs`` ini option as pytest reads a ``paths`` option."""
    value = ini.get("kata_packs")
    if not value:
        return ()
    names = shlex.split(value) if isinstance(value, str) else [str(v) for v in value]
    return tuple(inipath.parent / name for name in names)


def find_workspace(start: Path) -> Workspace | None:
    """The workspace ``start`` belongs to (see the module docstring), or None."""
    start = Path(start).resolve()
    if not start.is_dir():
        raise UsageError(f"--dir {start}: not a folder")
    rootdir, inipath, ini = _pytest_config(start)
    if inipath is not None and rootdir is not None:
        kata_dir = rootdir / "katas"
        found_by = f"pytest's rootdir (configuration file {inipath.name})"
        if ini.get("kata_dir"):
            configured = Path(str(ini["kata_dir"]))
            kata_dir = configured if configured.is_absolute() else inipath.parent / configured
            found_by += f", kata_dir = {ini['kata_dir']}"
        return Workspace(
            root=rootdir, kata_dir=kata_dir, found_by=found_by, packs=_packs(ini, inipath)
        )
    for folder in (start, *start.parents):
        present = [m for m in MARKERS if (folder / m).is_dir()]
        if present:
            return Workspace(
                root=folder, kata_dir=folder / "katas", found_by=f"the folder holding {present[0]}/"
            )
    return None


def require_workspace(start: Path) -> Workspace:
    """The workspace of ``start``; a usage error when there is none."""
    workspace = find_workspace(start)
    if workspace is None:
        raise UsageError(
            f"no pykata workspace at or above {Path(start).resolve()}: no katas/ or .pykata/ "
            "folder and no pytest configuration file. Start a kata with `pykata start <slug>` "
            "(add `--dir <folder>` to choose where), or pass --dir."
        )
    return workspace


# -- a kata's state ----------------------------------------------------------------------------


@dataclass(frozen=True)
class KataState:
    """What the learner has done on one kata, read from progress and their kata folder."""

    kata: Kata
    file_exists: bool
    runs: int
    levels_passed: int
    best_level_passed: int
    statuses: dict[int, str]
    last_run_at: str | None
    hints_seen: dict[int, int]
    solution_seen: bool

    @property
    def total(self) -> int:
        """How many levels the kata has."""
        return len(self.kata.levels)

    @property
    def started(self) -> bool:
        """The learner's file exists, or a run of it was recorded."""
        return self.file_exists or self.runs > 0

    @property
    def done(self) -> bool:
        """Every level passed (in the last run since the last reset)."""
        return self.levels_passed >= self.total

    @property
    def current_level(self) -> Level | None:
        """The lowest level not passed yet, or None when done."""
        return None if self.done else self.kata.level(self.levels_passed + 1)

    @property
    def status(self) -> str:
        """``not_started``, ``in_progress`` or ``done``."""
        if self.done:
            return "done"
        return "in_progress" if self.started else "not_started"

    def status_text(self) -> str:
        """``not started``, ``level k of n`` or ``done``."""
        if self.done:
            return "done"
        if not self.started:
            return "not started"
        return f"level {self.levels_passed + 1} of {self.total}"

    def level_status(self, number: int) -> str:
        """The last run's status of level ``number``, or ``not run``."""
        return self.statuses.get(number, "not run")


def _int_keys(mapping: Any) -> dict[int, Any]:
    out: dict[int, Any] = {}
    if isinstance(mapping, dict):
        for key, value in mapping.items():
            try:
                out[int(key)] = value
            except (TypeError, ValueError):
                continue
    return out


def kata_state(kata: Kata, workspace: Workspace | None, snapshot: dict[str, Any]) -> KataState:
    """The state of ``kata`` in ``workspace`` from a progress ``snapshot``."""
    entry = snapshot.get("katas", {}).get(kata.slug) or {}
    runs = int(entry.get("runs", 0) or 0)
    last = entry.get("last_run") if runs > int(entry.get("runs_at_reset", 0) or 0) else None
    statuses: dict[int, str] = {}
    passed = 0
    if isinstance(last, dict):
        statuses = {n: str(s) for n, s in _int_keys(last.get("levels")).items()}
        passed = min(int(last.get("highest_level_passed", 0) or 0), len(kata.levels))
    return KataState(
        kata=kata,
        file_exists=workspace is not None and workspace.learner_file(kata.slug).is_file(),
        runs=runs,
        levels_passed=passed,
        best_level_passed=int(entry.get("highest_level_passed", 0) or 0),
        statuses=statuses,
        last_run_at=(last or {}).get("at") if isinstance(last, dict) else None,
        hints_seen={n: int(v) for n, v in _int_keys(entry.get("hints_seen")).items()},
        solution_seen="solution" in entry,
    )


def load_snapshot(workspace: Workspace | None) -> dict[str, Any]:
    """The progress snapshot of ``workspace`` (empty without one); warnings go to stderr."""
    if workspace is None:
        return {"version": 1, "katas": {}}
    store = workspace.store()
    snapshot = store.load()
    for warning in store.warnings:
        note(warning)
    return snapshot


def started_state(slug: str, start: Path) -> tuple[Workspace, KataState]:
    """The workspace and state of kata ``slug``, which must be started (a usage error if not)."""
    kata = find_kata(slug, find_workspace(start))
    workspace = require_workspace(start)
    state = kata_state(kata, workspace, load_snapshot(workspace))
    if not state.started:
        raise UsageError(str(KataNotStartedError(kata.slug, workspace.learner_file(kata.slug))))
    return workspace, state
