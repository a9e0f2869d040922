"""The CLI contract through Typer's CliRunner: output on the right stream and every exit code."""

import json
import os
import platform
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from mu_cli.commands import app


@pytest.fixture
def mu():
    runner = CliRunner()

    def run(*args, input=None, env=None):
        return runner.invoke(app, list(args), input=input, env=env)

    return run


def _json(result):
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_apply_assignment_then_undo(mu):
    r = mu("apply", "display.brightness=70", "network.wifi=off", "--json")
    assert r.exit_code == 0, r.output
    data = _json(r)
    assert data["sandbox"] is True and data["backend"] == "sandbox"
    assert {(x["setting"], x["new"]) for x in data["results"]} == {("display.brightness", 70), ("network.wifi", False)}
    again = mu("apply", "display.brightness=70", "--json")
    assert _json(again)["results"][0]["status"] == "unchanged" and _json(again)["transaction"] is None
    r = mu("undo", "--json")
    assert r.exit_code == 0 and _json(r)["undone"] == data["transaction"]
    got = mu("ask", "--json", "--dry-run", "how bright is the screen?")
    assert got.exit_code == 0


def test_undo_list_and_undo_by_id(mu):
    first = _json(mu("apply", "sound.volume=20", "--json"))["transaction"]
    mu("apply", "sound.volume=40", "--json")
    listed = _json(mu("undo", "--list", "--json"))
    assert [t["id"] for t in listed][:2] == [first + 1, first]
    r = mu("undo", str(first), "--json")
    assert r.exit_code == 6 and f"mu transaction {first + 1}" in r.stderr  # 40 is what txn 2 set, not txn 1
    assert mu("undo", str(first), "--force").exit_code == 0
    assert mu("undo", "999").exit_code == 2


def test_ask_json_dry_run_changes_nothing(mu):
    r = mu("ask", "--json", "--dry-run", "set the brightness to 40")
    assert r.exit_code == 0, r.output
    data = _json(r)
    assert data["calls"] == [{"action": "set", "setting": "display.brightness", "value": 40}]
    assert data["results"][0]["new"] == 40 and data["transaction"] is None
    assert _json(mu("undo", "--list", "--json")) == []


def test_ask_yes_applies_and_says_how_to_undo(mu):
    r = mu("ask", "--yes", "turn off bluetooth")
    assert r.exit_code == 0, r.output
    assert "mu undo" in r.stderr and "sandbox" in r.stdout


def test_ask_without_terminal_only_shows(mu):
    r = mu("ask", "turn off bluetooth")
    assert r.exit_code == 0 and "pass --yes" in r.stderr
    assert _json(mu("undo", "--list", "--json")) == []


def test_batch_file_one_json_per_line(mu, tmp_path):
    f = tmp_path / "q.txt"
    f.write_text("set volume to 30\n\nxqzv plugh frobnicate\nturn on night light\n")
    r = mu("ask", "--json", "--dry-run", "--file", str(f))
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["query"] for x in lines] == ["set volume to 30", "", "xqzv plugh frobnicate", "turn on night light"]
    assert lines[1]["exit_code"] == 2 and lines[2]["calls"] == [] and r.exit_code == 2  # the first failure's code
    stdin = mu("ask", "--json", "--dry-run", "--file", "-", input="turn on night light\n")
    assert json.loads(stdin.stdout)["calls"][0]["setting"] == "display.night_light"


def test_apply_file_yaml_list_is_one_transaction(mu, tmp_path):
    f = tmp_path / "a.yaml"
    f.write_text(yaml.safe_dump(["display.brightness=15", "sound.volume=25"]))
    data = _json(mu("apply", "--file", str(f), "--json"))
    assert len(data["results"]) == 2 and data["transaction"] == 1


@pytest.mark.parametrize(
    "args, code, words",
    [
        (("ask",), 2, "give a request"),
        (("ask", "   "), 2, "empty request"),
        (("ask", "x" * 10_000), 2, "too long"),
        (("ask", "\x00\x01\x02\x7f garbage"), 2, "binary"),
        (("apply", "display.brightnes=5"), 2, "unknown setting id"),
        (("apply", "display.brightness=150"), 2, "outside 0..100"),
        (("apply", "network.wifi=on", "display.brightness=150"), 2, "item 2 ('display.brightness=150'): display"),
        (("apply", "network.wifi=loud"), 2, "neither"),
        (("apply", "display.brightness=70", "xqzv plugh frobnicate"), 3, "not understood"),
        (("ask", "xqzv plugh frobnicate"), 3, "not understood"),
        (("ask", "In the Recipe Box app, turn on dark mode"), 3, "inside another app"),
        (("apply", "--file", "/nonexistent/file"), 2, "cannot read"),
        (("bogus-command",), 2, "No such command"),
    ],
)
def test_bad_input_gets_one_line_and_the_contract_code(mu, args, code, words):
    r = mu(*args)
    assert r.exit_code == code, r.output
    assert words in r.stderr
    assert "Traceback" not in r.output
    assert _json(mu("undo", "--list", "--json")) == []  # nothing applied, journal intact


