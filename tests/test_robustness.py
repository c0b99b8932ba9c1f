"""Learner code that is wrong in every way gets a clear verdict, in bounded time, and the other
katas of the same run are still judged.

Every case runs a real pytest session in a subprocess (anything here can hang or crash) on a
workspace holding a broken ``base62.py`` and a correct solution of ``toy``, a two-level kata
from a local pack declared with the ``kata_packs`` ini option.
"""

from __future__ import annotations

import json
import textwrap
import time
from dataclasses import dataclass

import pytest

from pytest_pykata.catalog import load_catalog

REFERENCE = load_catalog().get("base62").solution.read_text(encoding="utf-8")
TIMEOUT = "3"  # --kata-timeout for these runs
BOUND = 45.0  # seconds a whole run may take, whatever the learner's code does

TOY_KATA = {
    "kata.toml": """
        slug = "toy"
        title = "Toy"
        band = "junior"
        summary = "A tiny kata for testing the plugin."

        [[levels]]
        title = "Answer"
        exports = ["def answer() -> int"]
        hints = ["Forty-two.", "Return 42."]

        [[levels]]
        title = "Double"
        exports = ["def double(n: int) -> int"]
        hints = ["Twice.", "Multiply by two."]
        """,
    "README.md": "# toy\n",
    "starter.py": """
        def answer():
            raise NotImplementedError

        def double(n):
            raise NotImplementedError
        """,
    "sample_test.py": "from toy import answer\n",
    "spec_toy.py": """
        from hypothesis import given, strategies as st
        from pytest_pykata.spec import check, spec

        @spec(level=1, rule="answer() is 42")
        def test_answer(learner):
            check.equal(learner.answer(), 42)

        @spec(level=2, rule="double(n) is 2 * n")
        @given(n=st.integers())
        def test_double(learner, n):
            check.equal(learner.double(n), 2 * n)
        """,
}
TOY_SOLUTION = """
    def answer():
        return 42

    def double(n):
        return 2 * n
    """


def workspace(pytester: pytest.Pytester, base62_code: str) -> None:
    kata = pytester.path / "pack" / "katas" / "toy"
    kata.mkdir(parents=True)
    for name, text in TOY_KATA.items():
        (kata / name).write_text(textwrap.dedent(text))
    pytester.makeini("[pytest]\nkata_packs = pack\n")
    for slug, code in (("base62", base62_code), ("toy", TOY_SOLUTION)):
        folder = pytester.path / "katas" / slug
        folder.mkdir(parents=True)
        (folder / f"{slug}.py").write_text(textwrap.dedent(code))


@dataclass
class Run:
    result: pytest.RunResult
    seconds: float
    katas: dict[str, dict]

    def statuses(self, slug: str) -> list[str]:
        return [level["status"] for level in self.katas[slug]["levels"]]

    def messages(self, slug: str) -> str:
        return "\n".join(
            spec["message"] for level in self.katas[slug]["levels"] for spec in level["specs"]
        )


def judge(pytester: pytest.Pytester, base62_code: str, *args: str) -> Run:
    workspace(pytester, base62_code)
    started = time.monotonic()
    result = pytester.runpytest_subprocess(
        "--kata",
        "base62,toy",
        "--kata-timeout",
        TIMEOUT,
        "--kata-json",
        "r.json",
        "-p",
        "no:randomly",
        *args,
        timeout=BOUND * 2,
    )
    seconds = time.monotonic() - started
    document = json.loads((pytester.path / "r.json").read_text())
    run = Run(result, seconds, {k["kata"]: k for k in document["katas"]})
    assert run.statuses("toy") == ["passed", "passed"], "the other kata must still be judged"
    assert seconds < BOUND, f"took {seconds:.1f} s"
    return run


def broken(old: str, new: str) -> str:
    assert old in REFERENCE
    return REFERENCE.replace(old, new, 1)


ENCODE = "def encode(n: int) -> str:\n"


def test_a_syntax_error_is_an_error_naming_the_line(pytester):
    run = judge(pytester, "ALPHABET = '0123'\n\ndef encode(n:\n    pass\n")
    assert run.statuses("base62")[0] == "error"
    assert "does not compile" in run.messages("base62")
    assert "line 3" in run.messages("base62")


def test_an_exception_at_import_is_an_error_naming_the_line(pytester):
    run = judge(pytester, "ALPHABET = '0123'\n\nraise RuntimeError('boom')\n")
    assert run.statuses("base62") == ["error", "locked", "locked", "locked"]
    assert "raised RuntimeError while being imported: boom" in run.messages("base62")
    assert "line 3" in run.messages("base62")


