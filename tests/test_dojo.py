"""Dojo mode: timed team sessions, driver rotation, red/amber/green lights from real
``pytest --kata`` runs, and the dashboard across teams."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pytest_pykata.catalog import load_catalog
from pytest_pykata.cli import main
from pytest_pykata.dojo import DojoStore, Session, light_of
from pytest_pykata.progress import ProgressStore, run_event


def pykata(*args: str | Path) -> int:
    return main([str(a) for a in args])


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def write_session(root: Path, **fields) -> Session:
    """A session as ``dojo start`` writes it, with times chosen by the test."""
    session = Session(**fields)
    store = DojoStore(root)
    store.path.parent.mkdir(parents=True, exist_ok=True)
    existing = [s.__dict__ for s in store.sessions()]
    store.path.write_text(json.dumps({"version": 1, "sessions": [*existing, session.__dict__]}))
    return session


def journal_run(root: Path, at: datetime, levels: dict[int, str], kata: str = "base62") -> None:
    """A run event exactly as the plugin journals it, at a chosen time."""
    event = run_event(kata, levels, sum(1 for s in levels.values() if s == "passed"), 4)
    store = ProgressStore(root)
    store.folder.mkdir(parents=True, exist_ok=True)
    store._append([{"at": iso(at), **event}])


@pytest.mark.parametrize(
    ("levels", "light"),
    [
        ({"1": "passed", "2": "passed", "3": "passed", "4": "passed"}, "green"),
        ({"1": "passed", "2": "passed"}, "green"),  # --kata-level 2: every level that ran
        ({"1": "passed", "2": "failed", "3": "locked"}, "red"),
        ({"1": "error", "2": "locked"}, "amber"),
        ({"1": "passed", "2": "failed", "3": "error"}, "amber"),
    ],
)
def test_a_runs_light_follows_its_worst_level(levels, light):
    assert light_of(levels) == light


def test_the_driver_rotates_through_the_members_and_the_navigator_is_next():
    start = datetime(2026, 1, 1, 10, 0, tzinfo=UTC)
    session = Session("blue", "base62", iso(start), 60, ["ana", "ben", "chloe"], 5)
    at = [start + timedelta(minutes=m) for m in (0, 4.99, 5, 10, 14, 15, 29)]
    drivers = ["ana", "ana", "ben", "chloe", "chloe", "ana", "chloe"]  # minute 29: turn 5
    assert [session.driver_at(t) for t in at] == drivers
    assert session.navigator_at(start) == "ben"
    assert session.navigator_at(start + timedelta(minutes=10)) == "ana"
    assert session.next_rotation(start + timedelta(minutes=7)) == start + timedelta(minutes=10)
    assert Session("solo", "base62", iso(start), 60, ["ana"]).navigator_at(start) is None


def test_a_session_counts_only_its_katas_runs_inside_its_time(tmp_path):
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=40)
    write_session(tmp_path, team="blue", kata="base62", started_at=iso(start), minutes=30,
                  members=["ana", "ben"], rotate_minutes=10)  # fmt: skip
    journal_run(tmp_path, start - timedelta(minutes=1), {1: "failed"})  # before: not counted
    journal_run(tmp_path, start + timedelta(minutes=2), {1: "failed", 2: "locked"})
    journal_run(tmp_path, start + timedelta(minutes=12), {1: "error"})
    journal_run(tmp_path, start + timedelta(minutes=13), {1: "passed"}, kata="retry")  # other
    journal_run(tmp_path, start + timedelta(minutes=25), {n: "passed" for n in range(1, 5)})
    journal_run(tmp_path, start + timedelta(minutes=35), {1: "failed"})  # after the timebox
    (summary,) = DojoStore(tmp_path).summaries()
    assert [(r.light, r.driver, round(r.minute)) for r in summary.runs] == [
        ("red", "ana", 2),
        ("amber", "ben", 12),
        ("green", "ana", 25),
    ]
    assert summary.lights == {"green": 1, "amber": 1, "red": 1}
    assert summary.first_green_minute == 25
    assert summary.finished and summary.highest_level_passed == 4


def test_dojo_start_starts_the_kata_and_real_runs_become_lights(pytester, capsys):
    assert pykata("dojo", "start", "base62", "--team", "blue", "--members", "ana,ben",
                  "--minutes", "30", "--dir", pytester.path) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "dojo: team blue on base62" in out and "ana drives, ben navigates" in out
    learner = pytester.path / "katas" / "base62" / "base62.py"
    assert learner.is_file()

    assert pytester.runpytest("--kata", "base62").ret == 1  # the starter: red
    learner.write_text("def broken(:\n")
    assert pytester.runpytest("--kata", "base62").ret == 1  # a syntax error: amber
    learner.write_text(load_catalog().get("base62").solution.read_text())
    assert pytester.runpytest("--kata", "base62").ret == 0  # green

    assert pykata("dojo", "status", "--dir", pytester.path) == 0
    out = capsys.readouterr().out
    assert "team blue · base62" in out
    assert "lights RAG  (1 green, 1 amber, 1 red)" in out
    assert "level 4 of 4 passed" in out
    assert "ana drives, ben navigates; next rotation in" in out
    assert "time left 2" in out  # 29:xx or 2x:xx, never a real half hour of waiting


def test_only_one_session_runs_at_a_time_and_end_closes_it(tmp_path, capsys):
    assert pykata("dojo", "start", "base62", "--team", "blue", "--dir", tmp_path) == 0
    assert pykata("dojo", "start", "retry", "--team", "red", "--dir", tmp_path) == 2
    assert "team 'blue' is already in a session on base62" in capsys.readouterr().err
    assert pykata("dojo", "end", "--dir", tmp_path) == 0
    assert "dojo ended: team blue on base62" in capsys.readouterr().out
    assert pykata("dojo", "end", "--dir", tmp_path) == 2
    assert "no dojo session is running here" in capsys.readouterr().err
    assert pykata("dojo", "start", "retry", "--team", "red", "--dir", tmp_path) == 0
    assert [s.kata for s in DojoStore(tmp_path).sessions()] == ["base62", "retry"]


def test_a_session_past_its_timebox_is_over(tmp_path, capsys):
    start = datetime.now(UTC) - timedelta(minutes=90)
    (tmp_path / "katas").mkdir()
    write_session(tmp_path, team="blue", kata="base62", started_at=iso(start), minutes=45)
    assert pykata("dojo", "status", "--dir", tmp_path) == 0
    assert f"ended {start + timedelta(minutes=45):%H:%M} UTC" in capsys.readouterr().out
    assert pykata("dojo", "start", "base62", "--team", "blue", "--dir", tmp_path) == 0


def test_the_dashboard_shows_every_team_as_a_table_json_and_html(tmp_path, capsys):
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=20)
    teams = {"blue": ["failed", "passed"], "<red & co>": ["error", "failed"]}
    for team, outcomes in teams.items():
        root = tmp_path / team.strip("<>").replace(" ", "_").replace("&", "and")
        (root / "katas").mkdir(parents=True)
        write_session(root, team=team, kata="base62", started_at=iso(start), minutes=45,
                      members=["ana", "ben"])  # fmt: skip
        for minute, status in enumerate(outcomes, start=1):
            journal_run(root, start + timedelta(minutes=minute * 6), {1: status})
    folders = sorted(p for p in tmp_path.iterdir())

    assert pykata("dojo", "dashboard", *folders) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t") == ["team", "kata", "started (UTC)", "lights", "runs", "level",
                                    "first green"]  # fmt: skip
    rows = {line.split("\t")[0]: line.split("\t") for line in lines[1:]}
    assert rows["blue"][3:7] == ["RG", "2", "1/4", "12 min"]
    assert rows["<red & co>"][3:7] == ["AR", "2", "0/4", "-"]

    assert pykata("dojo", "dashboard", *folders, "--json") == 0
    document = json.loads(capsys.readouterr().out)
    blue = next(s for s in document["sessions"] if s["team"] == "blue")
    assert [(r["light"], r["driver"]) for r in blue["runs"]] == [("red", "ben"), ("green", "ana")]

    page = tmp_path / "dojo.html"
    assert pykata("dojo", "dashboard", *folders, "--html", page, "--refresh", "30") == 0
    html = page.read_text()
    assert "&lt;red &amp; co&gt;" in html and "<red & co>" not in html  # escaped
    assert html.count('class="run red"') == 2 and html.count('class="run green"') == 1
    assert '<meta http-equiv="refresh" content="30">' in html
    assert "minute 6.0 · ben driving · level 0/4 passed · red" in html


def test_a_corrupt_session_file_is_set_aside_not_lost(tmp_path, capsys):
    store = DojoStore(tmp_path)
    store.path.parent.mkdir(parents=True)
    store.path.write_text('{"version": 1, "sessions": [{"team": ')
    (tmp_path / "katas").mkdir()
    assert pykata("dojo", "start", "base62", "--team", "blue", "--dir", tmp_path) == 0
    err = capsys.readouterr().err
    assert "dojo.json is unreadable" in err and "kept it as dojo.json.corrupt-" in err
    kept = list(store.path.parent.glob("dojo.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text().startswith('{"version": 1, "sessions"')
    assert [s.team for s in DojoStore(tmp_path).sessions()] == ["blue"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["dojo", "start", "base62", "--team", "t", "--members", "ana,,ben"], "give names"),
        (["dojo", "start", "base62", "--team", "t", "--members", "ana,ana"], "each name only once"),
        (["dojo", "start", "base62", "--team", "t", "--minutes", "0"], "at least 1"),
        (["dojo", "start", "base6", "--team", "t"], "Did you mean: base62"),
        (["dojo", "status"], "no pykata workspace"),
        (["dojo", "dashboard", "--refresh", "0"], "--refresh must be at least 1"),
    ],
)
def test_dojo_usage_errors_exit_2_with_the_reason(argv, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert pykata(*argv) == 2
    assert message in capsys.readouterr().err


def test_status_without_any_session_says_how_to_start_one(tmp_path, capsys):
    (tmp_path / "katas").mkdir()
    assert pykata("dojo", "status", "--dir", tmp_path) == 2
    assert "pykata dojo start <slug>" in capsys.readouterr().err
