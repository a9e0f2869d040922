"""Slips of the catalog's words mended before a request is read (mu_cli.spelling)."""

from __future__ import annotations

import pytest

from mu_cli.spelling import Speller, common_slips
from mu_cli.support import Support


@pytest.fixture(autouse=True)
def shipped_model(monkeypatch):
    monkeypatch.delenv("MU_MODEL", raising=False)


@pytest.fixture(scope="module")
def speller(catalog):
    return Speller(lambda: Support(catalog).spelt, lambda word: False)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("turn on blutooth", "turn on bluetooth"),
        ("make the brighness higher", "make the brightness higher"),
        ("Advenced display settings", "advanced display settings"),
        ("show hiddden files", "show hidden files"),
        ("trun off wifi", "turn off wifi"),  # the words requests are made of too
        ("disbale night light", "disable night light"),
        ("set the orientation to portriat", "set the orientation to portrait"),  # a choice's label
        ("Inxrease pointer size", "increase pointer size"),  # which way, and how far
        ("cursor size to the lagrest", "cursor size to the largest"),
        ("stop Windosw from restarting", "stop windows from restarting"),  # forms of one word: the one as long
        ("volume three quartters please", "volume three quarters please"),
        ("Unsble to see the hidden files", "unable to see the hidden files"),  # a word a complaint's reading turns on
        ("dakrmode on", "darkmode on"),  # two words of a name typed as one
        ("the nightlgiht please", "the nightlight please"),
        ("Disable niht mode", "Disable night mode"),  # a word of five letters typed in four
        ("a 24 hour clok", "a 24 hour clock"),
        ("blutooht on", "bluetooth on"),  # two slips in a long word, when no other catalog word is as near
        ("turn of notifactions", "turn off notifications"),
        ("im sick of seeeing ads", "im sick of seeing ads"),  # a slip of a common English word
        ("pop up during meetimgs", "pop up during meetings"),
        ("auto-hdie the taskbar", "auto-hide the taskbar"),  # a part of a word joined by a hyphen
        ("my brower is slow", "my browser is slow"),  # "broker" is commoner, but k is far from w on the keys
        ("cant chamge it", "cant change it"),  # change (n beside m on the keys), not charge
    ],
)
def test_a_slip_of_one_catalog_word_is_that_word(speller, typed, read):
    assert speller.mend(typed) == read


@pytest.mark.parametrize(
    "typed",
    [
        "it doesn't matter",  # English words one slip from a catalog word ("master", "speed") stay
        "I spend ages hunting for the pointer",
        "can you plaae enable camera access",  # "place" as likely as "plane": no guess
        "set wallpaper to ~/pics/blutooth.png",  # inside a path
        "open blutooth.example.com",  # a dotted name
        "turn on bluetooth",  # already a catalog word
        "turn the brightness back up",  # "back" is a word of its own, though "black" less its "l"
        "a lite theme",  # an English word, though "light" is one letter away
        "turn off everote notifications",  # an app's name, no slip of "everyone" ("t" is far from "n" on the keys)
        "use these as my lookup servers",  # a word the English list lacks: "lockup" is no slip of it
        "show me where sreen lock is",  # "screen" or "seen": no guess
        "set the icon theme to Papirus",  # a name, typed with its capital
        "learn Russian with the Volumo App",  # a name before "App" ("Volumo" is one slip from "volume")
        "mu --verbsoe",  # an option, not a word
        "xqzv plugh",  # a slip of nothing
        "xtqqvxtz cgfr dxvt ldlxp gfync",  # random letters: "gfync" is one slip from "gsync", the rest is noise
    ],
)
def test_english_words_ambiguous_slips_and_names_stay(speller, typed):
    assert speller.mend(typed) == typed


