"""The ``pykata`` command: list, start, progress, reset, hint, solution (watch: test_watch.py).

Most tests call ``cli.main([...])`` on a workspace in a temporary folder, with progress written
by the real ``ProgressStore``; a few run the installed ``pykata`` console script, one of them
in a pseudo-terminal to see the rich output.
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pytest_pykata import cli
from pytest_pykata.catalog import load_catalog
from pytest_pykata.progress import ProgressStore, run_event

BASE62 = load_catalog().get("base62")
OTHER = next(k for k in load_catalog() if k.slug != "base62")
ANSI = re.compile(r"\x1b\[")
COMMANDS = [
    "list",
    "start",
    "progress",
    "reset",
    "hint",
    "solution",
    "watch",
    "new",
    "verify",
    "dojo",
]


def pykata(*args: str) -> int:
    return cli.main([str(a) for a in args])


@pytest.fixture
def ws(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A workspace with base62 started (the starter in katas/base62/base62.py)."""
    assert pykata("start", "base62", "--dir", tmp_path) == 0
    capsys.readouterr()
    return tmp_path


def record_run(root: Path, passed: int, slug: str = "base62", total: int = 4) -> None:
    """Record a run of ``slug`` that passed levels 1..passed, as `pytest --kata` does."""
    statuses = {n: "passed" for n in range(1, passed + 1)}
    if passed < total:
        statuses[passed + 1] = "failed"
        statuses.update({n: "locked" for n in range(passed + 2, total + 1)})
    ProgressStore(root).record(run_event(slug, statuses, passed, total))


def snapshot(root: Path) -> dict:
    return json.loads((root / ".pykata" / "progress.json").read_text())


def journal(root: Path) -> list[dict]:
    lines = (root / ".pykata" / "history.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines]


def console_script() -> list[str]:
    script = Path(sys.executable).with_name("pykata")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pytest_pykata.cli"]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "NO_COLOR"))}
    env.update(extra)
    return env


# -- usage, help and exit statuses --------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command, capsys):
    assert pykata(command, "--help") == 0
    out = capsys.readouterr().out
    assert f"usage: pykata {command}" in out
    assert f"Example:\n  pykata {command}" in out


def test_the_top_level_help_lists_every_command(capsys):
    assert pykata("--help") == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert command in out


@pytest.mark.parametrize(
    "argv",
    [[], ["bogus"], ["list", "--bogus"], ["hint"], ["watch", "base62", "--debounce", "0"]],
)
def test_a_usage_error_exits_2(argv, capsys):
    assert pykata(*argv) == 2
    assert "usage: pykata" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["start", "hint", "solution", "reset", "watch"])
def test_an_unknown_kata_exits_2_naming_the_closest(command, ws, capsys):
    assert pykata(command, "base26", "--dir", ws) == 2
    err = capsys.readouterr().err
    assert "unknown kata 'base26'" in err and "base62" in err


@pytest.mark.parametrize("command", ["hint", "solution", "reset", "watch"])
def test_a_kata_not_started_exits_2_and_says_how_to_start_it(command, ws, capsys):
    assert pykata(command, OTHER.slug, "--dir", ws) == 2
    err = capsys.readouterr().err
    assert f"kata '{OTHER.slug}' is not started" in err
    assert f"pykata start {OTHER.slug}" in err


@pytest.mark.parametrize("command", ["hint", "solution", "reset", "watch"])
def test_a_missing_workspace_exits_2(command, tmp_path, capsys):
    assert pykata(command, "base62", "--dir", tmp_path) == 2
    assert "no pykata workspace" in capsys.readouterr().err


def test_a_dir_that_is_not_a_folder_exits_2(tmp_path, capsys):
    assert pykata("progress", "--dir", tmp_path / "nowhere") == 2
    assert "not a folder" in capsys.readouterr().err


# -- finding the workspace ------------------------------------------------------------------------


def test_commands_find_the_workspace_from_inside_a_kata_folder(ws, capsys):
    record_run(ws, passed=2)
    assert pykata("list", "--dir", ws / "katas" / "base62") == 0
    assert "level 3 of 4" in capsys.readouterr().out


def test_the_workspace_is_pytests_rootdir_with_its_kata_dir_ini_option(tmp_path, capsys):
    (tmp_path / "pytest.ini").write_text("[pytest]\nkata_dir = exercises\n")
    (tmp_path / "src").mkdir()
    assert pykata("start", "base62", "--dir", tmp_path / "src") == 0
    assert (tmp_path / "exercises" / "base62" / "base62.py").is_file()
    record_run(tmp_path, passed=1)
    capsys.readouterr()
    assert pykata("progress", "--json", "--dir", tmp_path / "src") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["workspace"] == str(tmp_path.resolve())
    assert document["kata_dir"] == str((tmp_path / "exercises").resolve())
    (entry,) = [k for k in document["katas"] if k["kata"] == "base62"]
    assert entry["status"] == "in_progress" and entry["levels_passed"] == 1


