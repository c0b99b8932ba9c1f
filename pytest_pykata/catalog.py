"""Katas and their levels: reading ``kata.toml``, finding packs, looking katas up.

A kata folder holds ``kata.toml``, the learner-facing ``README.md``, the starter stub, a
visible sample test and the hidden spec modules. ``kata.toml`` looks like::

    slug = "base62"
    title = "Base62 codec"
    band = "junior"                   # junior | mid | senior
    module = "base62"                 # the learner writes <slug>/<module>.py; must be the slug
    summary = "One sentence for `pykata list`."
    starter = "starter.py"            # optional, this is the default
    sample_test = "sample_test.py"    # optional, this is the default
    specs = ["spec_base62.py"]        # optional, default: every spec_*.py in the folder

    [[levels]]                        # in order: level 1 first
    title = "Round trip"
    exports = ["ALPHABET: str", "def encode(n: int) -> str"]
    hints = ["A first nudge.", "A stronger one."]

An export is ``"def name(...)"`` (anything callable), ``"class Name"`` (a class) or
``"NAME: type"`` (a value). The reference solution is ``<solutions_dir>/<slug>.py``.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pytest_pykata.errors import KataDefinitionError, UnknownKataError

BANDS: tuple[str, ...] = ("junior", "mid", "senior")
ExportKind = Literal["function", "class", "value"]
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SLUG_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
"""What a kata slug may be: it becomes a module name (``<slug>.py``)."""


@dataclass(frozen=True)
class PackSpec:
    """What a pack's ``pykata_packs`` hook returns: a named folder of kata folders."""

    name: str
    katas_dir: Path
    solutions_dir: Path | None = None


@dataclass(frozen=True)
class Export:
    """A name the learner's module must define, as the contract writes it."""

    name: str
    kind: ExportKind
    signature: str

    @classmethod
    def parse(cls, text: str) -> Export:
        """Parse ``"def f(x) -> int"``, ``"class C"`` or ``"NAME: type"``; raise ValueError."""
        text = text.strip()
        if text.startswith("def "):
            kind: ExportKind = "function"
            rest = text[4:]
        elif text.startswith("class "):
            kind = "class"
            rest = text[6:]
        else:
            kind = "value"
            rest = text
        match = _IDENT.match(rest)
        if not match:
            raise ValueError(f"cannot read a name from {text!r}")
        return cls(name=match.group(0), kind=kind, signature=text)


@dataclass(frozen=True)
class Level:
    """One rung of a kata's ladder."""

    number: int
    title: str
    exports: tuple[Export, ...] = ()
    hints: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kata:
    """A kata definition read from its folder."""

    slug: str
    title: str
    band: str
    summary: str
    path: Path
    pack: str
    levels: tuple[Level, ...]
    starter: Path
    readme: Path
    sample_test: Path
    spec_files: tuple[Path, ...]
    solution: Path | None

    @property
    def module(self) -> str:
        """The learner's module name (the file is ``<module>.py``)."""
        return self.slug

    def level(self, number: int) -> Level:
        """The level with this 1-based number."""
        return self.levels[number - 1]

    def exports_up_to(self, number: int) -> list[Export]:
        """Every name levels 1..number need, in contract order."""
        return [e for level in self.levels[:number] for e in level.exports]


