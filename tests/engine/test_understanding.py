"""What the engine does with what people really type, on the shipped model: gibberish and chit-chat are not
understood (never a picker, never a write), copied values are whole spans of the request, a call the request's
words do not support is dropped, and every call carries its own confidence."""

from __future__ import annotations

import functools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mu_cli.calls import Call
from mu_cli.catalog import Catalog
from mu_cli.engine import KNOWN_SHARE
from mu_cli.errors import UsageError
from mu_cli.runtime import whole_span
from mu_cli.support import Support, words


@pytest.fixture(autouse=True)
def shipped_model(monkeypatch):
    monkeypatch.delenv("MU_MODEL", raising=False)


@pytest.fixture(scope="module")
def engine(shipped_engine):
    return shipped_engine


@pytest.mark.parametrize(
    "text",
    [
        "hi",
        "blah",
        "order a pizza",
        "xqzv plugh",
        "zzz",
        "foo bar baz",
        "asdf",
        "!!!",
        "thanks",
        "lorem ipsum dolor",
        "60",
        "0.0.0.0",  # an address alone: no word says what it is for
        "tumwqqy qdeu fmgjk enemkzjz rdp",  # a catalog abbreviation among runs of letters
        "lid drtls adatk",
    ]
    + ["\\(2)5", "8;l6BbFdjm|6", ">+QYx>PdG,Z1G~1.|5.~!hJ"],
)
def test_chit_chat_and_gibberish_are_not_understood(engine, text):
    plan = engine.plan(text)
    assert plan.calls == () and plan.status == "not_understood" and plan.candidates == ()


_CONSONANTS = "bcdfghjklmnpqrstvwxz"


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet=_CONSONANTS, min_size=2, max_size=9), min_size=1, max_size=4))
def test_random_strings_give_no_call(engine, parts):
    text = " ".join(parts)
    # a real abbreviation (dns, vpn, hdr) may stand in a random string, and so may a slip of a catalog word ("dwbll"
    # is "dwell", one letter changed): the engine's backing says which
    support = Support(engine.catalog)
    if any(support.backs(w, k) for w in words(text) for k in (*engine.catalog.settings, *engine.catalog.pages)):
        return
    if engine.runtime.known_share(text) >= KNOWN_SHARE:  # words the model learned ("pls bt"): no random string
        return
    assert engine.plan(text).calls == ()


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.text(alphabet=_CONSONANTS, min_size=6, max_size=9), min_size=2, max_size=4),
    st.sampled_from(["rdp", "lid", "vpn", "dns", "hdr", "wifi", "mouse"]),
    st.integers(min_value=0, max_value=4),
)
def test_runs_of_letters_around_a_catalog_word_give_no_call(engine, parts, word, at):
    # a word the catalog knows does not make a request of letters that are no words
    parts.insert(min(at, len(parts)), word)
    assert engine.plan(" ".join(parts)).calls == ()


@pytest.mark.parametrize(
    "text,setting,value",
    [
        ("change my wallpaper to /home/me/pics/beach.png", "personalization.wallpaper", "/home/me/pics/beach.png"),
        (
            'Set "/home/crab/deep mind.png" as the desktop background',
            "personalization.wallpaper",
            "/home/crab/deep mind.png",
        ),
        ("set the resolution to 2560 x 1440", "display.resolution", "2560x1440"),
        ("set the wallpaper to beach.jpg", "personalization.wallpaper", "beach.jpg"),  # not "wallpaper to beach.jpg"
        ("make beach.jpg my wallpaper", "personalization.wallpaper", "beach.jpg"),
    ],
)
def test_copied_values_are_whole(engine, text, setting, value):
    calls = [c for c in engine.plan(text).calls if c.setting == setting]
    assert calls and calls[0].value == value


def test_text_values_are_whole_runs_of_the_request(engine):
    for text in [
        "use C:\\Users\\kim\\Pictures\\lake_2024.jpg as wallpaper",
        "set my computer name to lab-42.local",
        "time zone Europe/Berlin please",
        "set dns to 9.9.9.9, 149.112.112.112",
    ]:
        for c in engine.plan(text).calls:
            if isinstance(c.value, str) and engine.catalog.settings[c.setting].kind == "text":
                assert re.search(rf"(^|\s|[\"'`]){re.escape(c.value.split(',')[0])}", text), (text, c)


def test_every_call_has_its_own_confidence(engine):
    plan = engine.plan("turn on bluetooth and set the volume to 40")
    assert len(plan.calls) == 2
    assert all(0 < c.confidence <= 1 for c in plan.calls)
    assert plan.confidence == pytest.approx(min(c.confidence for c in plan.calls), abs=1e-3) or plan.confidence <= min(
        c.confidence for c in plan.calls
    )


def test_whole_span_extends_to_the_run_and_drops_quotes():
    assert whole_span("change my wallpaper to /home/me/pics/beach.png", "/home/m") == "/home/me/pics/beach.png"
    assert whole_span('Set "/home/crab/deep mind.png" as it', "crab/deep") == "/home/crab/deep mind.png"
    assert whole_span("set my hostname to lab-42.local.", "lab-42") == "lab-42.local"
    assert whole_span("region Canada (Alberta) please", "canada (alberta)") == "Canada (Alberta)"
    assert whole_span("dns to 1.1.1.1, 1.0.0.1", "1.1.1.1, 1.0") == "1.1.1.1, 1.0.0.1"
    assert whole_span("decimal symbol ,", ",") == ","
    assert whole_span("no such thing", "zzz") == "zzz"


def test_a_copy_takes_no_name_or_verb_of_the_request_along(catalog):
    from mu_cli.settle import settle_name_copied

    def settled(text, sid, value):
        return [c.value for c in settle_name_copied(text, [Call("set", sid, value=value)], catalog)]

    assert settled("set the wallpaper to beach.jpg", "personalization.wallpaper", "wallpaper to beach.jpg") == [
        "beach.jpg"
    ]
    # words that are no name of the setting, a quoted copy, or a rest without the setting's form: the copy stands
    assert settled("set my computer name to Lab Laptop", "system.computer_name", "Lab Laptop") == ["Lab Laptop"]
    zone = "Pacific Standard Time"
    assert settled(f"change the time zone to {zone}", "time.time_zone", zone) == [zone]
    quoted = 'set the wallpaper to "wallpaper to beach.jpg"'
    assert settled(quoted, "personalization.wallpaper", "wallpaper to beach.jpg") == ["wallpaper to beach.jpg"]


def test_a_copied_verb_is_no_value(engine):
    assert engine.plan("change the hostname without rebooting").calls == ()  # it wrote the hostname "change"
    assert [c.value for c in engine.plan("rename the pc to Kestrel").calls] == ["Kestrel"]


def test_a_refused_copy_takes_the_value_the_request_states(engine):
    from mu_cli.calls import domain_value
    from mu_cli.runtime.spans import stated_value

    cat = engine.catalog
    dns, country = cat.settings["network.dns_servers"], cat.settings["language.country"]
    assert stated_value("Change DNS to Cloudflare's", lambda v: domain_value(dns, v)) == "1.1.1.1, 1.0.0.1"
    assert stated_value('set it to "8.8.8.8 8.8.4.4" now', lambda v: domain_value(dns, v)) == "8.8.8.8, 8.8.4.4"
    assert stated_value("region: US", lambda v: domain_value(country, v)) == "United States"
    assert stated_value("make it work for us", lambda v: domain_value(country, v)) is None  # "us", not "US"
    assert stated_value("anything", lambda v: domain_value(cat.settings["apps.default_terminal"], v)) is None
    plan = engine.plan("change my dns to cloudflare's")
    assert [(c.setting, c.value) for c in plan.calls] == [("network.dns_servers", "1.1.1.1, 1.0.0.1")]


def test_support_needs_a_word_of_the_setting():
    cat = Catalog.load()
    s = Support(cat)
    assert s.supports("blutooth on", Call("set", "bluetooth.enabled", value=True))  # one edit away
    assert s.supports("Enable Wi-Fi please", Call("set", "network.wifi", value=True))
    assert s.supports("DisableToggleKeys", Call("set", "accessibility.toggle_keys", value=False))
    assert not s.supports("zzz", Call("set", "accessibility.magnifier", value=True))
    assert not s.supports("xqzv plugh", Call("set", "display.resolution", value="xqzv"))
    # a value of one setting's own form says which setting it is; one of several settings' forms does not
    assert s.supports("switch to dvorak", Call("set", "keyboard.layout", value="Dvorak"))
    assert s.supports("hey hz 170", Call("set", "display.refresh_rate", value="170"))
    assert not s.supports("switch to French", Call("set", "keyboard.layout", value="French"))
    assert not s.supports("use ~/a.png", Call("set", "personalization.wallpaper", value="~/a.png"))
    # "mode" alone names no mode the request names by another word
    compact = Call("set", "explorer.compact_view", value=True)
    assert s.supports("turn on compact mode", compact)
    assert not s.supports("go to settings and turn on satellite mode", compact)
    assert s.supports("turn on game mode", Call("set", "system.game_mode", value=True))
    # "settings" names only what its title or aliases call settings (Settings home), not every setting whose text says it
    assert not s.supports("Crash when opening settings on Wayland", Call("set", "sound.system_sounds", value=True))
    assert s.supports("open settings", Call("open", page="home"))
    assert s.supports("sound settings", Call("open", page="sound"))


_PRINTABLE = "".join(chr(c) for c in range(33, 127)) + " "


@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=_PRINTABLE, min_size=1, max_size=30))
def test_random_printable_strings_give_no_call(engine, text):
    # digits and marks name no setting ("60", "(2)5" once found one by lexical search); a word that happens to
    # stand in the string (a real one, an abbreviation the catalog knows, or a form of one: "LOUDD") may
    support = Support(engine.catalog)
    keys = (*engine.catalog.settings, *engine.catalog.pages)
    said = [w for w in words(text) if not w.isdigit()]
    if any(support.backs(w, k) for w in said for k in keys) or engine.runtime.known_share(text) >= KNOWN_SHARE:
        return
    try:
        plan = engine.plan(text)
    except UsageError:
        return  # no words at all: refused before reading
    assert plan.calls == ()


def test_a_sure_call_no_word_names_stands_only_in_a_request_of_known_words(engine):
    # "bt" is no word of the catalog's: the model reads it as Bluetooth, surely, among words it knows
    assert [(c.action, c.setting) for c in engine.plan("invert the bt").calls] == [("toggle", "bluetooth.enabled")]
    runtime = engine.runtime
    assert runtime.known_share("invert the bt") >= 0.6
    assert runtime.known_share("hsifoagm gvcjtx") == 0.0  # runs of letters: read in pieces
    assert runtime.known_share("bt") == runtime.known_share("bb bt") == 0.0  # too little
    for text in ("dndj", "bt", "hsifoagm gvcjtx", "rdpqfi otysbt elfk"):
        assert engine.plan(text).calls == ()


def test_an_action_the_surest_target_does_not_take_is_read_again_with_one_it_takes(engine):
    # "switch"/"toggle" read as a toggle, which a choice does not take: the model's surest target stands
    for text, setting in [
        ("Primary mouse button switch", "mouse.primary_button"),
        ("Toggle dark mode", "personalization.color_mode"),
        ("switch when i close the lid to keep running", "power.lid_close_action"),
    ]:
        assert [(c.action, c.setting) for c in engine.plan(text).calls] == [("set", setting)], text
    assert [(c.action, c.setting) for c in engine.plan("toggle night light").calls] == [
        ("toggle", "display.night_light")
    ]
    # read again, it states no value: the way to that setting's page
    layout_page = engine.catalog.settings["keyboard.layout"].page
    assert [(c.action, c.page) for c in engine.plan("switch keyboard layout").calls] == [("open", layout_page)]


def test_a_text_setting_asked_for_with_no_value_is_the_way_to_its_page(engine):
    # the model copied a word that states no value ("my", "and"): the request wants the setting and says not to what
    zone_page = engine.catalog.settings["time.time_zone"].page
    for text in ("My clock feature has the wrong time zone. How do I change this?", "change time zone"):
        assert [(c.action, c.page) for c in engine.plan(text).calls] == [("open", zone_page)], text
    # a value the request does state and the setting refuses stays refused: no page, no call
    assert engine.plan("set the time zone to Narnia").calls == ()
    # ... and so does one stated after a copy of the setting's own words ("currency": a currency symbol refuses "USD")
    assert engine.plan("go to settings and change the currency preference to CAD").calls == ()
    # a level stated is no value refused: the page is where to pick it
    assert [(c.action, c.page) for c in engine.plan("set the refresh rate to the highest").calls] == [
        ("open", "display_advanced")
    ]


def test_a_page_asked_for_after_a_change_is_kept_the_way_to_one_is_not(engine):
    def read(text):
        return [(c.action, c.setting or c.page) for c in engine.plan(text).calls]

    assert read("set sleep on battery to 5 minutes and show me the power settings") == [
        ("set", "power.sleep_timeout_battery"),
        ("open", "power"),
    ]
    assert read("Open Settings > Accessibility > Keyboard, turn on sticky keys") == [
        ("set", "accessibility.sticky_keys")
    ]
    assert read("open the sound settings and mute the volume") == [("set", "sound.mute")]


def test_a_list_whose_last_item_follows_a_comma_is_read_whole(engine):
    def read(text):
        return [(c.action, c.setting, c.value) for c in engine.plan(text).calls]

    for text in ("remove widgets, chat from the taskbar", "hide widgets, chat on the taskbar"):
        assert read(text) == [("set", "taskbar.widgets", False), ("set", "taskbar.chat", False)], text
    # a comma that opens no list item adds nothing
    assert read("I'm on a train, turn on airplane mode") == [("set", "network.airplane_mode", True)]


def test_a_first_step_to_the_settings_app_loses_no_ask(engine):
    def read(text):
        return [(c.setting, c.value) for c in engine.plan(text).calls]

    both = [("personalization.color_mode", "light"), ("display.night_light", False)]
    assert read("switch back to light mode and turn off night light") == both
    assert read("Go to settings and switch back to light mode and turn off night light") == both
    assert read("Go to settings and wifi off bluetooth off") == [("network.wifi", False), ("bluetooth.enabled", False)]
    assert read("open settings, then turn on bluetooth") == [("bluetooth.enabled", True)]
    # the start page of the change's area on the way is no call; asked for after the change, it is
    assert read("Open Settings, go to Accessibility, then Keyboard, and switch on Sticky keys.") == [
        ("accessibility.sticky_keys", True)
    ]
    assert [c.page for c in engine.plan("turn on sticky keys, then take me to accessibility settings").calls] == [
        None,
        "accessibility",
    ]
    # a closing step names nothing to add ("confirm": no delete confirmation)
    assert read("Go to System Settings and get rid of proxy server, and confirm") == [("network.proxy", False)]
    # the way to the app says nothing of the change: read without it, a sure other reading answers
    on_battery = "go to settings and on battery power turn the screen off after 10 min and sleep after 30 min"
    assert read(on_battery) == [("power.screen_timeout_battery", 600), ("power.sleep_timeout_battery", 1800)]


def test_a_second_command_the_model_left_out_is_read(engine):
    def read(text):
        return [c.setting for c in engine.plan(text).calls]

    assert read("Enable num lock at startup and set the keyboard repeat rate to fast") == [
        "keyboard.numlock_on_startup",
        "keyboard.repeat_rate",
    ]
    assert read("turn on wifi and play music") == ["network.wifi"]  # no change commanded after it


def test_a_ui_path_that_changes_nothing_opens_its_deepest_page(engine):
    def read(text):
        return [(c.setting or c.page, c.value) for c in engine.plan(text).calls]

    assert read("System > Display > Advanced display") == [("display_advanced", None)]  # HDR was turned on
    assert read("Settings > Accessibility > Keyboard") == [("keyboard_accessibility", None)]  # the area's Keyboard
    assert read("Win Button -> Keyboard -> Repeat Interval/Repetition Rate.") == [("keyboard", None)]  # nothing read
    assert read("Settings > Personalization > Colors > Choose your mode > Dark") == [
        ("personalization.color_mode", "dark")  # a value chosen: the change
    ]


def test_a_page_is_named_by_what_it_holds_where_the_way_is_asked(engine):
    assert [c.page for c in engine.plan("hmm wheres widgets").calls] == ["taskbar"]
    assert [c.page for c in engine.plan("how do I get to the minimize button?").calls] == ["multitasking"]
    support = engine.support
    assert support.backs("where are widgets", "taskbar") and not support.backs("widgets are fun", "taskbar")


def test_two_things_one_move_applies_to_are_both_moved(engine):
    def read(text):
        return [(c.action, c.setting, c.value) for c in engine.plan(text).calls]

    assert read("turn up the volume and brightness") == [
        ("increase", "sound.volume", None),
        ("increase", "display.brightness", None),
    ]
    # the second had been set to a number the request never says
    assert read("increase the text size and the cursor size") == [
        ("increase", "accessibility.text_size", None),
        ("increase", "accessibility.mouse_pointer_size", None),
    ]
    # a setting whose own name goes on past "and", and a clause after "and", add nothing
    assert read("Show accent color on Start and taskbar") == [("set", "personalization.accent_on_start_taskbar", True)]
    assert read("turn up the volume and play music") == [("increase", "sound.volume", None)]
    # "as well as" joins a list as "and" does
    assert read("turn off bluetooth as well as wifi") == [
        ("set", "bluetooth.enabled", False),
        ("set", "network.wifi", False),
    ]


@pytest.mark.parametrize(
    "text",
    ["enable one handed mode", "turn off keyboard vibration", "turn off lift to wake", "enable wifi calling"]
    + ["turn on the notification light", "set vibration intensity to high"]
    + ["set alarm volume to 50", "turn on digital wellbeing", "enable usb debugging"]
    + ["show caller id", "turn on amber alerts", "turn on adaptive battery"]
    + ["turn off bluetooth scanning", "disable touch sounds", "enable three button navigation", "turn on extra dim"]
    + ["set the APN to internet", "turn on edge lighting", "set the side button to open the camera"]
    + ["turn on power saving mode on my watch", "enable LED indicator", "block unknown callers"]
    + ["turn off sound on tap", "disable tap sounds", "enable double tap to check phone"]
    + ["silence calls from unknown numbers", "block calls from private numbers", "forward my calls to my office"],
)
def test_a_feature_only_a_phone_has_gives_no_call(engine, text):
    assert engine.plan(text).calls == ()