# -- pykata list ----------------------------------------------------------------------------------


def test_list_shows_each_katas_status_from_a_real_progress_file(ws, capsys):
    record_run(ws, passed=2)
    assert pykata("list", "--dir", ws) == 0
    out = capsys.readouterr().out
    assert re.search(r"base62\s+4 levels\s+level 3 of 4\s+Base62 codec", out)
    assert re.search(rf"{OTHER.slug}\s+\d+ levels\s+not started", out)

    record_run(ws, passed=4)
    assert pykata("list", "--dir", ws) == 0
    assert re.search(r"base62\s+4 levels\s+done", capsys.readouterr().out)


def test_list_groups_katas_by_band_in_order(capsys, tmp_path):
    assert pykata("list", "--dir", tmp_path) == 0
    out = capsys.readouterr().out
    bands = [line[:-1] for line in out.splitlines() if line.endswith(":")]
    assert bands == [b for b in ("junior", "mid", "senior") if b in bands]
    assert "junior" in bands


def test_list_without_a_workspace_shows_every_kata_not_started(tmp_path, capsys):
    assert pykata("list", "--dir", tmp_path) == 0
    captured = capsys.readouterr()
    assert "not started" in captured.out and "level" not in captured.out.replace("levels", "")
    assert "pykata start" in captured.err


def test_a_started_kata_never_run_is_on_level_1(ws, capsys):
    assert pykata("list", "--dir", ws) == 0
    assert re.search(r"base62\s+4 levels\s+level 1 of 4", capsys.readouterr().out)


def test_a_corrupt_progress_file_is_set_aside_with_a_warning(ws, capsys):
    record_run(ws, passed=2)
    (ws / ".pykata" / "progress.json").write_text("{not json")
    assert pykata("list", "--dir", ws) == 0
    captured = capsys.readouterr()
    assert "level 3 of 4" in captured.out  # rebuilt from the journal
    assert "progress.json.corrupt-" in captured.err


# -- pykata progress ------------------------------------------------------------------------------


def test_progress_json_has_the_documented_shape(ws, capsys):
    record_run(ws, passed=2)
    assert pykata("hint", "base62", "--dir", ws) == 0
    capsys.readouterr()
    assert pykata("progress", "--json", "--dir", ws) == 0
    document = json.loads(capsys.readouterr().out)
    assert set(document) == {
        "version",
        "workspace",
        "kata_dir",
        "katas",
        "bands",
        "overall",
        "next",
    }
    assert document["version"] == 1
    (entry,) = [k for k in document["katas"] if k["kata"] == "base62"]
    assert entry == {
        "kata": "base62",
        "band": "junior",
        "title": "Base62 codec",
        "status": "in_progress",
        "levels_passed": 2,
        "best_level_passed": 2,
        "total_levels": 4,
        "current_level": {"level": 3, "title": "Short links"},
        "runs": 1,
        "last_run_at": entry["last_run_at"],
        "solution_seen": False,
        "levels": [
            {"level": 1, "title": "Round trip", "status": "passed", "hints_seen": 0, "hints": 4},
            {"level": 2, "title": "Bad input", "status": "passed", "hints_seen": 0, "hints": 3},
            {"level": 3, "title": "Short links", "status": "failed", "hints_seen": 1, "hints": 4},
            {"level": 4, "title": "Bytes", "status": "locked", "hints_seen": 0, "hints": 3},
        ],
    }
    assert isinstance(entry["last_run_at"], str)
    others = [k for k in document["katas"] if k["kata"] != "base62"]
    assert all(k["status"] == "not_started" and k["current_level"]["level"] == 1 for k in others)
    assert all(lv["status"] == "not run" for k in others for lv in k["levels"])
    junior = document["bands"]["junior"]
    assert set(junior) == {"levels_passed", "total_levels", "katas_done", "katas_started", "katas"}
    assert junior["levels_passed"] == 2 and junior["katas_started"] == 1
    assert set(document["bands"]) == {"junior", "mid", "senior"}
    overall = document["overall"]
    assert overall["total_levels"] == sum(len(k.levels) for k in load_catalog())
    assert overall["katas"] == len(document["katas"])
    assert document["next"] == {
        "kata": "base62",
        "level": 3,
        "title": "Short links",
        "text": "base62: level 3, Short links",
    }


