"""Per-spec outcomes gathered from reports, per-level verdicts, the ladder and the JSON.

Everything here is built from test reports (which travel from xdist workers and forked
children) and the kata catalog, never from local collection, so a serial run and a
``-n 2`` run produce the same ladder, JSON and progress.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pytest_pykata.catalog import Kata

STATUS_RANK = {"passed": 0, "skipped": 0, "locked": 1, "failed": 2, "error": 3}
JSON_VERSION = 1


@dataclass
class SpecOutcome:
    """The outcome of one hidden spec, worst over its setup/call/teardown phases."""

    name: str
    level: int
    status: str = "passed"
    message: str = ""
    order: int = 0

    def merge(self, status: str, message: str) -> None:
        """Keep the worse of the current and the new status (and its message)."""
        if STATUS_RANK[status] > STATUS_RANK[self.status]:
            self.status = status
            self.message = message


@dataclass
class LevelVerdict:
    """One rung of the ladder."""

    number: int
    title: str
    status: str
    specs: list[SpecOutcome] = field(default_factory=list)

    @property
    def first_problem(self) -> SpecOutcome | None:
        """The first spec that failed or errored on this level."""
        return next((s for s in self.specs if s.status in ("failed", "error")), None)


@dataclass
class KataVerdict:
    """A kata's results in one run."""

    kata: Kata
    levels: list[LevelVerdict]
    level_cap: int | None = None

    @property
    def highest_level_passed(self) -> int:
        """The highest N such that levels 1..N all passed in this run."""
        best = 0
        for level in self.levels:
            if level.status != "passed":
                break
            best = level.number
        return best

    @property
    def ran(self) -> bool:
        """Whether any level was judged at all."""
        return any(level.status != "locked" for level in self.levels)

    @property
    def ok(self) -> bool:
        """Every level that ran passed."""
        return all(level.status in ("passed", "locked") for level in self.levels)

    def to_json(self) -> dict[str, Any]:
        """This kata's entry of the ``--kata-json`` document."""
        return {
            "kata": self.kata.slug,
            "band": self.kata.band,
            "highest_level_passed": self.highest_level_passed,
            "levels": [
                {
                    "level": level.number,
                    "title": level.title,
                    "status": level.status,
                    "specs": [
                        {"name": s.name, "status": s.status, "message": s.message}
                        for s in level.specs
                    ],
                }
                for level in self.levels
            ],
        }


def level_status(specs: list[SpecOutcome]) -> str:
    """A level's status from its specs: error beats failed beats passed; none run is locked."""
    judged = [s for s in specs if s.status != "locked"]
    if not judged:
        return "locked"
    if any(s.status == "error" for s in judged):
        return "error"
    if any(s.status == "failed" for s in judged):
        return "failed"
    return "passed"


def build_verdict(
    kata: Kata,
    outcomes: dict[str, SpecOutcome],
    level_cap: int | None = None,
    broken: str | None = None,
) -> KataVerdict:
    """Fold the spec outcomes of one kata into its ladder (``broken``: specs did not load)."""
    if broken is not None:
        outcomes = {
            "collection": SpecOutcome(name="collection", level=1, status="error", message=broken)
        }
    by_level: dict[int, list[SpecOutcome]] = {n: [] for n in range(1, len(kata.levels) + 1)}
    for outcome in sorted(outcomes.values(), key=lambda o: (o.level, o.order, o.name)):
        by_level.setdefault(outcome.level, []).append(outcome)
    levels = [
        LevelVerdict(
            number=n, title=kata.level(n).title, status=level_status(by_level[n]), specs=by_level[n]
        )
        for n in range(1, len(kata.levels) + 1)
    ]
    return KataVerdict(kata=kata, levels=levels, level_cap=level_cap)


def lock_above_failure(verdict: KataVerdict) -> None:
    """Report every level above the first non-passing one as locked (default mode)."""
    blocked = False
    for level in verdict.levels:
        if blocked and level.status != "locked":
            level.status = "locked"
            for spec in level.specs:
                spec.status, spec.message = "locked", "locked: a lower level did not pass"
        if level.status in ("failed", "error"):
            blocked = True


def results_document(verdicts: list[KataVerdict]) -> dict[str, Any]:
    """The whole ``--kata-json`` document."""
    return {"version": JSON_VERSION, "katas": [v.to_json() for v in verdicts]}


_STATUS_WORD = {
    "passed": ("passed", {"green": True}),
    "failed": ("FAILED", {"red": True, "bold": True}),
    "error": ("ERROR ", {"red": True, "bold": True}),
    "locked": ("locked", {"yellow": True}),
}


def ladder_lines(verdict: KataVerdict) -> list[tuple[str, dict[str, bool]]]:
    """The ladder as (text, markup) lines for pytest's terminal writer."""
    kata = verdict.kata
    out: list[tuple[str, dict[str, bool]]] = [
        (f"{kata.slug} ({kata.band}) \u2014 {kata.title}", {"bold": True})
    ]
    width = max(len(level.title) for level in verdict.levels)
    for level in verdict.levels:
        word, markup = _STATUS_WORD[level.status]
        text = f"  level {level.number}  {word}  {level.title.ljust(width)}"
        if level.status == "locked" and verdict.level_cap and level.number > verdict.level_cap:
            text += f"  (not run: --kata-level {verdict.level_cap})"
        problem = level.first_problem
        if problem is not None and level.status in ("failed", "error"):
            text += f"  {problem.message}"
        out.append((text.rstrip(), markup))
    total = len(verdict.levels)
    best = verdict.highest_level_passed
    if best == total:
        out.append(
            (
                f"  all {total} levels passed: `pykata solution {kata.slug}` shows the "
                "reference solution",
                {"green": True},
            )
        )
    else:
        nxt = verdict.levels[best]
        if nxt.status in ("failed", "error"):
            advice = f"fix level {nxt.number} ({nxt.title})"
            if nxt.status == "failed":
                advice += f"; stuck? `pykata hint {kata.slug}`"
        else:
            advice = f"level {nxt.number} ({nxt.title}) is next"
        out.append((f"  next: {advice}", {}))
    return out