def test_other_sounds_during_calls_are_no_phones_calls(engine):
    plan = engine.plan("mute other sounds when I'm on a call")
    assert [(c.setting, c.value) for c in plan.calls] == [("sound.communications_ducking", "mute_others")]


def test_a_desktop_setting_named_like_a_phone_feature_stays(engine):
    plan = engine.plan("show reminders and incoming VoIP calls on the lock screen")
    assert [(c.setting, c.value) for c in plan.calls] == [("notifications.lock_screen_reminders", True)]


def test_a_phone_feature_beside_a_setting_leaves_the_setting(engine):
    assert [(c.setting, c.value) for c in engine.plan("turn on the flashlight and bluetooth").calls] == [
        ("bluetooth.enabled", True)
    ]
    assert [(c.setting, c.value) for c in engine.plan("no wifi here, use the sim card in the laptop").calls] == [
        ("network.cellular", True)
    ]


@pytest.mark.parametrize(
    "text",
    ["keyboard backlight off", "turn on the keyboard backlight", "make the keyboard brightness higher"]
    + ["lower the webcam brightness", "increase camera brightness", "turn on the keyboard backlight when it's dark"]
    + ["Set my IP address to 192.168.1.50", "what is my ip address", "turn off the keyboard backlight when idle"],
)
def test_the_light_of_a_thing_with_no_screen_is_no_displays_brightness(engine, text):
    assert engine.plan(text).calls == ()


def test_a_things_light_its_setting_names_stays(engine, catalog):
    from mu_cli.support import Support

    support = Support(catalog)
    lights = Call("set", "personalization.dynamic_lighting", value=False, confidence=0.9)  # "keyboard lights"
    assert support.supports("turn off the keyboard backlight", lights)
    assert not support.supports("turn off the keyboard backlight", Call("set", "display.brightness", value=0))
    assert support.supports(
        "turn off the keyboard backlight and lower the screen brightness", Call("decrease", "display.brightness")
    )
    assert [c.setting for c in engine.plan("monitor brightness to 60").calls] == ["display.external_monitor_brightness"]
    proxy = Call("set", "network.proxy_server", value="10.0.0.1:3128")
    assert support.supports("set the proxy ip address to 10.0.0.1:3128", proxy)  # the proxy's, by its own word
    assert not support.supports("set my ip address to 10.0.0.1", proxy)


@pytest.mark.parametrize(
    "text",
    ["disable wifi power saving", "turn off bluetooth auto reconnect", "disable location history"]
    + ["turn off night light transitions", "disable bluetooth discovery", "turn off wifi power management"]
    + ["set the hotspot name to MyHotspot", "rename my wifi network to HomeNet", "change the name of my wifi to Castle"]
    + [
        "turn off the power saving of my wifi",
        "disable the touchpad gestures",
        "disable three finger gestures on the touchpad",
    ],
)
def test_a_part_of_a_switched_thing_is_not_its_switch(engine, text):
    assert engine.plan(text).calls == ()


def test_a_switch_named_beside_a_part_of_another_stays(engine, catalog):
    from mu_cli.support import Support

    support = Support(catalog)
    wifi = Call("set", "network.wifi", value=False, confidence=0.99)
    assert support.a_part_named("disable wifi power saving", wifi)
    assert not support.a_part_named("disable the wifi adapter", wifi)  # the thing itself
    assert not support.a_part_named("turn off wifi, sharing is next", wifi)  # a mark between
    assert not support.a_part_named("turn off wifi and tethering", wifi)
    assert not support.a_part_named("disable wifi power saving and turn wifi off", wifi)  # named alone too
    assert not support.a_part_named(
        "turn off sounds for notifications", Call("set", "notifications.sounds", value=False)
    )
    assert [(c.setting, c.value) for c in engine.plan("switch wlan, and tethering on please").calls] == [
        ("network.wifi", True),
        ("network.mobile_hotspot", True),
    ]


@pytest.mark.parametrize(
    "text",
    ["disable the touch screen", "How to disable the touch screen on a Windows laptop?", "turn off the laptop keyboard"]
    + ["disable the built-in keyboard", "disable the fingerprint reader", "forget this wifi network"],
)
def test_another_device_that_shares_a_word_is_not_the_settings_device(engine, text):
    assert engine.plan(text).calls == ()  # the touchpad, the on-screen keyboard, Narrator, Wi-Fi had been switched


def test_a_device_named_beside_the_settings_own_words_leaves_the_call(engine, catalog):
    from mu_cli.support import Support

    support = Support(catalog)
    touchpad_off = Call("set", "touchpad.enabled", value=False, confidence=0.99)
    assert support.another_device("disable the touch screen", touchpad_off)
    assert not support.another_device("turn off the touchpad and the touch screen", touchpad_off)
    assert not support.another_device("lower the touch screen brightness", Call("decrease", "display.brightness"))
    feedback = Call("set", "accessibility.touch_indicator", value=False)  # a setting about touchscreens
    assert not support.another_device("turn off touch feedback on the touchscreen", feedback)
    assert not support.another_device(
        "my laptop keyboard repeats keys too fast", Call("decrease", "keyboard.repeat_rate")
    )
    history = Call("set", "system.clipboard_history", value=False)
    assert not support.a_part_named("forget my clipboard history", history)  # a history forgotten is off
    hello = [Call("open", page="sign_in_options")]  # the page whose own names say fingerprint
    assert list(engine.plan("set up the fingerprint reader").calls) == hello


@pytest.mark.parametrize(
    "text",
    ["increase the resolution", "make the resolution higher", "lower the screen resolution"]
    + ["decrease my display resolution", "raise the screen resolution"],
)
def test_a_neighbour_the_model_could_not_move_is_not_named_by_its_page(engine, text):
    assert engine.plan(text).calls == ()  # it had moved the brightness: the Display page names resolutions


def test_a_neighbour_that_can_take_the_action_leaves_the_call(catalog):
    from mu_cli.support import Support

    support = Support(catalog)
    brighter = Call("increase", "display.brightness", confidence=0.99)
    assert support.a_neighbours("increase the resolution", brighter)
    assert not support.a_neighbours("increase the screen brightness", brighter)  # its own words
    assert not support.a_neighbours("lower the screen", Call("decrease", "display.brightness"))
    assert support.a_neighbours("lower the screen resolution", Call("decrease", "display.brightness"))  # its name
    assert not support.a_neighbours("dim my high resolution screen", Call("decrease", "display.brightness"))
    later = Call("increase", "lock.auto_lock_delay", confidence=0.99)  # the name of its own switch names it
    assert not support.a_neighbours("automatic screen lock happens too quickly", later)
    keys = Call("set", "accessibility.filter_keys", value=True, confidence=0.99)  # other keys' switches can be set
    assert not support.a_neighbours("my shaky hands mean extra key presses sneak in", keys)


def test_a_command_to_reset_the_system_itself_gives_no_call_and_a_wish_to_opens_recovery(engine):
    for text in (
        "reset this pc",
        "factory reset my laptop",
        "long story short, reset this pc now",
        "can you reset the pc to factory settings",
    ):
        plan = engine.plan(text)
        assert plan.calls == () and "reset" in plan.explanation, text
    for text in ("I want to reset this pc", "how do I reset my pc", "pull up reset pc"):
        assert [c.page for c in engine.plan(text).calls] == ["recovery"], text


def test_an_edit_of_a_file_gives_no_call_unless_a_change_follows_it():
    from mu_cli.support import Support

    for text in ("How can i convert image to grayscale", "crop these two pictures", "Enhance quality of first photo"):
        assert Support.edits_a_file(text), text
    # a change of a setting after the edit, or no file edited: the request is read
    assert not Support.edits_a_file("crop this photo and set it as my wallpaper")
    assert not Support.edits_a_file("turn on grayscale")
    assert not Support.edits_a_file("i edit photos for a living, which is why i want to pump up the volume")  # says


def test_an_option_asked_for_is_one_to_have_unless_the_request_turns_something_off(catalog):
    from mu_cli.support import Support

    support = Support(catalog)

    def wished(text, sid, action="set", value=False):
        return [c.value for c in support.wished_on(text, [Call(action, sid, value=value)])]

    assert wished(
        "Please add the feature responsible for hotspot creation and management.", "network.mobile_hotspot"
    ) == [True]
    alt_tab = "multitasking.alt_tab_current_workspace"
    assert wished("Add option to isolate alt tab entries to include only apps from current workspace", alt_tab) == [
        True
    ]
    # a word that turns off, takes away or complains, or no option asked for: the model's reading stands
    assert wished("Add option to disable location services", "privacy.location") == [False]
    assert wished("Add option to hide desktop icons", "desktop.show_icons") == [False]
    assert wished("please add an option, the startup sound is annoying", "sound.startup_sound") == [False]
    assert wished("the hotspot keeps me connected", "network.mobile_hotspot") == [False]
    # a toggle asked for is the option, not a flip of it; an issue's title asks too
    extensions = "explorer.show_file_extensions"
    assert wished("Please add a toggle for showing file extensions", extensions, "toggle", None) == [True]
    assert wished(
        "Suggestion: a toggle for the classic right-click menu", "explorer.classic_context_menu", "toggle", None
    ) == [True]
    assert wished("toggle file extensions", extensions, "toggle", None) == [None]  # a command to flip it
    # a switch whose "on" hides is no option to have on ("keep the taskbar visible" is auto-hide off)
    assert wished("Feature request: option to keep the taskbar visible in games", "taskbar.auto_hide") == [False]


def test_a_level_the_request_implies_in_no_way_goes_beside_another_call(catalog):
    from mu_cli.settle import settle_unimplied

    auto, level = Call("set", "display.auto_brightness", value=False), Call("set", "display.brightness", value=0)
    ambient = "I want to disable the ambient light sensor and make it so that I'm in control of the brightness"
    assert settle_unimplied(ambient, [auto, level], catalog) == [auto]
    for stated in ("turn off auto brightness and set brightness to 0", "no auto brightness, and the minimum please"):
        assert settle_unimplied(stated, [auto, level], catalog) == [auto, level]
    assert settle_unimplied("make it so I'm in control of the brightness", [level], catalog) == [level]  # alone


def test_a_change_asked_for_one_unnamed_app_alone_is_none_of_the_systems(engine, catalog):
    from mu_cli.support import Support

    support = Support(catalog)
    assert support.for_one_app("can I turn off dark mode for a single application") == ""
    assert support.for_one_app("make the text bigger in one program only") == ""
    assert support.for_one_app("set the volume for each app separately") == "volume_mixer"  # per-app volume's page
    assert support.for_one_app("turn off dark mode for every app") is None  # all of them
    assert support.for_one_app("turn off dark mode") is None
    assert support.for_one_app("turn off the per app input method") is None  # a setting's own name
    assert support.for_one_app("I saw a coat in one app and now every site shows me coats") is None  # a story
    assert support.for_one_app("manage notifications per app") == "notifications"
    assert support.for_one_app("when I search for an app it opens the web instead") is None  # a search, not a scope
    per_app = Call("set", "typing.per_window_input", value=False)  # a setting about apps: the scope is its subject
    assert support.for_one_app("one keyboard layout for all, not a different one per app", [per_app]) is None
    assert support.for_one_app("let one program keep the webcam, block it for a single app") == "camera"
    assert [c.page for c in engine.plan("set the volume for each app separately").calls] == ["volume_mixer"]
    plan = engine.plan("is it possible to switch off cursor blinking for a text editor application?")
    assert plan.calls == () and "one app" in plan.explanation
    # the page where one app's notifications or access are switched is that ask's page
    assert [c.page for c in engine.plan("turn off notifications for a specific app").calls] == ["notifications"]


def test_a_change_for_every_app_is_the_system_wide_setting(engine):
    plan = engine.plan("turn off notifications for every app")  # the model had taken it for one app's ask
    assert [(c.setting, c.value) for c in plan.calls] == [("notifications.enabled", False)]


def test_a_device_in_a_room_of_a_home_is_none_of_this_computers():
    from mu_cli.support import Support

    assert Support.in_a_room("Nightlight in guest bedroom is too bright")
    assert Support.in_a_room("turn off the kitchen lights")
    assert not Support.in_a_room("turn on night light")
    assert not Support.in_a_room("I work from my bedroom and the screen is too bright")
    assert not Support.edits_a_file("set the jpeg quality of wallpapers to 100")


def test_a_choice_named_beside_the_switch_it_takes_effect_under_is_set_too(engine):
    from mu_cli.settle import with_dependents

    filters = Call("set", "accessibility.color_filters", value=True)

    def added(text, *calls):
        return [(c.setting, c.value) for c in with_dependents(text, list(calls), engine.catalog)][len(calls) :]

    text = "I suggest adding a filter which turns the screen into grayscale."
    assert added(text, filters) == [("accessibility.color_filter_type", "grayscale")]
    assert added("turn on color filters", filters) == []  # no filter named
    assert added("turn on color filters, grayscale or inverted", filters) == []  # two named: the person picks
    assert (
        added("turn off color filters, grayscale hurts", Call("set", "accessibility.color_filters", value=False)) == []
    )
    chosen = Call("set", "accessibility.color_filter_type", value="inverted")
    assert added("color filters on, grayscale inverted", filters, chosen) == []  # the plan chose already


def test_a_value_stated_in_its_checked_form_is_as_sure_as_its_setting(engine):
    # the model doubts which words to copy for "white" (0.18 overall), not that the background colour is meant
    for text, value in [
        ("Change the background color to white", "#ffffff"),
        ("set the background colour to red", "#ff0000"),
    ]:
        plan = engine.plan(text)
        assert plan.status == "ok" and [(c.setting, c.value) for c in plan.calls] == [
            ("personalization.background_color", value)
        ], text
    # a value the request does not state in that form keeps the copy's doubt
    assert (
        engine.runtime._stated_copy(
            "background colour to whte", Call("set", "personalization.background_color", value="#ffffff")
        )
        is False
    )


def test_a_copy_continues_only_where_its_tokens_stand_together(engine):
    from mu_cli.grammar import State

    g = engine.runtime.grammar
    a, b, c, d = (engine.runtime.vocab[t] for t in (" home", " pictures", " documents", " me"))
    src = [a, b, c, a, d]
    st = State("text", "set", "personalization.wallpaper", ntext=1, last=a, copied=(a,))
    assert set(g.allowed(st, src)) == {b, d, g.end_value}
    st = State("text", "set", "personalization.wallpaper", ntext=2, last=a, copied=(c, a))
    assert set(g.allowed(st, src)) == {d, g.end_value}


# ------------------------------------------------------------ sentences and steps, an uncertain target reviewed
def test_sentences_split_steps_paths_and_bullets():
    from mu_cli.engine import sentences

    assert sentences("1. Open Settings. 2. Go to Display 3. Set scale to 1.5") == [
        "Open Settings",
        "Go to Display",
        "Set scale to 1.5",
    ]
    assert sentences("Start -> Settings > Bluetooth & devices > turn bluetooth off") == [
        "Bluetooth & devices",
        "turn bluetooth off",
    ]
    assert sentences("things to hide: - the chat icon - task view") == ["things to hide:", "the chat icon", "task view"]
    assert sentences("turn on dark mode") == ["turn on dark mode"]
    # steps after "and then", a picture named only as "this image" or "it" is the last path before it
    assert sentences(
        'Crop "/home/me/a.jpg" in GIMP, save it as "/home/me/b.png", and then set this image as wallpaper'
    ) == [
        'Crop "/home/me/a.jpg" in GIMP, save it as "/home/me/b.png"',
        'set "/home/me/b.png" as wallpaper',
    ]
    assert sentences("copy ~/a.png to ~/b.png. Then set it as the lock screen background")[1] == (
        'Then set "~/b.png" as the lock screen background'
    )
    assert sentences("open the file and then turn it off") == ["open the file", "turn it off"]  # no picture: no path


def test_an_ask_after_a_preamble_longer_than_the_model_reads_is_found(engine):
    preamble = (
        "We moved offices last month and the new desks are smaller, the chairs are worse, the coffee machine is on "
        "another floor, the windows face south so the afternoons are hot, and the network drops whenever the lift "
        "goes past. "
    )
    text = preamble * 2 + "Turn off bluetooth."
    assert len(engine.runtime.encode(text)) == engine.runtime.cfg["max_src"]  # the ask is cut off the whole
    plan = engine.plan(text)
    assert plan.status == "ok"
    assert [(c.setting, c.value) for c in plan.calls] == [("bluetooth.enabled", False)]


def test_a_request_longer_than_the_model_reads_is_read_by_its_sentences_even_when_its_start_acts(engine):
    story = (
        "My laptop's screen is very bright in the evening and I work late most nights, my desk faces a window, the "
        "room has a big lamp"
    )
    text = (
        f"{story}, the keyboard lights up, and my second monitor sits to the left of the first one with its own "
        f"stand. {story}. Turn off bluetooth."
    )
    assert len(engine.runtime.encode(text)) == engine.runtime.cfg["max_src"]  # the ask is cut off the whole
    plan = engine.plan(text)  # the start alone reads as a brightness request; the last sentence is surer
    assert [(c.setting, c.value) for c in plan.calls] == [("bluetooth.enabled", False)]


def test_an_uncertain_target_goes_to_the_one_the_words_name(engine):
    from mu_cli.runtime.encoder_decoder import REVIEW_BELOW

    rt, vague = engine.runtime, "the thing at the bottom"  # names no one setting: the model is unsure of it
    plain = rt.predict(vague)
    top, second = (a.setting or a.page for a in plain.alternatives[:2])
    assert plain.calls[0].setting == top and plain.calls[0].confidence < REVIEW_BELOW

    def named(_text, targets):
        return {t: 20.0 if t[1] == second else 0.0 for t in targets}

    reviewed = rt.predict(vague, prefer=named)
    assert reviewed.calls[0].setting == second
    assert reviewed.calls[0].confidence <= plain.calls[0].confidence  # never surer than the model was
    sure = rt.predict("turn off bluetooth", prefer=lambda _t, targets: {t: 20.0 for t in targets})
    assert [c.setting for c in sure.calls] == ["bluetooth.enabled"]  # a sure target is not reviewed


