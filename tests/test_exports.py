"""katas.md names ``LRUCache``, ``TokenBucket``, ``Shortener``... without saying "class": a
learner may export any callable that builds the object. Only the names katas.md declares as
exception classes (``CircuitOpenError(Exception)``, ``CycleError``) must be classes."""

from __future__ import annotations

import json
import re

import pytest

from pytest_pykata.catalog import load_catalog

# kata -> the names that katas.md exports without requiring a class
FACTORIES = {
    "base62": ["Shortener"],
    "lru_cache": ["LRUCache"],
    "rate_limiter": ["TokenBucket", "SlidingWindowLimiter"],
    "circuit_breaker": ["CircuitBreaker"],
    "task_scheduler": ["TaskScheduler"],
}


def as_factories(source: str, names: list[str]) -> str:
    """The reference solution with each class in ``names`` exported as a factory function
    (the solution's own uses of the class keep the class, renamed)."""
    for name in names:
        source = re.sub(rf"\b{name}\b", f"_{name}Class", source)
    lines = [source, ""]
    for name in names:
        lines += [
            "",
            f"def {name}(*args, **kwargs):",
            f'    """Builds a {name}: a function, not a class."""',
            f"    return _{name}Class(*args, **kwargs)",
            "",
        ]
    return "\n".join(lines)


@pytest.mark.parametrize("slug", sorted(FACTORIES))
def test_a_factory_function_passes_where_katas_md_does_not_ask_for_a_class(pytester, slug):
    kata = load_catalog().get(slug)
    folder = pytester.path / "katas" / slug
    folder.mkdir(parents=True)
    code = as_factories(kata.solution.read_text(encoding="utf-8"), FACTORIES[slug])
    (folder / f"{slug}.py").write_text(code)
    result = pytester.runpytest(
        "--kata", slug, "--kata-all-levels", "--kata-json", "r.json", "-p", "no:randomly"
    )
    (entry,) = json.loads((pytester.path / "r.json").read_text())["katas"]
    problems = [
        f"level {lv['level']}: {spec['name']}: {spec['message']}"
        for lv in entry["levels"]
        for spec in lv["specs"]
        if spec["status"] != "passed"
    ]
    assert result.ret == 0, "\n".join(problems)


def test_an_exception_class_must_still_be_a_class(pytester):
    kata = load_catalog().get("circuit_breaker")
    folder = pytester.path / "katas" / "circuit_breaker"
    folder.mkdir(parents=True)
    code = as_factories(kata.solution.read_text(encoding="utf-8"), ["CircuitOpenError"])
    (folder / "circuit_breaker.py").write_text(code)
    result = pytester.runpytest("--kata", "circuit_breaker", "-p", "no:randomly")
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        ["*defines CircuitOpenError as a function, but the contract needs class CircuitOpenError*"]
    )