def test_a_refused_request_with_json_says_so_on_stdout_too(mu):
    r = mu("ask", "--json", "--dry-run", "   ")
    assert r.exit_code == 2 and "empty request" in r.stderr
    data = json.loads(r.stdout)
    assert data["calls"] == [] and data["exit_code"] == 2 and data["error"] in r.stderr


def test_refused_admin_change_exit_6(mu, catalog):
    admin = next(s for s in catalog.settings.values() if s.admin and s.kind == "toggle")
    r = mu("apply", f"{admin.id}={'off' if admin.default else 'on'}", "display.brightness=3")
    assert r.exit_code == 6 and "admin" in r.stderr
    assert mu("apply", f"{admin.id}={'off' if admin.default else 'on'}", "--allow-admin").exit_code == 0


def test_bad_catalog_file_is_a_usage_error(mu, tmp_path):
    bad = tmp_path / "mine.yaml"
    bad.write_text("settings:\n  - id: sound.volume\n    kind: slider\n")
    r = mu("--catalog", str(bad), "apply", "sound.volume=5")
    assert r.exit_code == 2 and "sound.volume: field 'kind'" in r.stderr


def test_unwritable_journal_exit_1_and_nothing_applied(mu, tmp_path):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("")
    r = mu("apply", "display.brightness=9", env={"MU_HOME": str(blocker / "home")})
    assert r.exit_code in (1, 5) and "Traceback" not in r.output
    assert "journal" in r.stderr or "not writable" in r.stderr


def test_explicit_unavailable_backend_exit_5(mu):
    r = mu("--backend", "windows", "apply", "display.brightness=9")
    assert r.exit_code == 5 and "windows" in r.stderr.lower()


def test_doctor_lists_backends(mu):
    r = mu("doctor", "--json")
    data = _json(r)
    assert data["active"] == "sandbox" and {b["name"] for b in data["backends"]} >= {"sandbox", "gnome"}
    assert data["catalog"]["writable"] == data["catalog"]["settings"]


def test_doctor_diagnoses_a_backend_that_cannot_run(mu, tmp_path):
    env = {
        "MU_BACKEND": "gnome",
        "GSETTINGS_BACKEND": "",
        "DBUS_SESSION_BUS_ADDRESS": "",
        "XDG_RUNTIME_DIR": str(tmp_path),
        "DISPLAY": "",
    }
    r = mu("doctor", env=env)
    assert r.exit_code == 5, r.output
    gnome = next(line for line in r.stdout.splitlines() if line.startswith("gnome"))
    assert " no " in gnome and "session bus" in gnome and "GSETTINGS_BACKEND=keyfile" in r.stdout
    data = _json(mu("doctor", "--json", env=env))
    assert data["active"] is None and data["requested"] == "gnome"
    assert next(b for b in data["backends"] if b["name"] == "gnome")["fix"]


def _wait_reading_stdin(pid: int, timeout: float = 60.0) -> None:
    """Until the process blocks in read(0, ...): started up, waiting for its batch. Where /proc/PID/syscall
    cannot be read, a fixed wait."""
    nr = {"x86_64": "0", "aarch64": "63"}.get(platform.machine())
    end = time.monotonic() + timeout
    while nr and time.monotonic() < end:
        try:
            if Path(f"/proc/{pid}/syscall").read_text().startswith(f"{nr} 0x0 "):
                return
        except OSError:
            time.sleep(3)
            return
        time.sleep(0.05)
    if nr:
        raise AssertionError("the command never started reading its batch")
    time.sleep(3)