def test_progress_shows_the_ladder_bars_and_what_is_next(ws, capsys):
    record_run(ws, passed=2)
    assert pykata("progress", "--dir", ws) == 0
    out = capsys.readouterr().out
    assert "base62 (junior) - Base62 codec: level 3 of 4" in out
    assert re.search(r"level 2\s+passed\s+Bad input", out)
    assert re.search(r"level 3\s+FAILED\s+Short links", out)
    assert re.search(r"level 4\s+locked\s+Bytes", out)
    assert re.search(r"junior\s+\[#+-+\] 2/\d+ levels", out)
    assert re.search(r"overall\s+\[#+-+\] 2/\d+ levels", out)
    assert "next: base62: level 3, Short links" in out
    assert OTHER.slug + " (" not in out  # only started katas get a ladder


def test_progress_next_suggests_starting_a_kata_when_all_started_ones_are_done(ws, capsys):
    record_run(ws, passed=4)
    assert pykata("progress", "--json", "--dir", ws) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["next"]["kata"] != "base62"
    assert document["overall"]["katas_done"] == 1


def test_progress_with_nothing_started_says_so(tmp_path, capsys):
    assert pykata("progress", "--dir", tmp_path) == 0
    assert "No kata started yet" in capsys.readouterr().out


# -- pykata reset ---------------------------------------------------------------------------------


def test_reset_keeps_a_backup_and_restores_the_starter(ws, capsys):
    mine = ws / "katas" / "base62" / "base62.py"
    mine.write_text("# my work in progress\n")
    record_run(ws, passed=2)
    assert pykata("reset", "base62", "--dir", ws) == 0
    out = capsys.readouterr().out
    assert mine.read_bytes() == BASE62.starter.read_bytes()
    (backup,) = (ws / ".pykata" / "backups").iterdir()
    assert re.fullmatch(r"base62-\d{8}T\d{6}Z\.py", backup.name)
    assert backup.read_text() == "# my work in progress\n"
    assert "saved your code as" in out and backup.name in out
    assert "is the starter again" in out
    assert journal(ws)[-1]["event"] == "reset"
    assert snapshot(ws)["katas"]["base62"]["resets"] == 1


def test_after_a_reset_the_ladder_starts_over_but_the_best_is_kept(ws, capsys):
    record_run(ws, passed=4)
    assert pykata("reset", "base62", "--dir", ws) == 0
    capsys.readouterr()
    assert pykata("progress", "--json", "--dir", ws) == 0
    (entry,) = [k for k in json.loads(capsys.readouterr().out)["katas"] if k["kata"] == "base62"]
    assert entry["levels_passed"] == 0 and entry["best_level_passed"] == 4
    assert entry["current_level"]["level"] == 1
    assert {lv["status"] for lv in entry["levels"]} == {"not run"}
    record_run(ws, passed=1)  # a run after the reset counts again
    assert pykata("list", "--dir", ws) == 0
    assert "level 2 of 4" in capsys.readouterr().out


def test_two_resets_never_overwrite_a_backup(ws, capsys):
    mine = ws / "katas" / "base62" / "base62.py"
    for text in ("# first\n", "# second\n"):
        mine.write_text(text)
        assert pykata("reset", "base62", "--dir", ws) == 0
    backups = sorted(p.read_text() for p in (ws / ".pykata" / "backups").iterdir())
    assert backups == ["# first\n", "# second\n"]


def test_reset_of_the_untouched_starter_backs_nothing_up(ws, capsys):
    assert pykata("reset", "base62", "--dir", ws) == 0
    assert "nothing to back up" in capsys.readouterr().out
    assert not (ws / ".pykata" / "backups").exists()


def test_reset_all_resets_every_started_kata(ws, capsys):
    assert pykata("start", OTHER.slug, "--dir", ws) == 0
    for slug in ("base62", OTHER.slug):
        (ws / "katas" / slug / f"{slug}.py").write_text(f"# {slug} work\n")
    assert pykata("reset", "--all", "--dir", ws) == 0
    for kata in (BASE62, OTHER):
        assert (ws / "katas" / kata.slug / f"{kata.slug}.py").read_bytes() == (
            kata.starter.read_bytes()
        )
    assert len(list((ws / ".pykata" / "backups").iterdir())) == 2
    assert {e["kata"] for e in journal(ws) if e["event"] == "reset"} == {"base62", OTHER.slug}


@pytest.mark.parametrize("argv", [["reset"], ["reset", "base62", "--all"]])
def test_reset_needs_exactly_one_of_a_kata_or_all(argv, ws, capsys):
    assert pykata(*argv, "--dir", ws) == 2
    assert "--all" in capsys.readouterr().err