def test_a_mended_request_is_read_as_mended_and_a_copied_value_as_typed(shipped_engine):
    def read(text):
        return [(c.action, c.setting, c.value) for c in shipped_engine.plan(text).calls]

    assert read("turn on blutooth") == [("set", "bluetooth.enabled", True)]
    assert read("trun off blutooth") == [("set", "bluetooth.enabled", False)]
    # the readings of the whole request read it mended too: an option asked for that a slip turns off stays off
    assert read("Add option to disanle location services") == [("set", "privacy.location", False)]
    assert read("scren timout 5 minutes") == [("set", "power.screen_timeout", 300)]
    # a copy is a span of the request as typed, never a mended word
    assert read("set hostname to Blutooth") == [("set", "system.computer_name", "Blutooth")]
    assert shipped_engine.plan("set hostname to Blutooth").query == "set hostname to Blutooth"
    # a value the request names by a mended word is no copy of it: Cloudflare's addresses
    assert read("change my dns to cloudfare dns") == [("set", "network.dns_servers", "1.1.1.1, 1.0.0.1")]
    # a copy a domain of names checks is the name it is a slip of, where it is a slip of one (mu_cli.slips)
    assert read("switch my keyboard layout to Itallian") == [("set", "keyboard.layout", "Italian")]
    assert read("my time zone should be Asia/Tokoy") == [("set", "time.time_zone", "Asia/Tokyo")]
    assert read("dakrmode on") == [("set", "personalization.color_mode", "dark")]


@pytest.mark.parametrize(
    "typed",
    [
        "tumwqqy qdeu fmgjk enemkzjz rdp",  # "rdp" names Remote Desktop; the rest is no word
        "lid drtls adatk",
        "eet gzlb fa tz msx",  # words of two letters are too short to judge
    ],
)
def test_a_request_of_mostly_no_words_is_noise(speller, typed):
    assert speller.noise(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "slep after 45 mins",  # slips of English words are words
        "please turn the screen brighter",
        "Set HKLM GPO drtls to 1",  # capitals are abbreviations: one odd word of five
        "DisableToggleKeys qqxv",  # camelCase read as its words
        "turn on blutooth",
    ],
)
def test_words_slips_and_abbreviations_are_no_noise(speller, typed):
    assert not speller.noise(typed)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("turnoff bluetooth", "turn off bluetooth"),
        ("Switchon night light", "Switch on night light"),
        ("set teh volume adn brightness", "set the volume and brightness"),
        ("i hte the start menu", "i hte the start menu"),  # "hte" may be "hate"
        ("the turnout was low", "the turnout was low"),
        ("turn on nite light", "turn on night light"),  # an informal spelling
        ("the nitely build", "the nitely build"),  # whole words only
        ("no way of turning of the combining", "no way of turning off the combining"),  # "of" for "off"
        ("a change of the theme", "a change of the theme"),
        ("does anybody now how to mute", "does anybody know how to mute"),  # "now" for "know"
        ("right now how do I mute", "right now how do I mute"),
        ("option to tun of cursor shadow", "option to turn off cursor shadow"),  # "tun" for "turn"
        ("a tun of wine", "a tun of wine"),
        ("a tweak that tuns off the lock screen", "a tweak that turns off the lock screen"),
        ("two tuns of wine", "two tuns of wine"),
        ("how 2 turn off the camera", "how to turn off the camera"),  # "2" for "to" before a verb
        ("dont let it go 2 sleep", "dont let it go to sleep"),
        ("wait 2 minutes", "wait 2 minutes"),  # a count
        ("set volume 2 50", "set volume 2 50"),  # no verb after it: "to" or a count, not guessed
        ("enable 2 finger scrolling", "enable 2 finger scrolling"),
    ],
)
def test_slips_of_the_words_requests_are_made_of(typed, read):
    assert common_slips(typed) == read


def test_a_joined_verb_reads_as_its_words(shipped_engine):
    assert [(c.setting, c.value) for c in shipped_engine.plan("turnoff bluetooth").calls] == [
        ("bluetooth.enabled", False)
    ]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("howto change wallpaper", "how to change wallpaper"),
        ("howcto mute", "how to mute"),
        ("isit on", "is it on"),
        ("the onto thing", "the onto thing"),
    ],
)
def test_two_words_typed_as_one_are_two(speller, typed, read):
    assert speller.mend(typed) == read