def test_a_new_option_asked_for_an_event_no_setting_knows_is_none_of_the_catalogs(catalog):
    from mu_cli.support import Support

    support = Support(catalog)
    screen_off = [Call("set", "power.screen_timeout", value=0)]
    assert support.new_feature("Please add an option to turn off display after the video is paused", screen_off)
    sounds = [Call("set", "notifications.sounds", value=False)]
    assert support.new_feature("can you make a setting to mute notification sounds while I'm presenting", sounds)
    # the event is the setting's own ("while typing", "at startup"), or a wait that is its value
    palm = [Call("set", "touchpad.disable_while_typing", value=True)]
    assert not support.new_feature("add an option to disable the touchpad while typing", palm)
    numlock = [Call("set", "keyboard.numlock_on_startup", value=True)]
    assert not support.new_feature("add an option to turn on num lock when the pc starts", numlock)
    assert not support.new_feature("add a setting to turn off the screen after 5 minutes", screen_off)
    # an issue's title asks for one too; a call only the event names is the event's echo
    echo = [Call("set", "network.airplane_mode", value=True), Call("set", "taskbar.lock", value=True)]
    assert support.new_feature("Setting to turn on/off airplane mode on device lock/unlock", echo)
    assert not support.new_feature("Option to turn on num lock at login", numlock)
    # no new option asked for: the event is the model's to read
    assert not support.new_feature("turn off the display after the video is paused", screen_off)
    # the surest call asked for judges the event, by its own words: "screen" is in every page's, and in the
    # Notifications page's description ("lock screen notifications"); a doubted neighbour naming it does not count
    flash = Call("set", "accessibility.flash_on_alert", value="entire_screen", confidence=0.57)
    sounds_sure = Call("set", "notifications.sounds", value=False, confidence=0.97)
    on_screen = "could you make a setting to silence notification sounds and vibration while the screen is on"
    assert support.new_feature(on_screen, [sounds_sure, flash])
    bluetooth = [Call("set", "bluetooth.enabled", value=True)]
    assert support.new_feature("Setting to turn on bluetooth on device unlock", bluetooth)
    lock_sounds = [Call("set", "notifications.lock_screen", value=False)]
    assert not support.new_feature("Add an option to hide notifications when the screen is locked", lock_sounds)


# ------------------------------------------------------------ the ask inside another app
@pytest.mark.parametrize("text", ["my desktop icons are huge", "the desktop icons are too big", "taskbar is too big"])
def test_a_size_complained_of_is_no_switch_and_a_size_word_names_no_size(engine, text):
    assert engine.plan(text).calls == ()  # it hid the desktop icons; the pointer's size for the taskbar's


def test_a_size_said_of_a_thing_a_setting_of_its_size_answers(engine):
    assert [(c.action, c.setting) for c in engine.plan("the cursor is tiny").calls] == [
        ("increase", "accessibility.mouse_pointer_size")
    ]
    assert [(c.setting, c.value) for c in engine.plan("the taskbar icons are tiny").calls] == [
        ("taskbar.small_buttons", "never")
    ]
    update = Call("set", "update.download_over_metered", value=False)  # "huge" of the updates: no size complained of
    assert not engine.support.a_size_for_a_switch("windows keeps downloading huge updates over my hotspot", update)
    bluetooth = Call("set", "bluetooth.enabled", value=False)  # a switch its own clause commands
    assert not engine.support.a_size_for_a_switch("the text is too small, and turn off bluetooth", bluetooth)
    mono = Call("set", "accessibility.mono_audio", value=False)  # "get large text on": no size complained of
    assert not engine.support.a_size_for_a_switch("get large text on then mono sound off", mono)


@pytest.mark.parametrize("text", ["change the playback quality to high", "set the video quality to 1080p"])
def test_a_titles_last_word_after_another_things_word_is_that_things(engine, text):
    assert engine.plan(text).calls == ()  # no wallpaper's JPEG quality


def test_a_titles_last_word_after_its_own_words_stays(engine, catalog):
    quality = Call("set", "personalization.wallpaper_jpeg_quality", value=100, confidence=0.5)
    assert not engine.support.another_things_head("set the wallpaper quality to 100", quality)
    assert not engine.support.another_things_head("set the quality to 100", quality)
    assert engine.support.another_things_head("set the video quality to 100", quality)
    sure = Call("set", "personalization.wallpaper_jpeg_quality", value=100, confidence=0.95)
    assert not engine.support.another_things_head("set the video quality to 100", sure)  # the model is sure
    count = Call("set", "multitasking.workspace_count", value=1, confidence=0.5)  # "workspace" is "workspaces"
    assert not engine.support.another_things_head("disable dynamic workspaces and set workspace amount to 1", count)


@pytest.mark.parametrize(
    "text",
    ["set the screen timeout to banana", "set the brightness to comfortable", "set the taskbar alignment to diagonal"]
    + ["set the update pause to forever", "change the file explorer view to satellite", "change the volume unit to ml"],
)
def test_a_value_the_setting_does_not_take_is_not_swapped_for_one_it_does(engine, text):
    plan = engine.plan(text)
    assert plan.calls == () and plan.status == "not_understood" and "is no value of" in plan.explanation


def test_a_colour_a_choice_of_colours_lacks_is_no_value_of_it(engine):
    assert "'#ff8800' is no value of Accent color" in engine.plan("set the accent color to #ff8800").explanation
    assert [(c.setting, c.value) for c in engine.plan("set the background color to #ff8800").calls] == [
        ("personalization.background_color", "#ff8800")  # a colour setting of its own takes any
    ]


def test_a_copy_that_took_what_names_the_value_takes_the_value(engine):
    plan = engine.plan("set my wallpaper to the file called beach photo.jpg")
    assert [(c.setting, c.value) for c in plan.calls] == [("personalization.wallpaper", "beach photo.jpg")]


def test_a_value_not_taken_is_explained_with_what_the_setting_takes(engine):
    assert engine.plan("set the taskbar alignment to diagonal").explanation == (
        "taskbar.alignment: 'diagonal' is no value of Taskbar alignment; it takes Left, Center"
    )
    assert "a number from 0 to 100" in engine.plan("set the brightness to comfortable").explanation


@pytest.mark.parametrize(
    "text, setting, value",
    [
        ("set the screen timeout to never", "power.screen_timeout", 0),
        ("set the power mode to turbo", "power.mode", "best_performance"),  # the choice's own alias
        ("hey there set mouse to its quickest", "mouse.pointer_speed", 20),  # a level's word
        ("turn screen lock delay to nothing", "lock.auto_lock_delay", 0),
        ("i want to set file explorer opens to to this pc", "explorer.open_to", "this_pc"),  # "pc", a short word
        ("set the time zone to Kolkata", "time.time_zone", "Asia/Kolkata"),  # a text value: the request's own
    ],
)
def test_a_value_stated_in_the_settings_own_words_or_a_levels_stays(engine, text, setting, value):
    assert [(c.setting, c.value) for c in engine.plan(text).calls] == [(setting, value)]


@pytest.mark.parametrize(
    "text",
    [
        "In the Recipe Box app, switch the theme to dark",
        "Open Strava. Turn off the notifications and start a run.",
        "inside the Mealie app turn on dark mode",
        "change the language of the app to German",
        "using the Duolingo app set the reminder sound to off",
        "Use Krita (the painting program) to make the picture brighter",
        "could you please use Krita to make the picture brighter",
        "can you open Strava. Turn off the notifications and start a run.",
        'Using "Clock" app, set the time format to 24 hours',  # an app of its own, though clocks have settings
        "in the Camera app, turn off the location tag",
        "Change the date and time format to 24-hour format in gallery settings",
        "show hidden items in the gallery in settings",
        "turn on notification sounds in mail",
    ],
)
def test_an_ask_inside_another_app_gives_no_call(engine, text):
    plan = engine.plan(text)
    assert plan.calls == () and plan.status == "not_understood" and plan.candidates == ()
    assert "another app" in plan.explanation


@pytest.mark.parametrize(
    "text, setting",
    [
        ("In the Settings app, turn on dark mode", "personalization.color_mode"),
        ("using the setings app turn bluetooth off", "bluetooth.enabled"),
        ("Open Bluetooth. Turn it off.", "bluetooth.enabled"),
        ("let the maps app use my location", "privacy."),  # an app named, the ask the system's
        ("use Bluetooth to connect my headphones", "bluetooth.enabled"),
    ],
)
def test_the_system_settings_app_and_apps_the_catalog_names_are_not_other_apps(engine, text, setting):
    plan = engine.plan(text)
    assert plan.status == "ok" and len(plan.calls) == 1 and plan.calls[0].setting.startswith(setting)


@pytest.mark.parametrize(
    "text",
    [
        "Change the tab size to 4 spaces in VS Code",
        "Set the default zoom in LibreOffice Impress to 100%",
        "Increase the zoom level in the browser to 125%",
        "Can you make DuckDuckGo the default search engine in Chrome?",
        "Change the color theme of VS Code to dark",
        "change Chrome's homepage to dark mode",
        "Turn on dark mode in Word",
        "Set the Podcast Addict app to dark theme",  # an app of its own, named as what the ask is about
        "Make the Zillow app use metric units",
        "Set Duolingo app language to Spanish",  # a brand's app
        "Select German as the course language for the Busuu app",
        "Choose Italian as the course language in the babbel App",  # a name before "App" is not mended
        "change units to miles in my Strava app",
    ],
)
def test_an_ask_inside_a_well_known_app_gives_no_call(engine, text):
    plan = engine.plan(text)
    assert plan.calls == () and "another app" in plan.explanation


@pytest.mark.parametrize(
    "text, setting, value",
    [
        ("the mouse pointer disappears while i'm typing", "mouse.hide_while_typing", False),  # a switch that hides
        ("the taskbar disappeared", "taskbar.auto_hide", False),
        ("the scroll bars keep disappearing", "accessibility.always_show_scrollbars", True),  # one that shows
        ("my desktop icons disappeared", "desktop.show_icons", True),
    ],
)
def test_a_thing_complained_of_as_unseen_is_shown(engine, text, setting, value):
    assert [(c.setting, c.value) for c in engine.plan(text).calls] == [(setting, value)]


def test_an_unseen_thing_commanded_or_wished_hidden_is_the_models(catalog):
    from mu_cli.settle import settle_unseen

    hide = Call("set", "taskbar.auto_hide", value=True)
    assert settle_unseen("the taskbar disappears and i want it that way", [hide], catalog) == [hide]
    assert settle_unseen("turn on auto hide so the taskbar disappears", [hide], catalog) == [hide]
    assert settle_unseen("go ahead and make the taskbar disappear", [hide], catalog) == [hide]
    assert settle_unseen("the bar at the bottom never goes away when i watch a film", [hide], catalog) == [hide]


def test_a_choice_wanted_is_not_its_value_that_does_nothing(catalog):
    from mu_cli.settle import settle_choice_wanted

    none = Call("set", "accessibility.contrast_theme", value="none", confidence=0.66)
    assert settle_choice_wanted("i need high contrast because of cataracts", [none], catalog) == [
        Call("open", page=catalog.settings["accessibility.contrast_theme"].page, confidence=0.66)
    ]
    for refused in ("turn off high contrast", "i don't want high contrast", "no contrast theme please"):
        assert settle_choice_wanted(refused, [none], catalog) == [none], refused


@pytest.mark.parametrize("text", ["flashing animations give me migraines", "i get dizzy from motion on screen"])
def test_a_switch_said_to_harm_the_person_is_turned_off(engine, text):
    assert [(c.setting, c.value) for c in engine.plan(text).calls] == [("accessibility.animation_effects", False)]


def test_a_harm_a_switch_only_shares_a_screens_word_with_leaves_it(catalog):
    from mu_cli.settle import settle_harmful

    night = Call("set", "display.night_light", value=True)
    assert settle_harmful("the bright screen hurts my eyes", [night], catalog) == [night]
    assert settle_harmful("blue light gives me headaches, turn on night light", [night], catalog) == [night]


@pytest.mark.parametrize("text", ["open task manager", "launch command prompt", "open event viewer"])
def test_a_tool_of_the_system_run_is_no_setting(engine, text):
    plan = engine.plan(text)
    assert plan.calls == () and "no setting" in plan.explanation  # it opened the taskbar page, set Win+X's shell


def test_a_change_beside_a_tool_run_stays(engine):
    assert [c.setting for c in engine.plan("open task manager and turn off bluetooth").calls] == ["bluetooth.enabled"]
    assert [c.setting for c in engine.plan("Open the calculator. First, switch on bt!").calls] == ["bluetooth.enabled"]
    assert [c.setting for c in engine.plan("set the default terminal to kitty").calls] == ["apps.default_terminal"]


@pytest.mark.parametrize(
    "text, setting",
    [
        ("Make Firefox the default browser", "apps.default_browser"),  # the app as the value
        ("links open in Chrome, I want them in Firefox", "apps.default_browser"),  # opening things in it
        ("coding in vscode on ubuntu, middle click pastes code everywhere", "system.middle_click_paste"),  # context
        ("turn on dark mode and change the theme in VS Code to dark", "personalization.color_mode"),  # the other ask
        ("Open the TikTok app, and mute the volume using the Settings app", "sound.mute"),
        ("let the maps app use my location", "privacy.location"),  # what the system does for one app
        ("the video player app cant see my Videos folder", "privacy.videos"),
        ("open the weather app, and after that turn on military time", "time.clock_format"),  # an app opened
        ("TURN ON SUBPIXEL ANTIALIASING AND OPEN THE GIMP APP THANKS", "fonts.cleartype"),
        ("tell me if the store app updates is on", "apps.store_auto_update"),  # "app" naming something else
        ("Turn Off App Notifications", "notifications.enabled"),  # a title's capitals: no brand
        ("open Spotify app and turn on bluetooth", "bluetooth.enabled"),
    ],
)
def test_a_well_known_app_not_the_place_of_the_ask_leaves_its_calls(engine, text, setting):
    assert [c.setting for c in engine.plan(text).calls] == [setting]


def test_a_well_known_apps_name_as_a_word_is_no_app(engine):
    wifi = Call("set", "network.wifi", value=False)
    assert engine.support.outside_known_apps("turn off wifi in Word", [wifi]) == []
    assert engine.support.outside_known_apps("turn off wifi in a word", [wifi]) == [wifi]
    assert engine.support.outside_known_apps("turn off wifi at the edge of town", [wifi]) == [wifi]  # not Edge


def test_a_number_the_grammar_could_not_write_is_the_requests_or_refused(catalog):
    from mu_cli.errors import ValueRefused
    from mu_cli.settle import settle

    def settled(text, sid, value):
        return settle(text, [Call("set", sid, value=value)], catalog)[0].value

    with pytest.raises(ValueRefused, match="150 is outside"):
        settled("set the brightness to 150", "display.brightness", 15)  # cut to fit the domain
    with pytest.raises(ValueRefused, match="-5 is outside"):
        settled("set brightness to -5", "display.brightness", 5)  # its sign lost
    with pytest.raises(ValueRefused, match="negative"):
        settled("screen off after -5 minutes", "power.screen_timeout", 300)
    assert settled("set volume to 2.5", "sound.volume", 25) == 2  # its point lost: the number, on the scale's steps
    assert settled("set the brightness to 15 on my 150 nit screen", "display.brightness", 15) == 15  # written
    assert settled("text size 1.5x", "accessibility.text_size", 150) == 150  # 1.5x is 150%
    assert settled("brightness to max on windows 11", "display.brightness", 100) == 100  # no number cut
    assert settled("set the brightness to 80 on 2023-11-05", "display.brightness", 80) == 80  # a date is no number
    with pytest.raises(ValueRefused, match="20 is outside"):
        settled("set the pointer size to twenty", "accessibility.mouse_pointer_size", 2)  # in words
    with pytest.raises(ValueRefused, match="300 is outside"):
        settled("set text size to 300%", "accessibility.text_size", 130)  # written as another value
    with pytest.raises(ValueRefused, match="not one of"):
        settled("set scale to 137%", "display.scale", "175")  # a choice of numbers
    assert settled("set scale to one and a half", "display.scale", "150") == "150"  # a choice's own name
    assert settled("set volume step to the lowest on windows 10", "sound.volume_step", 1) == 1  # no value: 10
    assert settled("at eleven pm set scaling to hidpi", "display.scale", "200") == "200"  # a time sets nothing
    assert settled("reset the volume to normal, not 150", "sound.volume", 50) == 50  # the default
    with pytest.raises(ValueRefused, match="5000 is outside"):
        settled("set the brightness to 5000K", "display.brightness", 50)  # a number with its unit's letters on it
    assert settled("set refresh rate to 144hz", "display.refresh_rate", "144") == "144"


def test_a_doing_called_an_accident_turns_on_the_switch_that_negates_it(catalog):
    from mu_cli.settle import settle_accidental

    def state(text, sid="touchpad.disable_while_typing"):
        return settle_accidental(text, [Call("set", sid, value=False)], catalog)[0].value

    assert state("I keep accidentally clicking with the touchpad while typing. Please stop that.") is True
    assert state("my palm inadvertently touches the touch pad and the cursor jumps") is True
    assert state("stop the touchpad from turning off accidentally while I type") is False  # the negation's accident
    assert state("the touchpad stops working while typing") is False  # no accident
    assert state("I accidentally clicked the button", "update.no_auto_restart") is False  # not what its name negates
    assert state("my taskbar keeps getting dragged by accident", "taskbar.lock") is False  # a switch against accidents