def test_reset_all_with_nothing_started_does_nothing(tmp_path, capsys):
    (tmp_path / ".pykata").mkdir()
    assert pykata("reset", "--all", "--dir", tmp_path) == 0
    assert "nothing to reset" in capsys.readouterr().out


# -- pykata hint ----------------------------------------------------------------------------------


def test_hints_come_one_at_a_time_and_are_recorded(ws, capsys):
    hints = BASE62.level(1).hints
    for n, text in enumerate(hints, start=1):
        assert pykata("hint", "base62", "--dir", ws) == 0
        out = capsys.readouterr().out
        assert f"level 1 “Round trip” · hint {n} of {len(hints)}" in out
        assert " ".join(out.split()).find(" ".join(text.split())) >= 0
        assert snapshot(ws)["katas"]["base62"]["hints_seen"] == {"1": n}
    assert [e["seen"] for e in journal(ws) if e["event"] == "hint"] == list(
        range(1, len(hints) + 1)
    )


def test_when_every_hint_was_seen_the_last_one_comes_again(ws, capsys):
    hints = BASE62.level(1).hints
    for _ in hints:
        pykata("hint", "base62", "--dir", ws)
    capsys.readouterr()
    assert pykata("hint", "base62", "--dir", ws) == 0
    out = capsys.readouterr().out
    assert f"seen all {len(hints)} hints" in out
    assert " ".join(hints[-1].split())[:60] in " ".join(out.split())
    assert len([e for e in journal(ws) if e["event"] == "hint"]) == len(hints)


def test_the_hint_follows_the_current_level_from_progress(ws, capsys):
    record_run(ws, passed=2)
    assert pykata("hint", "base62", "--dir", ws) == 0
    out = capsys.readouterr().out
    assert "level 3 “Short links” · hint 1 of 4" in out
    assert snapshot(ws)["katas"]["base62"]["hints_seen"] == {"3": 1}


def test_a_hint_when_every_level_passed_says_so(ws, capsys):
    record_run(ws, passed=4)
    assert pykata("hint", "base62", "--dir", ws) == 0
    assert "every level passed" in capsys.readouterr().out
    assert not [e for e in journal(ws) if e["event"] == "hint"]


# -- pykata solution ------------------------------------------------------------------------------


def test_the_solution_is_refused_before_every_level_passed(ws, capsys):
    record_run(ws, passed=2)
    assert pykata("solution", "base62", "--dir", ws) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "passed 2 of 4 levels" in captured.err and "--force" in captured.err
    assert not [e for e in journal(ws) if e["event"] == "solution"]


def test_the_solution_with_force_is_shown_and_recorded_as_forced(ws, capsys):
    assert pykata("solution", "base62", "--force", "--dir", ws) == 0
    captured = capsys.readouterr()
    assert captured.out == BASE62.solution.read_text()
    assert "--force" in captured.err
    assert snapshot(ws)["katas"]["base62"]["solution"]["forced"] is True
    assert journal(ws)[-1] == {**journal(ws)[-1], "event": "solution", "forced": True}


def test_the_solution_after_every_level_passed_is_shown(ws, capsys):
    record_run(ws, passed=4)
    assert pykata("solution", "base62", "--dir", ws) == 0
    assert capsys.readouterr().out == BASE62.solution.read_text()
    assert snapshot(ws)["katas"]["base62"]["solution"]["forced"] is False


def test_the_solution_stays_unlocked_after_a_reset(ws, capsys):
    record_run(ws, passed=4)
    assert pykata("reset", "base62", "--dir", ws) == 0
    assert pykata("solution", "base62", "--dir", ws) == 0


# -- output: plain text, NO_COLOR and a real terminal ---------------------------------------------


@pytest.mark.parametrize(
    "argv", [["list"], ["progress"], ["hint", "base62"], ["solution", "base62", "--force"]]
)
def test_output_to_a_pipe_is_plain_text(argv, ws, capsys):
    record_run(ws, passed=1)
    assert pykata(*argv, "--dir", ws) == 0
    captured = capsys.readouterr()
    assert not ANSI.search(captured.out + captured.err)
    assert not set("┏━┃│╭─") & set(captured.out)


def _in_terminal(argv: list[str], cwd: Path, **env: str) -> tuple[int, str]:
    """Run the console script with a pseudo-terminal as stdout; bounded by a deadline."""
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [*console_script(), *argv],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        cwd=cwd,
        env=clean_env(COLUMNS="120", TERM="xterm-256color", **env),
    )
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the terminal's other side closed
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        return proc.wait(timeout=10), b"".join(chunks).decode("utf-8", "replace")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


