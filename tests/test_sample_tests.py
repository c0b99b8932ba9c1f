"""Every kata's visible sample test passes for every correct implementation and fails for the
starter: a learner's own test file must never contradict the hidden specs."""

from __future__ import annotations

import pytest
from corpus_support import entries

from pytest_pykata.catalog import load_catalog

KATAS = list(load_catalog())
CASES = [(kata.slug, kata.solution, "reference") for kata in KATAS] + [
    (e.kata, e.path, e.path.stem) for e in entries() if e.kind == "correct"
]


def run_sample(pytester: pytest.Pytester, slug: str, code: str) -> pytest.RunResult:
    kata = load_catalog().get(slug)
    folder = pytester.path / "katas" / slug
    folder.mkdir(parents=True)
    (folder / f"{slug}.py").write_text(code)
    (folder / f"test_{slug}.py").write_text(kata.sample_test.read_text())
    return pytester.runpytest_subprocess("-p", "no:randomly", "-q", str(folder), timeout=120)


@pytest.mark.parametrize(("slug", "path", "name"), CASES, ids=[f"{c[0]}/{c[2]}" for c in CASES])
def test_the_sample_test_passes_for_a_correct_implementation(pytester, slug, path, name):
    result = run_sample(pytester, slug, path.read_text())
    assert result.ret == 0, "\n".join(result.outlines[-30:])


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.slug)
def test_the_sample_test_fails_for_the_starter(pytester, kata):
    result = run_sample(pytester, kata.slug, kata.starter.read_text())
    outcomes = result.parseoutcomes()
    assert result.ret == 1 and outcomes.get("failed", 0) >= 1
