"""Scaffolding a new kata for authors, from the cookiecutter template in ``templates/pack``.

The template is a whole installable kata pack with one worked-example kata::

    <project>/                         pyproject.toml (entry point in the ``pykata`` group)
      <package>/pack.py                the ``pykata_packs`` hook
      <package>/katas/<slug>/          kata.toml, README.md, starter, sample test, specs
      <package>/solutions/<slug>.py    the reference solution
      tests/corpus/<slug>/{buggy,correct}/

``new_pack`` renders it as a new project; ``add_kata`` renders it aside and copies only the
kata's own files into an existing pack (which may be any folder holding ``katas/``).
cookiecutter is imported only here, inside the functions that render.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from pytest_pykata.catalog import BANDS, SLUG_PATTERN
from pytest_pykata.errors import PykataError

TEMPLATE = Path(__file__).resolve().parent / "templates" / "pack"


class ScaffoldError(PykataError):
    """The kata cannot be scaffolded as asked (a bad slug, a folder already there...)."""


@dataclass(frozen=True)
class KataDraft:
    """What the author chose for the new kata."""

    slug: str
    title: str
    band: str
    summary: str

    def validate(self) -> None:
        """Raise ScaffoldError naming the first bad field."""
        if not SLUG_PATTERN.fullmatch(self.slug):
            raise ScaffoldError(
                f"slug {self.slug!r}: use lower-case letters, digits and underscores, "
                "starting with a letter (it becomes a module name: <slug>.py)"
            )
        if self.band not in BANDS:
            raise ScaffoldError(f"band {self.band!r}: must be one of {', '.join(BANDS)}")
        if not self.title.strip():
            raise ScaffoldError("title: must not be empty")


@dataclass(frozen=True)
class PackLayout:
    """Where a pack keeps its katas, its solutions and its corpus."""

    root: Path  # the folder holding katas/ (and solutions/)
    project: Path  # the folder holding tests/corpus/

    @property
    def katas(self) -> Path:
        return self.root / "katas"

    @property
    def solutions(self) -> Path:
        return self.root / "solutions"

    @property
    def corpus(self) -> Path:
        return self.project / "tests" / "corpus"


def find_pack(folder: Path) -> PackLayout | None:
    """The pack at ``folder``: the folder itself if it holds ``katas/``, else its one
    sub-folder that does (a project whose package holds the katas); None if neither."""
    folder = Path(folder).resolve()
    if (folder / "katas").is_dir():
        root = folder
    else:
        inner = [p for p in sorted(folder.iterdir()) if (p / "katas").is_dir()]
        if len(inner) != 1:
            return None
        root = inner[0]
    return PackLayout(root=root, project=folder)


def _render(draft: KataDraft, output: Path) -> Path:
    """Render the template into ``output``; return the generated project folder."""
    from cookiecutter.main import cookiecutter

    with tempfile.TemporaryDirectory(prefix="pykata-cookiecutter-") as home:
        # cookiecutter keeps replays and clones under the user's home by default: point both
        # at a throw-away folder so scaffolding leaves nothing behind.
        config = Path(home) / "config.yaml"
        config.write_text(
            f"cookiecutters_dir: {Path(home) / 'templates'}\nreplay_dir: {Path(home) / 'replay'}\n",
            encoding="utf-8",
        )
        project = cookiecutter(
            str(TEMPLATE),
            no_input=True,
            extra_context={
                "slug": draft.slug,
                "title": draft.title,
                "band": draft.band,
                "summary": draft.summary,
            },
            output_dir=str(output),
            config_file=str(config),
        )
    return Path(project)


def project_name(slug: str) -> str:
    """The distribution name of a new pack for ``slug``: ``pykata-<slug with dashes>``."""
    return "pykata-" + slug.replace("_", "-")


def new_pack(draft: KataDraft, parent: Path) -> Path:
    """Create ``parent/pykata-<slug>/``, an installable pack holding the new kata."""
    draft.validate()
    target = Path(parent) / project_name(draft.slug)
    if target.exists():
        raise ScaffoldError(f"{target} already exists: nothing was written")
    Path(parent).mkdir(parents=True, exist_ok=True)
    return _render(draft, Path(parent))


def add_kata(draft: KataDraft, pack: PackLayout) -> list[Path]:
    """Copy a new kata's folder, solution and corpus into an existing ``pack``.

    Nothing is overwritten: if any of the kata's paths exists already, nothing is written.
    Returns the paths created.
    """
    import shutil

    draft.validate()
    slug = draft.slug
    targets = {
        "kata": pack.katas / slug,
        "solution": pack.solutions / f"{slug}.py",
        "corpus": pack.corpus / slug,
    }
    taken = [str(path) for path in targets.values() if path.exists()]
    if taken:
        raise ScaffoldError(f"already there, nothing was written: {', '.join(taken)}")
    with tempfile.TemporaryDirectory(prefix="pykata-new-") as tmp:
        project = _render(draft, Path(tmp))
        package = project / f"pykata_{slug}"
        sources = {
            "kata": package / "katas" / slug,
            "solution": package / "solutions" / f"{slug}.py",
            "corpus": project / "tests" / "corpus" / slug,
        }
        for name, source in sources.items():
            target = targets[name]
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target)
            else:
                shutil.copy2(source, target)
    return list(targets.values())
