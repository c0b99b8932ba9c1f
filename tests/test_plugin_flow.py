"""The learner's flow through the plugin: start a kata, run it, read the ladder and the JSON.

Every test builds a real learner workspace in a temporary folder and runs a real pytest
session on it with ``pytester``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from pytest_pykata import cli
from pytest_pykata.catalog import load_catalog

BASE62 = load_catalog().get("base62")
REFERENCE = BASE62.solution.read_text(encoding="utf-8")


def start(pytester: pytest.Pytester, slug: str = "base62", code: str | None = None) -> None:
    assert cli.main(["start", slug, "--dir", str(pytester.path)]) == 0
    if code is not None:
        (pytester.path / "katas" / slug / f"{slug}.py").write_text(textwrap.dedent(code))


def run_kata(pytester: pytest.Pytester, *args: str) -> tuple[pytest.RunResult, dict]:
    result = pytester.runpytest(
        "--kata", "base62", "--kata-json", "r.json", "-p", "no:randomly", *args
    )
    return result, json.loads((pytester.path / "r.json").read_text())


def ladder(document: dict, slug: str = "base62") -> list[str]:
    (kata,) = [k for k in document["katas"] if k["kata"] == slug]
    return [level["status"] for level in kata["levels"]]


def with_bug(old: str, new: str) -> str:
    assert old in REFERENCE, old
    return REFERENCE.replace(old, new, 1)


# -- pykata start -----------------------------------------------------------------------------


def test_start_creates_the_starter_readme_and_sample_test(pytester, capsys):
    start(pytester)
    folder = pytester.path / "katas" / "base62"
    assert (folder / "base62.py").read_text() == BASE62.starter.read_text()
    assert (folder / "README.md").read_text() == BASE62.readme.read_text()
    assert (folder / "test_base62.py").read_text() == BASE62.sample_test.read_text()
    assert "pytest --kata base62" in capsys.readouterr().out


def test_start_never_overwrites_a_learners_code(pytester, capsys):
    start(pytester, code="# my own work\n")
    assert cli.main(["start", "base62", "--dir", str(pytester.path)]) == 0
    assert (pytester.path / "katas/base62/base62.py").read_text() == "# my own work\n"
    assert "kept" in capsys.readouterr().out


def test_start_refuses_an_unknown_kata_and_suggests_the_closest(pytester, capsys):
    assert cli.main(["start", "base26", "--dir", str(pytester.path)]) == 2
    err = capsys.readouterr().err
    assert "unknown kata 'base26'" in err and "base62" in err
    assert not (pytester.path / "katas").exists()


def test_list_shows_every_builtin_kata_by_band(capsys):
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    assert "base62" in out and "junior" in out


# -- running a kata ---------------------------------------------------------------------------


def test_the_starter_fails_level_one_and_locks_the_levels_above(pytester):
    start(pytester)
    result, document = run_kata(pytester)
    assert result.ret == 1
    assert ladder(document) == ["failed", "locked", "locked", "locked"]
    assert document["katas"][0]["highest_level_passed"] == 0
    result.stdout.fnmatch_lines(["*level 1  FAILED  Round trip*", "*level 2  locked*"])
    result.stdout.fnmatch_lines(["*encode is not implemented yet*"])


def test_the_reference_solution_passes_every_level_and_exits_zero(pytester):
    start(pytester, code=REFERENCE)
    result, document = run_kata(pytester)
    assert result.ret == 0
    assert ladder(document) == ["passed"] * 4
    assert document["katas"][0]["highest_level_passed"] == 4
    result.stdout.fnmatch_lines(["*all 4 levels passed*"])


def test_the_json_document_has_the_documented_shape(pytester):
    start(pytester, code=REFERENCE)
    _, document = run_kata(pytester)
    assert set(document) == {"version", "katas"} and document["version"] == 1
    (kata,) = document["katas"]
    assert set(kata) == {"kata", "band", "highest_level_passed", "levels"}
    assert (kata["kata"], kata["band"]) == ("base62", "junior")
    for number, level in enumerate(kata["levels"], start=1):
        assert set(level) == {"level", "title", "status", "specs"}
        assert level["level"] == number and level["title"] == BASE62.level(number).title
        assert level["specs"], level
        for spec in level["specs"]:
            assert set(spec) == {"name", "status", "message"}
            assert spec["status"] == "passed"


def test_only_the_hidden_specs_run_when_no_path_is_given(pytester):
    start(pytester, code=REFERENCE)
    result, document = run_kata(pytester)
    assert "test_base62.py" not in result.stdout.str()
    hidden = sum(len(level["specs"]) for level in document["katas"][0]["levels"])
    result.assert_outcomes(passed=hidden)
    with_paths = pytester.runpytest(
        "--kata", "base62", "katas/base62/test_base62.py", "-p", "no:randomly", "-v"
    )
    with_paths.stdout.fnmatch_lines(["*test_base62.py::*PASSED*", "*kata:base62*PASSED*"])


def test_a_bug_at_level_two_passes_level_one_and_locks_three_and_four(pytester):
    start(pytester, code=with_bug("isinstance(n, bool)", "False"))
    result, document = run_kata(pytester)
    assert ladder(document) == ["passed", "failed", "locked", "locked"]
    assert document["katas"][0]["highest_level_passed"] == 1
    assert result.ret == 1
    locked = [s for s in document["katas"][0]["levels"][2]["specs"]]
    assert locked and all(s["status"] == "locked" for s in locked)


def test_all_levels_judges_the_levels_above_a_failure(pytester):
    start(pytester, code=with_bug("isinstance(n, bool)", "False"))
    result, document = run_kata(pytester, "--kata-all-levels")
    assert ladder(document) == ["passed", "failed", "passed", "passed"]
    assert document["katas"][0]["highest_level_passed"] == 1
    assert result.ret == 1


def test_kata_level_stops_after_that_level(pytester):
    start(pytester, code=REFERENCE)
    result, document = run_kata(pytester, "--kata-level", "2")
    assert ladder(document) == ["passed", "passed", "locked", "locked"]
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*level 3  locked*(not run: --kata-level 2)*"])


def test_kata_level_beyond_the_kata_is_a_usage_error(pytester):
    start(pytester, code=REFERENCE)
    result = pytester.runpytest("--kata", "base62", "--kata-level", "7")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--kata-level 7: base62 has levels 1 to 4*"])


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_a_bad_kata_level_is_a_usage_error(pytester, value):
    result = pytester.runpytest("--kata", "base62", "--kata-level", value)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "--kata-level" in result.stderr.str()


def test_an_unknown_kata_is_a_usage_error_with_suggestions(pytester):
    result = pytester.runpytest("--kata", "base_62")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown kata 'base_62'. Did you mean: base62?*"])


def test_a_kata_not_started_says_how_to_start_it(pytester):
    result = pytester.runpytest("--kata", "base62")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*kata 'base62' is not started*pykata start base62*"])


def test_kata_all_runs_every_started_kata_and_refuses_when_none_is(pytester):
    result = pytester.runpytest("--kata", "all")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*no kata is started*"])
    start(pytester, code=REFERENCE)
    result = pytester.runpytest("--kata", "all", "--kata-json", "r.json")
    assert result.ret == 0
    document = json.loads((pytester.path / "r.json").read_text())
    assert [k["kata"] for k in document["katas"]] == ["base62"]


def test_kata_names_can_be_repeated_or_comma_separated(pytester):
    start(pytester, code=REFERENCE)
    result = pytester.runpytest(
        "--kata", "base62,base62", "--kata", "base62", "--kata-json", "r.json"
    )
    document = json.loads((pytester.path / "r.json").read_text())
    assert [k["kata"] for k in document["katas"]] == ["base62"]
    assert result.ret == 0


def test_the_kata_dir_comes_from_the_option_or_the_ini_file(pytester):
    other = pytester.mkdir("exercises")
    assert cli.main(["start", "base62", "--dir", str(other)]) == 0
    (other / "katas" / "base62" / "base62.py").write_text(REFERENCE)
    result = pytester.runpytest("--kata", "base62", "--kata-dir", "exercises/katas")
    assert result.ret == 0
    pytester.makeini("[pytest]\nkata_dir = exercises/katas\n")
    assert pytester.runpytest("--kata", "base62").ret == 0
    bad = pytester.runpytest("--kata", "base62", "--kata-dir", "nowhere")
    assert bad.ret == pytest.ExitCode.USAGE_ERROR
    bad.stderr.fnmatch_lines(["*--kata-dir: *nowhere is not a folder*"])


def test_kata_json_into_a_missing_folder_is_a_usage_error(pytester):
    start(pytester, code=REFERENCE)
    result = pytester.runpytest("--kata", "base62", "--kata-json", "missing/r.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--kata-json: folder*missing does not exist*"])


# -- code that cannot be judged -----------------------------------------------------------------


def test_a_syntax_error_is_an_error_verdict_with_the_line(pytester):
    start(pytester, code="ALPHABET = '0'\n\ndef encode(n):\n    return (\n")
    result, document = run_kata(pytester)
    assert ladder(document) == ["error", "locked", "locked", "locked"]
    message = document["katas"][0]["levels"][0]["specs"][0]["message"]
    assert "does not compile" in message and "line" in message
    assert result.ret == 1


def test_an_exception_at_import_is_an_error_verdict_with_the_line(pytester):
    start(pytester, code="import math\n\nALPHABET = '0'\nmath.sqrt(-1)\n")
    _, document = run_kata(pytester)
    message = document["katas"][0]["levels"][0]["specs"][0]["message"]
    assert ladder(document)[0] == "error"
    assert "raised ValueError while being imported" in message and "line 4" in message


def test_a_missing_name_is_an_error_that_quotes_the_contract(pytester):
    start(pytester, code="ALPHABET = '0123456789'\n\ndef encode(n):\n    return ''\n")
    _, document = run_kata(pytester)
    assert ladder(document)[0] == "error"
    messages = {s["message"] for s in document["katas"][0]["levels"][0]["specs"]}
    assert "base62.py must define decode(code: str) -> int (base62.py)" in messages


def test_a_name_missing_only_at_level_three_passes_levels_one_and_two(pytester):
    code = REFERENCE.replace("class Shortener", "class _NotTheShortener")
    start(pytester, code=code)
    _, document = run_kata(pytester)
    assert ladder(document) == ["passed", "passed", "error", "locked"]
    message = document["katas"][0]["levels"][2]["specs"][0]["message"]
    assert "must define Shortener()" in message


def test_a_name_of_the_wrong_kind_is_an_error(pytester):
    code = REFERENCE.replace("class Shortener", "class _Impl") + '\n\nShortener = "to do"\n'
    start(pytester, code=code)
    _, document = run_kata(pytester)
    assert ladder(document)[2] == "error"
    message = document["katas"][0]["levels"][2]["specs"][0]["message"]
    assert "defines Shortener as a str" in message and "contract needs Shortener()" in message


# -- explanations ------------------------------------------------------------------------------


def test_a_failure_is_explained_with_the_rule_a_reproducer_and_a_hint(pytester):
    start(pytester, code=with_bug("if n == 0:\n", "if n == -1:\n"))
    result, document = run_kata(pytester)
    out = result.stdout.str()
    assert ladder(document)[0] == "failed"
    assert "base62 · level 1 “Round trip” · failed" in out
    assert "Rule: encode(0) is ALPHABET[0]" in out
    assert "from base62 import encode" in out
    assert "pykata hint base62" in out
    assert "Traceback" not in out and "spec.py" not in out.replace("spec_base62.py", "")


def test_verbose_output_keeps_the_full_traceback(pytester):
    start(pytester, code=with_bug("if n == 0:\n", "if n == -1:\n"))
    result, _ = run_kata(pytester, "--tb=long")
    result.stdout.fnmatch_lines(["*pykata explanation*", "*Rule: encode(0) is ALPHABET*"])


# -- progress ------------------------------------------------------------------------------------


def test_progress_records_runs_levels_and_first_green(pytester):
    start(pytester)
    run_kata(pytester)
    (pytester.path / "katas/base62/base62.py").write_text(REFERENCE)
    run_kata(pytester)
    progress = json.loads((pytester.path / ".pykata/progress.json").read_text())
    entry = progress["katas"]["base62"]
    assert entry["runs"] == 2
    assert entry["highest_level_passed"] == 4
    assert set(entry["levels"]) == {"1", "2", "3", "4"}
    assert all("first_passed" in level for level in entry["levels"].values())
    assert entry["last_run"]["levels"] == {
        "1": "passed",
        "2": "passed",
        "3": "passed",
        "4": "passed",
    }


def test_a_plain_run_writes_no_progress_and_imports_nothing_heavy(pytester):
    pytester.makepyfile(
        test_plain="""
        import sys

        def test_nothing_heavy_was_imported():
            heavy = {"hypothesis", "freezegun", "cookiecutter", "rich", "watchfiles", "jinja2"}
            assert not heavy & set(sys.modules)
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:hypothesispytest", "-p", "no:randomly")
    result.assert_outcomes(passed=1)
    assert not (pytester.path / ".pykata").exists()


