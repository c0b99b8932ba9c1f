"""``pykata reset <slug>`` / ``--all``: back the learner's code up, then put the starter back.

The learner's ``<slug>.py`` is copied to ``.pykata/backups/<slug>-<UTC time>.py`` first (a
name that is already taken gets ``-2``, ``-3``...), so nothing typed is ever lost; then the
starter is written over it and a ``reset`` event is recorded, after which the ladder starts
again at level 1 (the history, first passes and hints seen are kept). Only ``<slug>.py`` is
reset: the README, the learner's tests and any other module they wrote stay as they are.
"""

from __future__ import annotations

import argparse
import shutil
from datetime import UTC, datetime
from pathlib import Path

from pytest_pykata.commands.common import (
    EXIT_OK,
    KataState,
    UsageError,
    Workspace,
    find_kata,
    find_workspace,
    kata_state,
    load_catalog,
    load_snapshot,
    require_workspace,
)
from pytest_pykata.errors import KataNotStartedError

BACKUPS = "backups"


def backup_path(workspace: Workspace, slug: str, stamp: str) -> Path:
    """A fresh backup file name for ``slug`` (never an existing one)."""
    folder = workspace.store().folder / BACKUPS
    candidate = folder / f"{slug}-{stamp}.py"
    n = 2
    while candidate.exists():
        candidate = folder / f"{slug}-{stamp}-{n}.py"
        n += 1
    return candidate


def _backup(workspace: Workspace, slug: str, file: Path, stamp: str) -> Path:
    folder = workspace.store().folder / BACKUPS
    folder.mkdir(parents=True, exist_ok=True)
    while True:
        target = backup_path(workspace, slug, stamp)
        try:
            with open(target, "xb") as out, open(file, "rb") as src:
                shutil.copyfileobj(src, out)
        except FileExistsError:  # taken meanwhile by a parallel reset: pick the next name
            continue
        return target


def reset_one(workspace: Workspace, state: KataState, stamp: str) -> None:
    """Back up and reset one kata, record the event, say what was done."""
    kata = state.kata
    file = workspace.learner_file(kata.slug)
    starter = kata.starter.read_bytes()
    shown = workspace.show(file)
    if file.is_file() and file.read_bytes() == starter:
        print(f"{kata.slug}: {shown} is already the starter; nothing to back up")
    elif file.is_file():
        target = _backup(workspace, kata.slug, file, stamp)
        print(f"{kata.slug}: saved your code as {workspace.show(target)}")
    else:
        print(f"{kata.slug}: {shown} was missing; nothing to back up")
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_name(f".{file.name}.pykata-reset")
    tmp.write_bytes(starter)
    tmp.replace(file)
    workspace.store().record({"event": "reset", "kata": kata.slug})
    print(f"{kata.slug}: {shown} is the starter again; the ladder starts over at level 1")


def run(args: argparse.Namespace) -> int:
    """Reset one kata, or every started one with ``--all``."""
    if args.all and args.slug:
        raise UsageError("give a kata or --all, not both")
    if not args.all and not args.slug:
        raise UsageError("which kata? `pykata reset <slug>`, or `pykata reset --all`")
    kata = find_kata(args.slug, find_workspace(Path(args.dir))) if args.slug else None
    workspace = require_workspace(Path(args.dir))
    snapshot = load_snapshot(workspace)
    if kata is not None:
        state = kata_state(kata, workspace, snapshot)
        if not state.started:
            raise UsageError(str(KataNotStartedError(kata.slug, workspace.learner_file(kata.slug))))
        states = [state]
    else:
        catalog = load_catalog(workspace)
        states = [s for k in catalog if (s := kata_state(k, workspace, snapshot)).started]
        if not states:
            print(f"no kata is started in {workspace.kata_dir}; nothing to reset")
            return EXIT_OK
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for state in states:
        reset_one(workspace, state, stamp)
    return EXIT_OK
