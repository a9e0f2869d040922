import pytest

from mu_cli.calls import Call, normalize_value, parse_assignment, parse_duration, parse_number, resolve_relative
from mu_cli.errors import UsageError, ValueRefused


@pytest.mark.parametrize(
    "sid, raw, want",
    [
        ("display.brightness", "max", 100),
        ("display.brightness", "half", 50),
        ("display.brightness", "20%", 20),
        ("display.brightness", "seventy", 70),
        ("accessibility.mouse_pointer_size", "six", 6),  # not "si" times
        ("display.brightness", 35, 35),
        ("display.brightness", "lowest", 0),
        ("accessibility.text_size", "max", 225),
        ("accessibility.text_size", "2x", 200),
        ("accessibility.mouse_pointer_size", "half", 8),
        ("power.screen_timeout", "5 min", 300),
        ("power.screen_timeout", "an hour", 3600),
        ("power.screen_timeout", "never", 0),
        ("power.screen_timeout", "30 secs", 30),
        ("power.screen_timeout", "1h30m", 5400),
        ("power.screen_timeout", "1h30", 5400),  # minutes after the hours
        ("power.screen_timeout", "2 hours 15", 8100),
        ("power.screen_timeout", "half an hour", 1800),
        ("power.sleep_timeout", "900", 900),  # a bare number is seconds, the unit of the JSON output
        ("power.sleep_timeout", "15 min", 900),
        ("network.wifi", "on", True),
        ("network.wifi", "off", False),
        ("network.wifi", "Disabled", False),
        ("personalization.color_mode", "Dark", "dark"),
        ("display.scale", "125%", "125"),
        ("display.night_light_schedule", "off", "off"),
        ("time.time_zone", " Europe/Berlin ", "Europe/Berlin"),
        ("time.time_zone", "pacific time", "Pacific Standard Time"),
        ("time.time_zone", "Hawaii", "Hawaiian Standard Time"),
        ("time.time_zone", "UTC+0", "UTC"),
        ("time.time_zone", "gmt-00:00", "UTC"),
        ("time.time_zone", "UTC+5:30", "UTC+5:30"),
        ("time.time_zone", "Eastern Daylight Time", "Eastern Standard Time"),
        ("time.time_zone", "w. europe standard time", "W. Europe Standard Time"),
        ("network.dns_servers", "Cloudflare's", "1.1.1.1, 1.0.0.1"),
        ("network.dns_servers", "Google Public DNS", "8.8.8.8, 8.8.4.4"),
        ("network.dns_servers", "8.8.8.8 8.8.4.4", "8.8.8.8, 8.8.4.4"),
        ("keyboard.layout", "french azerty", "French (AZERTY)"),
        ("keyboard.layout", "uk", "English (United Kingdom)"),  # a layout by its country, not Ukrainian
        ("keyboard.layout", "dvorak", "Dvorak"),
        ("keyboard.layout", "Qwerty (US)", "English (United States, QWERTY)"),
        ("keyboard.layout", "Chinese (Pinyin)", "Chinese (Pinyin)"),
        ("keyboard.layout", "german keyboard", "German"),
        ("language.display_language", "Brazilian Portuguese", "Portuguese (Brazil)"),
        ("language.display_language", "simplified chinese", "Chinese (Simplified)"),
        ("language.regional_format", "British English", "English (United Kingdom)"),
        ("language.display_language", "European Portuguese", "Portuguese (Portugal)"),
        ("apps.default_browser", "Google Chrome", "chrome"),
        ("language.display_language", "spanish", "Spanish"),
        ("language.display_language", "chinese (simplified)", "Chinese (Simplified)"),
        ("language.regional_format", "en-gb", "English (United Kingdom)"),
        ("language.display_language", "Italiano", "Italian"),  # a language by its own name
        ("personalization.background_color", "navy", "#000080"),
        ("personalization.background_color", "Dark Blue", "#00008b"),
        ("personalization.background_color", "#FFF", "#ffffff"),
        ("personalization.background_color", "023C88", "#023c88"),
        ("language.regional_format", "UK", "English (United Kingdom)"),
        ("language.regional_format", "de_DE.UTF-8", "German (Germany)"),
        ("language.country", "usa", "United States"),
        ("language.country", "Canada (Alberta)", "Canada"),
        ("apps.default_browser", "mozilla firefox", "firefox"),
        ("apps.default_browser", "Microsoft Edge", "edge"),
        ("apps.default_terminal", "GNOME Terminal", "gnome-terminal"),
        ("apps.default_terminal", "Alacritty", "alacritty"),
        ("system.computer_name", "Office-PC", "Office-PC"),
        ("system.computer_name", '"lab42"', "lab42"),
        ("personalization.wallpaper", "C:\\Users\\Dana\\Pictures\\beach.JPG", "C:\\Users\\Dana\\Pictures\\beach.JPG"),
        ("personalization.wallpaper", "~/Pictures/my lake.webp", "~/Pictures/my lake.webp"),
        # a slip of a name in a domain of names is that name, where only one is a slip away
        ("keyboard.layout", "Gerrman", "German"),
        ("keyboard.layout", "dovrak", "Dvorak"),
        ("language.display_language", "Portugese (Brazil)", "Portuguese (Brazil)"),
        ("language.regional_format", "English (Untied Kingdom)", "English (United Kingdom)"),
        ("language.country", "Austrailia", "Australia"),
        ("time.time_zone", "Eurpoe/Berlin", "Europe/Berlin"),
        ("time.time_zone", "berln", "Europe/Berlin"),  # a city alone
        ("time.time_zone", "pacifc time", "Pacific Standard Time"),
        ("apps.default_browser", "firfeox", "firefox"),
        (
            "lockscreen.background",
            "/usr/share/backgrounds/gnome/adwaita-timed.xml",
            "/usr/share/backgrounds/gnome/adwaita-timed.xml",
        ),
    ],
)
def test_set_values_normalise(catalog, sid, raw, want):
    got = normalize_value(catalog.settings[sid], "set", raw)
    assert got == want and type(got) is type(want)