def test_a_value_the_machine_takes_instead_of_another_asks_for_the_other(catalog):
    from mu_cli.settle import settle_instead

    def settled(text, value="home"):
        return settle_instead(text, [Call("set", "explorer.open_to", value=value)], catalog)[0].value

    assert settled("File explorer opens Home instead of This PC") == "this_pc"
    assert settled("why does explorer open Home instead of This PC?") == "this_pc"
    assert settled("Open file explorer to Home instead of This PC") == "home"  # a command
    assert settled("I want explorer to open Home instead of This PC") == "home"  # a wish
    assert settled("File explorer opens Home instead of the last folder") == "home"  # no other value named


def test_a_switch_said_to_change_by_itself_is_asked_the_other_way(catalog):
    from mu_cli.settle import settle_self_switched

    lid = Call("set", "power.lid_close_action", value="sleep", confidence=0.9)

    def read(text, *calls):
        return [(c.setting, c.value) for c in settle_self_switched(text, list(calls or [lid]), catalog)]

    assert read("whenever i close my lid and open it again, bluetooth automatically turn on .. why") == [
        ("bluetooth.enabled", False)
    ]
    assert read("why does my wifi keep turning itself off") == [("network.wifi", True)]
    assert read("night light turns on automatically at sunset, I like that") == [("power.lid_close_action", "sleep")]
    on = Call("set", "storage.empty_recycle_bin", value=False)  # a longer name that ends in another's alias
    assert read("Automatically delete old files in the recycle bin keeps turning on", on) == [
        ("storage.empty_recycle_bin", False)
    ]


def test_a_question_of_how_to_set_a_switch_up_opens_its_page(catalog):
    from mu_cli.settle import settle_set_up

    proxy = Call("set", "network.proxy", value=False)

    def read(text):
        return [(c.setting or c.page, c.value) for c in settle_set_up(text, [proxy], catalog)]

    assert read("I unable to find how to configure system-wide proxy in settings.") == [("proxy", None)]
    assert read("how to configure the proxy to turn off") == [("network.proxy", False)]  # a state said
    assert read("the proxy breaks my vpn") == [("network.proxy", False)]  # no question of how


def test_a_wait_complained_of_as_too_soon_is_lengthened(catalog):
    from mu_cli.settle import settle_too_soon

    def moved(text, action):
        return settle_too_soon(text, [Call(action, "power.sleep_timeout")], catalog)[0].action

    assert moved("why does my computer go to sleep so fast", "decrease") == "increase"
    assert moved("the computer takes too long to go to sleep", "increase") == "decrease"
    assert moved("it sleeps too fast, make the wait shorter anyway", "decrease") == "decrease"  # a way said
    speed = Call("decrease", "mouse.pointer_speed")  # a speed, no wait: "too fast" asks it down
    assert settle_too_soon("the pointer moves too fast", [speed], catalog) == [speed]


def test_a_time_in_milliseconds_or_seconds_is_the_scales_own_unit(catalog):
    from mu_cli.errors import ValueRefused
    from mu_cli.settle import settle_numbers

    def settled(text, sid, value):
        return settle_numbers(text, [Call("set", sid, value=value)], catalog)[0].value

    assert settled("set cursor blink rate to 1 second", "keyboard.cursor_blink_time", 100) == 1000
    assert settled("set double click speed to 0.5 s", "mouse.double_click_speed", 500) == 500
    assert settled("set the keyboard repeat delay to 250 ms", "keyboard.repeat_delay", 1) == 0  # 250 + 250 * step ms
    assert settled("key repeat delay 1 second", "keyboard.repeat_delay", 1) == 3
    with pytest.raises(ValueRefused, match="5 seconds is outside 250..1000 ms"):
        settled("set the repeat delay to 5 seconds", "keyboard.repeat_delay", 3)
    assert settled("set the volume to 5 after 10 s", "sound.volume", 5) == 5  # a percent scale takes no time


def test_a_separator_is_one_character_or_its_name(catalog, engine):
    from mu_cli.calls import normalize_value
    from mu_cli.errors import ValueRefused

    decimal = catalog.settings["region.decimal_symbol"]
    assert normalize_value(decimal, "set", "a comma") == "," and normalize_value(decimal, "set", ";") == ";"
    for bad in ("separator", "->", "a"):
        with pytest.raises(ValueRefused):
            normalize_value(decimal, "set", bad)
    plan = engine.plan("use a comma as the decimal separator")  # the model copied "as"
    assert [(c.setting, c.value) for c in plan.calls] == [("region.decimal_symbol", ",")]
    money = catalog.settings["region.currency_decimal_symbol"]  # a currency's decimal symbol is one too, no "USD"
    assert normalize_value(money, "set", "comma") == ","
    with pytest.raises(ValueRefused):
        normalize_value(money, "set", "USD")


def test_a_setting_named_whole_takes_a_value_stated_elsewhere(engine):
    def read(text):
        return [(c.setting or c.page, c.value) for c in engine.plan(text).calls]

    assert read("I moved to Tokyo, update my timezone") == [("time.time_zone", "Asia/Tokyo")]  # nothing read before
    assert read("I'm in Berlin now, change the time zone") == [("time.time_zone", "Europe/Berlin")]
    assert read("what's the time zone in Tokyo?") == []  # no change asked


def test_a_two_letter_word_is_no_code_in_lower_case(catalog):
    from mu_cli.calls import normalize_value
    from mu_cli.errors import ValueRefused

    country = catalog.settings["language.country"]
    with pytest.raises(ValueRefused, match="is a word"):
        normalize_value(country, "set", "is")  # "is there a bus stop ... i can use" set Iceland
    assert normalize_value(country, "set", "IS") == "Iceland"
    assert normalize_value(catalog.settings["keyboard.layout"], "set", "us") == "English (United States)"


def test_a_choice_of_percents_takes_a_multiple(catalog):
    from mu_cli.calls import normalize_value
    from mu_cli.errors import ValueRefused
    from mu_cli.settle import settle

    scale = catalog.settings["display.scale"]
    assert normalize_value(scale, "set", "1.25x") == "125" and normalize_value(scale, "set", "2 times") == "200"
    with pytest.raises(ValueRefused):
        settle("set scaling to 1.3x", [Call("set", "display.scale", value="300")], catalog)  # not "3x" of "1.3x"


def test_a_choice_of_waits_takes_the_one_the_request_states_or_is_refused(catalog):
    from mu_cli.errors import ValueRefused
    from mu_cli.settle import settle_choice_durations

    def settled(text, value):
        return settle_choice_durations(text, [Call("set", "accessibility.notification_duration", value=value)], catalog)

    assert settled("dismiss notifications after 1 minute", "15s")[0].value == "1m"
    assert settled("dismiss notifications after 30 seconds", "30s")[0].value == "30s"
    with pytest.raises(ValueRefused, match="15 min is not one of its choices"):
        settled("set notification duration to 15 minutes", "15s")
    assert settled("in 10 minutes, set notification duration to 7s", "7s")[0].value == "7s"  # a time from now


def test_an_amount_cut_to_the_scale_is_the_one_the_request_writes(catalog):
    from mu_cli.settle import settle_numbers

    def settled(text, action, value):
        return settle_numbers(text, [Call(action, "sound.volume", value=value)], catalog)[0].value

    assert settled("increase volume by 200", "increase", 20) == 200  # the change stops at 100, as +=200 does
    assert settled("increase volume by -10", "decrease", 10) == 10  # read as a decrease: stands
    assert settled("turn it up by 10 on windows 11", "increase", 10) == 10


def test_a_value_the_request_says_a_setting_has_now_is_not_the_one_it_wants(catalog):
    from mu_cli.settle import settle_current

    def settled(text, sid, value):
        return settle_current(text, [Call("set", sid, value=value)], catalog)[0].value

    assert settled("my 144hz monitor was capped at 60hz", "display.refresh_rate", "60") == "144"
    text = "Right now the menu offers only 100, 200, 300, 400. I'd like to pick 150"
    assert settled(text, "display.scale", "100") == "150"  # a list of what it has now
    assert settled("brightness is stuck at 100, set it to 40", "display.brightness", 100) == 40
    assert settled("brightness is stuck at 100, set it to 40", "display.brightness", 40) == 40
    assert settled("100% is too small and 200% is too big", "display.scale", "100") == "100"  # nothing else said


def test_a_change_that_takes_effect_only_in_another_settings_state_sets_that_state(engine):
    # GNOME keeps the number of workspaces only while they are not dynamic; a colour filter shows only when on
    plan = engine.plan("I expect to always have 10 workspaces")
    assert [(c.setting, c.value) for c in plan.calls] == [
        ("multitasking.dynamic_workspaces", False),
        ("multitasking.workspace_count", 10),
    ]
    plan = engine.plan("make my screen black and white")
    assert ("accessibility.color_filters", True) in [(c.setting, c.value) for c in plan.calls]
    plan = engine.plan("turn on dynamic workspaces and set workspace count to 3")  # the plan says otherwise: stands
    assert ("multitasking.dynamic_workspaces", True) in [(c.setting, c.value) for c in plan.calls]


def test_a_bulleted_list_that_shares_a_verb_is_one_ask_per_item(engine):
    plan = engine.plan("Disables the icons on the taskbar for: - Chat/Teams - Search Bar - Task View - Widgets")
    assert {(c.setting, c.value) for c in plan.calls} == {
        ("taskbar.chat", False),
        ("taskbar.search", "hidden"),
        ("taskbar.task_view", False),
        ("taskbar.widgets", False),
    }
    plan = engine.plan("please turn off: - bluetooth - wifi - location")
    assert [c.value for c in plan.calls] == [False, False, False]
    # a list that shares no verb is context, not asks
    plan = engine.plan("My setup: - Windows 11 - Dell XPS - 4k monitor. The text is too small")
    assert [(c.action, c.setting) for c in plan.calls] == [("increase", "accessibility.text_size")]


def test_an_amount_the_request_writes_nowhere_is_the_settings_own_step(catalog):
    from mu_cli.settle import settle_numbers

    bigger = [Call("increase", "accessibility.text_size", value=4)]  # "4" of "4k"
    assert settle_numbers("Windows 11, 4k monitor. The text is too small", bigger, catalog)[0].value is None
    assert settle_numbers("make the text 4 points bigger, I'm on Windows 11", bigger, catalog)[0].value == 4
    both = [
        Call("decrease", "accessibility.text_cursor_thickness", value=5),
        Call("set", "accessibility.magnifier_increment", value=5),
    ]
    assert settle_numbers("decrease caret width by 5 and make my zoom step as low as it goes", both, catalog) == both
    mum = [Call("increase", "accessibility.text_size", value=25)]  # the model's own step for a complaint: stands
    assert settle_numbers("my mum can't read the menus on her laptop", mum, catalog) == mum
    evening = [Call("set", "display.night_light_start", value=19)]  # a time of day is no number to settle
    assert settle_numbers("night light kicks in too late, I want it from 7 in the evening", evening, catalog) == evening


def test_a_share_of_a_percent_scale_in_words_is_that_share(catalog):
    from mu_cli.settle import settle_fractions

    def settled(text, action, value):
        return settle_fractions(text, [Call(action, "sound.volume", value=value)], catalog)[0].value

    assert settled("put the volume at about a quater", "set", 0) == 25  # a slip of "quarter"
    assert settled("volume at three quarters", "set", 30) == 75
    assert settled("volume three quarters please", "set", 3) == 75  # after the setting's name; "three" its count
    assert settled("volume 3/4", "set", 3) == 75  # in digits
    assert settled("turn the volume to 5 out of 10", "set", 5) == 50
    assert settled("set volume to 40, I rate it 4/5", "set", 40) == 40  # a number of its own stated
    assert settled("set the volume to a third", "set", 100) == 33
    assert settled("turn the volume down by a quarter", "decrease", None) == 25
    assert settled("set the volume to 40, I'm a third year student", "set", 40) == 40  # written, and no share


def test_a_number_a_request_neither_writes_nor_names_is_not_written(catalog):
    from mu_cli.settle import settle_numbers, settle_units

    def settled(text, sid, value):
        call = [Call("set", sid, value=value)]
        return settle_units(text, settle_numbers(text, call, catalog), catalog)[0]

    # a request that only names the setting: its page, where the person picks
    assert settled("Set the screen brightness", "display.brightness", 0) == Call("open", page="display")
    assert settled("can you please change my mouse speed?", "mouse.pointer_speed", 20) == Call("open", page="mouse")
    assert settled("set the screen timeout", "power.screen_timeout", 0) == Call("open", page="power")
    assert settled("Set the screen blank time", "power.screen_timeout", 0) == Call("open", page="power")
    # a level named in words is that level; a number, a level, a share or a never stands
    assert settled("set the brightness to medium", "display.brightness", 12).value == 50
    assert settled("set the brightness to 40", "display.brightness", 40).value == 40
    assert settled("set the brightness to the max", "display.brightness", 100).value == 100
    assert settled("set the screen timeout to never", "power.screen_timeout", 0).value == 0
    assert settled("the arrow is enormous, shrink it back", "accessibility.mouse_pointer_size", 1).value == 1


def test_a_layout_or_language_copied_without_the_words_that_make_it_longer_is_the_longer_one(catalog):
    from mu_cli.settle import settle_names

    def settled(text, sid, value):
        return settle_names(text, [Call("set", sid, value=value)], catalog)[0].value

    assert settled("Switch keyboard layout to French AZERTY", "keyboard.layout", "French") == "French (AZERTY)"
    assert settled("display language to Portuguese Brazil", "language.display_language", "Portuguese") == (
        "Portuguese (Brazil)"
    )
    assert settled("set keyboard to German and language to French", "keyboard.layout", "German") == "German"
    # the words before it too ("Brazilian Portuguese"), not a word that makes it no other value ("to French")
    brazilian = "set the display language to Brazilian Portuguese"
    assert settled(brazilian, "language.display_language", "Portuguese") == "Portuguese (Brazil)"
    assert settled("set the display language to Portuguese", "language.display_language", "Portuguese") == (
        "Portuguese"
    )
    assert settled("set input method at AZERTY", "keyboard.layout", "AZERTY") == "AZERTY"  # "at": no Austria
    assert settled("add the Spanish (Latin America) keyboard", "keyboard.layout", "Spanish") == "Spanish"
    # a time zone is no name of several words to extend: "plus switch ntp on" is the next ask
    text = "make timezone eastern standard time plus switch ntp on"
    assert settled(text, "time.time_zone", "Eastern Standard Time") == "Eastern Standard Time"


def test_a_span_of_time_the_request_gives_no_number_or_word_for_goes(catalog):
    from mu_cli.settle import settle_spans

    bin_age = [Call("set", "storage.recycle_bin_age", value="14")]
    assert settle_spans("set the age range to 23 to 27 and the distance to 10 km", bin_age, catalog) == []
    for text in ("empty the bin after two weeks", "keep files in the bin 14 of them", "bin age=14d", "reset it to 4"):
        assert settle_spans(text, bin_age, catalog) == bin_age, text
    assert settle_spans("keep deleted files as long as possible", bin_age, catalog) == bin_age  # no number: implied


def test_a_wait_the_request_wishes_for_beside_the_one_it_has_is_the_one_set(catalog):
    from mu_cli.settle import settle_wished_wait

    def settled(text, action, value):
        got = settle_wished_wait(text, [Call(action, "power.screen_timeout", value=value)], catalog)[0]
        return got.action, got.value

    assert settled("screen turns off after 2 minutes, I want 10 minutes instead", "set", 120) == ("set", 600)
    text = "whenever I step away for two minutes the screen turns off, can you make it wait ten minutes"
    assert settled(text, "increase", 120) == ("set", 600)
    # two waits of two settings, or the second one not wished for: as read
    assert settled("sleep after 30 minutes and screen off after 10 minutes", "set", 1800) == ("set", 1800)
    assert settled("screen off after 2 minutes, it used to be 10 minutes", "set", 120) == ("set", 120)


def test_a_request_that_is_only_a_switchs_commanding_name_sets_it(catalog):
    from mu_cli.settle import settle_named

    def settled(text, sid, value):
        return settle_named(text, [Call("set", sid, value=value)], catalog)[0].value

    assert settled("hide the task bar", "taskbar.auto_hide", False) is True  # its alias "hide taskbar"
    assert settled("please hide the dock", "taskbar.auto_hide", False) is True
    assert settled("show the taskbar", "taskbar.auto_hide", True) is False  # a name of the other state
    assert settled("mute microphone", "sound.microphone_mute", False) is True
    # more than the name: left to the other readings
    assert settled("hide the dock when a window touches it", "taskbar.auto_hide", False) is False
    assert settled("Bluetooth", "bluetooth.enabled", False) is False  # a name that commands nothing


def test_a_copy_of_a_word_no_value_is_becomes_the_value_stated(catalog, engine):
    from mu_cli.errors import ValueRefused
    from mu_cli.settle import settle_function_words

    def settled(text, sid, value):
        return settle_function_words(text, [Call("set", sid, value=value)], catalog)

    with pytest.raises(ValueRefused):  # "lab 42" is stated, and no computer name: refused, never "my"
        settled("set my hostname to lab 42", "system.computer_name", "my")
    assert settled("set my hostname to lab-42", "system.computer_name", "my")[0].value == "lab-42"
    assert settled("zoom keeps using the webcam mic instead of my yeti", "sound.input_device", "my")[0].value == "yeti"
    assert settled("rename the pc to Office", "system.computer_name", "Office")[0].value == "Office"


def test_a_copy_that_stands_twice_is_the_longer_run(engine):
    # "proxy" stands alone and inside the address: the address is the value
    plan = engine.plan("set proxy to http://proxy.corp:8080")
    assert [(c.setting, c.value) for c in plan.calls] == [("network.proxy_server", "http://proxy.corp:8080")]
    assert whole_span("use . as the decimal mark, not a comma.", ".") == "."  # a mark: where it first stands