def test_importing_the_plugin_loads_no_heavy_library():
    code = (
        "import sys, pytest_pykata.plugin\n"
        "heavy = {'hypothesis', 'freezegun', 'cookiecutter', 'rich', 'watchfiles', 'jinja2'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_failing_example_is_saved_and_comes_back_on_the_next_run(pytester):
    start(pytester, code=with_bug("if n == 0:\n", "if n == -1:\n"))
    first, _ = run_kata(pytester)
    database = pytester.path / ".pykata" / "hypothesis"
    assert database.is_dir() and any(p.is_file() for p in database.rglob("*"))
    second, _ = run_kata(pytester)
    marker = "The smallest example found"
    assert marker in first.stdout.str()
    assert first.stdout.str().split(marker)[1][:400] == second.stdout.str().split(marker)[1][:400]
    (pytester.path / "katas/base62/base62.py").write_text(REFERENCE)
    fixed, document = run_kata(pytester)
    assert fixed.ret == 0 and ladder(document) == ["passed"] * 4


def test_without_an_ini_file_a_kata_runs_from_inside_its_folder(pytester, monkeypatch):
    start(pytester, code=REFERENCE)
    monkeypatch.chdir(pytester.path / "katas" / "base62")
    result = pytester.runpytest("--kata", "base62", "-p", "no:randomly")
    assert result.ret == 0
    assert (pytester.path / ".pykata" / "progress.json").is_file()
    assert not (pytester.path / "katas" / "base62" / ".pykata").exists()


def test_keyword_selection_runs_only_the_chosen_specs(pytester):
    start(pytester, code=REFERENCE)
    result, document = run_kata(pytester, "-k", "round_trip")
    assert result.ret == 0
    ran = [s["name"] for level in document["katas"][0]["levels"] for s in level["specs"]]
    assert ran and all("round_trip" in name for name in ran)