def _require(data: dict[str, Any], key: str, kind: type, path: Path, prefix: str = "") -> Any:
    if key not in data:
        raise KataDefinitionError(path, prefix + key, "is missing")
    value = data[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise KataDefinitionError(
            path, prefix + key, f"must be a {kind.__name__}, not {type(value).__name__}"
        )
    return value


def _optional_str(data: dict[str, Any], key: str, default: str, path: Path) -> str:
    if key not in data:
        return default
    return _require(data, key, str, path)


def _string_list(data: dict[str, Any], key: str, path: Path, prefix: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise KataDefinitionError(path, prefix + key, "must be a list of strings")
    return value


def _existing_file(folder: Path, name: str, toml: Path, field_name: str) -> Path:
    file = folder / name
    if not file.is_file():
        raise KataDefinitionError(toml, field_name, f"names {name!r}, but {file} does not exist")
    return file


def load_kata(folder: Path, pack: str = "local", solutions_dir: Path | None = None) -> Kata:
    """Read and validate the kata in ``folder``; raise KataDefinitionError if malformed."""
    toml = folder / "kata.toml"
    if not toml.is_file():
        raise KataDefinitionError(toml, None, "is missing: every kata folder needs a kata.toml")
    try:
        data = tomllib.loads(toml.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise KataDefinitionError(toml, None, f"is not valid TOML: {exc}") from None

    slug = _require(data, "slug", str, toml)
    if not SLUG_PATTERN.fullmatch(slug):
        raise KataDefinitionError(
            toml, "slug", f"{slug!r} must be lower-case letters, digits and underscores"
        )
    if slug != folder.name:
        raise KataDefinitionError(toml, "slug", f"{slug!r} must match its folder {folder.name!r}")
    module = data.get("module", slug)
    if module != slug:
        raise KataDefinitionError(
            toml, "module", f"must be the slug {slug!r}: the learner writes {slug}/{slug}.py"
        )
    title = _require(data, "title", str, toml)
    band = _require(data, "band", str, toml)
    if band not in BANDS:
        raise KataDefinitionError(toml, "band", f"must be one of {', '.join(BANDS)} (got {band!r})")
    summary = _optional_str(data, "summary", "", toml)

    raw_levels = data.get("levels")
    if not isinstance(raw_levels, list) or not raw_levels:
        raise KataDefinitionError(toml, "levels", "needs at least one [[levels]] table")
    levels = []
    for number, raw in enumerate(raw_levels, start=1):
        prefix = f"levels[{number}]."
        if not isinstance(raw, dict):
            raise KataDefinitionError(toml, f"levels[{number}]", "must be a table")
        exports = []
        for text in _string_list(raw, "exports", toml, prefix):
            try:
                exports.append(Export.parse(text))
            except ValueError as exc:
                raise KataDefinitionError(toml, prefix + "exports", str(exc)) from None
        levels.append(
            Level(
                number=number,
                title=_require(raw, "title", str, toml, prefix),
                exports=tuple(exports),
                hints=tuple(_string_list(raw, "hints", toml, prefix)),
            )
        )

    starter = _existing_file(
        folder, _optional_str(data, "starter", "starter.py", toml), toml, "starter"
    )
    sample = _existing_file(
        folder, _optional_str(data, "sample_test", "sample_test.py", toml), toml, "sample_test"
    )
    readme = _existing_file(folder, "README.md", toml, "README.md")
    if "specs" in data:
        specs = [
            _existing_file(folder, name, toml, "specs")
            for name in _string_list(data, "specs", toml, "")
        ]
    else:
        specs = sorted(folder.glob("spec_*.py"))
    if not specs:
        raise KataDefinitionError(toml, "specs", "no hidden spec modules (spec_*.py) found")
    solution = solutions_dir / f"{slug}.py" if solutions_dir is not None else None
    if solution is not None and not solution.is_file():
        solution = None
    return Kata(
        slug=slug,
        title=title,
        band=band,
        summary=summary,
        path=folder,
        pack=pack,
        levels=tuple(levels),
        starter=starter,
        readme=readme,
        sample_test=sample,
        spec_files=tuple(specs),
        solution=solution,
    )


@dataclass
class Catalog:
    """Every kata of every installed pack, plus the definitions that failed to load."""

    katas: dict[str, Kata] = field(default_factory=dict)
    problems: list[KataDefinitionError] = field(default_factory=list)
    _broken: dict[str, KataDefinitionError] = field(default_factory=dict)

    @classmethod
    def from_packs(cls, packs: Iterable[PackSpec]) -> Catalog:
        """Load every kata folder of every pack; a malformed one becomes a problem entry."""
        catalog = cls()
        for pack in packs:
            catalog._add_pack(pack)
        return catalog

    def _add_pack(self, pack: PackSpec) -> None:
        if not pack.katas_dir.is_dir():
            self.problems.append(
                KataDefinitionError(pack.katas_dir, None, f"pack {pack.name!r}: folder not found")
            )
            return
        spec_stems: dict[str, Path] = {
            f.stem: f for kata in self.katas.values() for f in kata.spec_files
        }
        for folder in sorted(p for p in pack.katas_dir.iterdir() if p.is_dir()):
            if folder.name.startswith((".", "_")):
                continue
            try:
                kata = load_kata(folder, pack.name, pack.solutions_dir)
            except KataDefinitionError as exc:
                self.problems.append(exc)
                self._broken.setdefault(folder.name, exc)
                continue
            if kata.slug in self.katas:
                other = self.katas[kata.slug]
                self.problems.append(
                    KataDefinitionError(
                        folder / "kata.toml",
                        "slug",
                        f"{kata.slug!r} is already provided by pack {other.pack!r}; ignored",
                    )
                )
                continue
            clash = next((f for f in kata.spec_files if f.stem in spec_stems), None)
            if clash is not None:
                # Spec modules are imported by their file name, so two of one name would collide.
                self.problems.append(
                    KataDefinitionError(
                        folder / "kata.toml",
                        "specs",
                        f"{clash.name} has the same name as {spec_stems[clash.stem]}",
                    )
                )
                continue
            spec_stems.update({f.stem: f for f in kata.spec_files})
            self.katas[kata.slug] = kata

    def __iter__(self) -> Iterator[Kata]:
        return iter(self.katas.values())

    def __len__(self) -> int:
        return len(self.katas)

    def by_band(self) -> dict[str, list[Kata]]:
        """Katas grouped by band, bands in junior→senior order, katas by slug."""
        groups: dict[str, list[Kata]] = {band: [] for band in BANDS}
        for kata in sorted(self.katas.values(), key=lambda k: k.slug):
            groups[kata.band].append(kata)
        return groups

    def get(self, slug: str) -> Kata:
        """The kata ``slug``; raise its definition error or UnknownKataError with suggestions."""
        if slug in self.katas:
            return self.katas[slug]
        if slug in self._broken:
            raise self._broken[slug]
        raise UnknownKataError(slug, self.suggest(slug))

    def suggest(self, slug: str) -> list[str]:
        """The closest known slugs to a mistyped one."""
        names = list(self.katas)
        close = difflib.get_close_matches(slug, names, n=3, cutoff=0.5)
        if not close:
            close = [n for n in names if slug and (slug in n or n in slug)][:3]
        return close


_plugin_manager = None
_catalog: Catalog | None = None
_catalog_extra: tuple[Path, ...] = ()


def plugin_manager():
    """The pluggy manager of kata packs, loading the ``pykata`` entry points once."""
    global _plugin_manager
    if _plugin_manager is None:
        import pluggy

        from pytest_pykata import hookspecs

        pm = pluggy.PluginManager("pykata")
        pm.add_hookspecs(hookspecs)
        pm.load_setuptools_entrypoints("pykata")
        _plugin_manager = pm
    return _plugin_manager


def local_pack(folder: Path) -> PackSpec:
    """A pack that is a plain folder holding ``katas/`` (and maybe ``solutions/``)."""
    folder = Path(folder)
    solutions = folder / "solutions"
    return PackSpec(
        name=f"local:{folder.name}",
        katas_dir=folder / "katas",
        solutions_dir=solutions if solutions.is_dir() else None,
    )


def load_catalog(refresh: bool = False, extra: tuple[Path, ...] = ()) -> Catalog:
    """The catalog of every installed pack (cached; ``refresh`` re-reads the packs).

    ``extra`` adds local pack folders (the ``kata_packs`` ini option), after the installed
    packs, so an author can try a pack before publishing it.
    """
    global _catalog, _catalog_extra
    if _catalog is None or refresh or extra != _catalog_extra:
        packs: list[PackSpec] = []
        for result in plugin_manager().hook.pykata_packs():
            packs.extend(result or ())
        packs.extend(local_pack(folder) for folder in extra)
        _catalog = Catalog.from_packs(packs)
        _catalog_extra = extra
    return _catalog