def test_sigint_exits_130(tmp_path):
    env = {**os.environ, "MU_HOME": str(tmp_path), "MU_BACKEND": "sandbox"}
    # a runner started in the background (nohup, `&`) hands SIGINT down ignored; a user's shell does not
    proc = subprocess.Popen(
        [sys.executable, "-m", "mu_cli", "ask", "--json", "--file", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    _wait_reading_stdin(proc.pid)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err


def test_engine_library_imports_no_cli_or_torch():
    code = (
        "import sys, mu_cli, mu_cli.engine, mu_cli.transaction, mu_cli.backends, mu_cli.search; "
        "bad = [m for m in ('typer', 'rich', 'torch', 'onnxruntime') if m in sys.modules]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_help_does_not_import_onnxruntime():
    code = (
        "import sys; sys.argv=['mu','--help']\nfrom mu_cli.commands import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\nprint('onnxruntime' in sys.modules, file=sys.stderr)"
    )
    err = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stderr
    assert err.strip().endswith("False")


def test_ambiguous_request_exit_4_with_candidates(mu, tmp_path):
    def twin(sid):
        return {
            "id": sid,
            "title": "Zorble glow",
            "page": "display",
            "kind": "toggle",
            "description": "A glow.",
            "priority": 3,
            "aliases": ["zorble glow"],
            "bindings": {"windows": {"via": "page", "reason": "test"}, "gnome": {"via": "page", "reason": "test"}},
        }

    extra = tmp_path / "twins.yaml"
    extra.write_text(yaml.safe_dump({"settings": [twin("display.zorble_left"), twin("display.zorble_right")]}))
    r = mu("--catalog", str(extra), "ask", "--json", "--dry-run", "zorble glow")
    assert r.exit_code == 4, r.output
    data = _json(r)
    assert data["calls"] == [] and data["status"] == "ambiguous"
    assert {c["setting"] for c in data["candidates"][:2]} == {"display.zorble_left", "display.zorble_right"}
    plain = mu("--catalog", str(extra), "ask", "zorble glow")
    assert plain.exit_code == 4 and "1." in plain.stdout


def test_page_only_setting_is_not_supported_on_gnome_exit_5(mu, tmp_path, catalog):
    page_only = next(s for s in catalog.settings.values() if s.bindings["gnome"].via == "page" and s.kind == "toggle")
    env = {"MU_BACKEND": "gnome", "GSETTINGS_BACKEND": "keyfile", "XDG_CONFIG_HOME": str(tmp_path)}
    r = mu("apply", f"{page_only.id}=on", env=env)
    assert r.exit_code == 5, r.output
    assert page_only.id in r.stderr


def test_apply_emit_prints_scripts_and_changes_nothing(mu):
    r = mu("apply", "--emit", "reg", "personalization.color_mode=dark")
    assert r.exit_code == 0, r.output
    assert "Windows Registry Editor Version 5.00" in r.stdout and '"AppsUseLightTheme"=dword:00000000' in r.stdout
    assert _json(mu("undo", "--list", "--json")) == []
    assert mu("apply", "--emit", "bash", "sound.volume=5").exit_code == 2


def test_apply_emit_refuses_what_it_cannot_script(mu):
    r = mu("apply", "--emit", "reg", "display.brightness=50", "sound.volume=3")
    assert r.exit_code == 5 and r.stdout == "", r.output
    assert "display.brightness" in r.stderr and "sound.volume" in r.stderr
    assert mu("apply", "--emit", "reg", "--json", "personalization.color_mode=dark").exit_code == 2
    assert mu("apply", "--emit", "powershell", "taskbar.widgets=toggle").exit_code == 2


@pytest.mark.parametrize(
    "item, words",
    [
        ("fonts.interface_font=toggle", "action 'toggle' is not possible"),
        ("power.sleep_timeout=-5", "cannot be negative"),
        ("display.brightness=nan", "takes a number"),
        ("display.brightness=inf", "takes a number"),
        ("sound.volume+=-5", "positive"),
        ("power.sleep_timeout=\x1b[31m0\x1b[0m", "control characters"),
        ("display.resolution=banana", "no resolution"),
        ("power.sleep_timeout=" + "1" * 48_000, "power.sleep_timeout"),
    ],
)
def test_loose_values_are_refused_and_nothing_is_written(mu, item, words):
    r = mu("apply", "--json", item)
    assert r.exit_code == 2, r.output
    assert words in r.stderr and "Infinity" not in r.stdout
    assert _json(mu("undo", "--list", "--json")) == []


def test_user_text_is_never_rich_markup(mu):
    for value in ("[/]", "[bold]x[/bold]", "[/red] [tag]"):
        r = mu("apply", f"network.proxy_server={value}")
        assert r.exit_code == 0 and value in r.stdout, r.output
    listed = mu("undo", "--list")
    assert listed.exit_code == 0 and "[/red]" in listed.stdout
    assert mu("undo").exit_code == 0


def test_undo_of_an_id_past_the_journal_is_a_usage_error(mu):
    r = mu("undo", "99999999999999999999")
    assert r.exit_code == 2 and "no transaction" in r.stderr


def test_batch_gives_one_json_line_per_input_line(mu, tmp_path):
    f = tmp_path / "requests.txt"
    f.write_bytes(
        "turn on dark mode\r\nmute\x0bthe sound\n#darkmode please\n\n- wifi off\nbad \xff utf8\n"
        "line\u2028two\nend\x85here\n".encode("utf-8").replace(b"\xc3\xbf", b"\xff")
    )
    r = mu("ask", "--json", "--dry-run", "--file", str(f))
    lines = r.stdout.split("\n")[:-1]
    assert len(lines) == 8, r.stdout
    rows = [json.loads(line) for line in lines]
    assert rows[0]["calls"] and rows[0]["query"] == "turn on dark mode"
    assert rows[1]["exit_code"] == 2 and rows[3]["exit_code"] == 2 and rows[5]["exit_code"] == 2
    assert rows[2]["query"] == "#darkmode please" and rows[4]["query"] == "- wifi off"


def test_a_setting_changed_twice_in_one_transaction_undoes_to_its_first_value(mu):
    before = _json(mu("ask", "--json", "--dry-run", "what is the text size?"))["results"][0]["old"]
    assert mu("apply", "accessibility.text_size=120", "accessibility.text_size=180").exit_code == 0
    r = mu("undo", "--json")
    assert r.exit_code == 0, r.output
    assert (
        _json(mu("apply", "--json", "--dry-run", f"accessibility.text_size={before}"))["results"][0]["status"]
        == "unchanged"
    )


def test_undo_under_a_later_mu_change_names_that_transaction(mu):
    first = _json(mu("apply", "--json", "display.brightness=30"))["transaction"]
    later = _json(mu("apply", "--json", "display.brightness=40"))["transaction"]
    r = mu("undo", str(first))
    assert r.exit_code == 6 and f"mu transaction {later}" in r.stderr and "outside mu" not in r.stderr


def test_concurrent_relative_changes_all_count(tmp_path):
    env = {**os.environ, "MU_HOME": str(tmp_path / "home"), "MU_BACKEND": "sandbox"}
    start = subprocess.run(
        [sys.executable, "-m", "mu_cli", "apply", "--json", "mouse.drag_threshold=4"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert start.returncode == 0, start.stderr
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "mu_cli", "apply", "mouse.drag_threshold+=1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(8)
    ]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    got = subprocess.run(
        [sys.executable, "-m", "mu_cli", "apply", "--json", "--dry-run", "mouse.drag_threshold=4"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert json.loads(got.stdout)["results"][0]["old"] == 12


def test_damaged_state_is_named_not_a_traceback(mu, mu_home):
    import sqlite3

    assert mu("apply", "display.brightness=20").exit_code == 0
    db = sqlite3.connect(mu_home / "journal.sqlite3")
    db.execute("UPDATE changes SET old_value = '{bad'")
    db.commit()
    db.close()
    listed = mu("undo", "--list")
    assert listed.exit_code == 0 and "unreadable" in listed.stdout
    r = mu("undo")
    assert r.exit_code == 6 and "damaged" in r.stderr
    for junk in ("[1,2,3]", "null"):
        (mu_home / "sandbox.json").write_text(junk)
        r = mu("apply", "display.brightness=30")
        assert r.exit_code == 5 and "not a map of settings" in r.stderr and "Traceback" not in r.output
    for extra in ("journal.sqlite3-wal", "journal.sqlite3-shm"):
        (mu_home / extra).unlink(missing_ok=True)
    (mu_home / "journal.sqlite3").write_bytes(b"")
    r = mu("undo", "--list")
    assert r.exit_code == 1 and "truncated" in r.stderr


def test_version_and_questions_answered_in_a_sentence(mu):
    v = mu("--version")
    assert v.exit_code == 0 and v.stdout.startswith("mu ")
    mu("apply", "display.night_light=off")
    r = mu("ask", "is night light on?")
    assert r.exit_code == 0 and r.stdout.strip() == "Night light is off." and "Apply?" not in r.output


def test_a_bare_duration_is_seconds_like_the_json(mu):
    r = mu("apply", "--json", "-n", "power.screen_timeout=600")
    assert r.exit_code == 0 and _json(r)["results"][0]["new"] == 600
    assert _json(mu("apply", "--json", "-n", "power.screen_timeout=10m"))["results"][0]["new"] == 600


def test_settings_lists_searches_and_shows_one_whole(mu):
    listed = mu("settings")
    assert listed.exit_code == 0 and "display.brightness" in listed.stdout and "0-100 %" in listed.stdout
    found = mu("settings", "--json", "night", "light")
    assert found.exit_code == 0 and json.loads(found.stdout)[0]["id"] == "display.night_light"
    one = mu("settings", "--json", "display.brightness")
    info = json.loads(one.stdout)
    assert info["type"] == "range" and info["now"] == "70%" and info["bindings"]["gnome"] == "backlight"
    none = mu("settings", "qwxzq")
    assert none.exit_code == 3 and "no setting or page matches" in none.stderr


def test_help_is_whole_with_names_not_type_labels(mu):
    top = mu("--help").stdout
    commands = top.split("Commands:", 1)[1].strip().splitlines()
    assert len(commands) >= 9 and not any(line.rstrip().endswith("...") for line in commands), commands
    for command in ("ask", "apply", "undo", "doctor", "settings", "train", "quantize", "bench"):
        text = mu(command, "--help").stdout
        assert not re.search(r"<(str|int|float|list|path|int range|float range)[^>]*>|\[\[", text), (command, text)
        if command != "doctor":
            assert "Examples:" in text, command


def test_shell_completion_offers_setting_ids_and_choice_values():
    from mu_cli.commands import _complete

    assert "display.brightness=" in _complete.assignments("display.bri")
    assert set(_complete.assignments("personalization.color_mode=")) >= {
        "personalization.color_mode=dark",
        "personalization.color_mode=light",
    }
    assert _complete.assignments("no.such=") == [] and "night_light" in _complete.ids("night")


def test_quantize_without_fp32_graphs_is_a_usage_error_that_says_how(mu, tmp_path):
    from mu_cli.paths import shipped_model_dir

    r = mu("quantize", "--model", str(shipped_model_dir()))
    assert r.exit_code == 2 and "--keep-fp32" in r.stderr and "Traceback" not in r.output, r.output
    assert mu("quantize", "--model", str(tmp_path)).exit_code == 2


def test_train_never_writes_over_the_installed_model_by_default(tmp_path, monkeypatch):
    from mu_cli.paths import model_dir, user_model_dir

    monkeypatch.setenv("MU_HOME", str(tmp_path))
    monkeypatch.delenv("MU_MODEL", raising=False)
    assert user_model_dir() == tmp_path / "model" and model_dir() != user_model_dir()  # none trained yet
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "model.json").write_text("{}")
    assert model_dir() == tmp_path / "model"  # a trained one is the one mu runs


def test_the_cache_stays_bounded(tmp_path, monkeypatch):
    from mu_cli.catalog import CACHED_CATALOGS, _read_yaml

    monkeypatch.delenv("MU_CACHE")  # this test's own cache, under its MU_HOME

    cache = tmp_path / "mu-home" / "cache"
    for n in range(CACHED_CATALOGS + 5):
        path = tmp_path / f"c{n}.yaml"
        path.write_text(f"settings: []\nn: {n}\n")
        assert _read_yaml(path)["n"] == n
    kept = sorted(cache.glob("catalog-*.json"))
    assert len(kept) == CACHED_CATALOGS
    assert _read_yaml(tmp_path / f"c{CACHED_CATALOGS + 4}.yaml")["n"] == CACHED_CATALOGS + 4  # the newest stays


def test_undo_list_shows_whole_ids_titles_and_human_values(mu):
    assert mu("apply", "accessibility.mouse_pointer_size=3", "personalization.color_mode=dark").exit_code == 0
    out = mu("undo", "--list").stdout
    lines = out.splitlines()
    assert "accessibility.mouse_pointer_size=3" in lines[0]  # the request whole, on its line
    assert any("Choose your mode: Light → Dark" in line for line in lines[1:]), out
    assert "'dark'" not in out and re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d ", lines[0]) and "T" not in lines[0][:20]


def test_a_command_line_loads_only_the_command_it_runs(tmp_path):
    code = (
        "import atexit, sys\n"
        "sys.argv = ['mu', '--backend', 'sandbox', 'settings', 'night light']\n"
        "atexit.register(lambda: sys.stderr.write('LOADED ' + ' '.join(sorted(m for m in sys.modules\n"
        "    if m.startswith('mu_cli.commands.') and not m.split('.')[-1].startswith('_')))))\n"
        "from mu_cli.commands import main\nmain()\n"
    )
    env = {**os.environ, "MU_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr.split("LOADED ", 1)[1].split() == ["mu_cli.commands.settings"], done.stderr


@pytest.mark.parametrize("command", ["ask", "apply"])
def test_a_value_the_setting_does_not_take_is_the_reason_on_stderr(mu, monkeypatch, command):
    monkeypatch.delenv("MU_MODEL", raising=False)  # the shipped model reads the request
    r = mu(command, "--dry-run", "set the default browser to notepad")
    assert r.exit_code == 3 and "is no web browser" in " ".join(r.stderr.split())
