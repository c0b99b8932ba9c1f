"""The built wheel works on its own: installed into a new virtualenv, started as a learner would.

This is the check that the kata pack really ships inside the wheel (not only in an editable
checkout) and that the entry points are wired.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(
    *args: str | Path, cwd: Path | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "VIRTUAL_ENV"))}
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=check,
        env=env,
        timeout=600,
    )


@pytest.mark.slow
def test_the_wheel_installs_into_a_new_venv_and_judges_a_fresh_workspace(tmp_path):
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", dist, ROOT)
    (wheel,) = dist.glob("pytest_pykata-*.whl")
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    bin_dir = venv / "bin"
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", wheel, cwd=tmp_path)

    workspace = tmp_path / "W"
    workspace.mkdir()
    started = run(bin_dir / "pykata", "start", "base62", "--dir", workspace)
    assert "created" in started.stdout
    learner_file = workspace / "katas" / "base62" / "base62.py"
    assert learner_file.is_file()

    first = run(
        bin_dir / "pytest", "--kata", "base62", "--kata-json", "r.json", cwd=workspace, check=False
    )
    assert first.returncode == 1, first.stdout + first.stderr
    document = json.loads((workspace / "r.json").read_text())
    statuses = [level["status"] for level in document["katas"][0]["levels"]]
    assert statuses == ["failed", "locked", "locked", "locked"]

    # The reference solution ships inside the wheel, with the katas.
    located = run(
        bin_dir / "python",
        "-c",
        "import pytest_pykata.builtin_pack as p; print(p.pack_root())",
        cwd=workspace,
    )
    root = Path(located.stdout.strip())
    assert root.parent.name == "pytest_pykata" and root.name == "builtin"
    learner_file.write_text((root / "solutions" / "base62.py").read_text())
    second = run(
        bin_dir / "pytest", "--kata", "base62", "--kata-json", "r.json", cwd=workspace, check=False
    )
    assert second.returncode == 0, second.stdout + second.stderr
    document = json.loads((workspace / "r.json").read_text())
    assert [level["status"] for level in document["katas"][0]["levels"]] == ["passed"] * 4

    plain = run(
        bin_dir / "python",
        "-c",
        "import sys, pytest_pykata.plugin; print('hypothesis' in sys.modules)",
        cwd=workspace,
    )
    assert plain.stdout.strip() == "False"

    # The author's story, from the same installed wheel: scaffold a pack (the cookiecutter
    # template ships in the wheel), prove it, install it, and see a learner use its kata.
    authoring = tmp_path / "authoring"
    authoring.mkdir()
    run(bin_dir / "pykata", "new", "digits", "--band", "mid", cwd=authoring)
    project = authoring / "pykata-digits"
    verified = run(bin_dir / "pykata", "verify", project, check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "7 checks, all passed" in verified.stdout
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", project, cwd=tmp_path)
    listed = run(bin_dir / "pykata", "list", cwd=workspace)
    assert "digits" in listed.stdout
    run(bin_dir / "pykata", "start", "digits", cwd=workspace)
    digits = workspace / "katas" / "digits" / "digits.py"
    digits.write_text((project / "pykata_digits" / "solutions" / "digits.py").read_text())
    third = run(bin_dir / "pytest", "--kata", "digits", cwd=workspace, check=False)
    assert third.returncode == 0, third.stdout + third.stderr
    assert "all 2 levels passed" in third.stdout
