"""A learner's kata folder: where it is, starting a kata, loading the learner's module.

The learner's code for kata ``<slug>`` is ``<kata_dir>/<slug>/<slug>.py``. It is loaded by
path under a private module name (``_pykata_learner_<slug>``), so a learner's ``base62.py``
never collides with an installed ``base62`` package, and a broken module becomes a
:class:`LearnerCodeError` that says what is wrong and on which line.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType, ModuleType
from typing import TYPE_CHECKING

from pytest_pykata.errors import PykataError

if TYPE_CHECKING:
    from pytest_pykata.catalog import Export, Kata

DEFAULT_KATA_DIR = "katas"


class LearnerCodeError(PykataError):
    """The learner's module cannot be judged: it does not import, or lacks a contract name."""

    def __init__(self, reason: str, file: Path, line: int | None = None) -> None:
        self.reason = reason
        self.file = Path(file)
        self.line = line
        where = f"{self.file.name}, line {line}" if line else self.file.name
        super().__init__(f"{reason} ({where})")


def learner_file(kata_dir: Path, slug: str) -> Path:
    """Where the learner writes kata ``slug``."""
    return kata_dir / slug / f"{slug}.py"


def private_module_name(slug: str) -> str:
    """The name the learner's module is imported under."""
    return f"_pykata_learner_{slug}"


@dataclass
class StartResult:
    """What ``start_kata`` did: files it created and files it left alone."""

    folder: Path
    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def start_kata(kata: Kata, kata_dir: Path) -> StartResult:
    """Create ``kata_dir/<slug>/`` with the starter, README and sample test.

    Never overwrites: a file that already exists is kept as it is and reported in ``kept``.
    """
    folder = kata_dir / kata.slug
    result = StartResult(folder=folder)
    folder.mkdir(parents=True, exist_ok=True)
    plan = [
        (kata.starter, folder / f"{kata.slug}.py"),
        (kata.readme, folder / "README.md"),
        (kata.sample_test, folder / f"test_{kata.slug}.py"),
    ]
    for source, target in plan:
        if target.exists():
            result.kept.append(target)
            continue
        # Exclusive create, so a file appearing meanwhile is still never overwritten.
        try:
            with open(target, "xb") as out, open(source, "rb") as src:
                shutil.copyfileobj(src, out)
        except FileExistsError:
            result.kept.append(target)
        else:
            result.created.append(target)
    return result


def _line_in(tb: traceback.StackSummary, file: Path) -> int | None:
    resolved = str(file.resolve())
    for frame in reversed(tb):
        try:
            if str(Path(frame.filename).resolve()) == resolved:
                return frame.lineno
        except OSError:  # pragma: no cover - odd frame filenames
            continue
    return None


_CODE: dict[tuple[str, int, int], CodeType] = {}


def _compiled(file: Path) -> CodeType:
    """The learner's module compiled, once per version of the file.

    Specs import the module afresh for every Hypothesis example; compiling it each time would
    cost more than running it (and learners' folders often have no bytecode cache).
    """
    stat = file.stat()
    key = (str(file.resolve()), stat.st_mtime_ns, stat.st_size)
    code = _CODE.get(key)
    if code is None:
        code = compile(file.read_bytes(), str(file), "exec", dont_inherit=True)
        _CODE[key] = code
    return code


def load_learner_module(slug: str, file: Path) -> ModuleType:
    """Import the learner's ``file`` under a private name; raise LearnerCodeError if it fails.

    The file's folder is put on ``sys.path`` first, so the learner may split their code into
    sibling modules and import them as usual.
    """
    file = Path(file)
    if not file.is_file():
        raise LearnerCodeError(f"{file.name} does not exist", file)
    name = private_module_name(slug)
    folder = str(file.parent.resolve())
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location(name, file)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        exec(_compiled(file), module.__dict__)
    except SyntaxError as exc:
        sys.modules.pop(name, None)
        detail = exc.msg or "invalid syntax"
        raise LearnerCodeError(
            f"{file.name} does not compile: {type(exc).__name__}: {detail}", file, exc.lineno
        ) from None
    except SystemExit as exc:
        sys.modules.pop(name, None)
        line = _line_in(traceback.extract_tb(exc.__traceback__), file)
        raise LearnerCodeError(
            f"{file.name} called sys.exit({exc.code!r}) while being imported", file, line
        ) from None
    except BaseException as exc:
        sys.modules.pop(name, None)
        if isinstance(exc, KeyboardInterrupt):
            raise
        line = _line_in(traceback.extract_tb(exc.__traceback__), file)
        raise LearnerCodeError(
            f"{file.name} raised {type(exc).__name__} while being imported: {exc}", file, line
        ) from None
    return module


def _definition_line(obj: object) -> int | None:
    code = getattr(obj, "__code__", None)
    if code is not None:
        return code.co_firstlineno
    try:
        import inspect

        return inspect.getsourcelines(obj)[1]  # type: ignore[arg-type]
    except (OSError, TypeError):
        return None


def _kind_of(obj: object) -> str:
    if isinstance(obj, type):
        return "a class"
    if callable(obj):
        return "a function"
    return f"a {type(obj).__name__} value"


def check_exports(module: ModuleType, exports: list[Export], file: Path) -> None:
    """Raise LearnerCodeError for the first contract name that is missing or of the wrong kind."""
    for export in exports:
        shown = export.signature.removeprefix("def ")
        if not hasattr(module, export.name):
            raise LearnerCodeError(f"{file.name} must define {shown}", file)
        obj = getattr(module, export.name)
        if export.kind == "class":
            ok = isinstance(obj, type)
        elif export.kind == "function":
            ok = callable(obj)
        else:
            ok = not callable(obj)
        if not ok:
            raise LearnerCodeError(
                f"{file.name} defines {export.name} as {_kind_of(obj)}, "
                f"but the contract needs {shown}",
                file,
                _definition_line(obj),
            )