def test_a_switch_asked_to_turn_either_way_is_toggled(catalog):
    from mu_cli.settle import settle_either_way

    def settled(text, sid, value):
        got = settle_either_way(text, [Call("set", sid, value=value)], catalog)[0]
        return got.action, got.value

    assert settled("Turn Bluetooth on or off", "bluetooth.enabled", False) == ("toggle", None)
    assert settled("how do I turn wifi off or on", "network.wifi", True) == ("toggle", None)
    # "on or off" inside the switch's own name, or "off/on" after a complaint: as read
    text = "enable play a sound when keyboard accessibility features turn on or off"
    assert settled(text, "accessibility.shortcut_warning_sounds", True) == ("set", True)
    text = "I'm really annoyed by the login sound, please turn off/on this"
    assert settled(text, "sound.startup_sound", False) == ("set", False)


def test_a_call_the_model_doubts_is_left_out_of_the_reading(engine):
    # the model adds a second call it doubts (dropped: below CALL_DROP); the switch is still the request's one ask
    plan = engine.plan("please keep prtsc opens snipping tool on")
    assert [(c.setting, c.value) for c in plan.calls] == [("accessibility.print_screen_key", True)]


def test_a_number_of_a_sum_or_of_another_calls_choice_is_no_amount(catalog):
    from mu_cli.settle import settle_numbers

    zoom = [Call("increase", "accessibility.magnifier_zoom")]
    assert settle_numbers("zoom in a bit, then can you divide 100 by 20", zoom, catalog) == zoom
    both = [Call("decrease", "sound.volume"), Call("set", "sound.communications_ducking", value="reduce_80")]
    text = "lower the volume and set communications activity to Reduce the volume of other sounds by 80%"
    assert settle_numbers(text, both, catalog) == both
    assert settle_numbers("turn the volume down by 20", both[:1], catalog)[0].value == 20


def test_a_switch_the_request_forbids_keeps_the_other_state(catalog):
    from mu_cli.settle import settle_negation

    def settled(text, *calls):
        return [c.value for c in settle_negation(text, list(calls), catalog)]

    wifi_off, bt_on = Call("set", "network.wifi", value=False), Call("set", "bluetooth.enabled", value=True)
    assert settled("never turn off wifi", wifi_off) == [True]
    assert settled("please don't turn the wifi off", wifi_off) == [True]
    assert settled("don't let wifi turn off", wifi_off) == [True]
    assert settled("do not enable bluetooth", bt_on) == [False]
    assert settled("never turn off wifi and turn on bluetooth", wifi_off, bt_on) == [True, True]
    assert settled("turn off wifi, I don't need it", wifi_off) == [False]  # nothing forbidden
    assert settled("don't turn off the screen, turn off wifi", wifi_off) == [False]  # the other clause's
    mute = Call("set", "sound.mute", value=True)
    assert settled("never turn off mute", mute) == [True]  # a negation's own name: the model's reading
    assert settled("don't turn off wifi, turn on bluetooth", bt_on) == [True]  # the clause names wifi only


def test_a_switch_the_request_commands_takes_that_state(catalog):
    from mu_cli.settle import settle_commanded

    def settled(text, *calls):
        return [c.value for c in settle_commanded(text, list(calls), catalog)]

    camera_on, startup_sound_on = (
        Call("set", "privacy.camera", value=True),
        Call("set", "sound.startup_sound", value=True),
    )
    assert settled("I want to keep my camera disabled by default.", camera_on) == [False]
    assert settled("I wanna disable the sound after login", startup_sound_on) == [False]
    assert settled("how do I turn the startup sound off?", startup_sound_on) == [False]
    assert settled("camera should stay off", camera_on) == [False]
    assert settled("re-enable the camera", Call("set", "privacy.camera", value=False)) == [True]
    # what an option asked for does is commanded of it
    lock_screen_on = Call("set", "lockscreen.show_lock_screen", value=True)
    assert settled("add a tweak that turns off the lock screen entirely", lock_screen_on) == [False]
    assert settled("a setting which disables the startup sound", startup_sound_on) == [False]
    assert settled("an app that turns off my camera", camera_on) == [True]  # an app is no option: describes
    # a switch stuck in a state asks for the other one
    narrator_on = Call("set", "accessibility.narrator", value=True)
    assert settled("narator wont shut up", narrator_on) == [False]  # a slip of its name names it
    assert settled("I can't turn off the narrator", narrator_on) == [False]
    assert settled("I can't disable the camera", camera_on) == [False]
    assert settled("the camera won't stay on", Call("set", "privacy.camera", value=False)) == [True]
    # what the request allows or blocks ("allow disabling X" allows no X)
    metered_off = Call("set", "update.download_over_metered", value=False)
    assert settled("allow updates over metered connections", metered_off) == [True]
    assert settled("block updates over metered connections", Call("set", metered_off.setting, value=True)) == [False]
    snap_off = Call("set", "multitasking.snap_windows", value=False)
    assert settled("allow disabling window snapping", snap_off) == [False]
    assert settled("allow me to keep the updates on metered connections off", metered_off) == [False]
    # a mode to go into
    airplane_off = Call("set", "network.airplane_mode", value=False)
    assert settled("everyone must switch to flight mode, can you put my laptop in airplane mode", airplane_off) == [
        True
    ]
    assert settled("open system settings to airplane mode off", airplane_off) == [False]
    large_text = Call("set", "accessibility.large_text", value=False)
    assert settled("text is too big since someone switched on large text.", large_text) == [False]  # a story
    # a name of the switch's other state: "turn off auto-rotate" is Rotation lock on
    rotation_lock_off = Call("set", "display.rotation_lock", value=False)
    assert settled("turn off auto-rotate", rotation_lock_off) == [True]
    assert settled("please turn automatic rotation on", Call("set", "display.rotation_lock", value=True)) == [False]
    assert settled("go to auto-rotate, turn on rotation lock", rotation_lock_off) == [True]  # the switch's own name
    # a name that turns the switch itself, beside the command: two polarities, the model's reading
    show_icons_off = Call("set", "desktop.show_icons", value=False)
    assert settled("turn on hide desktop icons", show_icons_off) == [False]
    assert settled("turn on unmute", Call("set", "sound.mute", value=False)) == [False]
    # a switch gone that should be there: on (Mute off: "the sound" is what Mute silences)
    assert settled(
        "The sound on my computer just quit on me. How can I fix this", Call("set", "sound.mute", value=True)
    ) == [False]
    assert settled("my bluetooth stopped working", Call("set", "bluetooth.enabled", value=False)) == [True]
    assert settled("narrator won't quit", Call("set", "accessibility.narrator", value=True)) == [False]  # stuck on
    # a state the request denies asking for, of the switch it names or "it"
    wifi_on = Call("set", "network.wifi", value=True)
    assert settled("why is wifi on? I never turned it on", wifi_on) == [False]
    assert settled("wifi is off and I want it on", Call("set", "network.wifi", value=False)) == [True]
    assert settled("Settings > Network > Wi-Fi, turn it off, apply and keep it on", wifi_on) == [True]  # a closing
    # what describes, forbids or asks two states commands nothing
    assert settled("the camera keeps turning itself off", camera_on) == [True]
    assert settled("it disables my camera every time", camera_on) == [True]
    assert settled("turn on the mic and turn off the camera", camera_on) == [True]
    # the setting's own name commands nothing; a name that is a negation is the model's to read
    fast_startup = Call("set", "power.fast_startup", value=False)
    assert settled("go to turn on fast startup -> turn turn on fast startup off", fast_startup) == [False]
    # a switch whose name is a negation: commanding what it negates asks for the other state
    no_restart = Call("set", "update.no_auto_restart", value=False)
    assert settled("Disable automatic restart/reboot after Windows Update", no_restart) == [True]
    assert settled("turn off mute", Call("set", "sound.mute", value=True)) == [False]  # the switch itself
    exclude = Call("set", "update.exclude_drivers", value=False)  # "Exclude drivers from quality updates"
    assert settled("disable driver updates", exclude) == [True]
    assert settled("disable automatic driver installation", exclude) == [True]  # "automatic" names nothing; a form
    assert settled("enable the sound", Call("set", "sound.mute", value=True)) == [False]
    mic_unmuted = Call("set", "sound.microphone_mute", value=False)
    assert settled("can you please disable myte mic", mic_unmuted) == [False]  # a slip of "mute": named first
    typing = Call("set", "touchpad.disable_while_typing", value=False)
    assert settled("open settings, disable 'disable touchpad whle typing', apply", typing) == [False]  # its name
    # what the command is said of, not a name the request sets it against
    contrast = "Instead of palm rejection would it be possible to have an option to disable the touchpad while typing?"
    assert settled(contrast, typing) == [True]
    # several calls: which clause commands which is the model's reading
    wifi_off = Call("set", "network.wifi", value=False)
    assert settled("disable the camera and wifi", camera_on, wifi_off) == [True, False]


def test_a_choice_the_request_wishes_for_by_name_is_taken(catalog):
    from mu_cli.settle import settle_chosen

    def settled(text, sid, value):
        return settle_chosen(text, [Call("set", sid, value=value)], catalog)[0].value

    assert settled("I just want to see a system wide dark mode.", "personalization.color_mode", "light") == "dark"
    assert settled("turn on dark mode at 7pm", "personalization.color_mode", "light") == "dark"
    assert settled(
        "it keeps changing, I just want the one picture", "personalization.background_type", "slideshow"
    ) == ("picture")
    # the model's own choice named, a negation, a way back, a superlative or a description: the model's reading
    assert settled("switch to portrait flipped", "display.orientation", "portrait_flipped") == "portrait_flipped"
    assert settled("I don't want dark mode", "personalization.color_mode", "light") == "light"
    assert settled("make dark mode normal again", "personalization.color_mode", "light") == "light"
    assert settled("I need the icons as big as they go", "explorer.icon_size", "extra_large") == "extra_large"
    assert settled("i want to the photo fits fine", "personalization.background_type", "slideshow") == "slideshow"
    assert settled("set the search bar to icon", "taskbar.search", "icon") == "icon"
    # a choice named as the thing hidden is not the one wished for ("hiding the search box")
    assert settled("I'd like a switch for hiding the search box", "taskbar.search", "hidden") == "hidden"


def test_a_complaint_about_one_of_two_choices_asks_for_the_other(catalog):
    from mu_cli.settle import settle_disliked

    def settled(text, sid, value):
        return settle_disliked(text, [Call("set", sid, value=value)], catalog)[0].value

    assert settled("I find it super annoying that the Start icon is centered", "taskbar.alignment", "center") == "left"
    assert settled("I hate dark mode", "personalization.color_mode", "dark") == "light"
    # a wish, a reason, a negation or the other value named beside it: the model's reading stands
    assert (
        settled("make it dark mode because light hurts, it's annoying", "personalization.color_mode", "dark") == "dark"
    )
    assert settled("dark taskbar because it keeps annoying me", "personalization.windows_mode", "dark") == "dark"
    assert settled("I hate that dark mode is not on", "personalization.color_mode", "dark") == "dark"
    # a choice of more than two values: which one is wanted is not said
    assert settled("I hate the balanced power plan", "power.plan", "balanced") == "balanced"


@pytest.mark.parametrize(
    "text, ask",
    [
        ("Please add an option to set maximum volume to 100%", "set maximum volume to 100%"),
        (
            "It would be great if there is an option in the tweaks tab or something like a checkbox to disable "
            "automatic restart after updates.",
            "disable automatic restart after updates.",
        ),
        ("It would be nice to be able to disable Windows fast startup", "disable Windows fast startup"),
        ("add a toggle to hide the clock", "hide the clock"),
        ("Would be nice to have an option to show seconds in the clock", "show seconds in the clock"),
        ("add dvorak keyboard", "add dvorak keyboard"),  # no frame: "add" is the ask
        ("An option to make the taskbar smaller", "make the taskbar smaller"),  # an issue's title
        ("the option to hide the clock is gone", "the option to hide the clock is gone"),  # not opening the request
        ("tap on us flag on top left and change country to australia", "change country to australia"),
        ("click on the bluetooth toggle", "click on the bluetooth toggle"),  # the tap is the ask
        ("Tap click on pls, turn the compact mode on", "Tap click on pls, turn the compact mode on"),  # a name
    ],
)
def test_a_feature_requests_frame_and_a_tap_before_the_ask_are_context(text, ask):
    from mu_cli.context import without_context

    assert without_context(text) == ask


def test_a_choice_set_to_a_quoted_value_none_of_its_choices_is_goes(catalog):
    from mu_cli.settle import settle_quoted

    def kept(text, sid, value):
        return settle_quoted(text, [Call("set", sid, value=value)], catalog) != []

    assert not kept('change the mode to "Hip Hop"', "personalization.color_mode", "light")
    assert kept('set the theme to "Dark"', "personalization.color_mode", "dark")
    assert kept("switch the taskbar alignment to 'left'", "taskbar.alignment", "left")
    # a quoted page on the way is no value
    assert kept("go to 'taskbar' -> select 'when full'", "taskbar.combine_buttons", "when_full")


def test_a_value_the_request_asks_to_choose_and_does_not_state_is_the_way_to_its_page(catalog):
    from mu_cli.settle import settle_unstated

    def settled(text, sid, value):
        c = settle_unstated(text, [Call("set", sid, value=value)], catalog)[0]
        return (c.action, c.page or c.value)

    assert settled("Choose what happens when you close the laptop lid", "power.lid_close_action", "sleep") == (
        "open",
        "power",
    )
    assert settled("Set how long before the screen goes blank", "power.screen_timeout", 0) == ("open", "power")
    # a value stated stands
    assert settled("choose what happens when I close the lid: do nothing", "power.lid_close_action", "do_nothing") == (
        "set",
        "do_nothing",
    )
    assert settled("change how long until my pc sleeps to 10 minutes", "power.sleep_timeout", 600) == ("set", 600)
    assert settled("set how bright the screen is to the max", "display.brightness", 100) == ("set", 100)


def _one_set(step, catalog, text, sid, value):
    """The value `step` settles one set call of `sid` to `value` on, for `text`."""
    return step(text, [Call("set", sid, value=value)], catalog)[0].value


def test_a_doing_the_request_forbids_is_the_choice_that_does_nothing(catalog):
    from mu_cli.settle import settle_refused

    settled = functools.partial(_one_set, settle_refused, catalog)

    lid = "power.lid_close_action"
    assert settled("Don't sleep when closing laptop lid if connected to external monitor", lid, "sleep") == "do_nothing"
    assert settled("i don't want it to go to sleep when i shut the lid", lid, "sleep") == "do_nothing"
    assert settled("never hibernate when the battery is low", "power.low_battery_action", "hibernate") == "do_nothing"
    # a doing the request asks for, or forbids of another choice, stands
    assert settled("sleep when I close the lid, don't shut down", lid, "sleep") == "sleep"
    assert settled("don't shut down, just sleep when the lid closes", lid, "sleep") == "sleep"
    # no choice that does nothing: which one is wanted is not said
    assert settled("do not start week on Sunday", "region.first_day_of_week", "sunday") == "sunday"


def test_a_quoted_setting_name_is_the_setting_meant(catalog):
    from mu_cli.settle import settle_quoted_name

    def settled(text, call):
        return [(c.action, c.setting or c.page, c.value) for c in settle_quoted_name(text, [call], catalog)]

    middle = Call("set", "mouse.middle_click_emulation", value=True)
    tap = "The option 'Tap to click' (Emulate mouse button) is disabled by default."
    assert settled(tap, middle) == [("set", "touchpad.tap_to_click", True)]  # a switch's state carries over
    timeout = Call("set", "power.screen_timeout", value=0)
    assert settled("the 'Fast startup' option never works", timeout) == [("open", "power", None)]  # no switch
    # a page on the way, a name of a page, or a name of the call's own setting: the call stands
    mic = Call("set", "sound.mute", value=True)
    assert settled("Settings > 'Microphone mute' > on", mic) == [("set", "sound.mute", True)]
    two_finger = Call("set", "touchpad.two_finger_scrolling", value=True)
    assert settled('open "touchpad" and enable two-finger scrolling', two_finger) == [
        ("set", "touchpad.two_finger_scrolling", True)
    ]
    assert settled('turn on "touchpad" two-finger scrolling', two_finger)[0][1] == "touchpad.two_finger_scrolling"
    assert settled("turn on 'mute speakers'", mic) == [("set", "sound.mute", True)]


def test_a_doing_stated_as_what_the_machine_does_is_a_complaint(catalog):
    from mu_cli.settle import settle_described

    settled = functools.partial(_one_set, settle_described, catalog)

    lid = "power.lid_close_action"
    assert settled("laptop sleeps when lid is closed with hdmi connected", lid, "sleep") == "do_nothing"
    assert settled("my laptop keeps sleeping when I close the lid", lid, "sleep") == "do_nothing"
    assert settled("Laptop suspends when lid closed", lid, "sleep") == "do_nothing"  # a name of the choice
    assert settled("the pc shuts down when I press the power button", "power.power_button_action", "shut_down") == (
        "do_nothing"
    )
    # a wish, a command or a question of how asks for the doing
    assert settled("make my laptop sleep when the lid is closed", lid, "sleep") == "sleep"
    assert settled("when I close the lid my laptop should sleep", lid, "sleep") == "sleep"
    assert settled("how do I make it so the laptop sleeps when the lid closes?", lid, "sleep") == "sleep"
    assert settled("lid close: sleep", lid, "sleep") == "sleep"  # no doing stated
    assert settled("the taskbar combines buttons", "taskbar.combine_buttons", "always") == "never"
    flash = "accessibility.flash_on_alert"  # a name of two words as its first's doing: "screen flash"
    assert settled("whole screen flashes when a sound plays", flash, "entire_screen") == "none"
    assert settled("I want the whole screen flashes when a sound plays", flash, "entire_screen") == "entire_screen"