def test_a_missing_name_is_an_error_quoting_the_contract(pytester):
    run = judge(pytester, "ALPHABET = '0123'\n\ndef encode(n):\n    return ''\n")
    assert run.statuses("base62")[0] == "error"
    assert "must define decode(code: str) -> int" in run.messages("base62")


def test_a_name_of_the_wrong_kind_is_an_error(pytester):
    run = judge(pytester, REFERENCE + "\nencode = 5\n")
    assert run.statuses("base62")[0] == "error"
    assert "defines encode as a int value" in run.messages("base62")


def test_an_infinite_loop_times_out_naming_the_spec_and_the_line(pytester):
    run = judge(pytester, broken(ENCODE, ENCODE + "    while True:\n        pass\n"))
    assert run.statuses("base62")[0] == "error"
    messages = run.messages("base62")
    assert f"after {TIMEOUT} s, while running encode (base62.py, line" in messages
    assert "not run: timed out" in messages  # the rest of the level is not run again


def test_a_real_sleep_in_c_that_bypasses_the_fake_clock_times_out(pytester):
    code = broken(ENCODE, ENCODE + "    import ctypes\n    ctypes.CDLL(None).sleep(3600)\n")
    run = judge(pytester, code)
    assert run.statuses("base62")[0] == "error"
    assert f"timed out in test_encode_zero_is_first_digit after {TIMEOUT} s" in run.messages(
        "base62"
    )


def test_unbounded_recursion_is_an_error(pytester):
    run = judge(pytester, broken(ENCODE, ENCODE + "    return encode(n + 1)\n"))
    assert run.statuses("base62")[0] == "error"
    assert "recursed too deeply (RecursionError)" in run.messages("base62")


def test_ten_megabytes_of_output_is_judged_and_trimmed(pytester):
    run = judge(pytester, REFERENCE + "\nprint('x' * 10_000_000)\n")
    assert run.statuses("base62") == ["passed"] * 4
    assert len(run.result.stdout.str()) < 1_000_000


def test_sys_exit_is_an_error(pytester):
    run = judge(pytester, broken(ENCODE, ENCODE + "    import sys\n    sys.exit(2)\n"))
    assert run.statuses("base62")[0] == "error"
    assert "called sys.exit(2)" in run.messages("base62")


def test_sys_exit_at_import_is_an_error(pytester):
    run = judge(pytester, "import sys\nsys.exit(1)\n")
    assert run.statuses("base62")[0] == "error"
    assert "called sys.exit(1) while being imported" in run.messages("base62")


def test_an_infinite_loop_at_import_makes_the_whole_kata_an_error_once(pytester):
    run = judge(pytester, "while True:\n    pass\n", "--kata-all-levels")
    assert run.statuses("base62") == ["error"] * 4
    messages = run.messages("base62")
    assert "base62.py never finished importing (line" in messages, messages
    timeouts = [m for m in messages.splitlines() if m.startswith("timed out in")]
    assert len(timeouts) == 1, messages  # timed out once; every other spec was not run


@pytest.mark.parametrize("dist", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_os_exit_kills_only_the_spec_process(pytester, dist):
    run = judge(pytester, broken(ENCODE, ENCODE + "    import os\n    os._exit(3)\n"), *dist)
    assert run.statuses("base62")[0] == "error"
    assert "exited with status 3" in run.messages("base62")


@pytest.mark.parametrize("dist", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_a_segfault_kills_only_the_spec_process(pytester, dist):
    code = broken(ENCODE, ENCODE + "    import ctypes\n    ctypes.string_at(0)\n")
    run = judge(pytester, code, *dist)
    assert run.statuses("base62")[0] == "error"
    assert "killed by SIGSEGV" in run.messages("base62")


def test_patching_the_time_functions_is_an_error(pytester):
    run = judge(pytester, REFERENCE + "\nimport time\ntime.sleep = lambda seconds: None\n")
    assert run.statuses("base62")[0] == "error"
    assert "your code replaced time.sleep" in run.messages("base62")


def test_patching_the_spec_helpers_is_an_error_not_a_pass(pytester):
    cheat = "\nimport pytest_pykata.spec as s\ns._Check.equal = lambda *a, **k: None\n"
    run = judge(
        pytester,
        "ALPHABET = '0'\ndef encode(n):\n    return ''\ndef decode(c):\n    return 0\n" + cheat,
    )
    assert run.statuses("base62")[0] == "error"
    assert "your code replaced pytest_pykata.spec._Check.equal" in run.messages("base62")
