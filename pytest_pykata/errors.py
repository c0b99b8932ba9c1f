"""The errors pykata reports to people, each with a message that says what to do."""

from __future__ import annotations

from pathlib import Path


class PykataError(Exception):
    """Base class: a problem pykata explains to the user instead of a traceback."""


class KataDefinitionError(PykataError):
    """A kata definition (``kata.toml`` or one of its files) is malformed."""

    def __init__(self, path: Path | str, field: str | None, problem: str) -> None:
        self.path = Path(path)
        self.field = field
        self.problem = problem
        where = f"{self.path}" + (f": field '{field}'" if field else "")
        super().__init__(f"{where}: {problem}")


class UnknownKataError(PykataError):
    """A kata slug that no installed pack provides."""

    def __init__(self, slug: str, suggestions: list[str]) -> None:
        self.slug = slug
        self.suggestions = suggestions
        message = f"unknown kata {slug!r}."
        if suggestions:
            message += " Did you mean: " + ", ".join(suggestions) + "?"
        message += " Run `pykata list` to see every kata."
        super().__init__(message)


class KataNotStartedError(PykataError):
    """The learner asked to run a kata whose folder does not exist yet."""

    def __init__(self, slug: str, expected: Path) -> None:
        self.slug = slug
        self.expected = expected
        super().__init__(
            f"kata {slug!r} is not started: {expected} does not exist. "
            f"Start it with `pykata start {slug}` (add `--dir <folder>` to choose where)."
        )