def test_a_state_only_stated_of_a_choice_is_a_complaint(catalog):
    from mu_cli.settle import settle_stated

    settled = functools.partial(_one_set, settle_stated, catalog)

    position, clock, turned = "taskbar.position", "time.clock_format", "display.orientation"
    assert settled("my taskbar moved to the top", position, "top") == "bottom"  # the default of four
    assert settled("the taskbar is on the left side of the screen", position, "left") == "bottom"
    assert settled("the clock is in 24 hour format", clock, "24h") == "12h"  # the other of two
    assert settled("My second monitor is upside down", turned, "landscape_flipped") == "landscape"  # its page's word
    # a wish, a command, a question, a preference or a reason: the state is what it asks for
    assert settled("my preferred Taskbar location on screen is top", position, "top") == "top"
    assert settled("the clock is 24 hour from now on", clock, "24h") == "24h"
    assert settled("I'm left handed, so the primary button is the right one", "mouse.primary_button", "right") == (
        "right"
    )
    assert settled("why is the clock in 24 hour format?", clock, "24h") == "24h"
    assert settled("move the taskbar so it is on the top", position, "top") == "top"
    assert settled("the clock is in 24 hour format, I like it", clock, "24h") == "24h"
    # the state said of something else, or a value named before its verb
    assert settled("Monday is the first day of the week", "region.first_day_of_week", "monday") == "monday"
    assert settled("the weather is top notch", position, "top") == "top"
    # a default that is the state stated: the page opens
    week = settle_stated(
        "the week starts on sunday", [Call("set", "region.first_day_of_week", value="sunday")], catalog
    )
    assert [(c.action, c.page) for c in week] == [("open", "region")]


def test_a_doing_prevented_turns_on_the_switch_whose_name_negates_it(catalog):
    from mu_cli.settle import settle_prevented

    settled = functools.partial(_one_set, settle_prevented, catalog)

    drivers, restart, palm = "update.exclude_drivers", "update.no_auto_restart", "touchpad.disable_while_typing"
    assert settled("stop windows from installing drivers", drivers, False) is True
    assert settled("don't install drivers with windows update", drivers, False) is True
    assert settled("stop windows from restarting automatically after updates", restart, False) is True
    assert settled("I don't want windows to restart automatically", restart, False) is True
    assert settled('I can "block" it from moving whenever I\'m typing', palm, False) is True
    # preventing the negation itself asks the switch off
    assert settled("stop the touchpad from turning off while I type", palm, True) is False
    assert settled("don't hide the pointer while typing", "mouse.hide_while_typing", True) is False
    # what is prevented is no doing the name negates, or the switch names no negation: the model's reading stands
    assert settled("stop windows from showing tips", drivers, False) is False
    assert settled("stop apps from running in the background", "privacy.background_apps", False) is False


def test_a_copy_is_as_sure_as_its_span_not_its_first_token(engine):
    # the model doubts which token of "179.115.69.185" to start the copy with (its "1" at 0.22), but every start
    # inside the address copies the same whole address
    for text, value in [
        ("set my DNS servers to 179.115.69.185 please", "179.115.69.185"),
        ("change the dns server to 89.60.174.57", "89.60.174.57"),
    ]:
        plan = engine.plan(text)
        assert plan.status == "ok" and [c.value for c in plan.calls] == [value]


def test_a_question_about_a_value_the_request_states_goes_beside_a_change(catalog):
    from mu_cli.settle import settle_stated_gets

    res, text_size = "display.resolution", "accessibility.text_size"
    calls = [Call("increase", text_size), Call("get", res)]
    text = "How to increase the text scale on a 3440 x 1440 screen resolution?"
    assert settle_stated_gets(text, calls, catalog) == calls[:1]
    assert settle_stated_gets("how to increase the text scale, and what is my resolution?", calls, catalog) == calls
    both = [Call("get", res), Call("set", res, value="1920x1080")]
    assert settle_stated_gets("what's my resolution? set it to 1920x1080", both, catalog) == both


def test_a_sentence_that_finds_the_wholes_sure_change_keeps_the_wholes_value(engine):
    """A whole that read 150, sure, but did not act (a doubted second call it dropped lowered it): its sentence "you
    can only select 100, 200 or 300" alone reads 100; the whole's value, read with all the request, stands."""
    text = "Fractional scaling please. At the moment only 100, 200 or 300 can be selected. I want to select 150"
    whole = [Call("set", "display.scale", value="150", confidence=0.975)]
    calls, conf, _ = engine._by_sentence(engine.runtime, text, whole, 0.2, [])
    assert calls == whole and conf >= 0.5
    shaky = [Call("set", "display.scale", value="150", confidence=0.6)]  # a whole not sure of it: the sentence's
    assert engine._by_sentence(engine.runtime, text, shaky, 0.2, [])[0][0].value != "150"
    plan = engine.plan("hello, is my apr high; shut cursor blinking off ok?")  # the whole asked; the sentence changes
    assert [(c.action, c.value) for c in plan.calls] == [("set", False)]


def test_an_unsure_call_among_several_stays_only_when_the_request_names_it(engine):
    sure = Call("set", "update.pause", value="2_weeks", confidence=0.998)
    button = Call("set", "power.power_button_action", value="do_nothing", confidence=0.56)
    text = "Unable to pause updates for 2 weeks. button is disabled"
    assert engine._earned(text, [sure, button], 0.56)[0] == [sure]
    named = "pause updates for 2 weeks and make the power button do nothing"
    assert engine._earned(named, [sure, button], 0.56)[0] == [sure, button]


def test_a_page_named_without_the_words_of_the_switch_guessed_on_it_is_opened(engine):
    tips = Call("set", "gaming.game_bar_tips", value=True, confidence=0.67)
    assert engine._only_page("how do i get the game bar back?", [tips]) == [
        Call("open", page="gaming", confidence=0.67)
    ]
    for kept in ("turn the game bar tips back on", "show game bar tips at startup", "game bar startup tips on"):
        assert engine._only_page(kept, [tips]) == [tips]
    sure = Call("set", "gaming.game_bar_tips", value=True, confidence=0.95)  # a sure switch is no guess
    assert engine._only_page("how do i get the game bar back?", [sure]) == [sure]
    # a state read where another page is named whole ("data usage": Advanced network settings) looks at that page
    metered = Call("get", "network.metered_connection", confidence=0.49)
    assert engine._only_page("check my data usage on wifi", [metered]) == [
        Call("open", page="advanced_network", confidence=0.49)
    ]
    assert engine._only_page("is my metered connection on? check data usage", [metered]) == [metered]  # named whole


def test_a_duration_raised_to_a_value_is_set_to_it(catalog):
    from mu_cli.settle import settle_relative

    timeout = "power.screen_timeout"
    up = Call("increase", timeout, value=600)
    assert settle_relative("increase the screen timeout to 10 minutes", [up], catalog)[0].action == "set"
    assert settle_relative("increase the screen timeout by 10 minutes", [up], catalog)[0].action == "increase"
    assert settle_relative("bump screen sleep up 10min", [up], catalog)[0].action == "increase"
    # a scale's value the request says where it is: a set ("if my battery is below 30 percent ...")
    lower = Call("decrease", "power.battery_saver_threshold", value=30)
    assert settle_relative("if my battery is below 30 percent turn on battery saver", [lower], catalog)[0].action == (
        "set"
    )
    assert settle_relative("lower the battery saver threshold by 30", [lower], catalog)[0].action == "decrease"
    assert settle_relative("lower the battery saver threshold 30", [lower], catalog)[0].action == "decrease"


def test_a_question_that_asks_to_move_a_scale_is_that_move(catalog):
    from mu_cli.settle import settle_direction

    size = Call("get", "accessibility.text_size")
    assert settle_direction("How do you zoom out text size on your computer?", [size], catalog)[0].action == "decrease"
    assert settle_direction("how can I enlarge the text size", [size], catalog)[0].action == "increase"
    for asked in ("bigger text?", "what is my text size, bigger or smaller?", "check the text size, I want it bigger"):
        assert settle_direction(asked, [size], catalog) == [size]


def test_clearing_what_a_switch_keeps_opens_its_page(engine):
    history = Call("set", "system.clipboard_history", value=False, confidence=0.99)
    assert engine._cleared("clear the clipboard history", [history]) == [
        Call("open", page="clipboard", confidence=0.99)
    ]
    for kept in ("turn off clipboard history", "clear away clipboard history"):  # "clear away": hide, turn off
        assert engine._cleared(kept, [history]) == [history]


def test_a_number_written_only_as_a_time_of_day_is_no_level_or_wait(catalog):
    from mu_cli.settle import settle_clock_as_level

    def settled(text, *calls):
        return [(c.setting, c.value) for c in settle_clock_as_level(text, list(calls), catalog)]

    strength = Call("set", "display.night_light_strength", value=21)
    assert settled("night light at 21:00", strength) == [("display.night_light_start", 21.0)]
    assert settled("night light off at 7am", Call("set", "display.night_light_strength", value=7)) == [
        ("display.night_light_end", 7.0)
    ]
    assert settled("set the screen to turn off at 10pm", Call("set", "power.screen_timeout", value=600)) == []
    # a number written besides the time, or a value the time did not give: the call stands
    assert settled("set the night light strength to 21 at 9pm", strength) == [("display.night_light_strength", 21)]
    volume = Call("set", "sound.volume", value=100)
    assert settled("max volume at 9pm", volume) == [("sound.volume", 100)]


def test_a_time_of_day_is_the_hour_it_names(catalog):
    from mu_cli.settle import settle_clock

    start, end = "display.night_light_start", "display.night_light_end"

    def read(text, *calls):
        return [(c.setting, c.value) for c in settle_clock(text, list(calls), catalog)]

    assert read("set night light to start at 9pm", Call("set", start, value=9)) == [(start, 21)]
    assert read("turn on night light at 21:30", Call("set", start, value=21)) == [(start, 21.5)]
    assert read("night light off at midnight", Call("set", end, value=12)) == [(end, 0)]
    assert read("night light from 10 pm until 6:30 am", Call("set", end, value=6)) == [(end, 6.5), (start, 22)]
    assert read("set night light start to 20", Call("set", start, value=20)) == [(start, 20)]  # no time of day
    other = "excuse me, am i still booked for 6:30 pm at the pizza place, and move night light until to three"
    assert read(other, Call("set", end, value=3)) == [(end, 3)]  # a plain number the request writes stays
    bright = Call("set", "display.brightness", value=9)
    assert read("at 9pm set brightness to 9", bright) == [("display.brightness", 9)]  # not a time of day's setting


def test_a_picture_made_before_it_is_used_is_the_one_set(catalog, engine):
    from mu_cli.settle import settle_files

    wall = "personalization.wallpaper"
    text = "Rename /home/me/a.png to /home/me/wall.png and then use the file as the desktop wallpaper"
    assert settle_files(text, [Call("set", wall, value="/home/me/a.png")], catalog)[0].value == "/home/me/wall.png"
    for kept in (
        "Set /home/me/a.png or /home/me/b.png as wallpaper",  # nothing made
        "copy /home/me/a.png to /home/me/b.png and set the wallpaper to /home/me/a.png",  # named after the setting
        "use /home/me/a.png as wallpaper and save a copy to /home/me/b.png",
    ):
        assert settle_files(kept, [Call("set", wall, value="/home/me/a.png")], catalog)[0].value == "/home/me/a.png"
    plan = engine.plan(
        'Resize the photo "/home/me/Pictures/beach.jpg" in GIMP to half its width, save it as '
        '"/home/me/Pictures/beach_small.png", and then set this resized image as the desktop background'
    )
    assert [(c.setting, c.value) for c in plan.calls] == [(wall, "/home/me/Pictures/beach_small.png")]


def test_a_second_call_that_copied_the_first_ones_value_takes_the_other_one(catalog):
    from mu_cli.settle import settle_copies

    text = "set the lock screen picture to ~/Pictures/lake.jpg and the wallpaper to ~/Pictures/sea.jpg"
    calls = [
        Call("set", "lockscreen.background", value="~/Pictures/lake.jpg"),
        Call("set", "personalization.wallpaper", value="~/Pictures/lake.jpg"),
    ]
    assert [c.value for c in settle_copies(text, calls, catalog)] == ["~/Pictures/lake.jpg", "~/Pictures/sea.jpg"]
    both = "set the wallpaper and the lock screen to ~/Pictures/lake.jpg"
    assert settle_copies(both, calls, catalog) == calls  # no other picture: the same one for both


def test_a_call_for_what_the_request_leaves_out_goes(catalog):
    from mu_cli.settle import settle_exclusions

    def kept(text, *calls):
        return [c.setting for c in settle_exclusions(text, list(calls), catalog)]

    wifi, bt = Call("set", "network.wifi", value=False), Call("set", "bluetooth.enabled", value=True)
    mic = Call("set", "sound.microphone_mute", value=True)
    assert kept("turn bluetooth on, not wifi", bt, wifi) == ["bluetooth.enabled"]
    assert kept("mute the speakers but not the mic", mic) == []  # not the microphone, muted instead
    assert kept("turn everything off except bluetooth", wifi, bt) == ["network.wifi"]
    hotspot = Call("set", "network.mobile_hotspot", value=True)
    assert kept("turn on the wifi hotspot, not wifi", hotspot, wifi) == ["network.mobile_hotspot"]
    scroll = Call("set", "touchpad.natural_scrolling", value=False)
    assert kept("swiping down should move the page down, not up", scroll) == ["touchpad.natural_scrolling"]
    lid = Call("set", "power.lid_close_action", value="hibernate")
    assert kept("closing the lid should save my session to disk, not sleep", lid) == ["power.lid_close_action"]


def test_a_call_for_the_example_the_request_likens_its_ask_to_goes(catalog):
    from mu_cli.settle import settle_likened

    def kept(text, *calls):
        return [c.setting for c in settle_likened(text, list(calls), catalog)]

    sticky, toggle, filter_keys = (
        Call("set", f"accessibility.{k}_keys", value=False) for k in ("sticky", "toggle", "filter")
    )
    text = "Similarly to existing DisableStickyKeys, also DisableToggleKeys and DisableFilterKeys could be added."
    assert kept(text, sticky, toggle, filter_keys) == ["accessibility.toggle_keys", "accessibility.filter_keys"]
    bt, camera = Call("set", "bluetooth.enabled", value=False), Call("set", "privacy.camera", value=False)
    wifi = Call("set", "network.wifi", value=False)
    assert kept("just like the wifi, turn off bluetooth and the camera", wifi, bt, camera) == [
        "bluetooth.enabled",
        "privacy.camera",
    ]
    # the example named again as an ask, or the only call: it stands
    assert kept("same as wifi, turn off bluetooth and wifi", wifi, bt) == ["network.wifi", "bluetooth.enabled"]
    assert kept("just like the wifi one", wifi) == ["network.wifi"]


def test_a_value_the_request_rejects_is_not_written(catalog):
    from mu_cli.settle import settle_rejected

    def settled(text, value):
        c = settle_rejected(text, [Call("set", "display.scale", value=value)], catalog)[0]
        return c.value if c.action == "set" else ("open", c.page)

    assert settled("since 100% is too small on a 4k screen and 200% is too big", "100") == "150"
    assert settled("100% scaling is way too small", "100") == "125"  # the next one past it
    assert settled("the apps are too big at 150%", "150") == "125"
    assert settled("the UI is too small at 100%, but too big at 125% scaling", "125") == ("open", "display")
    assert settled("100% is too small, set it to 175", "175") == "175"  # a value it leaves stands
    assert settled("set the scale to 125", "125") == "125"
    volume = Call("set", "sound.volume", value=80)  # a number of a range: the model's
    assert settle_rejected("80 is too loud", [volume], catalog) == [volume]


def test_a_choice_the_request_denies_is_not_set(catalog):
    from mu_cli.settle import settle_denied_choice

    def settled(text, sid, value):
        c = settle_denied_choice(text, [Call("set", sid, value=value)], catalog)[0]
        return c.value if c.action == "set" else ("open", c.page)

    assert settled("don't use 12 hour time", "time.clock_format", "12h") == "24h"  # the other of two
    assert settled("don't put the taskbar on the left", "taskbar.position", "left") == "bottom"  # the default
    assert settled("don't put the taskbar on the left, put it at the top", "taskbar.position", "left") == "top"
    assert settled("do not start week on Sunday", "region.first_day_of_week", "sunday") == ("open", "region")
    # named again outside the denial, a complaint that it never is, a wait: the model's
    assert settled("don't use 12 hour time, 12 hour is fine", "time.clock_format", "12h") == "12h"
    assert settled("the dock never sits on the right", "taskbar.position", "right") == "right"
    assert settled("I don't want anything installed for the next 4 weeks", "update.pause", "4_weeks") == "4_weeks"


def test_from_a_to_b_is_b_and_a_list_of_servers_is_whole(catalog):
    from mu_cli.errors import ValueRefused
    from mu_cli.settle import settle

    def settled(text, sid, value):
        return settle(text, [Call("set", sid, value=value)], catalog)[0].value

    assert settled("change the volume from 20 to 50 please", "sound.volume", 20) == 50
    assert settled("lower the brightness from 80 to 0", "display.brightness", 80) == 0
    assert settled("switch the resolution from 1920x1080 to 2560x1440", "display.resolution", "1920x1080") == (
        "2560x1440"
    )
    with pytest.raises(ValueRefused, match="150 is outside"):
        settled("set the volume from 20 to 150", "sound.volume", 20)
    assert settled("set dns to 1.1.1.1 and 8.8.8.8", "network.dns_servers", "1.1.1.1") == "1.1.1.1, 8.8.8.8"
    assert settled("dns 8.8.8.8 8.8.4.4 please", "network.dns_servers", "8.8.8.8") == "8.8.8.8, 8.8.4.4"
    assert settled("change dns from 8.8.8.8 to 1.1.1.1", "network.dns_servers", "8.8.8.8") == "1.1.1.1"


