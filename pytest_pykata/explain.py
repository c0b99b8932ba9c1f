"""Turning a failing hidden spec into the learner's explanation.

The explanation names the kata, the level and the rule that broke, says in one sentence what
happened, shows the smallest example Hypothesis found as a test the learner can paste into
their own test file, and says where to get a hint. No frame of spec internals appears in it.
"""

from __future__ import annotations

import textwrap
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pytest_pykata.recorder import LearnerExit
from pytest_pykata.spec import SpecFailure
from pytest_pykata.workspace import LearnerCodeError

if TYPE_CHECKING:
    from pytest_pykata.catalog import Kata
    from pytest_pykata.collect import SpecInfo
    from pytest_pykata.recorder import Recorder


REPRODUCER_INTRO = "The smallest example found, as a test you can paste into"
NO_REPRODUCER = "No short test to paste for this one: the message above says what was observed."


@dataclass(frozen=True)
class Explanation:
    """A spec's verdict in the learner's words."""

    status: str  # "failed" | "error"
    message: str  # one sentence, for the ladder and the JSON
    reproducer: str | None = None


class LearnerTimeout(Exception):
    """A spec ran past its time limit (raised in-process when isolation is off)."""


def _learner_line(exc: BaseException, folder: Path) -> tuple[str, int] | None:
    """The innermost frame of ``exc``'s traceback that is in the learner's folder."""
    try:
        folder = folder.resolve()
    except OSError:  # pragma: no cover
        return None
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        try:
            path = Path(frame.filename).resolve()
        except (OSError, ValueError):
            continue
        if path.parent == folder and path.suffix == ".py" and not path.name.startswith("test_"):
            found = (path.name, frame.lineno or 0)
    return found


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else ""
    return text if len(text) <= 200 else text[:197] + "..."


def _where(exc: BaseException, folder: Path) -> str:
    line = _learner_line(exc, folder)
    return f" ({line[0]}, line {line[1]})" if line else ""


def _failing_call(recorder: Recorder | None, exc: BaseException) -> str | None:
    if recorder is None:
        return None
    for step in reversed(recorder.steps):
        if step.exc is exc:
            return recorder.render_call(step)
    return None


def _hypothesis_flaky(exc: BaseException) -> bool:
    return type(exc).__name__ in {"Flaky", "FlakyFailure", "FlakyReplay"}


def classify(exc: BaseException, recorder: Recorder | None, learner_folder: Path) -> Explanation:
    """Decide failed/error and write the one-sentence message for an exception from a spec."""
    if (
        isinstance(exc, BaseExceptionGroup)
        and len(exc.exceptions) == 1
        and not _hypothesis_flaky(exc)
    ):
        return classify(exc.exceptions[0], recorder, learner_folder)
    if isinstance(exc, SpecFailure):
        return Explanation("failed", exc.message, exc.reproducer)
    if isinstance(exc, LearnerCodeError):
        return Explanation("error", str(exc))
    if isinstance(exc, LearnerTimeout):
        return Explanation("error", str(exc))
    reproducer = recorder.render(failing=exc) if recorder is not None and recorder.steps else None
    call = _failing_call(recorder, exc)
    where = _where(exc, learner_folder)
    if isinstance(exc, LearnerExit):
        return Explanation("error", f"{exc}{where}: code under test must not exit", reproducer)
    if isinstance(exc, RecursionError):
        what = call or "your code"
        return Explanation(
            "error", f"{what} recursed too deeply (RecursionError){where}", reproducer
        )
    if isinstance(exc, MemoryError):
        return Explanation("error", f"{call or 'your code'} ran out of memory{where}", reproducer)
    if _hypothesis_flaky(exc):
        return Explanation(
            "failed",
            "your code gave different results for the same calls; does it keep state between "
            "objects (module-level variables), read the real clock, or use unseeded randomness?",
            reproducer,
        )
    if isinstance(exc, NotImplementedError) and call is not None:
        name = call.split("(", 1)[0].removeprefix("await ")
        return Explanation(
            "failed",
            f"{name} is not implemented yet (it raises NotImplementedError){where}",
            reproducer,
        )
    if call is not None:
        return Explanation(
            "failed",
            f"{call} raised {type(exc).__name__}: {_first_line(exc)}{where}",
            reproducer,
        )
    if where:
        return Explanation(
            "failed",
            f"your code raised {type(exc).__name__}: {_first_line(exc)}{where}",
            reproducer,
        )
    last = None
    if recorder is not None and (step := recorder.last_step()) is not None:
        last = recorder.render_call(step)
    detail = f"{type(exc).__name__}: {_first_line(exc)}"
    if last:
        return Explanation(
            "failed", f"the spec could not use what {last} returned ({detail})", reproducer
        )
    return Explanation("failed", f"the spec failed with {detail}", reproducer)


def render(
    kata: Kata,
    info: SpecInfo,
    explanation: Explanation,
    test_file: str,
    *,
    verbose_hint: bool = True,
) -> str:
    """The full learner-facing text for one failing or erroring spec."""
    level = kata.level(info.level)
    head = f"{kata.slug} · level {info.level} \u201c{level.title}\u201d · {explanation.status}"
    lines = [head]
    if info.rule:
        lines.append(f"Rule: {info.rule}")
    label = "What happened" if explanation.status == "failed" else "Could not judge"
    lines.append(f"{label}: {explanation.message}")
    if explanation.reproducer:
        lines.append("")
        lines.append(f"The smallest example found, as a test you can paste into {test_file}:")
        lines.append("")
        lines.append(textwrap.indent(explanation.reproducer.rstrip("\n"), "    "))
    elif explanation.status == "failed":
        lines.append("")
        lines.append(NO_REPRODUCER)
    lines.append("")
    if explanation.status == "failed":
        lines.append(f"Stuck? `pykata hint {kata.slug}` gives a hint for this level.")
    if verbose_hint:
        lines.append("(-v or --tb=long shows the full traceback.)")
    return "\n".join(lines)


def reproducer_test_name(info: SpecInfo) -> str:
    """The name of the test function a reproducer is written as."""
    base = info.name.split("[", 1)[0].removeprefix("test_")
    return f"test_{base}_example"
