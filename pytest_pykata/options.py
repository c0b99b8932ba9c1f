"""The ``--kata`` command-line options and ini settings, and turning them into KataOptions.

Precedence for each setting: the command line, then the ini file, then the default.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

HELP_KATA = (
    "run the hidden specs of kata SLUG against your code in <kata_dir>/SLUG/SLUG.py; "
    "repeatable or comma-separated; 'all' runs every started kata"
)
HELP_ALL_LEVELS = "run every level even when a lower one fails (default: higher levels are locked)"
HELP_LEVEL = "stop after level N (run levels 1..N only)"
HELP_KATA_DIR = "folder holding your kata folders (default: 'katas' under the rootdir)"
HELP_JSON = "write the kata results as JSON to PATH"
HELP_TIMEOUT = "seconds one hidden spec may run before it is stopped and judged an error"
HELP_NO_ISOLATION = (
    "run specs in the pytest process itself instead of a forked child "
    "(for debuggers; a crash or hang in your code then stops the whole run)"
)
HELP_PACKS = (
    "extra kata pack folders (each holding katas/ and solutions/), for trying a pack "
    "before publishing it; paths relative to the ini file"
)
DEFAULT_TIMEOUT = 20.0


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a level number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"levels start at 1, got {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, got {text}")
    return value


def add_options(parser: pytest.Parser) -> None:
    """Register the pykata flags and ini keys."""
    group = parser.getgroup("pykata", "kata exercises (pykata)")
    group.addoption(
        "--kata", action="append", dest="kata", default=[], metavar="SLUG", help=HELP_KATA
    )
    group.addoption(
        "--kata-all-levels",
        action="store_true",
        dest="kata_all_levels",
        default=False,
        help=HELP_ALL_LEVELS,
    )
    group.addoption(
        "--kata-level",
        dest="kata_level",
        type=_positive_int,
        default=None,
        metavar="N",
        help=HELP_LEVEL,
    )
    group.addoption("--kata-dir", dest="kata_dir", default=None, metavar="PATH", help=HELP_KATA_DIR)
    group.addoption("--kata-json", dest="kata_json", default=None, metavar="PATH", help=HELP_JSON)
    group.addoption(
        "--kata-timeout",
        dest="kata_timeout",
        type=_positive_float,
        default=None,
        metavar="SECONDS",
        help=HELP_TIMEOUT,
    )
    group.addoption(
        "--kata-no-isolation",
        action="store_true",
        dest="kata_no_isolation",
        default=False,
        help=HELP_NO_ISOLATION,
    )
    parser.addini("kata_dir", HELP_KATA_DIR, type="string", default="")
    parser.addini("kata_timeout", HELP_TIMEOUT, type="string", default="")
    parser.addini("kata_packs", HELP_PACKS, type="paths", default=[])


@dataclass(frozen=True)
class KataOptions:
    """The settings of one ``--kata`` run, validated."""

    requested: tuple[str, ...]
    all_levels: bool
    level_cap: int | None
    kata_dir: Path
    json_path: Path | None
    timeout: float
    isolate: bool
    packs: tuple[Path, ...] = ()
    root: Path = Path(".")


def kata_requested(config: pytest.Config) -> bool:
    """Whether ``--kata`` was given at all (the only check made on a plain run)."""
    return bool(config.getoption("kata", None))


def _split_slugs(values: list[str]) -> tuple[str, ...]:
    slugs: list[str] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if part and part not in slugs:
                slugs.append(part)
    if not slugs:
        raise pytest.UsageError("--kata needs a kata name, e.g. --kata base62 (or --kata all)")
    return tuple(slugs)


def _kata_dir(config: pytest.Config) -> Path:
    option = config.getoption("kata_dir")
    if option:
        path = Path(option)
        if not path.is_absolute():
            path = config.invocation_params.dir / path
        source = "--kata-dir"
    else:
        ini = config.getini("kata_dir")
        if ini:
            base = config.inipath.parent if config.inipath else config.rootpath
            path = Path(ini) if Path(ini).is_absolute() else base / ini
            source = "the ini option kata_dir"
        else:
            return _default_kata_dir(config)
    if not path.is_dir():
        raise pytest.UsageError(f"{source}: {path} is not a folder")
    return path


def _default_kata_dir(config: pytest.Config) -> Path:
    """``katas`` under the rootdir; without an ini file, the nearest ``katas`` folder above.

    With no ini file pytest's rootdir is simply the folder pytest runs in, so a learner
    running ``pytest --kata base62`` from inside ``katas/base62`` would otherwise look for
    ``katas/base62/katas``.
    """
    default = config.rootpath / "katas"
    if config.inipath is not None or default.is_dir():
        return default
    for folder in (config.invocation_params.dir, *config.invocation_params.dir.parents):
        if (folder / "katas").is_dir():
            return folder / "katas"
    return default


def workspace_root(config: pytest.Config, kata_dir: Path) -> Path:
    """Where ``.pykata/`` lives: the rootdir, or the workspace found above it (no ini file)."""
    if config.inipath is None and kata_dir.name == "katas" and kata_dir.parent != config.rootpath:
        return kata_dir.parent
    return config.rootpath


def _timeout(config: pytest.Config) -> float:
    option = config.getoption("kata_timeout")
    if option is not None:
        return option
    ini = config.getini("kata_timeout")
    if ini:
        try:
            return _positive_float(ini)
        except argparse.ArgumentTypeError as exc:
            raise pytest.UsageError(f"ini option kata_timeout: {exc}") from None
    return DEFAULT_TIMEOUT


def _json_path(config: pytest.Config) -> Path | None:
    option = config.getoption("kata_json")
    if not option:
        return None
    path = Path(option)
    if not path.is_absolute():
        path = config.invocation_params.dir / path
    if not path.parent.is_dir():
        raise pytest.UsageError(f"--kata-json: folder {path.parent} does not exist")
    if path.is_dir():
        raise pytest.UsageError(f"--kata-json: {path} is a folder; give a file name")
    return path


def read_options(config: pytest.Config) -> KataOptions:
    """Validate the ``--kata`` options; raise pytest.UsageError naming the bad one."""
    kata_dir = _kata_dir(config)
    return KataOptions(
        requested=_split_slugs(config.getoption("kata")),
        all_levels=bool(config.getoption("kata_all_levels")),
        level_cap=config.getoption("kata_level"),
        kata_dir=kata_dir,
        root=workspace_root(config, kata_dir),
        json_path=_json_path(config),
        timeout=_timeout(config),
        isolate=not config.getoption("kata_no_isolation") and hasattr(os, "fork"),
        packs=_packs(config),
    )


def _packs(config: pytest.Config) -> tuple[Path, ...]:
    folders = tuple(Path(p) for p in config.getini("kata_packs"))
    for folder in folders:
        if not (folder / "katas").is_dir():
            raise pytest.UsageError(f"ini option kata_packs: {folder} has no katas/ folder")
    return folders
