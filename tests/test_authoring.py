"""The kata author's loop: ``pykata new`` scaffolds a pack from the cookiecutter template and
``pykata verify`` proves its specs with real ``pytest --kata`` sessions."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from pytest_pykata.catalog import load_catalog, plugin_manager
from pytest_pykata.cli import main


def pykata(*args: str) -> int:
    return main([str(a) for a in args])


@pytest.fixture
def pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A freshly scaffolded pack project for the kata ``digits``."""
    title = 'Digits "sum"'
    assert pykata("new", "digits", "--dir", tmp_path, "--band", "mid", "--title", title) == 0
    capsys.readouterr()
    return tmp_path / "pykata-digits"


def kata_folder(pack: Path, slug: str = "digits") -> Path:
    return pack / "pykata_digits" / "katas" / slug


def test_new_scaffolds_an_installable_pack_with_a_worked_example(pack):
    kata = kata_folder(pack)
    for name in ("kata.toml", "README.md", "starter.py", "sample_test.py", "spec_digits.py"):
        assert (kata / name).is_file(), name
    assert (pack / "pykata_digits" / "solutions" / "digits.py").is_file()
    assert (pack / "tests" / "corpus" / "digits" / "buggy").is_dir()
    pyproject = (pack / "pyproject.toml").read_text()
    assert 'name = "pykata-digits"' in pyproject
    assert 'pykata_digits = "pykata_digits.pack"' in pyproject
    toml = (kata / "kata.toml").read_text()
    assert 'title = "Digits \\"sum\\""' in toml  # a quote in the title stays valid TOML
    assert 'band = "mid"' in toml


def test_verify_proves_a_freshly_scaffolded_pack(pack, capsys):
    assert pykata("verify", pack) == 0
    out = capsys.readouterr().out
    for line in (
        "ok    reference passes every level: level 1 passed, level 2 passed",
        "ok    starter fails level 1: level 1 failed",
        "ok    sample test passes the reference",
        "ok    sample test fails the starter",
        "ok    buggy l1_drops_the_first_digit fails at level 1: level 1 failed, level 2 passed",
        "ok    buggy l2_accepts_bool fails at level 2: level 1 passed, level 2 failed",
        "ok    correct string_digits passes every level",
    ):
        assert line in out, out
    assert "1 kata(s), 7 checks, all passed" in out


def test_verify_fails_a_mislabelled_bug_and_a_starter_that_already_passes(pack, capsys):
    corpus = pack / "tests" / "corpus" / "digits"
    bug = corpus / "buggy" / "l2_accepts_bool.py"
    bug.write_text(bug.read_text().replace("level=2", "level=1"))
    solution = pack / "pykata_digits" / "solutions" / "digits.py"
    (kata_folder(pack) / "starter.py").write_text(solution.read_text())
    assert pykata("verify", pack) == 1
    captured = capsys.readouterr()
    out = captured.out
    assert "FAIL  starter fails level 1: level 1 passed (expected failed" in out, out
    assert "FAIL  buggy l2_accepts_bool fails at level 1: level 1 passed, level 2 failed" in out
    assert "FAIL  sample test fails the starter: pytest exited with 0" in out
    assert "ok    buggy l1_drops_the_first_digit" in out
    assert "3 failed" in out
    # What went wrong is printed as it happens, on stderr, too.
    assert "FAIL digits: starter fails level 1" in captured.err


def test_verify_fails_a_level_without_any_spec(pack, capsys):
    toml = kata_folder(pack) / "kata.toml"
    toml.write_text(toml.read_text() + '\n[[levels]]\ntitle = "Later"\nexports = []\n')
    assert pykata("verify", pack, "-j", "2") == 1
    out = capsys.readouterr().out
    assert "FAIL  reference passes every level: RuntimeError: ERROR: malformed kata" in out, out
    assert "kata.toml: field 'levels[3]': has no spec in the spec files" in out


def test_verify_reports_a_malformed_definition_with_its_field(pack, capsys):
    toml = kata_folder(pack) / "kata.toml"
    toml.write_text(toml.read_text().replace('band = "mid"', 'band = "expert"'))
    assert pykata("verify", pack) == 1
    out = capsys.readouterr().out
    assert "digits: cannot be verified:" in out
    assert "kata.toml: field 'band': must be one of junior, mid, senior" in out


def test_verify_reports_a_corpus_file_without_a_header(pack, capsys):
    (pack / "tests" / "corpus" / "digits" / "buggy" / "l1_unlabelled.py").write_text("x = 1\n")
    assert pykata("verify", pack, "--kata", "digits") == 1
    assert "its first lines need '# pykata-corpus: buggy level=N'" in capsys.readouterr().out


def test_new_into_adds_a_kata_to_a_pack_and_never_overwrites(pack, capsys):
    assert pykata("new", "second", "--into", pack) == 0
    second = pack / "pykata_digits" / "katas" / "second"
    assert (second / "spec_second.py").is_file()
    assert (pack / "pykata_digits" / "solutions" / "second.py").is_file()
    assert (pack / "tests" / "corpus" / "second" / "correct" / "string_digits.py").is_file()
    (second / "README.md").write_text("mine")
    capsys.readouterr()
    assert pykata("new", "second", "--into", pack) == 2
    assert "already there, nothing was written" in capsys.readouterr().err
    assert (second / "README.md").read_text() == "mine"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["new", "Bad-Slug"], "slug 'Bad-Slug': use lower-case letters"),
        (["new", "fine", "--band", "expert"], "band 'expert': must be one of junior, mid, senior"),
        (["new", "base62"], "kata 'base62' already exists in the installed pack 'builtin'"),
        (["new", "fine", "--into", "."], "no kata pack there"),
        (["verify", "."], "no kata pack here"),
        (["verify", "no/such/folder"], "not a folder"),
    ],
)
def test_author_usage_errors_exit_2_with_the_reason(argv, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert pykata(*argv) == 2
    assert message in capsys.readouterr().err


def test_new_refuses_to_overwrite_an_existing_project(pack, capsys):
    readme = pack / "README.md"
    readme.write_text("mine")
    assert pykata("new", "digits", "--dir", pack.parent) == 2
    assert "already exists: nothing was written" in capsys.readouterr().err
    assert readme.read_text() == "mine"


def test_the_scaffolded_pack_registers_through_the_pykata_hook(pack):
    spec = importlib.util.spec_from_file_location(
        "pykata_digits_pack_under_test", pack / "pykata_digits" / "pack.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    manager = plugin_manager()
    manager.register(module)
    try:
        kata = load_catalog(refresh=True).get("digits")
        assert kata.pack == "pykata_digits"
        assert kata.band == "mid" and [lv.title for lv in kata.levels] == ["Digit sum", "Bad input"]
        assert kata.solution == pack / "pykata_digits" / "solutions" / "digits.py"
    finally:
        manager.unregister(module)
        load_catalog(refresh=True)