@pytest.mark.parametrize(
    "sid, raw",
    [
        ("display.brightness", 150),
        ("display.brightness", "-5"),
        ("display.brightness", "loud"),
        ("display.brightness", True),
        ("network.wifi", "maybe"),
        ("personalization.color_mode", "purple"),
        ("power.screen_timeout", "soon"),
        ("time.time_zone", "x" * 400),
        ("time.time_zone", "to change my time"),
        (
            "time.time_zone",
            "east",
        ),  # the last word of the legacy alias Brazil/East, no city  # "... time" is a Windows zone only as "... Standard Time"
        ("network.dns_servers", "my provider's"),
        ("personalization.background_color", "desktop"),  # a word copied beside the colour, no colour
        ("personalization.background_color", "face"),  # hex digits, but a word
        ("personalization.background_color", "180"),  # a number ("change the hz to 180"), no colour
        ("personalization.background_color", "123456"),
        ("keyboard.layout", "the one I used before"),
        ("keyboard.layout", "azerty qwertz"),
        ("language.display_language", "Martian English"),
        ("accessibility.text_size", 50),
        ("apps.default_browser", "Yahoo"),  # a search engine, not a browser
        ("language.display_language", "the one I used before"),
        ("language.regional_format", "Elvish (Rivendell)"),
        ("language.country", "Narnia"),
        ("language.display_language", "green"),  # a word of its own, though one letter from Greek
        ("language.country", "Austrlia"),  # a slip of two names: Australia and Austria
        ("apps.default_browser", "opra"),  # four letters: only a swap is a slip
        ("apps.default_browser", "my favourite one"),
        ("apps.default_terminal", "the black window; rm -rf ~"),
        ("personalization.wallpaper", "/home/me/png_folder"),  # a folder, not a picture
        ("personalization.wallpaper_dark", "report.pdf"),
        ("personalization.wallpaper", "use ~/Pictures/My Wallpapers/sea.png"),  # the path starts later
        ("personalization.wallpaper", '""'),
        ("display.resolution", "99999x99999"),  # no display has such a mode
        ("system.computer_name", "-rf"),  # a tool would read it as an option
        ("system.computer_name", "12345"),  # digits alone
        ("system.computer_name", "lab 42"),
        ("system.computer_name", "a-name-longer-than-15"),
    ],
)
def test_out_of_domain_values_are_refused(catalog, sid, raw):
    with pytest.raises(ValueRefused) as exc:
        normalize_value(catalog.settings[sid], "set", raw)
    assert sid in str(exc.value)


