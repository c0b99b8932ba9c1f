"""Every hidden spec is measured against the corpus: buggy entries fail exactly at their level,
correct ones (written in other styles) pass every level. Each entry runs through the real
plugin in a fresh learner workspace, with ``--kata-all-levels`` so every level is judged.
"""

from __future__ import annotations

import json
import re
import textwrap

import pytest
from corpus_support import Entry, entries

from pytest_pykata.catalog import load_catalog
from pytest_pykata.explain import NO_REPRODUCER, REPRODUCER_INTRO

KATAS = {kata.slug for kata in load_catalog()}
REPRODUCER_TIMEOUT = 120
ENTRIES = [e for e in entries() if e.kata in KATAS]


def judge(pytester: pytest.Pytester, entry: Entry) -> dict:
    folder = pytester.path / "katas" / entry.kata
    folder.mkdir(parents=True)
    (folder / f"{entry.kata}.py").write_text(entry.path.read_text(encoding="utf-8"))
    result = pytester.runpytest(
        "--kata", entry.kata, "--kata-all-levels", "--kata-json", "r.json", "-p", "no:randomly"
    )
    document = json.loads((pytester.path / "r.json").read_text())
    (kata,) = document["katas"]
    kata["exit"] = result.ret
    kata["output"] = "\n".join(result.outlines[-40:])
    kata["full_output"] = result.outlines
    return kata


def first_reproducer(lines: list[str]) -> str | None:
    """The first reproducer printed in a run's output, dedented, or None."""
    for n, line in enumerate(lines):
        if line.startswith(REPRODUCER_INTRO):
            block = []
            for text in lines[n + 2 :]:
                if text and not text.startswith("    "):
                    break
                block.append(text)
            return textwrap.dedent("\n".join(block)).strip() + "\n"
        if line.startswith(NO_REPRODUCER):
            return None
    raise AssertionError("no explanation found in the output:\n" + "\n".join(lines[-60:]))


def check_explanation(entry: Entry, kata: dict) -> None:
    """The default output explains in the learner's terms: no traceback into spec internals."""
    text = "\n".join(kata["full_output"])
    assert "Traceback (most recent call last)" not in text, entry.id
    frames = re.findall(r"spec_\w+\.py:\d+", text)
    assert not frames, f"{entry.id}: spec-internal frames in the output: {frames[:3]}"
    assert f"level {entry.level} \u201c" in text, f"{entry.id}: the level is not named"
    assert "Rule: " in text and f"pykata hint {entry.kata}" in text, entry.id


def check_reproducer(pytester: pytest.Pytester, entry: Entry, kata: dict) -> None:
    """The printed reproducer fails against the buggy code and passes against the reference."""
    reproducer = first_reproducer(kata["full_output"])
    if reproducer is None:
        return  # a timing or thread rule: the explanation says there is nothing to paste
    folder = pytester.path / "katas" / entry.kata
    (folder / "test_pykata_reproducer.py").write_text(reproducer)
    # In a subprocess with a deadline: a reproducer must never hang, even against a bug.
    against_bug = pytester.runpytest_subprocess(
        str(folder / "test_pykata_reproducer.py"),
        "-p",
        "no:randomly",
        "-p",
        "no:cacheprovider",
        timeout=REPRODUCER_TIMEOUT,
    )
    assert against_bug.ret == 1, f"the reproducer does not fail on {entry.id}:\n{reproducer}"
    reference = load_catalog().get(entry.kata).solution
    (folder / f"{entry.kata}.py").write_text(reference.read_text(encoding="utf-8"))
    against_reference = pytester.runpytest_subprocess(
        str(folder / "test_pykata_reproducer.py"),
        "-p",
        "no:randomly",
        "-p",
        "no:cacheprovider",
        timeout=REPRODUCER_TIMEOUT,
    )
    assert against_reference.ret == 0, (
        f"the reproducer of {entry.id} fails on the reference solution too:\n{reproducer}\n"
        + "\n".join(against_reference.outlines[-30:])
    )


def statuses(kata: dict) -> dict[int, str]:
    return {level["level"]: level["status"] for level in kata["levels"]}


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.kind == "buggy"], ids=lambda e: e.id)
def test_a_buggy_implementation_fails_exactly_at_its_level(pytester, entry):
    kata = judge(pytester, entry)
    got = statuses(kata)
    lower = {n: s for n, s in got.items() if n < entry.level}
    assert all(s == "passed" for s in lower.values()), (
        f"{entry.id} ({entry.bug}) must pass the levels below {entry.level}: {got}\n"
        + kata["output"]
    )
    assert got[entry.level] == "failed", (
        f"{entry.id} ({entry.bug}) must fail level {entry.level}: {got}\n" + kata["output"]
    )
    assert kata["exit"] == 1
    check_explanation(entry, kata)
    check_reproducer(pytester, entry, kata)


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.kind == "correct"], ids=lambda e: e.id)
def test_a_correct_implementation_passes_every_level(pytester, entry):
    kata = judge(pytester, entry)
    got = statuses(kata)
    problems = [
        f"level {level['level']}: {spec['name']}: {spec['message']}"
        for level in kata["levels"]
        for spec in level["specs"]
        if spec["status"] != "passed"
    ]
    assert all(s == "passed" for s in got.values()), (
        f"{entry.id} ({entry.bug}) must pass every level: {got}\n" + "\n".join(problems)
    )
    assert kata["highest_level_passed"] == len(got)
    assert kata["exit"] == 0


def test_every_kata_has_a_corpus_that_covers_every_level():
    for kata in load_catalog():
        mine = [e for e in ENTRIES if e.kata == kata.slug]
        if not mine:
            continue  # a kata still being written has no corpus yet
        assert len([e for e in mine if e.kind == "correct"]) >= 3, kata.slug
        levels = {e.level for e in mine if e.kind == "buggy"}
        assert levels == set(range(1, len(kata.levels) + 1)), (kata.slug, sorted(levels))