def test_durations_the_request_states_in_words_or_short_units_stand(catalog):
    from mu_cli.settle import settle_units

    both = [
        Call("set", "power.sleep_timeout_battery", value=900),
        Call("set", "power.screen_timeout_battery", value=15),
    ]
    assert settle_units("sleep after 15 minutes and screen off after fifteen seconds", both, catalog) == both
    assert settle_units("sleep after 15 minutes and screen off after 15s", both, catalog) == both
    taken = [
        Call("set", "power.sleep_timeout_battery", value=900),
        Call("set", "power.screen_timeout_battery", value=15),
    ]
    assert settle_units("sleep after 15 and screen off after 15s", taken, catalog) == taken  # 15 s is the screen's
    share = [Call("set", "display.brightness", value=40), Call("set", "power.sleep_timeout_plugged_in", value=4800)]
    assert settle_units("brightness 40% on battery and 80% plugged in", share, catalog) == share[:1]  # no duration
    one = [Call("set", "power.sleep_timeout", value=60), Call("set", "power.screen_timeout", value=1800)]
    assert settle_units("suspend after 1 and screen off after half an hour", one, catalog) == one


def test_a_number_another_call_of_the_request_takes_is_that_calls(catalog):
    from mu_cli.errors import ValueRefused
    from mu_cli.settle import settle_numbers

    both = [Call("set", "mouse.pointer_speed", value=10), Call("set", "mouse.double_click_speed", value=200)]
    text = "mouse sensitivity to 10 and the double click delay all the way down"
    assert settle_numbers(text, both, catalog) == both  # 10 is the speed's, not the delay's refused one
    with pytest.raises(ValueRefused, match="300 is outside"):
        settle_numbers(
            "set brightness to 80 and volume to 300",
            [Call("set", "display.brightness", value=80), Call("set", "sound.volume", value=30)],
            catalog,
        )


# the property tests on the shipped model: no deadline (a model run), the module's engine fixture reused
_ON_THE_MODEL = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

_SCALES = {
    "display.brightness": "brightness",
    "sound.volume": "volume",
    "accessibility.text_size": "text size",
    "accessibility.mouse_pointer_size": "mouse pointer size",
    "mouse.pointer_speed": "mouse speed",
}


@settings(max_examples=150, **_ON_THE_MODEL)
@given(
    st.sampled_from(sorted(_SCALES)),
    st.one_of(st.integers(-500, 5000), st.integers(0, 3000).map(lambda tenths: tenths / 10)),
    st.sampled_from(["set the {} to {}", "{} {}", "change {} to {}", "put the {} at {}"]),
)
def test_a_number_set_is_the_requests_or_refused_never_another(engine, catalog, sid, number, frame):
    _set_as_stated(engine, catalog.settings[sid], frame.format(_SCALES[sid], number), str(number))


def _set_as_stated(engine, setting, text: str, stated: str, action: str = "set") -> None:
    """`text` changes `setting` by `stated` as an assignment would, or is refused where the assignment is (never
    another value); the model may also not understand it."""
    from mu_cli.calls import normalize_value
    from mu_cli.errors import ValueRefused

    try:
        want = normalize_value(setting, action, stated)
    except ValueRefused:
        want = None  # outside the domain: refused, never written as another value
    try:
        plan = engine.plan(text)
    except ValueRefused:
        assert want is None
        return
    assert all(c.value == want for c in plan.calls if c.setting == setting.id and c.action == action)


@settings(max_examples=100, **_ON_THE_MODEL)
@given(
    st.sampled_from(sorted(_SCALES)),
    st.one_of(st.integers(1, 500), st.integers(1, 30).map(lambda n: n + 0.5)),
    st.sampled_from(["increase", "decrease"]),
)
def test_an_amount_is_the_requests_never_another(engine, catalog, sid, number, action):
    text = f"{action} the {_SCALES[sid]} by {number:g}"
    _set_as_stated(engine, catalog.settings[sid], text, f"{number:g}", action)


_WAITS = {
    "power.screen_timeout": "turn off the screen after {}",
    "power.sleep_timeout": "sleep after {}",
    "lock.auto_lock_delay": "lock after {}",
    "power.screen_timeout_battery": "on battery turn off the screen after {}",
}


@settings(max_examples=150, **_ON_THE_MODEL)
@given(
    st.sampled_from(sorted(_WAITS)),
    st.one_of(st.integers(-30, 200), st.integers(4, 40).map(lambda quarters: quarters / 4)),
    st.sampled_from(["minutes", "seconds", "hours", "min", "sec", "hrs", "m", "s", "h"]),
    st.sampled_from(["", " "]),
)
def test_a_duration_set_is_the_requests_or_refused_never_another(engine, catalog, sid, number, unit, space):
    _set_as_stated(engine, catalog.settings[sid], _WAITS[sid].format(f"{number:g}{space}{unit}"), f"{number:g} {unit}")


_COMMANDING = [
    ("I wanna disable the {}.", False),
    ("keep my {} disabled", False),
    ("I want to keep the {} off by default", False),
    ("how do I turn the {} off?", False),
    ("I'd like to enable {} please", True),
    ("please keep {} on", True),
    ("{} should stay on", True),
    ("how can I enable {}?", True),
]


@settings(max_examples=100, derandomize=True, **_ON_THE_MODEL)  # the same draws every run
@given(st.data(), st.sampled_from(_COMMANDING))
def test_a_switch_a_request_commands_is_set_that_way(engine, catalog, data, form):
    from mu_cli.settle import _plain_names  # not "unmute mic", which turns Mute microphone itself

    s = catalog.settings[
        data.draw(st.sampled_from(sorted(k for k, v in catalog.settings.items() if v.kind == "toggle")))
    ]
    frame, state = form
    named = [(n.lower(), state) for n in _plain_names(s)] + [(n, not state) for n in s.opposites]  # "auto-rotate"
    name, state = data.draw(st.sampled_from(sorted(set(named))))
    plan = engine.plan(frame.format(name))
    # the request's one call, when it is for that switch, is set the way it says ("keep my X disabled" read as on by
    # the model alone for 6 of 331 switches; "turn off mute" is off, whatever "mute" means). All 10,344 switch, name
    # and frame triples hold.
    if len(plan.calls) == 1 and plan.calls[0].setting == s.id and plan.calls[0].action == "set":
        assert plan.calls[0].value is state


def test_an_out_of_range_number_is_a_clear_error_not_a_cut_one(engine):
    from mu_cli.errors import ValueRefused

    for text in ("set brightness to 150", "turn the volume down to -10", "set volume to 1000"):
        with pytest.raises(ValueRefused, match="is outside"):
            engine.plan(text)


def test_a_duration_in_the_requests_own_unit(catalog):
    from mu_cli.settle import settle_units

    def settled(text, value):
        return settle_units(text, [Call("set", "power.screen_timeout", value=value)], catalog)[0].value

    assert settled("blank the screen after 45 sec instead of 10 min", 45 * 60) == 45
    assert settled("blank the screen after 45 sec instead of 10 min", 600) == 600  # stated: stands
    assert settled("screen off after 2 hours", 120) == 7200
    assert settled("screen off after 45 sec or 45 min", 45) == 45  # both stated: the model's choice stands
    assert settled("screen off after 5 minutes", 300) == 300
    assert settled("sleep after 2.5 hours", 7200) == 9000  # its point lost
    assert settled("set the screen timeout to 1h30", 3600) == 5400  # its minutes lost
    assert settled("turn off the display after 1.5 minutes", 60) == 90
    assert settled("screen off after 1 hour and 30 minutes", 3600) == 5400
    assert settled("set the screen timeout to never, I leave in 10 minutes", 0) == 0  # never is no cut 10


@pytest.mark.parametrize(
    "text,read",
    [
        ("How to reduce text size in windows 11?", "How to reduce text size?"),
        ("windows 10 how to change default browser", "windows how to change default browser"),
        ("Running Windows 11 Pro 23H2 (build 22631), turn on night light", "Running Windows, turn on night light"),
        ("how do I turn on force logout (Windows 11 Pro 23H2)", "how do I turn on force logout"),
        ("On Ubuntu 24.04, set the decimal separator to ,", "set the decimal separator to ,"),
        ("how to make cursor bigger on win 11", "how to make cursor bigger"),
        ("on my windows 10 pc the clock is wrong", "on my windows pc the clock is wrong"),
        ("increase brightness on my dell xps 15 9520", "increase brightness on my laptop"),
        ("my Lenovo ThinkPad X1 Carbon Gen 9 screen is too dim", "my laptop screen is too dim"),
        ("raise volume on my macbook air 2020", "raise volume on my laptop"),
        ("increase brightness of my samsung 27 inch monitor", "increase brightness of my samsung monitor"),
        ("on my imac turn on night light", "on my computer turn on night light"),
        (
            "is search history on (see https://answers.microsoft.com/en-us/windows/forum/all/x/1a2b)",
            "is search history on?",
        ),
        ("turn on dark mode. More info: https://askubuntu.com/questions/123456/how-to", "turn on dark mode."),
        ("'is search history on'", "is search history on?"),
        ('"what\'s the current adult content filter"?', "what's the current adult content filter?"),
        ("**turn on night light**", "turn on night light"),
        ("### Turn off the startup sound", "Turn off the startup sound"),
        ("`disable animations`", "disable animations"),
        ("where is the dock (edited)", "where is the dock?"),
        ("I have a laptop. turn off tamper protection", "turn off tamper protection"),
        ("My PC: i7-12700H, 32 GB, 1TB SSD. switch search box doodles", "switch search box doodles"),
        ("Ryzen 5 5600X, 16GB ram here, is error reporting enabled", "is error reporting enabled?"),
        ("turn timeline on after update KB5034441", "turn timeline on after update"),
        ("personalized tips on or off (build 22631.2861)", "personalized tips on or off"),
        (
            "hey, Open Waze. Go to Settings. Mute the navigation guidance",
            "Open Waze. Go to Settings. Mute the navigation guidance",
        ),
        ("hi there, i'd like decimal point to be ,", "i'd like decimal point to be ,"),
        ("Hello mu! turn on wifi", "turn on wifi"),
        # values and features that name a platform or a machine, links that are values, quotes inside stay
        ("cloud search on. shut off search whole computer", None),
        ("the left pane shows desktop, control panel and the bin", None),
        ("my laptop screen is too dim", None),
        ("I have a laptop", None),
        ("set the proxy script to http://wpad.example.com/proxy.pac", None),
        ("set wallpaper to https://example.com/a.jpg", None),
        ('Address: "http://localhost:2000/proxy.pac"', None),
        ("use http://proxy.corp:8080 as proxy", None),
        ('turn on "Night light" and "Dark mode"', None),
        ('"Night light" on', None),
        ("set pointer precision 5", None),
        ("turn on the swift pair", None),
        ("do yoga at 7", None),
        ("set the interface font to Ubuntu 12", None),
        ("id like the font to be Ubuntu 12", None),
        ("make it look like windows 10", None),
        ("make sure the windows 10 right click menu is on", None),
        ("there's a weather icon on my windows 11 taskbar", None),
        ("Turn on Windows Update notifications", None),
        ("Windows 11", "Windows"),
        ("In the latest version of Linux Mint - Cinnamon 21, I can not find mirroring", "I can not find mirroring"),
        ("On Windows 11, how do I hide the clock", "how do I hide the clock"),
        ("In the settings, turn on wifi", None),  # no platform: the clause stays
        ("hey i think it could be both", None),  # a greeting not set off: read as the model learned it
        ("how long before my screen turns off", "how long before my screen turns off?"),
        ("is bluetooth on", "is bluetooth on?"),
        ("When on ac power, sleep after 2 hours", None),  # a condition, not a question
        ("how do I turn off bluetooth", None),
        ("hi", None),
        ("rename this pc to Windows11", None),
        # an issue's label, a polite or wishing frame before the ask's verb, emoji and a run of marks at the end
        ("Feature request: option to hide widgets", "option to hide widgets"),
        ("[Suggestion] turn off tips", "turn off tips"),
        ("Question - is bluetooth on", "is bluetooth on?"),
        ("request a new pin", None),
        ("- turn off bluetooth", "turn off bluetooth"),  # a list of one item
        ("1. set the volume to 20", "set the volume to 20"),
        ("1. Go to settings. 2. Turn on high contrast", None),  # steps stay steps
        ("-5 degrees", None),
        ("can you please turn off bluetooth", "turn off bluetooth"),
        ("could you enable the wifi?", "enable the wifi"),  # the frame's question mark goes with it
        ("I'd like to set the volume to 30", "set the volume to 30"),
        ("pls dim the display when inactive", "dim the display when inactive"),
        ("I want to know my ip address", None),  # no verb of a change after the frame
        ("can you tell me if bluetooth is on?", None),
        ("turn on night light 🙏", "turn on night light"),
        ("turn on night light for me", "turn on night light"),
        ("make it easier for me to read", None),
        ("turn on night light!!", "turn on night light!"),
        ("is bluetooth on?!", "is bluetooth on?"),
        ("rotate the screen 90°", None),
        ("hide these:\n- widgets\n- chat 😀", "hide these:\n- widgets\n- chat"),
    ],
)
def test_a_platform_machine_link_or_wrapping_is_read_as_context(text, read):
    from mu_cli.context import without_context

    assert without_context(text) == (read or text)


@pytest.mark.parametrize(
    "plain,mentioned",
    [
        ("How to increase mouse pointer size?", "How to increase mouse pointer size in Windows 10?"),
        ("How to make text bigger?", "How to make text bigger in Windows 11?"),
        ("How to change time zone", "How to change time zone in ubuntu 20.04"),
        ("turn the volume up by 10", "On Ubuntu 22.04, turn the volume up by 10"),
        ("increase brightness", "increase brightness on my dell xps 15"),
        ("increase the text size", "on my asus zenbook 14 increase the text size"),
        ("is search history on", "'is search history on'"),
        ("turn off night light", "I have a laptop. turn off night light"),
        ("switch search box doodles", "My PC: i7-12700H, 32 GB, 1TB SSD. switch search box doodles"),
        ("turn memory integrity on", "turn memory integrity on (see https://answers.microsoft.com/en-us/x/1a2b3c)"),
        ("enable the wifi", "could you enable the wifi?"),
        ("turn on night light", "can you please turn on night light 🙏"),
        ("show file extensions", "show file extensions!!!"),
    ],
)
def test_a_platform_mention_changes_no_reading(engine, plain, mentioned):
    """A version's or a model's number is no value ("in Windows 10" grew the pointer by 10, "on my dell xps 15"
    raised the brightness by 15) and the query stays as typed."""
    a, b = engine.plan(plain), engine.plan(mentioned)
    assert a.calls and b.calls == a.calls and b.query == mentioned


@pytest.mark.parametrize(
    "text,page",
    [
        ("stop Spotify from opening at startup", "startup_apps"),
        ("prevent Discord from launching on boot", "startup_apps"),
        ("disable Teams autostart", "startup_apps"),
        ("how do I stop steam from starting when I log in", "startup_apps"),
        ("remove OneDrive from startup", "startup_apps"),
        ("make Slack start automatically when I sign in", "startup_apps"),
        ("this app keeps opening on its own, how do I prevent this app from auto-launching", "startup_apps"),
        ("turn off notifications for Slack", "notifications"),
        ("stop Chrome from sending me notifications", "notifications"),
        ("disable Outlook notifications", "notifications"),
        ("turn off spotify notifications", "notifications"),  # a well-known app typed in lower case
        ("mute whatsapp notifications", "notifications"),
        ("block Spotify from using the microphone", "microphone"),
        ("don't let Teams use my webcam", "camera"),
        ("revoke camera access for Skype", "camera"),
        ("stop Facebook from accessing my location", "location"),
        ("connect to HomeNet wifi", "wifi"),
        ("forget the network called eduroam", "wifi"),
        ('remove the saved wifi network "Cafe Free"', "wifi"),
        ("connect my laptop to the Office-5G network", "wifi"),
        ("disconnect my bluetooth headphones", "bluetooth"),
        ("unpair the mouse", "bluetooth"),
        ("bluetooth headphones keep disconnecting", "bluetooth"),  # one device's connection complained of
        ("the wireless mouse keeps dropping", "bluetooth"),
        ("remove the printer", "printers"),
    ],
)
def test_an_ask_about_one_apps_start_notifications_or_access_opens_its_page(engine, text, page):
    """No system-wide switch answers for one app ("stop Chrome from sending notifications" turned all of them off,
    "block Spotify from using the microphone" the microphone for every app)."""
    plan = engine.plan(text)
    assert [(c.action, c.page) for c in plan.calls] == [("open", page)]


@pytest.mark.parametrize(
    "text",
    [
        "turn off the startup sound",
        "disable fast startup",
        "make num lock turn on at startup",
        "disable lock screen notifications",
        "turn off Security and Maintenance notifications",
        "turn off startup app notifications",
        "turn off notifications from apps and other senders",
        "stop notifications for a while",
        "could you enable my startup chime",
        "enable the Kodi notifications sound",
        "never let anyone use my camera",
        "stop websites from tracking my location",
        "stop apps from using my camera",
        "disable camera access for my account",
        "stop the app access to the webcam",
        "adjust call log to force deny plus app access to the webcam",
        "connect to wifi",
        "remove wifi from the taskbar",
        "forget the settings stuff and write me a poem",
        "remove old trash files: on & enable wifi hotspot",
        "turn off 'connect to suggested open hotspots'",
        "remove numpad mouse",
        "Remove On-screen keyboard",
        "Remove Mouse scroll direction",
        "remove speaker from the taskbar",
        "Request: enable Notifications by default",
        "disable notifications for everything",
    ],
)
def test_a_setting_about_startup_notifications_or_access_is_no_apps_page(engine, text):
    assert engine.support.app_page(text) is None


def test_an_apps_notifications_in_its_own_settings_are_that_apps(engine):
    assert engine.plan("turn off notifications for GIMP in its own settings").calls == ()


def test_a_part_of_the_request_confirms_what_the_whole_was_sure_of(engine):
    # the model sure of one call and in doubt of a second, which goes: a part read alone gives just that call
    for text in (
        "How to disable the lock screen and go straight to login?",
        "Disable telemetry / optional diagnostic data",
    ):
        assert len(engine.plan(text).calls) == 1
    assert [(c.setting, c.value) for c in engine.plan("disable the lock screen and go straight to login").calls] == [
        ("lockscreen.show_lock_screen", False)
    ]


