"""A setting named by its registry value or GSettings key (mu_cli/technical.py)."""

from __future__ import annotations

import pytest

from mu_cli.calls import Call
from mu_cli.technical import named, settle_technical, without_names


@pytest.fixture(autouse=True)
def shipped_model(monkeypatch):
    monkeypatch.delenv("MU_MODEL", raising=False)


def read(text, catalog, calls=()):
    return [(c.action, c.setting or c.page, c.value) for c in settle_technical(text, list(calls), catalog)]


@pytest.mark.parametrize(
    "text, setting, value",
    [
        ("Set ShowTaskViewButton to 0", "taskbar.task_view", False),  # the data, through the binding's map
        ("EnableTransparency = 0", "personalization.transparency", False),
        ("TaskbarAl 0 to move the start button left", "taskbar.alignment", "left"),
        (
            r"reg add HKCU\Software\Microsoft\Windows\CurrentVersion\Explorer\Advanced /v TaskbarAl /d 0 /f",
            "taskbar.alignment",
            "left",
        ),
        ("HideFileExt", "explorer.show_file_extensions", False),  # a switch's name alone: what it states
        ("Add toggle for ShowSecondsInSystemClock", "time.show_seconds", True),
        ("disable ShowSecondsInSystemClock", "time.show_seconds", False),
        ("gsettings set org.gnome.desktop.interface clock-format 24h", "time.clock_format", "24h"),
        ("dconf write /org/gnome/desktop/interface/clock-show-seconds true", "time.show_seconds", True),
    ],
)
def test_a_technical_name_is_its_setting_and_its_data_the_value(catalog, text, setting, value):
    assert read(text, catalog) == [("set", setting, value)]


def test_what_is_no_technical_name(catalog):
    assert named("I'm left-handed, double-click is hard", catalog) == []  # GSettings keys only where it is spoken of
    assert named("hidefileext", catalog) == []  # registry names as written
    assert named("set Enabled to 0", catalog) == []  # a name many settings share says none of them
    assert read("turn off wifi", catalog, [Call("set", "network.wifi", value=False)]) == [
        ("set", "network.wifi", False)
    ]
    assert read("Set ShowTaskViewButton to 0 and HideFileExt to 1", catalog) == [
        ("set", "taskbar.task_view", False),
        ("set", "explorer.show_file_extensions", False),
    ]


def test_a_choice_named_without_its_data_is_the_models_or_its_page(catalog):
    assert read("TaskbarAl no longer works on 24H2", catalog) == [("open", "taskbar", None)]
    own = Call("set", "taskbar.alignment", value="center", confidence=0.4)
    assert read("TaskbarAl no longer works on 24H2", catalog, [own]) == [("set", "taskbar.alignment", "center")]
    assert without_names("Set ShowTaskViewButton to 0 and turn on dark mode", catalog).split() == [
        "Set",
        "and",
        "turn",
        "on",
        "dark",
        "mode",
    ]


def test_the_rest_of_a_request_keeps_its_own_asks(shipped_engine):
    plan = shipped_engine.plan("Set ShowTaskViewButton to 0 and turn on dark mode")
    assert [(c.setting, c.value) for c in plan.calls] == [
        ("taskbar.task_view", False),
        ("personalization.color_mode", "dark"),
    ]
    assert [(c.setting, c.value) for c in shipped_engine.plan("HideFileExt").calls] == [
        ("explorer.show_file_extensions", False)
    ]