def test_action_must_fit_the_kind(catalog):
    with pytest.raises(ValueRefused, match="toggle"):
        normalize_value(catalog.settings["network.wifi"], "increase", None)
    with pytest.raises(ValueRefused):
        normalize_value(catalog.settings["personalization.color_mode"], "toggle", None)


def test_relative_amounts(catalog):
    vol = catalog.settings["sound.volume"]
    assert normalize_value(vol, "increase", "a bit") is None
    assert normalize_value(vol, "increase", "10%") == 10
    assert normalize_value(vol, "decrease", "a lot") > vol.step_amount()
    assert resolve_relative(vol, "increase", 30, 90) == 100  # clamped, never outside the domain
    assert resolve_relative(vol, "decrease", None, 5) == 0
    tmo = catalog.settings["power.screen_timeout"]
    assert resolve_relative(tmo, "decrease", 600, 300) == 0


def test_numbers_and_durations():
    assert parse_number("twenty five") == 25
    assert parse_number("a hundred") == 100
    assert parse_number("banana") is None
    assert parse_duration("90 seconds") == 90
    assert parse_duration("2 hrs") == 7200


def test_assignments(catalog):
    assert parse_assignment("display.brightness=70", catalog) == Call("set", "display.brightness", value=70)
    assert parse_assignment("sound.volume+=10", catalog) == Call("increase", "sound.volume", value=10)
    assert parse_assignment("network.wifi=toggle", catalog) == Call("toggle", "network.wifi")
    assert parse_assignment("turn on wifi", catalog) is None
    with pytest.raises(UsageError, match="unknown setting id"):
        parse_assignment("display.brightnes=70", catalog)
    with pytest.raises(ValueRefused):
        parse_assignment("display.brightness=700", catalog)


def test_unknown_id_gets_did_you_mean(catalog):
    from mu_cli.calls import parse_assignment
    from mu_cli.errors import UsageError

    with pytest.raises(UsageError, match="did you mean bluetooth.enabled"):
        parse_assignment("network.bluetooth=on", catalog)
    with pytest.raises(UsageError, match="did you mean display.brightness"):
        parse_assignment("display.brightnes=5", catalog)
    with pytest.raises(UsageError, match=r"'zzz.qqq' \(see `mu settings`\)"):
        parse_assignment("zzz.qqq=5", catalog)


def test_every_language_has_a_locale_that_reads_back_as_it():
    from mu_cli.locales import LANGUAGE_NAMES, locale_id, locale_name

    for name in LANGUAGE_NAMES.values():
        locale = locale_id(name)
        assert locale.endswith(".UTF-8") and locale_name(locale).startswith(name), (name, locale)
    assert locale_id("English") == "en_US.UTF-8" and locale_id("Portuguese") == "pt_BR.UTF-8"
    assert locale_id("Chinese (Traditional)") == "zh_TW.UTF-8"


def test_a_language_goes_by_its_own_name_and_a_word_is_no_code():
    from mu_cli.locales import language_name, parse

    assert language_name("Italiano", "language") == "Italian" and language_name("Deutsch", "language") == "German"
    assert language_name("español", "language") == "Spanish" and language_name("de", "language") == "German"
    assert parse("my") is None and parse("it") is None  # "switch my keyboard to ..." copied "my": no Burmese
    assert parse("MY") is None  # a country's code in capitals is no language either
