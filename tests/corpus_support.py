"""Reading the corpus of correct and buggy kata implementations under ``tests/corpus``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pytest_pykata.verify import CORPUS_HEADER

CORPUS = Path(__file__).parent / "corpus"


@dataclass(frozen=True)
class Entry:
    """One corpus implementation and what the specs must say about it."""

    kata: str
    path: Path
    kind: str  # "buggy" | "correct"
    level: int | None  # the level that must catch a buggy entry
    bug: str

    @property
    def id(self) -> str:
        """A readable test id: ``base62/buggy/encode_zero_empty``."""
        return f"{self.kata}/{self.kind}/{self.path.stem}"


def read_entry(kata: str, path: Path) -> Entry:
    """Parse the header of one corpus file; raise ValueError if it has none."""
    head = path.read_text(encoding="utf-8").splitlines()[:5]
    for line in head:
        match = CORPUS_HEADER.match(line.strip())
        if match:
            level = int(match["level"]) if match["level"] else None
            if match["kind"] == "buggy" and level is None:
                raise ValueError(f"{path}: a buggy entry needs level=N in its header")
            bug = next(
                (h.split(":", 1)[1].strip() for h in head if h.startswith(("# bug:", "# style:"))),
                "",
            )
            return Entry(kata, path, match["kind"], level, bug)
    raise ValueError(f"{path}: no '# pykata-corpus: ...' header in its first lines")


def entries(kata: str | None = None) -> list[Entry]:
    """Every corpus entry (of one kata, or of all), buggy then correct, by name."""
    found = []
    for folder in sorted(CORPUS.iterdir()) if CORPUS.is_dir() else []:
        if not folder.is_dir() or (kata and folder.name != kata):
            continue
        for kind in ("buggy", "correct"):
            for path in sorted((folder / kind).glob("*.py")):
                found.append(read_entry(folder.name, path))
    return found