def test_a_choice_done_unbidden_takes_the_one_that_does_nothing(catalog):
    from mu_cli.settle import settle_described

    wake = Call("set", "power.wake_timers", value="enable", confidence=0.8)

    def read(text):
        return [(c.setting, c.value) for c in settle_described(text, [wake], catalog)]

    assert read("The computer wakes up by itself at night") == [("power.wake_timers", "disable")]
    assert read("I want the pc to wake up by itself to run updates") == [("power.wake_timers", "enable")]  # a wish
    assert read("the computer wakes up at night for updates") == [("power.wake_timers", "enable")]


def test_a_choice_the_machine_keeps_going_back_to_is_not_that_one(catalog):
    from mu_cli.settle import settle_kept_choice

    def read(text, setting, value):
        return [
            (c.action, c.setting or c.page, c.value)
            for c in settle_kept_choice(text, [Call("set", setting, value=value)], catalog)
        ]

    assert read("Windows keeps switching my network to public", "network.profile_type", "public") == [
        ("set", "network.profile_type", "private")
    ]
    assert read("power mode keeps going back to balanced", "power.mode", "balanced") == [("open", "power", None)]
    assert read("set my network to public", "network.profile_type", "public") == [
        ("set", "network.profile_type", "public")
    ]
    # what it keeps going to is not the call's value: the call stands
    assert read("my network keeps switching to private", "network.profile_type", "public") == [
        ("set", "network.profile_type", "public")
    ]
    # a text value copied from what it keeps going to: what is wanted instead is unsaid, the page opens
    browser = "apps.default_browser"
    assert read("Windows keeps switching my default browser back to Edge", browser, "edge") == [
        ("open", "default_apps", None)
    ]
    assert read("set the default browser to firefox, it keeps switching back to edge", browser, "firefox") == [
        ("set", browser, "firefox")
    ]


def test_a_speed_asked_of_a_scale_of_time_moves_it_the_other_way(catalog):
    from mu_cli.settle import settle_speed

    def read(text, sid="keyboard.cursor_blink_time", action="increase"):
        return [c.action for c in settle_speed(text, [Call(action, sid)], catalog)]

    assert read("make the cursor blink faster") == ["decrease"]  # a shorter blink
    assert read("turn up the blink rate") == ["decrease"]
    assert read("make the cursor blink slower", action="decrease") == ["increase"]
    assert read("make double click faster", "mouse.double_click_speed") == ["decrease"]
    assert read("cut double-click speed a bit", "mouse.double_click_speed", "decrease") == ["increase"]
    # its own time named, or no speed asked: the model's move stands
    assert read("increase the cursor blink time") == ["increase"]
    assert read("double click delay up a little", "mouse.double_click_speed") == ["increase"]
    assert read("my grandpa is too slow to double click", "mouse.double_click_speed") == ["increase"]
    # a scale whose value grows with its speed
    assert read("make the pointer faster", "mouse.pointer_speed") == ["increase"]


def test_a_battery_asked_to_last_longer_moves_a_scale_the_way_that_saves_it(catalog):
    from mu_cli.settle import settle_battery_goal

    def read(text, sid="power.sleep_timeout_battery", action="increase"):
        return [c.action for c in settle_battery_goal(text, [Call(action, sid)], catalog)]

    assert read("make my battery last longer") == ["decrease"]  # it had lengthened the sleep timeout
    assert read("I need more battery life", "power.screen_timeout_battery") == ["decrease"]
    assert read("my battery drains too fast", "power.battery_saver_threshold", "decrease") == ["increase"]
    assert read("improve battery life", "display.brightness") == ["decrease"]
    # the request moves it by words of its own, or no battery is asked to last: the model's move stands
    assert read("keep the screen on longer to save battery", "power.screen_timeout_battery") == ["increase"]
    assert read("let the laptop stay awake longer on battery") == ["increase"]
    assert read("make my battery last longer", "sound.volume") == ["increase"]  # the catalog says nothing of it
    set_to = [Call("set", "power.sleep_timeout_battery", value=600)]
    assert settle_battery_goal("make my battery last longer, sleep after 10 minutes", set_to, catalog) == set_to


def test_the_synthesiser_labels_a_speed_of_a_scale_of_time_as_the_engine_reads_it(catalog):
    from mu_cli.settle import speed_move
    from mu_cli.training.synth import generate

    records, _ = generate(catalog, 777, 30000)
    times = ("keyboard.cursor_blink_time", "mouse.double_click_speed")
    moves = [
        (r["text"], c["setting"], c["action"])
        for r in records
        if len(r["calls"]) == 1
        for c in r["calls"]
        if c.get("setting") in times and c["action"] in ("increase", "decrease")
    ]
    assert len(moves) > 10
    for text, sid, action in moves:  # "turn the blink rate up" is a shorter blink: decrease
        assert speed_move(catalog.settings[sid], text) in (None, action), text


def test_a_call_that_changes_what_the_request_keeps_goes(catalog):
    from mu_cli.settle import settle_kept_aside

    def read(text, *calls):
        return [
            (c.setting, c.value) for c in settle_kept_aside(text, [Call("set", s, value=v) for s, v in calls], catalog)
        ]

    sounds, shown = ("notifications.sounds", False), ("notifications.enabled", False)
    assert read("turn off notification sounds but keep the banners", sounds, shown) == [sounds]
    night, light = ("display.night_light", False), ("personalization.color_mode", "light")
    assert read("turn off night light but keep dark mode", night, light) == [night]
    # kept as it is said: on where it is kept on, off where kept off
    wifi_off, bt = ("network.wifi", False), ("bluetooth.enabled", True)
    assert read("turn off wifi but keep bluetooth on", wifi_off, bt) == [wifi_off, bt]
    assert read("turn off bluetooth and keep wifi off", ("bluetooth.enabled", False), wifi_off) == [
        ("bluetooth.enabled", False),
        wifi_off,
    ]
    # named more fully outside what is kept: the ask's own call
    saver, screen = ("personalization.screen_saver", False), ("power.screen_timeout", 0)
    assert read("turn off the screen saver but keep the screen on", saver, screen) == [saver, screen]
    # "keep" after "and" as the ask itself
    assert read("go ahead and keep the taskbar visible", ("taskbar.auto_hide", False)) == [("taskbar.auto_hide", False)]
    assert read("disable notifications while keeping the sounds", sounds) == []


def _settled_one(step, text, call, catalog):
    """What a settle step makes of a request's one call: (setting or page, value) of each call it gives."""
    return [(c.setting or c.page, c.value) for c in step(text, [call], catalog)]


def test_a_mode_for_apps_and_the_system_is_the_mode_of_both(catalog):
    from mu_cli.settle import settle_both

    def read(text):
        return _settled_one(settle_both, text, Call("set", "personalization.app_mode", value="dark"), catalog)

    assert read("Enable dark mode for both apps and system") == [("personalization.color_mode", "dark")]
    assert read("make apps and the taskbar dark") == [("personalization.color_mode", "dark")]
    assert read("make my apps dark") == [("personalization.app_mode", "dark")]
    assert read("dark mode for apps only and keep the taskbar light") == [("personalization.app_mode", "dark")]


def test_a_quoted_choice_written_as_one_word_is_that_choice(catalog):
    from mu_cli.settle import settle_quoted

    def read(text):
        return _settled_one(settle_quoted, text, Call("set", "power.power_button_action", value="sleep"), catalog)

    assert read('I cannot set the power button to "Shutdown"') == [("power.power_button_action", "shut_down")]
    assert read('set the power button to "Sleep"') == [("power.power_button_action", "sleep")]
    assert read('change the power button to "Launch rocket"') == []  # a quote that names no choice


@pytest.mark.parametrize(
    ("text", "call", "read"),
    [
        ("change font size to large", ("set", "accessibility.text_size", 225), ("increase", None)),
        ("set volume to quiet please", ("set", "sound.volume", 0), ("decrease", None)),
        ("I want the volume to be loud", ("decrease", "sound.volume", None), ("increase", None)),
        ("set the text size to small", ("set", "accessibility.text_size", 100), ("set", 100)),  # the default
        ("set the text size to 'Large' please", ("set", "accessibility.text_size", 100), ("increase", None)),  # quoted
        ("set volume to max", ("set", "sound.volume", 100), ("set", 100)),  # a level
        ("set the volume to 30, it is loud", ("set", "sound.volume", 30), ("set", 30)),  # a number
        ("the text size is small", ("set", "accessibility.text_size", 225), ("set", 225)),  # a statement
        ("mic to loud", ("decrease", "sound.microphone_volume", None), ("decrease", None)),  # "too loud"
        ("screen way to bright, make it darker", ("decrease", "display.brightness", None), ("decrease", None)),
    ],
)
def test_a_plain_degree_moves_a_scale_that_way(catalog, text, call, read):
    from mu_cli.settle import settle_degree

    action, setting, value = call
    got = settle_degree(text, [Call(action, setting, value=value)], catalog)
    assert [(c.action, c.value) for c in got] == [read]


def test_a_sentence_sure_of_just_the_wholes_sure_calls_makes_them_act(engine):
    text = (
        "desktop scale, normal is tiny and double is huge for HiDPI screen. please add more scale factor, such as "
        "150%, 175% etc."
    )
    whole = [Call("set", "display.scale", value="150", confidence=0.98)]  # a doubted second call went
    calls, conf, _ = engine._by_sentence(engine.runtime, text, whole, 0.05, [])
    assert calls == whole  # the whole's value, which saw all the request
    assert conf >= 0.9  # the first sentence is as sure of the scale (its own doubted call aside)
    other = [Call("set", "display.resolution", value="1920x1080", confidence=0.98)]  # not what the sentence finds
    assert engine._by_sentence(engine.runtime, text, other, 0.05, [])[0] != other


def test_a_sentence_that_names_settings_and_asks_no_way_there_does_not_open_them(engine):
    asks = "My keyboard layouts never switch the way I want. Is there such a setting or is it missing?"
    assert engine._by_sentence(engine.runtime, asks, [], 0.0, [])[0] == []
    opens = "My keyboard layouts never switch the way I want. Please open the settings."
    assert [c.page for c in engine._by_sentence(engine.runtime, opens, [], 0.0, [])[0]] == ["home"]


def test_a_sentence_that_finds_what_the_whole_guessed_answers_for_it(engine):
    text = (
        "Every morning when I log in there is this full screen page asking me to finish setting up my device with "
        "OneDrive and Microsoft 365. I've clicked skip a hundred times. Is there a way to make it go away for good?"
    )
    assert [(c.setting, c.value) for c in engine.plan(text).calls] == [
        ("notifications.finish_setup_suggestions", False)
    ]


def test_a_page_on_the_way_after_opening_settings_is_no_call(engine):
    def read(text):
        return [(c.setting or c.page, c.value) for c in engine.plan(text).calls]

    assert read("Open the settings app, go to Display and switch on dark theme") == [
        ("personalization.color_mode", "dark")
    ]
    # without a first step to Settings, a page named beside a change is asked as well
    assert read("open colors and switch read screen aloud off") == [("colors", None), ("accessibility.narrator", False)]
    # a page asked after the change is asked
    assert ("display", None) in read("open settings, turn on dark mode and then take me to display settings")


def test_a_wait_moved_where_one_is_wished_for_is_set_to_it(catalog):
    from mu_cli.settle import settle_wished_wait

    longer = Call("increase", "power.screen_timeout")

    def read(text):
        return [(c.action, c.value) for c in settle_wished_wait(text, [longer], catalog)]

    assert read("My screen turns off way too fast, make it wait 15 minutes") == [("set", 900)]
    assert read("My screen turns off way too fast") == [("increase", None)]
    assert read("it turns off after 2 minutes, so about 15 minutes more") == [("increase", None)]  # two stated


def test_a_box_ticked_or_cleared_by_its_label_sets_its_switch(catalog):
    from mu_cli.settle import settle_checkbox

    def read(text, setting, value):
        return [c.value for c in settle_checkbox(text, [Call("set", setting, value=value)], catalog)]

    assert read('uncheck "Hide protected operating system files"', "explorer.show_system_files", False) == [True]
    assert read("uncheck hide extensions for known file types", "explorer.show_file_extensions", False) == [True]
    assert read("untick show hidden files", "explorer.show_hidden_files", True) == [False]
    assert read("check the box for show file name extensions", "explorer.show_file_extensions", False) == [True]
    assert read("check bluetooth", "bluetooth.enabled", False) == [False]  # "check" alone may ask whether it is on


def test_an_unsure_whole_is_confirmed_only_by_a_sure_part(engine):
    text = "I have searched and can not find any functionality for mirroring displays at all."
    assert [(c.setting, c.value) for c in engine.plan(text).calls] == [("display.multiple_displays", "duplicate")]


def test_a_switch_named_only_after_instead_of_is_turned_away_from(catalog):
    from mu_cli.settle import settle_switch_instead

    def read(text):
        on = Call("set", "multitasking.dynamic_workspaces", value=True)
        return [c.value for c in settle_switch_instead(text, [on], catalog)]

    assert read("Use a fixed number of workspaces instead of dynamic ones") == [False]
    assert read("use dynamic workspaces instead of a fixed number") == [True]
    assert read("Instead of dynamic workspaces, could there be more of them?") == [True]  # "Instead of X, Y"


def test_half_a_second_is_a_time_in_milliseconds(engine):
    assert [(c.setting, c.value) for c in engine.plan("cursor blink every half second").calls] == [
        ("keyboard.cursor_blink_time", 500)
    ]


def test_an_app_asked_to_do_more_than_be_chosen_is_no_default_app(catalog):
    from mu_cli.settle import settle_app_at_work

    def read(text, value):
        return [c.value for c in settle_app_at_work(text, [Call("set", "apps.default_browser", value=value)], catalog)]

    assert read("Make Chrome ask where to save each file before downloading", "chrome") == []
    assert read("Use Chrome to open the downloads page", "chrome") == []
    assert read("switch to chrome", "chrome") == ["chrome"]
    assert read("switch to chrome for all my links please", "chrome") == ["chrome"]  # "links": the browser's
    assert read("make firefox the default and turn off personalised ads", "firefox") == ["firefox"]


@pytest.mark.parametrize("word", ["default", "configure", "terminal"])
def test_a_word_around_a_terminals_name_is_no_terminal(catalog, word):
    from mu_cli.calls import normalize_value
    from mu_cli.errors import ValueRefused

    with pytest.raises(ValueRefused):
        normalize_value(catalog.settings["apps.default_terminal"], "set", word)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        (
            "Please hide the recycle bin and This PC icons from my desktop",
            [("desktop.icon_recycle_bin", False), ("desktop.icon_this_pc", False)],
        ),
        ("turn off both the camera and the mic", [("privacy.camera", False), ("sound.microphone_mute", True)]),
        ("turn off wifi and go to bed", [("network.wifi", False)]),  # the second thing is no setting
        ("turn it all down, volume to 20 and brightness to 20", [("sound.volume", 20), ("display.brightness", 20)]),
        ("hey, turn on wifi", [("network.wifi", True)]),
    ],
)
def test_two_things_under_one_verb_or_noun_are_each_read(engine, text, read):
    assert [(c.setting, c.value) for c in engine.plan(text).calls] == read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Open Bluetooth settings and turn it on", [("bluetooth.enabled", True)]),
        ("open wifi settings and turn it off", [("network.wifi", False)]),
        ("Go to Instagram settings and make my account private", []),  # an app's own settings
        ("open PC settings and show file extensions", [("explorer.show_file_extensions", True)]),  # the system's
        ("Go to System Preferences and turn on dark mode", [("personalization.color_mode", "dark")]),
        ("Set the brightness of the photo to 80 in the editor", []),  # a file's brightness
        ("lower the brightness of the screen", [("display.brightness", None)]),
    ],
)
def test_what_it_and_another_apps_settings_refer_to(engine, text, read):
    assert [(c.setting or c.page, c.value) for c in engine.plan(text).calls] == read


def test_a_thing_shown_again_after_it_was_gone_is_wanted_gone(catalog):
    from mu_cli.settle import settle_back

    def read(text, setting="taskbar.copilot", value=True):
        return [c.value for c in settle_back(text, [Call("set", setting, value=value)], catalog)]

    assert read("Copilot icon reappears after reboot") == [False]
    assert read("the widgets button keeps coming back after every update", "taskbar.widgets") == [False]
    assert read("I want the copilot icon back") == [True]  # a wish
    assert read("my sound came back after the update", "sound.mute", False) == [False]  # nothing shown: a relief


def test_a_choice_commanded_off_takes_its_value_that_does_nothing(catalog):
    from mu_cli.settle import settle_choice_off

    def read(text, setting, value):
        return [c.value for c in settle_choice_off(text, [Call("set", setting, value=value)], catalog)]

    assert read(
        "Add keys for Delivery Optimization and disable peering", "update.delivery_optimization", "local_network"
    ) == ["off"]
    assert read("set delivery optimization to local network", "update.delivery_optimization", "local_network") == [
        "local_network"
    ]
    # an off commanded of something else, beside the choice, leaves it; so does an off that names the value
    assert read("set the lid to sleep and disable bluetooth", "power.lid_close_action", "sleep") == ["sleep"]
    assert read("change the lid action to turn off", "power.lid_close_action", "shut_down") == ["shut_down"]
    assert read("make the sudo command input disabled", "system.sudo", "input_disabled") == ["input_disabled"]


def test_a_value_refused_for_a_named_setting_is_the_reason_given(engine):
    plan = engine.plan("set the default browser to notepad")
    assert plan.calls == () and plan.status == "not_understood"
    assert "apps.default_browser" in plan.explanation and "no web browser" in plan.explanation
    noise = engine.plan("xqzv plugh")  # a value read into noise names no setting: no such reason
    assert noise.calls == () and "no web browser" not in noise.explanation and "resolution" not in noise.explanation


@pytest.mark.parametrize("text", ["怎么把系统语言设置成英文", "сделай экран ярче", "tumwqqy qdeu fmgjk enemkzjz rdp"])
def test_a_request_of_no_words_mu_reads_says_it_reads_english(engine, text):
    plan = engine.plan(text)
    assert plan.calls == () and plan.status == "not_understood" and "in English" in plan.explanation