def test_in_a_terminal_list_is_a_rich_table(ws):
    record_run(ws, passed=2)
    status, out = _in_terminal(["list"], cwd=ws)
    assert status == 0
    assert ANSI.search(out)
    assert "┃" in out or "│" in out
    assert "level 3 of 4" in out


def test_in_a_terminal_no_color_gives_plain_text(ws):
    record_run(ws, passed=2)
    status, out = _in_terminal(["progress"], cwd=ws, NO_COLOR="1")
    assert status == 0
    assert not ANSI.search(out)
    assert "next: base62: level 3, Short links" in out


def test_in_a_terminal_progress_draws_bars(ws):
    record_run(ws, passed=2)
    status, out = _in_terminal(["progress"], cwd=ws)
    assert status == 0
    assert "━" in out and "overall" in out and "Short links" in out


# -- the console script ---------------------------------------------------------------------------


def test_the_console_script_runs_and_reports_usage_errors_with_status_2(ws):
    record_run(ws, passed=3)
    done = subprocess.run(
        [*console_script(), "progress", "--json"],
        cwd=ws / "katas",
        capture_output=True,
        text=True,
        timeout=60,
        env=clean_env(),
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["next"]["text"] == "base62: level 4, Bytes"
    bad = subprocess.run(
        [*console_script(), "hint", "base26"],
        cwd=ws,
        capture_output=True,
        text=True,
        timeout=60,
        env=clean_env(),
    )
    assert bad.returncode == 2
    assert "did you mean: base62" in bad.stderr.lower()


def test_the_solution_piped_to_a_file_is_exactly_the_reference(ws, tmp_path):
    record_run(ws, passed=4)
    target = tmp_path / "reference.py"
    with open(target, "w") as out:
        done = subprocess.run(
            [*console_script(), "solution", "base62"],
            cwd=ws,
            stdout=out,
            stderr=subprocess.PIPE,
            timeout=60,
            env=clean_env(),
        )
    assert done.returncode == 0
    assert target.read_text() == BASE62.solution.read_text()


def test_start_prints_where_the_code_goes_and_how_to_run_it(tmp_path, capsys):
    assert pykata("start", "base62", "--dir", tmp_path) == 0
    out = capsys.readouterr().out
    assert "pytest --kata base62" in out and "pykata watch base62" in out


@pytest.mark.parametrize("argv", [["--help"], ["list"], ["progress", "--json"], ["hint", "base62"]])
def test_commands_import_no_heavy_library_they_do_not_need(argv, ws):
    code = (
        "import sys\n"
        "from pytest_pykata import cli\n"
        f"status = cli.main({argv!r})\n"
        "names = ('watchfiles', 'hypothesis', 'rich', 'freezegun')\n"
        "heavy = [m for m in names if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ws,
        capture_output=True,
        text=True,
        timeout=60,
        env=clean_env(),
    )
    assert "HEAVY []" in done.stdout, done.stdout + done.stderr


def test_a_local_pack_from_the_kata_packs_ini_option_is_listed_and_usable(tmp_path, capsys):
    kata = tmp_path / "mypack" / "katas" / "local_kata"
    kata.mkdir(parents=True)
    (kata / "kata.toml").write_text(
        'slug = "local_kata"\ntitle = "A local kata"\nband = "mid"\n'
        '[[levels]]\ntitle = "First"\nexports = ["def f() -> int"]\nhints = ["Return 1."]\n'
    )
    for name in ("README.md", "starter.py", "sample_test.py", "spec_local_kata.py"):
        (kata / name).write_text("# placeholder\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\nkata_packs = mypack\n")
    assert pykata("start", "local_kata", "--dir", tmp_path) == 0
    assert (tmp_path / "katas" / "local_kata" / "local_kata.py").is_file()
    capsys.readouterr()
    assert pykata("list", "--dir", tmp_path) == 0
    assert re.search(
        r"local_kata\s+1 levels\s+level 1 of 1\s+A local kata", capsys.readouterr().out
    )
    assert pykata("hint", "local_kata", "--dir", tmp_path) == 0
    assert "Return 1." in capsys.readouterr().out


def test_start_creates_the_dir_it_is_given(tmp_path, capsys):
    assert pykata("start", "base62", "--dir", tmp_path / "new" / "place") == 0
    assert (tmp_path / "new" / "place" / "katas" / "base62" / "base62.py").is_file()


def test_start_refuses_a_dir_that_is_a_file(tmp_path, capsys):
    (tmp_path / "f").write_text("")
    assert pykata("start", "base62", "--dir", tmp_path / "f") == 2
    assert "not a folder" in capsys.readouterr().err
