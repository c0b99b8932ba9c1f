"""Kata definitions: read from kata.toml, found through packs, malformed ones explained."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pytest_pykata import hookimpl
from pytest_pykata.catalog import Catalog, PackSpec, load_catalog, load_kata, plugin_manager
from pytest_pykata.errors import KataDefinitionError, UnknownKataError

GOOD_TOML = """
slug = "toy"
title = "Toy"
band = "junior"

[[levels]]
title = "Answer"
exports = ["def answer() -> int", "class Box", "LIMIT: int"]
hints = ["one", "two"]
"""
SPEC = """
from pytest_pykata.spec import check, spec

@spec(level=1, rule="answer() is 42")
def test_answer(learner):
    check.equal(learner.answer(), 42)
"""


def make_kata(root: Path, slug: str = "toy", toml: str = GOOD_TOML, spec: str = SPEC) -> Path:
    folder = root / "katas" / slug
    folder.mkdir(parents=True)
    (folder / "kata.toml").write_text(textwrap.dedent(toml).replace('"toy"', f'"{slug}"', 1))
    (folder / "README.md").write_text("# toy\n")
    (folder / "starter.py").write_text("def answer():\n    raise NotImplementedError\n")
    (folder / "sample_test.py").write_text("")
    (folder / f"spec_{slug}.py").write_text(textwrap.dedent(spec))
    return folder


def test_a_kata_is_read_with_its_levels_exports_and_hints(tmp_path):
    kata = load_kata(make_kata(tmp_path))
    assert (kata.slug, kata.title, kata.band, kata.module) == ("toy", "Toy", "junior", "toy")
    (level,) = kata.levels
    assert level.title == "Answer" and level.hints == ("one", "two")
    assert [(e.name, e.kind) for e in level.exports] == [
        ("answer", "function"),
        ("Box", "class"),
        ("LIMIT", "value"),
    ]
    assert [f.name for f in kata.spec_files] == ["spec_toy.py"]


@pytest.mark.parametrize(
    ("toml", "field", "problem"),
    [
        (
            "slug = 'toy'\ntitle = 'T'\nband = 'expert'\n[[levels]]\ntitle = 'A'\n",
            "band",
            "must be one of junior, mid, senior",
        ),
        ("slug = 'toy'\nband = 'junior'\n[[levels]]\ntitle = 'A'\n", "title", "is missing"),
        ("slug = 'toy'\ntitle = 'T'\nband = 'junior'\n", "levels", "needs at least one"),
        (
            "slug = 'toy'\ntitle = 'T'\nband = 'junior'\n[[levels]]\nhints = 'x'\n",
            "levels[1].title",
            "is missing",
        ),
        (
            "slug = 'toy'\ntitle = 'T'\nband = 'junior'\n[[levels]]\ntitle = 'A'\nexports = [3]\n",
            "levels[1].exports",
            "list of strings",
        ),
        (
            "slug = 'toy'\ntitle = 'T'\nband = 'junior'\nmodule = 'other'\n[[levels]]\ntitle='A'\n",
            "module",
            "must be the slug",
        ),
        (
            "slug = 'toy'\ntitle = 'T'\nband = 'junior'\nstarter = 'nope.py'\n[[levels]]\n"
            "title = 'A'\n",
            "starter",
            "does not exist",
        ),
        ("slug = 'toy'\ntitle = = 'T'\n", None, "is not valid TOML"),
    ],
    ids=["band", "title", "levels", "level-title", "exports", "module", "starter", "toml"],
)
def test_a_malformed_kata_names_the_file_and_the_field(tmp_path, toml, field, problem):
    folder = make_kata(tmp_path)
    (folder / "kata.toml").write_text(toml)
    with pytest.raises(KataDefinitionError) as info:
        load_kata(folder)
    assert info.value.path == folder / "kata.toml"
    assert info.value.field == field
    assert problem in str(info.value) and str(folder / "kata.toml") in str(info.value)


def test_a_broken_kata_does_not_hide_the_others_of_its_pack(tmp_path):
    make_kata(tmp_path, "good")
    bad = make_kata(tmp_path, "bad")
    (bad / "README.md").unlink()
    catalog = Catalog.from_packs([PackSpec("mine", tmp_path / "katas")])
    assert list(catalog.katas) == ["good"]
    assert "README.md" in str(catalog.problems[0])
    with pytest.raises(KataDefinitionError):
        catalog.get("bad")


def test_an_unknown_slug_suggests_the_closest(tmp_path):
    make_kata(tmp_path, "lru_cache")
    catalog = Catalog.from_packs([PackSpec("mine", tmp_path / "katas")])
    with pytest.raises(UnknownKataError) as info:
        catalog.get("lru_cach")
    assert info.value.suggestions == ["lru_cache"]
    assert "Did you mean: lru_cache?" in str(info.value)


def test_a_slug_provided_twice_keeps_the_first_and_reports_the_second(tmp_path):
    make_kata(tmp_path / "one", "toy")
    make_kata(tmp_path / "two", "toy")
    catalog = Catalog.from_packs(
        [PackSpec("one", tmp_path / "one" / "katas"), PackSpec("two", tmp_path / "two" / "katas")]
    )
    assert catalog.get("toy").pack == "one"
    assert "already provided by pack 'one'" in str(catalog.problems[0])


def test_the_builtin_pack_registers_through_the_entry_point_group():
    pm = plugin_manager()
    assert any(name == "builtin" for name, _ in pm.list_name_plugin())
    catalog = load_catalog(refresh=True)
    assert {
        "base62",
        "retry",
        "lru_cache",
        "rate_limiter",
        "circuit_breaker",
        "task_scheduler",
    } <= set(catalog.katas)
    assert not catalog.problems


def test_a_third_party_pack_is_found_through_the_pluggy_hook(tmp_path):
    make_kata(tmp_path, "toy")

    class Pack:
        @hookimpl
        def pykata_packs(self):
            return [PackSpec(name="third", katas_dir=tmp_path / "katas")]

    pm = plugin_manager()
    plugin = Pack()
    pm.register(plugin, "test-third-party-pack")
    try:
        catalog = load_catalog(refresh=True)
        assert catalog.get("toy").pack == "third"
    finally:
        pm.unregister(plugin)
        load_catalog(refresh=True)


def test_pytest_reports_a_malformed_kata_without_a_traceback(pytester):
    make_kata(pytester.path / "pack", "toy", toml=GOOD_TOML.replace('"junior"', '"guru"'))
    pytester.makeini("[pytest]\nkata_packs = pack\n")
    (pytester.path / "katas" / "toy").mkdir(parents=True)
    (pytester.path / "katas" / "toy" / "toy.py").write_text("def answer():\n    return 42\n")
    result = pytester.runpytest("--kata", "toy")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*kata.toml: field 'band': must be one of junior, mid, senior*"])
    assert "Traceback" not in result.stderr.str()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("def test_plain(learner):\n    pass\n", "is a spec without @spec(level=..., rule=...)"),
        (
            "from pytest_pykata.spec import spec\n\n@spec(level=3, rule='r')\n"
            "def test_high(learner):\n    pass\n",
            "has level 3, but toy has levels 1 to 1",
        ),
    ],
    ids=["no-marker", "bad-level"],
)
def test_a_malformed_spec_module_is_reported_by_file_and_spec(pytester, spec, message):
    make_kata(pytester.path / "pack", "toy", spec=spec)
    pytester.makeini("[pytest]\nkata_packs = pack\n")
    (pytester.path / "katas" / "toy").mkdir(parents=True)
    (pytester.path / "katas" / "toy" / "toy.py").write_text("def answer():\n    return 42\n")
    result = pytester.runpytest("--kata", "toy", "--kata-json", "r.json")
    result.stdout.fnmatch_lines([f"*pykata: *spec_toy.py: field 'test_*': {message}*"])
    assert result.ret != 0
