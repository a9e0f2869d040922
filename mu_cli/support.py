"""Does any part of the request support a call? The model can emit a fluent call for gibberish ("zzz" -> the
magnifier on); a call is kept only when a word of the request (or a close misspelling of one) belongs to what the
catalog says of its setting or page: id, title, aliases, keywords, description, examples, choice labels and its
page's names. A copied text value does not count: the rest of the request must name the setting."""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from .calls import Call, only_of
from .catalog import Catalog
from .slips import is_slip

_STOP = frozenset(
    """a an the to of and or for on in at by from with my me i you your it its is are was be been
can could would should will do does did how what which who why when where this that these those please set turn make
get so too very want need like just up down off not no yes there here all any some one enable disable change switch
show hide use open adjust put let keep stop start allow option options""".split()
)
_WORD = re.compile(r"[a-z0-9]+")
# The words of a request that say which way a setting moves, or how far (besides _STOP's "enable", "up", ...)
_MOVE_WORDS = frozenset(
    """increase decrease raise lower reduce enlarge shrink bigger smaller larger higher louder quieter brighter
darker faster slower longer shorter thicker thinner largest smallest biggest highest lowest loudest quietest
brightest darkest fastest slowest longest shortest thickest thinnest maximum minimum quarter quarters half thirds
activate deactivate automatically seconds minutes hours percent three four five seven eight nine
eleven twelve fifteen twenty thirty forty fifty sixty seventy eighty ninety hundred""".split()
)
# The words the readings of complaints, refusals and wishes turn on ("the taskbar keps disappearing", "Unsble to
# view hidden files")
_READING_WORDS = frozenset(
    """keeps kept unable anymore again disappear disappeared disappears disappearing appears reappears suddenly
always never whenever every instead rather without annoying stopped working itself default""".split()
)


def words(text: str) -> list[str]:
    """Lower-case words; camelCase and snake_case split ("DisableToggleKeys" -> disable toggle keys)."""
    text = re.sub(r"\b(\w*[a-z])([A-Z]\w*)\b", lambda m: f"{m.group(0).lower()} {m.group(1)} {m.group(2)}", text)
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)  # "ClickLock" is clicklock, click and lock
    text = re.sub(r"\b(\w+)-(\w+)\b", r"\1-\2 \1\2", text)  # "wi-fi" is "wifi" too
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP and (len(w) >= 3 or w.isdigit())]


# endings that make another form of the same word ("brighter", "brightness", "disabled", "notifications")
_SUFFIXES = frozenset(
    "s es ed d ing er ers est ness ly y ion ions ation ations ment ments able ity al ally ize ise "
    "ized ised ic ical ive".split()
)


def stem(w: str) -> str:
    """`w` without one inflecting ending ("restarting", "drivers", "starts"), where three letters or more are left."""
    for suffix in ("ing", "ed", "es", "s", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


def _same_word(w: str, vocab: frozenset[str], stems: frozenset[str]) -> bool:
    """`w` is a word of the vocabulary, another form of one (a shared stem of 4+ letters, then an ending), or
    one slip away from one: not merely a string that starts like one ("plugh" is no form of "plugged")."""
    if w in vocab:
        return True
    if any(w[:i] in vocab and w[i:] in vocab for i in range(3, len(w) - 2)):  # "darkmode", "screensaver"
        return True
    if len(w) >= 4 and w[:4] in stems:
        for v in vocab:
            if v[:4] == w[:4]:
                n = 0
                while n < min(len(v), len(w)) and v[n] == w[n]:
                    n += 1
                if w[n:] in _SUFFIXES | {""} and v[n:] in _SUFFIXES | {""}:
                    return True
    return any(is_slip(w, v) for v in vocab if len(v) >= 4)


# Words that open a noun phrase: a word after one and before a setting's title's last word is another thing's
_DETERMINERS = frozenset({"the", "my", "a", "an", "your", "this", "that", "our", "their", "its", "his", "her"})
# Words every setting is: they name one only where its title or aliases say them ("settings": Settings home)
_SETTINGS_WORDS = frozenset({"settings", "setting", "preferences", "options", "option", "config", "configuration"})
# A size complained of, and the words that name a setting of a size
_SIZED = (  # said of the thing ("my icons are huge"), not a word before one ("huge updates")
    r"(?i)\btoo\s+(?:big|large|small|little|tiny)\b|\b(?:is|are|looks?|seems?|appears?|became|become)\s+"
    r"(?:(?:so|very|really|way|super|quite|pretty|extremely|absolutely)\s+)?"  # not "are gigabytes big"
    r"(?:big|large|small|tiny|huge|massive|enormous|gigantic|minuscule)\b"
)
_SIZE_NAMES = frozenset("size sizes sized scale scaling zoom magnifier magnify enlarge shrink compact spacing".split())
# Words of a size that any thing may have: they name no setting of a size ("taskbar is too big" named the
# pointer's size)
_SIZE_WORDS = frozenset(
    "big bigger biggest small smaller smallest large larger largest huge tiny massive enormous giant little".split()
)

# The ask is inside another app: "In the Kitchen Stories app, switch to light mode", 'Using "Clock" app, ...',
# "Open Waze. Go to Settings. Mute ...", "Use Krita to brighten the photo", "change the theme of the app". Mu changes the system's settings, not an
# app's own: such a request gives no call. The system's settings app, and apps the catalog itself names (its
# pages, the file manager of "the files app"), are no other app.
_NAME = r"[\"“']?(?P<name>{word}(?:\s+{word}){{0,{more}}})[\"”']?"
_ANY_NAME = _NAME.format(word=r"[\w'&.+-]+", more=2)
_CAP_NAME = _NAME.format(word=r"[A-Z0-9][\w'&.+-]*", more=3)
_IN_APP = (  # as text: compiled (and cached by re) only for the requests that name an app or open something
    rf"(?i:\b(?:in|inside|within|using)\s+the\s+){_ANY_NAME}\s+(?i:app)\b",
    rf"(?i:\b(?:in|inside|within|using)\s+){_CAP_NAME}\s+(?i:app)\b",
    # "Open Waze. ..." as a first step, "Use GIMP (...) to brighten it" ("can you please" before either is taken out
    # with the request's context: context._FRAME)
    rf"^\s*(?:[Ff]irst,?\s+)?[Oo]pen\s+{_CAP_NAME}\s*[.;]",
    rf"^\s*[Uu]se\s+{_CAP_NAME}(?:\s*\([^)]*\))?\s+to\s",
    # "Go to Instagram settings and ...", "Open Zoom settings and ...": an app's own settings as the first step
    rf"^\s*(?i:please\s+)?(?i:open|go\s+to|navigate\s+to|head\s+to)\s+(?i:the\s+)?{_CAP_NAME}(?i:\s+app)?(?:'s)?"
    r"\s+(?i:settings|preferences|options)\b",
    r"(?i)\b(?:of|in|inside|within)\s+the\s+app\b|\bthe\s+app'?s\s+(?:own\s+)?settings\b|\bin-app\b|"
    r"\bin\s+its\s+(?:own\s+)?(?:sett\w*|preferences|options|menus?)\b",
)
# An app named as what the ask is about ("Set the Podcast Addict app to dark theme", "Make the Zillow app use metric
# units", "Go to the Pinterest app settings and ..."), where the request asks nothing the system's settings do for
# one app (its notifications, its start, its access, being the default: _PER_APP)
_THE_APP = (
    rf"(?:(?i:\b(?:the|my|your)\s+){_ANY_NAME}\s+(?i:app)\b"
    r"(?=\s*$|\s*[,.;:!?'’]|\s+(?i:to|and|then|settings|preferences|options|uses?|so|for|in|on|is|with|from|as|into|only)\b)"
    # or a brand: a capitalised word inside a sentence before "app", or any word before "App" ("Set Duolingo app
    # language to Spanish", "Choose Italian as the course in the babbel App"); not a small word ("Turn Off App
    # Notifications": Support._another_app) nor words of the catalog's names ("open the Bluetooth app")
    r"|(?<=[^\s.!?:;]\s)(?P<brand>[A-Z][\w'&+-]*(?=\s+(?i:app)\b)|[\w'&+-]+(?=\s+App\b))\s+(?i:app)\b)"
)
# ... and an app opened, the other half of a compound request ("open the GIMP app", "open the weather app, and then ...")
_OPENS_AN_APP = rf"(?i:\b(?:open|launch|start|run|close)\s+(?:up\s+)?){_THE_APP}"
_PER_APP = (
    r"(?i)notif|start|boot|launch|log-?\s?in|sign-?\s?in|camera|webcam|mic|location|permission|access|default|"
    r"folder|librar|pictures|photos|videos|documents|music|files"
)
# An app of its own as the place: "in gallery settings", "show hidden items in the gallery in settings" (not the
# clock, the camera or the calendar, which the system's settings have too)
_OWN_APP_PLACE = (
    r"(?i)\b(?:in|inside|within)\s+(?:the\s+|my\s+)?(?:gallery|photos?|contacts|messages|messaging|dialer|weather|"
    r"music|mail|notes|calculator|(?:voice\s+)?recorder)(?:\s+app)?(?:'s)?(?:\s+(?:settings|preferences|options|menu))?"
    r"(?=\s*$|\s*[.,;!?]|\s+(?:in|and|then|to|so|settings)\b)"
)
# Well-known apps with settings of their own, as the place of the ask: "Change the tab size to 4 spaces in VS Code",
# "Set the default zoom in LibreOffice Impress to 100%", "Block pop-ups in the browser", "Chrome's homepage". Names that
# are also common words count only capitalised ("in Word", not "in a word"; "Edge", not "the edge of the screen").
_KNOWN_APP = (
    r"(?:(?i:google\s+chrome|chrome|chromium|(?:mozilla\s+)?firefox|microsoft\s+edge|vivaldi|vs\s?code|"
    r"visual\s+studio(?:\s+code)?|sublime(?:\s+text)?|notepad\+\+|pycharm|intellij(?:\s+idea)?|android\s+studio|"
    r"libre\s?office(?:\s+(?:writer|calc|impress|draw))?|microsoft\s+(?:word|excel|powerpoint|outlook|onenote|teams)|"
    r"powerpoint|onenote|thunderbird|gimp|photoshop|krita|inkscape|vlc(?:\s+(?:media\s+)?player)?|spotify|itunes|"
    r"audacity|obs\s+studio|slack|discord|skype|telegram|whatsapp|netflix|youtube|(?:the|my)\s+(?:web\s+)?browser)"
    r"|Word|Excel|Outlook|Edge|Teams|Zoom|Steam|Safari|Opera|Brave|Eclipse|Blender|OBS|Kodi)"
)
_IN_KNOWN_APP = (
    rf"(?i:\b(?:in|inside|within)\s+(?:the\s+)?){_KNOWN_APP}(?i:'s)?"
    r"(?i:\s+(?:app|application|browser|editor|player|client|program))?(?i:\s+(?:settings|preferences|options))?"
    r"(?![\w+-])(?!\s+(?:and|or|&)\b)"
    rf"|\b{_KNOWN_APP}(?i:'s\s+(?!notif|start|auto|access|permission|camera|mic|location)\w)"
    rf"|(?i:\b(?:settings|preferences|options|theme|language)\s+of\s+(?:the\s+)?){_KNOWN_APP}(?![\w+-])"
)
# A tool of the system run, an app of its own with no page of settings: "open task manager", "launch command prompt"
_SYSTEM_TOOL = (
    r"(?i)\b(?:open|launch|start|run|bring\s+up|pull\s+up)\s+(?:up\s+)?(?:the\s+|a\s+)?"
    r"(?:task\s+manager|device\s+manager|"
    r"registry\s+editor|regedit|command\s+prompt|cmd|powershell|terminal|disk\s+management|event\s+viewer|"
    r"services|resource\s+monitor|performance\s+monitor|system\s+information|msinfo32|computer\s+management|"
    r"group\s+policy(?:\s+editor)?|gpedit|calculator|notepad|paint|snipping\s+tool)\b(?!\s+(?:settings|options|page)\b)"
)


def runs_a_tool(text: str) -> bool:
    """Whether the request runs a tool of the system (_SYSTEM_TOOL)."""
    return re.search(_SYSTEM_TOOL, text) is not None


# A clause that commands a change (where a well-known app is the place of the ask), and one that opens things in an
# app, which is the default app's setting ("it opens links in Chrome, I want them in Firefox")
_A_COMMAND = (
    r"(?i)\b(?:turn|switch|set|change|make|enable|disable|show|hide|block|allow|increase|decrease|raise|lower|adjust|"
    r"put|add|remove|stop|mute|unmute|configure|customi[sz]e|modify|let)\b"
)
_OPENS_IN = r"(?i)\b(?:open\w*|links?|launch\w*|default\s+(?:browser|apps?|application|program))\b"
_SYSTEM = (
    r"(?i)control panel|control cent(?:er|re)|system|windows|gnome|kde|plasma|quick|android|ubuntu|linux|the$|"
    r"\b(?:pc|computer|laptop|device|phone|tablet|mac|os)\b"
)
# The system's own names, whose slips are the system's too ("GOME Settings")
_SYSTEM_NAMES = ("gnome", "windows", "system", "ubuntu", "linux", "android", "plasma", "computer", "laptop")
# Apps of their own whose names are also words of settings ("Clock", "Camera", "Photos"): never the system's
_OWN_APPS = (
    r"(?i)(?:the\s+)?(?:clock|alarms?|camera|photos?|gallery|calendar|contacts|messages|messaging|phone|dialer|weather|"
    r"music|mail|notes|calculator|(?:voice\s+|sound\s+)?recorder|maps|news|(?:play\s+|app\s+|microsoft\s+)?store)"
)

# An ask about one app's start at sign-in or one app's notifications: "stop Spotify from opening at startup",
# "remove OneDrive from startup", "disable Teams autostart", "turn off notifications from Slack". The catalog has
# no per-app switch for these, and the system-wide one ("Notifications" off, the startup sound) is not what was
# asked: the page where that app is switched answers. "turn off the startup sound" and "disable lock screen
# notifications" name a setting, not an app, and stay the model's.
_ONE_APP = r"(?:(?:this|that|the|an?|my|one)\s+(?:app|application|program))"
# A change asked for one app alone, unnamed: "for a textual application", "in one program only", "per-app", "for
# each app separately" (not "for every app": all of them; not "in one app" of a story: "I looked at shoes in one app";
# not "search for an app")
_SOME_APP = r"\s+(?:[\w-]+\s+){0,2}(?:app|application|program)s?\b"
_ONE_APP_ONLY = (
    rf"(?i)\b(?:for|make|let|have|force)\s+(?:one|each|individual|an?\s+(?:single|specific|certain|particular)|"
    rf"just\s+one|only\s+one|specific|certain|particular|some){_SOME_APP}"
    # "for a textual application" (not "search for an app": no word of what kind)
    r"|(?<!search\s)(?<!searching\s)(?<!look\s)(?<!looking\s)\bfor\s+an?\s+(?:[\w-]+\s+){1,2}(?:app|application|program)s?\b"
    rf"|\b(?:in|on)\s+(?:each|an?\s+(?:single|specific|certain|particular)|just\s+one|only\s+one|specific|certain|"
    rf"particular|individual){_SOME_APP}|\b(?:in|on)\s+(?:one|an?){_SOME_APP}\s+(?:only|alone)\b"
    r"|\b(?:per|each)[\s-](?:app|application|program)\b"
)
_APP_WORDS = frozenset({"app", "apps", "application", "applications", "program", "programs"})
# Every app, as what a change is for: the system-wide setting ("turn off notifications for every app")
EVERY_APP = (
    r"(?i)\s+(?:for|from|in|on|to)\s+(?:every|all|all\s+(?:of\s+)?(?:the|my))\s+(?:apps?|applications?|programs?)\b"
)
_BOOT = (
    r"(?:(?:the\s+)?(?:start-?up|boot(?:ing|-?up)?|log-?in|log(?:ging)?\s+(?:in|on)|logon|sign(?:ing)?[\s-]?in)\b|"
    r"(?:windows|the\s+(?:pc|computer|laptop)|my\s+(?:pc|computer|laptop))\s+(?:starts?|boots?)|"
    r"i\s+(?:log|sign)\s+(?:in|on)|i\s+(?:start|turn\s+on|boot)\s+(?:up\s+)?(?:my|the)\s+(?:pc|computer|laptop))"
)
_LAUNCH = (
    r"(?:launch|start|open|run|load|auto-?start|auto-?launch|auto-?open|auto-?run)(?:s|es|ed|ing)?"
    r"(?:\s+(?:up|automatically|itself|by\s+itself|on\s+its\s+own))*\s+(?:at|on|during|with|when|after|upon|every)"
)
_APP_ASKS = (  # (page, pattern); as text, compiled (and cached by re) only for requests that name the page's subject
    (
        "startup_apps",
        rf"(?i:\b(?:stop|prevent|keep|block|disable|make|let|allow|have|get)\s+){_ANY_NAME}"
        rf"(?i:\s+(?:from\s+)?{_LAUNCH}\s+{_BOOT})",
    ),
    (
        "startup_apps",
        rf"(?i:\b(?:remove|delete|take|add|put)\s+){_ANY_NAME}(?i:\s+(?:from|to|in|into|out\s+of)\s+"
        r"(?:the\s+)?(?:start-?up|autostart|login\s+items)\b)",
    ),
    (
        "startup_apps",
        rf"(?i:\b(?:disable|enable|turn\s+off|turn\s+on|stop|remove)\s+){_ANY_NAME}(?i:'s)?"
        r"(?i:\s+(?:auto-?start|auto-?launch|autorun|start-?up)\b(?!\s+(?:sound|delay|notification)))",
    ),
    (
        "startup_apps",
        rf"(?i:\b(?:prevent|stop|disable|block)\s+){_ANY_NAME}(?i:\s+from\s+auto-?(?:launch|start|open|run)"
        r"(?:ing)?\b)",
    ),
    ("startup_apps", rf"(?:^|[.!?]\s+){_CAP_NAME}(?i:\s+(?:keeps\s+|always\s+)?{_LAUNCH}\s+{_BOOT})"),
    (
        "notifications",
        r"(?i:\b(?:turn\s+off|turn\s+on|disable|enable|mute|unmute|silence|block|allow|stop|hide|get\s+"
        rf"rid\s+of)\s+(?:all\s+)?(?:the\s+)?notifications?\s+(?:from|for|of|by)\s+){_ANY_NAME}",
    ),
    (
        "notifications",
        rf"(?i:\b(?:stop|prevent|block|keep|let|allow)\s+){_ANY_NAME}(?i:\s+(?:from\s+)?(?:sending|showing|"
        r"giving|pushing|popping\s+up|displaying)(?:\s+me)?\s+(?:any\s+)?(?:notifications?|alerts|pop-?ups|toasts)\b)",
    ),
    (
        "notifications",
        r"(?i:\b(?:turn\s+off|turn\s+on|disable|enable|mute|unmute|silence|block|hide)\s+(?:all\s+)?"
        rf"(?:the\s+|my\s+)?){_CAP_NAME}(?i:\s+notifications?\b(?!\s+(?:sounds?|banners?|badges?|settings|style)))",
    ),
    (  # a well-known app's name typed in lower case: "turn off spotify notifications"
        "notifications",
        r"(?i:\b(?:turn\s+off|turn\s+on|disable|enable|mute|unmute|silence|block|hide|stop)\s+(?:all\s+)?"
        rf"(?:the\s+|my\s+)?)(?P<name>{_KNOWN_APP})(?i:\s+notifications?\b(?!\s+(?:sounds?|banners?|badges?|settings|style)))",
    ),
)
# One app kept from the camera, the microphone or the location: "block Spotify from using the microphone",
# "don't let Teams use my webcam", "revoke camera access for Skype". The system-wide switch the model chose would
# cut every app off; the page where that app is switched answers. Letting one app in keeps the model's call: the
# device's access must be on for any app to have it.
_RESOURCE = r"(?P<res>camera|webcam|microphone|mic|location)"
_DENIALS = (
    rf"(?i:\b(?:block|stop|prevent|deny|revoke|disallow|forbid|don'?t\s+let|do\s+not\s+let|never\s+let)\s+){_ANY_NAME}"
    rf"(?i:\s+(?:from\s+)?(?:using|accessing|seeing|hearing|tracking|use|access(?!\s+to)|see|hear|track)\s+"
    rf"(?:my\s+|the\s+)?{_RESOURCE}\b)",
    rf"(?i:\b(?:block|revoke|remove|deny|disable|turn\s+off|take\s+away)\s+(?:the\s+)?{_RESOURCE}\s+"
    rf"(?:access|permissions?)\s+(?:for|from|to|of)\s+){_ANY_NAME}",
)
_RESOURCE_PAGE = {"camera": "camera", "webcam": "camera", "microphone": "microphone", "mic": "microphone"}

# One Wi-Fi network joined, left or forgotten: "connect to HomeNet wifi", "forget the network called eduroam",
# "remove the saved wifi network "Cafe Free"". mu switches Wi-Fi, it does not join networks: the model turned Wi-Fi
# off for these. The network is named: in quotes, after "called" or "named", or as the word before "wifi" or
# "network" ("the guest network"); "connect to wifi" and "remove wifi from the taskbar" name none.
_NET_VERB = (
    r"(?i)\b(?:connect(?:\s+\S+){0,3}?\s+(?:to|onto|with)|join|forget|disconnect\s+from|reconnect\s+to|remove|delete)\b"
)
_NET_NOUN = r"(?i)\b(?:wi-?fi|wireless|network|ssid)\b"
_NET_NAMED = (
    r"(?i:\b(?:wi-?fi|wireless|network|ssid|called|named)\s+)[\"“'][^\"”']+[\"”']|[\"“'][^\"”']+[\"”'](?i:\s+(?:wi-?fi|network))|"
    r"(?i:\b(?:called|named)\s+\S+)|(?i:\b(?!(?:the|my|a|an|your|this|that|to|wi-?fi|wireless|saved|current|any|every|"
    r"all|mobile|cellular|metered|local|new|known|other|hidden|public|private|home|work|office|from|with|onto|me|it|"
    r"internet|network|join|forget|connect|disconnect|remove|delete|enable|disable|turn|on|off|and|or|switch|toggle|"
    r"our|its|their)\b)[\w.-]+\s+(?:wi-?fi|wireless|network|ssid)\b)"
)


# One device connected, disconnected or forgotten: "disconnect my bluetooth headphones" turned Bluetooth off for
# every device, "unpair the mouse" turned Mouse keys off
_ONE_DEVICE = (
    r"(?i:\b(?:disconnect|unpair|un-pair|forget|reconnect)\s+(?:the\s+|my\s+|this\s+|that\s+)?)"
    r"(?:(?i:bluetooth|wireless|usb|new|old|external)\s+|(?!On-)[A-Z][\w-]*\s+){0,2}"
    r"(?i:headphones|headset|earbuds|earphones|air\s?pods|buds|speakers?|soundbar|mouse|keyboard|controller|gamepad|"
    r"watch|pen|stylus)(?=\s*(?:$|[.,!?;])|\s+(?:from|please|pls|plz|now|and|then)\b)"
    r"|(?i:\b(?:remove|delete|uninstall|forget)\s+(?:the\s+|my\s+|a\s+|this\s+|that\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?P<printer>printers?)\b)"
    # one device's connection complained of: "bluetooth headphones keep disconnecting" (the model turned Bluetooth off)
    r"|(?i:\b(?:headphones|headset|earbuds|earphones|air\s?pods|buds|speakers?|soundbar|mouse|keyboard|controller|"
    r"gamepad|watch)\s+(?:(?:keeps?|kept|always|randomly|constantly)(?:\s+on)?\s+(?:disconnecting|dropping|"
    r"cutting\s+out|losing\s+(?:the\s+)?connection|unpairing)|(?:won'?t|will\s+not|doesn'?t|does\s+not)\s+stay\s+"
    r"(?:connected|paired)))"  # (not "won't pair, I think bluetooth is off": Bluetooth on)
)


def one_network(text: str) -> bool:
    """Whether the request joins, leaves or forgets one named Wi-Fi network (see _NET_NAMED)."""
    verb = re.search(_NET_VERB, text)
    if verb is None or not re.search(_NET_NOUN, text):
        return False
    clause = re.split(r"[.;!?,](?:\s|$)", text[verb.end() :], maxsplit=1)[0]  # the verb's own clause
    return re.search(_NET_NAMED, clause) is not None


# Not an app: a person's account, apps in general, the machine ("camera access for my account", "for this user's
# apps"), words that join asks ("deny plus app access to the webcam")
_NOT_AN_APP = (
    r"(?i)\b(?:accounts?|users?|profiles?|apps|applications|programs|device|computer|pc|laptop|system|"
    r"plus|and|then|also|or|to)\b"
)
# Not one app: apps in general, the system, a pronoun
_NOT_ONE_APP = (
    r"(?i)^(?:apps?|applications|programs|websites?|sites|browsers|anyone|anybody|everyone|everybody|nobody|no\s+one|"
    r"people|others|all|other|every|any|some|it|them|this|that|those|these|me|you|windows|my\s+(?:pc|computer|laptop)|"
    r"default|defaults|everything|anything|nothing|something|good|ever|sure|real|whole|entire|"
    r"at|on|in|from|to|with|when|during|after|upon|until|now|today|tonight|tomorrow|\d|an?\s+(?:while|bit|moment|few|"
    r"couple|hour|day|minute)|the\s+(?:day|night|weekend|rest|next|moment|time))\b"
)


# A screen's light named for a thing with no screen: "keyboard backlight off", "increase the webcam brightness" name
# no display's brightness (the model set the screen's to 0); a setting whose own words name the thing stays
_UNLIT = (
    r"(?i)\b(keyboard|mouse|touchpad|trackpad|camera|webcam|printer|controller|gamepad|pen|stylus|router|watch)(?:'s)?"
    r"\s+(?:brightness|back-?\s?light(?:s|ing)?|contrast)\b"
)

# A device that shares a word (_SHARED_BY_DEVICES) with another's settings: "disable the touch screen" turned the
# touchpad off, "turn off the laptop keyboard" the on-screen keyboard, "disable the fingerprint reader" Narrator
_OTHER_DEVICE = (
    r"(?i)\btouch[\s-]?screens?\b|\b(?:laptop|built-?in|physical|internal|hardware)\s+keyboards?\b|"
    r"\bfingerprint\s+(?:reader|sensor|scanner)s?\b"
)
_ANY_MACHINE = r"(?i)\b(?:laptop|computer|pc|windows|device|machine|notebook)s?\b"
_SHARED_BY_DEVICES = frozenset({"touch", "keyboard", "keyboards", "reader", "readers", "sensor", "sensors", "scanner"})


# A part of a switched thing that the thing's own switch is not: "disable wifi power saving", "turn off bluetooth auto
# reconnect", "disable location history" (the model turned Wi-Fi, Bluetooth or Location off); not the parts real-dev's
# requests name ("scanning"), so that it stays a measure
_PART = (
    r"power\s+(?:saving|save|management)|powersave|discovery|discoverable|visibility|history|roaming|"
    r"sharing|sync(?:ing)?|calling|auto[\s-]?(?:re)?connect|reconnect|notifications?|sounds?|warnings?|gestures?|"
    r"shortcuts?|transitions?|streaming|audio|debugging|logs?|logging|diagnostics|tethering|password|pin|names?"
)
# A network or device to forget, named by its thing: "forget this wifi network" turns no Wi-Fi off
_FORGOTTEN = (
    r"(?i)\bforget\s+(?:(?:this|that|the|my|a|our)\s+)?(?:[\w-]+\s+){0,2}?(?:networks?|connections?|devices?)\b"
)
# A part named before its thing ("the power saving of the wifi", "the name of my hotspot"), or the thing renamed or
# paired ("rename my wifi network to HomeNet")
_PART_OF = rf"(?:^|\s)(?:(?:{_PART})\s+(?:of|for|on)|re-?name|(?:un|re-?)?pair)(?:\s+(?:my|the|this|your|our|a))?$"


# An address of another thing: "set my IP address to 192.168.1.50", "what is my mac address" name no proxy's address
# (the model set the proxy to the machine's own address)
_WHOSE_ADDRESS = r"(?i)\b(ip|ipv4|ipv6|mac|e-?mail|home|static|street|physical|wallet)\s+address(?:es)?\b"


# Features of a phone with no desktop setting: a call for one of these is its nearest neighbour's, not the ask's
# ("enable one handed mode" set sticky keys, "turn off keyboard vibration" the on-screen keyboard)
_PHONE_ONLY = (
    r"(?i)\b(?:ring\s?tones?|ringers?|vibrat(?:e|es|ion|ions)|haptics?(?:\s+feedback)?|call\s+(?:waiting|forwarding)|"
    r"wi-?fi\s+calling|volte|(?:data\s+)?roaming|voicemail|nfc|"
    r"always[\s-]on\s+display|one[\s-]hand(?:ed)?\s+mode|screen\s+pinning|lift\s+to\s+wake|"
    r"(?:double[\s-]tap|raise|lift|pick\s+up)\s+to\s+(?:wake|check)|notification\s+(?:led|light)|face\s+id|"
    r"flashlight|torch|"
    r"app\s+drawer|home\s+screen|navigation\s+bar|gesture\s+navigation|"
    # a phone's calls and alerts, its wellbeing and battery tools, its own gestures (Android's and iOS's settings)
    r"(?:alarm|ring|call)\s+volume|caller\s+id|call\s+(?:recording|blocking)|"
    r"blocked\s+numbers|spam\s+calls|emergency\s+(?:sos|alerts?)|amber\s+alerts?|"
    r"digital\s+wellbeing|app\s+timers?|smart\s+lock|adaptive\s+battery|"
    r"tap\s+(?:&|and|to)\s+pay|power\s+button\s+ends\s+calls?|"
    r"usb\s+debugging|assistive\s+touch|reachability|"
    r"shake\s+to\s+undo|raise\s+to\s+listen|app\s+lock|secure\s+folder|"
    # a phone's own sounds, buttons, radios and vendor features (Android's, Samsung's, iOS's settings)
    r"(?:touch|tap)\s+sounds?|sounds?\s+on\s+(?:tap|touch)|dial(?:ing)?\s+pad\s+tones?|keypad\s+tones?|"
    r"screen\s+lock\s+sounds?|charging\s+sounds?|"
    r"call\s+screening|unknown\s+callers?|"
    # a phone's calls themselves silenced, blocked or sent on (not other sounds lowered during calls: ducking)
    r"(?:mute|silence|block|reject|decline|forward|divert)\s+(?:all\s+|my\s+|the\s+)?(?:incoming\s+|phone\s+)?calls\b|"
    r"(?:three|3|two|2)[\s-]button\s+navigation|navigation\s+buttons|"
    r"side\s+(?:key|button)|app\s+pinning|bluetooth\s+scanning|screen\s+attention|quick\s+tap|extra\s+dim|"
    r"bedtime\s+mode|preferred\s+network\s+type|access\s+point\s+names?|apns?|(?:wireless\s+)?powershare|"
    r"reverse\s+wireless\s+charging|edge\s+(?:lighting|panels?)|adapt\s+sound|separate\s+app\s+sound|"
    r"led\s+indicator|bixby|smart\s+stay|palm\s+swipe|(?:my|the)\s+(?:smart\s?)?watch|wear\s?os)\b"
)


# A request that asks the way to something: "where's widgets", "how do I get to the minimize button?"
_ASKS_THE_WAY = (
    r"(?i)\b(?:where(?:'?s)?|find|get\s+to|go\s+to|take\s+me|navigate|open|show\s+me|bring\s+up|pull\s+up)\b"
)
# The words that may open a command's clause besides the command: "please", "can you", "ok mu"
_ASKING = frozenset({"please", "pls", "ok", "okay", "now", "just", "mu", "can", "could", "would", "will", "you"})
# Doing what a page is for, rather than going there: "reset this pc", "factory reset my laptop", "reinstall windows"
# (the Recovery page is where that is done; "pull up reset pc", "where do I reset my pc?" go there)
_DOES_ITSELF = (
    r"(?i)\b(?:factory[\s-]reset|reset|wipe|reinstall|re-install|restore)\s+(?:this|my|the|your)?\s*"
    r"(?:pc|computer|laptop|windows|device|system|machine|os)\s*(?:$|[.,;!?]|\s(?:to|and|completely|entirely|back|"
    r"please|pls|now|for\s+me)\b)"
    r"|\b(?:reset|restore)\b[^.?!]{0,40}\bfactory\s+(?:settings|defaults|state)\b"
)
# A device of a room, not of this computer: "Nightlight in guest bedroom is too bright", "turn off the kitchen lights"
_ROOM = (
    r"(?:guest\s+|master\s+|kids'?\s+|spare\s+|front\s+|back\s+)?(?:bedroom|kitchen|living\s?room|lounge|bathroom|"
    r"garage|hallway|dining\s+room|basement|nursery|porch|garden|attic)"
)
_ROOM_DEVICE = r"(?:lights?|lamps?|night\s?lights?|bulbs?|thermostat|heater|heating|fans?|blinds|curtains|plugs?)"  # not a tv: it may be a display
_IN_A_ROOM = rf"(?i)\b{_ROOM_DEVICE}\s+(?:in|of)\s+(?:the\s+|my\s+|our\s+)?{_ROOM}\b|\b{_ROOM}\s+{_ROOM_DEVICE}\b"
# An edit of a file, not a setting: "convert image to grayscale", "Enhance quality of first photo in the hiking
# folder", "crop this picture" (the verb, then at most three words, then what is edited)
_EDITS_A_FILE = (
    r"(?i)\b(?:convert|crop|resize|edit|enhance|compress|retouch|trim|blur|sharpen|watermark)\s+(?:the\s+)?"
    r"(?:quality\s+of\s+)?(?:[\w'-]+\s+){0,3}?(?:images?|photos?|pictures?|pics?|videos?|clips?|files?|pdfs?|"
    r"documents?|jpe?gs?|pngs?|screenshots?|selfies?)\b"
)
# A property of one picture, video or song: "Set the brightness of the photo to 80", "the volume of this video"
_MEDIA_PROPERTY = (
    r"(?i)\b(?:brightness|contrast|volume|size|resolution|colou?rs?|saturation|exposure|sharpness|speed|hue)\s+of\s+"
    r"(?:the|this|that|my|a|an)\s+(?:[\w'-]+\s+){0,2}?(?:images?|photos?|pictures?|pics?|videos?|clips?|movies?|"
    r"screenshots?|selfies?|songs?|tracks?|recordings?)\b"
)
# What may stand before the edit's verb in its clause where the request asks for the edit ("how can i convert",
# "please crop", "I need to edit"), not where it says what the person does ("I edit photos for a living")
_ASKED_TO = (
    r"(?i)\s*(?:(?:please|pls|kindly|so|now|ok|okay)\s+)*(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?|how\s+"
    r"(?:can|do|could|should)\s+i\s+|how\s+to\s+|(?:i|we)\s+(?:want|need|have|would\s+like|'?d\s+like)\s+to\s+|"
    r"help\s+me\s+|let\s+me\s+|to\s+)?"
)
# A change of a setting after such an edit: the edit is one half of a compound request ("crop this photo and set it
# as my wallpaper")
_THEN_A_SETTING = (
    r"(?i)(?:[,;.!?&]|\band\b|\bthen\b|\balso\b|\bplus\b)\s*(?:please\s+)?(?:then\s+)?(?:turn|switch|set|change|"
    r"enable|disable|make|increase|decrease|lower|raise|mute|unmute|use|put)\b"
)
_GOES_THERE = r"(?i)\b(?:open|show|go\s+to|take\s+me|get\s+me|bring\s+up|pull\s+up|where|find|navigate|jump\s+to|how)\b"
_CLAUSE_BREAK = r"\s*(?:[,;.!?&]|\band\b|\bthen\b|\balso\b|\bplus\b)\s*"


# A request for an option the request's author does not have: "Please add an option to", "I would love to see a mod
# which allows you to", "is it possible to make a setting that"
_NEW_OPTION = (
    r"(?i)\b(?:add|adding|make|implement|introduce|see|provide|create|(?:like|want|need|love|wish\s+for)\s+(?:an?|the)"
    r")\b[^.?!]{0,30}?\b(?:option|setting|toggle|"
    r"check-?box|check\s+box|switch|mod|feature|button|ability)s?\b"
    # an issue's title: "Setting to turn on X on device lock", "Suggestion: a toggle for the classic menu"
    r"|^\s*(?:(?:suggestion|feature\s+request|request|idea|proposal)\s*:\s*)?(?:an?\s+)?(?:option|setting|toggle)\s+"
    r"(?=to\b|for\b)"
)
# Words that turn a thing off, take it away or complain of it, beside a request for an option
_UNWANTED = (
    r"(?i)\b(?:not|no|never|without|disabl\w*|deactivat\w*|off|stop\w*|prevent\w*|block\w*|hid(?:e|es|den|ing)|"
    r"remov\w*|rid|less|fewer|reduc\w*|mut(?:e|es|ed|ing)|kill|deny|avoid|ban|annoy\w*|hate|dislike|uncheck\w*|"
    r"opt\s+out|instead|rather|exclud\w*|suppress\w*|silenc\w*|pause\w*|restrict\w*|limit\w*|lock\w*)\b|n't\b"
)
# Words an event shares with most settings' pages, which name none of them: "when the screen is on", "on device lock"
_ANY_EVENT = frozenset(
    {"screen", "device", "devices", "system", "computer", "laptop", "machine", "windows", "app", "apps"}
)
# The event an option does its change on, to its clause's end ("when the screen is on", "after the video is paused")
_A_WAIT = r"(?i)\d|\b(?:secs?|seconds?|mins?|minutes?|hours?|hrs?|days?|weeks?|months?|idle|inactivity)\b"
_ON_EVENT = (
    r"(?i)\b(?:when|while|whenever|after|until|during)\s+((?:(?!(?:for|to|and|but|so|then|because|instead)\b)"
    r"[^\s,;:!?()]+\s*){1,5})"
    r"|\b(?:on|at|upon)\s+((?:device\s+|screen\s+|system\s+)?(?:lock|unlock|suspend|resume|wake|wake-?up|log-?in|"
    r"log-?out|sign-?in|shutdown|reboot)\b[^,;:!?()]*)"
)


class Support:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self._vocab: dict[tuple[str, bool], tuple[frozenset[str], frozenset[str]]] = {}
        self._names: frozenset[str] | None = None
        self._subjects: dict[str, frozenset[str]] = {}
        self._held: dict[str, tuple[frozenset[str], frozenset[str]]] = {}  # a page: its settings' names' words
        self._neighbours: dict[tuple[str, str, str], tuple[str, ...]] = {}  # (page, setting, action): see _named_on
        self._masked: dict[tuple[str, str], re.Pattern | None] = {}  # (setting, action): see _masks
        self._own: dict[str, tuple[frozenset[str], frozenset[str]]] = {}  # a setting: see _own_words
        self._titled: dict[str, frozenset[str]] = {}  # a setting or page: see _title_words

    def _texts(self, key: str) -> list[str]:
        cat = self.catalog
        if key in cat.settings:
            s = cat.settings[key]
            page = cat.pages.get(s.page)
            out = [
                s.id.replace(".", " ").replace("_", " "),
                s.title,
                s.description,
                *s.aliases,
                *s.opposites,
                *s.keywords,
                *(s.examples or ()),
            ]
            for c in s.values:
                out += [c.label, c.id.replace("_", " "), *c.aliases]
        else:
            page = cat.pages[key]
            out = [page.id.replace("_", " ")]
        if page is not None:
            out += [page.title, page.description, *page.aliases]
        return out

    def vocab(self, key: str, own: bool = False) -> tuple[frozenset[str], frozenset[str]]:
        """(the words, their 4-letter stems) of what the catalog says about a setting or page; with `own`, not its
        page's description ("... lock screen notifications" is the Notifications page's, no word of its sounds)."""
        if (key, own) not in self._vocab:
            page = (
                self.catalog.pages.get(self.catalog.settings[key].page)
                if own and key in self.catalog.settings
                else None
            )
            ws = frozenset(w for t in self._texts(key) if page is None or t != page.description for w in words(t))
            self._vocab[(key, own)] = (ws, frozenset(w[:4] for w in ws if len(w) >= 4))
        return self._vocab[(key, own)]

    def _title_words(self, key: str) -> frozenset[str]:
        """The words of a setting's or page's title and aliases (made once per key: `backs` asks for every call)."""
        if key not in self._titled:
            thing = self.catalog.settings.get(key) or self.catalog.pages.get(key)
            names = " ".join((thing.title, *thing.aliases)) if thing is not None else ""
            self._titled[key] = frozenset(words(names))
        return self._titled[key]

    def in_another_app(self, text: str) -> bool:
        """Whether the request's ask is inside an app other than the system's settings (see _IN_APP,
        _OWN_APP_PLACE)."""
        low = text.lower()
        if re.search(_OWN_APP_PLACE, text):
            return True
        if not re.search(r"app|open|use|its |settings|preferences|options", low):
            return False
        for pattern in _IN_APP:
            for m in re.finditer(pattern, text):
                name = m.groupdict().get("name")
                if name is None or not self._system_app(name):
                    return True
        return False

    def outside_known_apps(self, text: str, calls) -> list:
        """The calls not asked inside another app: a clause that commands a change in a well-known app ("Change the
        tab size to 4 spaces in VS Code", "Block pop-ups in the browser") or names an app of its own as what it
        changes ("Set the Podcast Addict app to dark theme"; not one it opens, the other half of a compound request)
        asks that app's own setting, so a call that only such clauses name goes.
        A clause of context ("coding in vscode on ubuntu, ...") and one that opens things in an app (the default
        app's setting) are no such place (_placed_in_app)."""
        if not calls or not re.search(_IN_KNOWN_APP, text) and not re.search(_THE_APP, text) and not runs_a_tool(text):
            return list(calls)
        clauses = re.split(_CLAUSE_BREAK, text, flags=re.I)
        placed = [p for p in clauses if self._placed_in_app(p, text)]
        if not placed:
            return list(calls)
        others = [p for p in clauses if p not in placed]
        tools = all(runs_a_tool(p) for p in placed)  # a tool run names only what its clause names ("bt" it does not)

        def kept(key: str) -> bool:
            return any(self.backs(p, key) for p in others) or tools and not any(self.backs(p, key) for p in placed)

        return [c for c in calls if kept(c.setting or c.page or "")]

    def placed_in_apps(self, text: str) -> bool:
        """Whether every clause of the request with words in it asks inside another app (_placed_in_app)."""
        if not re.search(_IN_KNOWN_APP, text) and not re.search(_THE_APP, text) and not runs_a_tool(text):
            return False
        clauses = [p for p in re.split(_CLAUSE_BREAK, text, flags=re.I) if words(p)]
        return bool(clauses) and all(self._placed_in_app(p, text) for p in clauses)

    def _placed_in_app(self, clause: str, text: str) -> bool:
        """Whether the clause asks inside another app: it commands a change in a well-known app, or it names an app
        of its own ("the Zillow app") and the request asks nothing the system does for one app (_PER_APP)."""
        if re.search(_IN_KNOWN_APP, clause) and re.search(_A_COMMAND, clause) and not re.search(_OPENS_IN, clause):
            return True
        if runs_a_tool(clause):
            return True  # "open task manager": a tool of the system to run, no page of settings
        if re.search(_PER_APP, text) or re.search(_OPENS_AN_APP, clause):
            return False
        return any(self._another_app(m) for m in re.finditer(_THE_APP, clause))

    def _another_app(self, m: re.Match) -> bool:
        """Whether an app _THE_APP found is another than the system's settings (a brand no small word)."""
        if m["brand"] is not None and m["brand"].lower() in _STOP:
            return False
        return not self._system_app(m["name"] or m["brand"])

    def app_page(self, text: str) -> str | None:
        """The page where one app's start at sign-in, its notifications or its access to the camera, the microphone
        or the location are switched, where one Wi-Fi network is joined or forgotten, or where one device is
        disconnected or one printer removed, when that is the ask (see _APP_ASKS, _DENIALS, one_network,
        _ONE_DEVICE); None otherwise."""
        low = text.lower()
        if one_network(text):
            return "wifi"
        device = re.search(_ONE_DEVICE, text)  # "disconnect my airpods": one device, not Bluetooth for all of them
        if device:
            return "printers" if device["printer"] else "bluetooth"
        if not re.search(r"notif|start|boot|launch|log|camera|webcam|mic|location", low):
            return None
        asks = [*_APP_ASKS, *((None, d) for d in _DENIALS)] if re.search(_RESOURCE, low) else _APP_ASKS
        for fixed, pattern in asks:
            for m in re.finditer(pattern, text):
                page = fixed or _RESOURCE_PAGE.get(m["res"].lower(), "location")
                name = m.group("name").strip()
                if re.fullmatch(_ONE_APP, name, re.I) or not (
                    not words(name)
                    or re.match(_NOT_ONE_APP, name)
                    or re.search(_NOT_AN_APP, name)
                    or re.search(_SYSTEM, name)
                    or self._names_of(page, name)
                ):
                    return page
        return None

    def _names_of(self, page: str, name: str) -> bool:
        """Whether every word of `name` belongs to the names of a setting about the page's subject ("num lock" of
        Num Lock on at startup, "lock screen" of the lock screen's notifications): a setting, not an app."""
        if page not in self._subjects:
            subject = {
                "startup_apps": r"(?i)start-?up|boot|log-?in|sign-?in|autostart",
                "notifications": r"(?i)notif",
            }.get(page, r"^$")
            self._subjects[page] = frozenset(
                w
                for s in self.catalog.settings.values()
                if s.page == page or any(re.search(subject, t) for t in (s.id, s.title, *s.aliases, *s.keywords))
                for t in (s.title, *s.aliases, *s.keywords)
                for w in words(t)
            )
        said = words(name)
        return bool(said) and all(w in self._subjects[page] for w in said)

    @property
    def names(self) -> frozenset[str]:
        """The words of every setting's and page's title, aliases and keywords (made once: one pass of `words` over
        them all)."""
        if self._names is None:
            things = [*self.catalog.settings.values(), *self.catalog.pages.values()]
            said = "\n".join(n for t in things for n in (t.title, *t.aliases, *getattr(t, "keywords", ())))
            self._names = frozenset(words(said))
        return self._names

    @functools.cached_property
    def spelt(self) -> frozenset[str]:
        """The words whose slips are mended (spelling.Speller): the catalog's names, its choices' labels and aliases
        ("portriat": portrait), two words of a name typed as one (_glued), the words that say which way or how far
        (_MOVE_WORDS: "Inxrease", "lagrest") and those the readings of complaints and wishes turn on (_READING_WORDS:
        "keps", "Unsble")."""
        labels = "\n".join(n for s in self.catalog.settings.values() for v in s.values for n in (v.label, *v.aliases))
        return self.names | frozenset(words(labels)) | self._glued() | _MOVE_WORDS | _READING_WORDS

    def _glued(self) -> frozenset[str]:
        """Two neighbouring words of a name typed as one, as people type them ("darkmode", "nightlight"): their slips
        ("dakrmode") are mended to them. Words of four letters or more only ("do not disturb" gives none)."""
        things = [*self.catalog.settings.values(), *self.catalog.pages.values()]
        out = set()
        for n in (n for t in things for n in (t.title, *t.aliases)):
            ws = re.findall(r"[a-z]+", n.lower())
            out.update(a + b for a, b in zip(ws, ws[1:]) if len(a) >= 4 and len(b) >= 4)
        return frozenset(out)

    def _system_app(self, name: str) -> bool:
        """The system's settings (however spelt: "setings app", "GOME Settings") or an app the catalog names: every
        word of `name` is a word of a setting's or page's title, aliases or keywords ("Bluetooth", "Files")."""
        said = re.findall(r"[a-z0-9]+", name.lower())
        if re.fullmatch(_OWN_APPS, name.strip("\"“”' ")):
            return False
        if any(w.startswith("sett") or is_slip(w, "settings") or is_slip(w, "setting") for w in said):
            return True
        from .search import within_edits  # only for a request that names an app

        if any(within_edits(w, system, 1) for w in said if len(w) >= 4 for system in _SYSTEM_NAMES):  # "GOME"
            return True
        return bool(re.search(_SYSTEM, name)) or bool(said) and all(w in self.names for w in said)

    def for_one_app(self, text: str, calls=()) -> str | None:
        """Where the request asks a change for one app alone, unnamed ("switch off cursor blink for a textual
        application", "dark mode for a single program", "the volume for each app separately"): the page of the camera,
        the microphone or the location where the request names one, or the page whose names are of apps and share
        another word with the request (the Volume mixer's "app volume"), or "" where the catalog has none (the
        system's settings change it for every app); None where no such scope is asked, or where no page is and one of
        `calls` is of a setting that is itself per app ("per app input method"), whose subject the scope is."""
        if re.search(_ONE_APP_ONLY, text) is None or re.search(_ONE_APP_ONLY, self._app_names.sub(" ", text)) is None:
            return None  # no such scope, or one only inside a setting's name ("per app input method")
        resource = re.search(rf"(?i)\b{_RESOURCE}\b", text)  # "block the microphone for a certain app"
        if resource:
            return _RESOURCE_PAGE.get(resource["res"].lower(), "location")
        if re.search(r"(?i)notif", text):  # "manage notifications per app"
            return "notifications"
        said = set(words(text)) - _APP_WORDS
        for page in self.catalog.pages.values():
            names = [words(n) for n in (page.title, *page.aliases)]
            if any(set(n) & _APP_WORDS and set(n) - _APP_WORDS - {"per"} & said for n in names):
                return page.id
        for c in calls:  # a setting that is itself per app: the scope is its subject ("not a different one per app")
            s = self.catalog.settings.get(c.setting or "")
            if s is not None and any(re.search(_ONE_APP_ONLY, n) for n in (s.title, *s.aliases)):
                return None
        return ""

    @functools.cached_property
    def _app_names(self) -> re.Pattern:
        """The settings' names that hold a word of apps ("per app input method", "Let apps use my location")."""
        names = {
            n.lower()
            for s in self.catalog.settings.values()
            for n in (s.title, *s.aliases)
            if set(words(n)) & _APP_WORDS
        }
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        return re.compile(alternatives or r"(?!)", re.I)  # a catalog with no such name: nothing to take out

    @staticmethod
    def in_a_room(text: str) -> bool:
        """Whether the request's ask is of a device in a room of a home ("the kitchen lights"), not this computer."""
        return re.search(_IN_A_ROOM, text) is not None

    @staticmethod
    def edits_a_file(text: str) -> bool:
        """Whether the request asks for an edit of a file ("convert image to grayscale"; the verb opening its clause
        or after a way of asking, _ASKED_TO) or of a property of one ("the brightness of the photo": _MEDIA_PROPERTY),
        with no change of a setting after it: no setting, and such a request gives no call."""
        m = re.search(_MEDIA_PROPERTY, text)  # a property of one file: its editor's, not the system's
        if m and not re.search(_THEN_A_SETTING, text[m.end() :]):
            return True
        for m in re.finditer(_EDITS_A_FILE, text):
            before = re.split(r"[,.;:!?]|\band\b|\bthen\b", text[: m.start()])[-1]
            if re.fullmatch(_ASKED_TO, before) and not re.search(_THEN_A_SETTING, text[m.end() :]):
                return True
        return False

    @staticmethod
    def does_itself(text: str) -> bool:
        """Whether the request commands mu to reset or reinstall the system itself (_DOES_ITSELF opening a clause),
        not to go where that is done: mu changes settings, and such a request gives no call."""
        if re.search(_GOES_THERE, text):
            return False
        for m in re.finditer(_DOES_ITSELF, text):  # commanded: opening its clause ("I want to reset this pc" asks
            clause = re.split(r"[,.;:!?]", text[: m.start()])[-1]  # for the page where that is done)
            if not set(re.findall(r"[a-z']+", clause.lower())) - _ASKING:
                return True
        return False

    def new_feature(self, text: str, calls) -> bool:
        """Whether the request asks for a new option ("Please add an option to X", "a mod which allows you to X")
        that does its change on an event none of the calls' settings knows ("... turn off the display after the
        video is paused", "... notification sound when the screen is on"): an option the catalog lacks."""
        frame = re.search(_NEW_OPTION, text)
        if frame is None or not calls:
            return False
        asked = re.split(r"(?<=[.!?])\s", text[frame.end() :])[0]
        event = re.search(_ON_EVENT, asked)
        said = event and (event.group(1) or event.group(2))
        if not said or re.search(_A_WAIT, said):
            return False  # "add a setting to turn off the screen after 5 minutes": a value, no event
        rest = asked.replace(said, " ")  # a call the event alone names is the event's echo ("on device lock": Lock)
        asked_for = [c for c in calls if self.backs(rest, c.setting or c.page or "")]
        if not asked_for:
            return True
        return not self._knows_event(said, max(asked_for, key=lambda c: c.confidence or 0.0))

    def wished_on(self, text: str, calls) -> list:
        """The calls of a request for a new option ("Please add the feature responsible for hotspot creation", "Add
        option to isolate alt tab entries ..."), a switch the model read off or flipped ("a toggle for showing file
        extensions": the option, no flip) turned on where no word of the request turns anything off, removes or
        complains: an option asked for is one to have."""
        if len(calls) != 1 or re.search(_UNWANTED, text):
            return list(calls)
        c = calls[0]
        s = self.catalog.settings.get(c.setting or "")
        if s is not None and re.search(_UNWANTED, s.title):  # "Automatically hide the taskbar": on hides
            return list(calls)
        read_off = c.action == "set" and c.value is False
        if not (read_off or (c.action == "toggle" and s is not None and s.kind == "toggle")):
            return list(calls)
        return [replace(c, action="set", value=True)] if re.search(_NEW_OPTION, text) else list(calls)

    def _knows_event(self, said: str, call: Call) -> bool:
        """Whether a word of the event `said` (not one every page shares: "when the screen is on") is a word of the
        call's setting, or begins one of its words ("the pc starts": Num Lock on at startup); the setting's own
        words, not its page's description (vocab's `own`)."""
        vocab, stems = self.vocab(call.setting or call.page or "", own=True)
        said_words = [w for w in words(said) if w not in _ANY_EVENT]
        if any(_same_word(w, vocab, stems) for w in said_words):
            return True
        return any(len(w) >= 4 and v.startswith(w) for w in map(stem, said_words) for v in vocab)

    def phone_only(self, text: str, call: Call) -> bool:
        """Whether the request names a feature only a phone has (_PHONE_ONLY) that the call's setting is not."""
        m = re.search(_PHONE_ONLY, text)
        if m is None:
            return False
        key = call.setting or call.page or ""
        ws, stems = self.vocab(key)
        if all(_same_word(w, ws, stems) for w in words(m.group(0))):
            return False  # the setting is that feature
        others = [p for p in re.split(_CLAUSE_BREAK, text) if not re.search(_PHONE_ONLY, p)]
        return not any(self.backs(p, key) for p in others)  # "turn on the flashlight and bluetooth": Bluetooth

    def another_device(self, text: str, call: Call) -> bool:
        """Whether the request names a device (_OTHER_DEVICE) that the call's setting or page is not about, and no
        word of its title or aliases besides ("disable the touch screen on my laptop": no touchpad)."""
        m = re.search(_OTHER_DEVICE, text)
        if m is None:
            return False
        key = call.setting or call.page or ""
        thing = self.catalog.settings.get(key) or self.catalog.pages.get(key)
        if thing is None:
            return False
        names = {w for n in (thing.title, *thing.aliases) for w in words(n)}
        device = words(m.group(0))
        if set(device) - _SHARED_BY_DEVICES & names or "".join(device) in self.vocab(key)[0]:
            return False  # "lower the touch screen brightness": the screen's; a setting about touchscreens
        rest = re.sub(_OTHER_DEVICE, " ", text)
        return not self.backs(re.sub(_ANY_MACHINE, " ", rest), key)

    def a_part_named(self, text: str, call: Call) -> bool:
        """Whether a switch call's setting is named only before a part of it (_PART) that none of its own words are
        ("disable wifi power saving" names the Wi-Fi's power saving, not Wi-Fi), after a part and "of", "for", "on",
        or after "rename" or "pair" (_PART_OF), or only as what a network to forget belongs to (_FORGOTTEN)."""
        s = self.catalog.settings.get(call.setting or "")
        if s is None or s.kind != "toggle" or call.action not in ("set", "toggle"):
            return False
        if re.search(_FORGOTTEN, text) and not self.backs(re.sub(_FORGOTTEN, " ", text), s.id):
            return True
        ws, stems = self._own_words(s)  # not its page's ("Touchpad on/off, taps, scrolling and gestures")
        said = re.findall(r"[a-z][\w'-]*|[^\sa-z]", text.lower())  # marks between words end a name and its part
        runs, i = [], 0  # whether each run of the setting's words is named as a part's thing
        while i < len(said):
            j = i
            while j < len(said) and said[j] not in _STOP and _same_word(said[j], ws, stems):
                j += 1
            if j > i:
                of = re.search(_PART_OF, " ".join(said[max(0, i - 4) : i]))
                runs.append(of is not None or self._a_part(said[j : j + 2], ws, stems))
            i = max(j, i + 1)
        return bool(runs) and all(runs)

    def another_things_head(self, text: str, call: Call) -> bool:
        """Whether the request names the call's setting only by the last word of its title, each time after a word
        of another thing, and says none of the title's other words nor a whole alias of it ("set the video quality
        to 1080p", "change the playback quality to high" name no wallpaper's JPEG quality)."""
        s = self.catalog.settings.get(call.setting or "")
        sure = s is None or (call.confidence or 0) >= 0.9  # a call the model is sure of stands ("txt size biger")
        title = [] if sure else words(re.sub(r"\([^)]*\)", " ", s.title))  # "Brightness (external monitor)"
        if len(title) < 2 or title[-1] in _STOP:
            return False
        low, head = text.lower(), title[-1].removesuffix("s")
        said = [w.removesuffix("s") for w in re.findall(r"[a-z][\w'-]*|[^\sa-z]", low)]  # "workspace amount"
        rest = frozenset(w for w in title[:-1] if w not in _STOP)
        if head not in said or any(w == r or len(r) >= 4 and w[:4] == r[:4] for w in said for r in rest):
            return False  # a form of a title's other word ("chatting": "Chat (Microsoft Teams) button")
        if any(re.search(rf"\b{re.escape(a.lower())}\b", low) for a in s.aliases):
            return False
        ws, stems = self.vocab(s.id)
        from .slips import english_words  # only for a request that names a title's last word alone

        value = frozenset(re.findall(r"[a-z0-9]+", str(call.value).lower()))  # "the arc theme": its value's
        said = ["", "", *said]
        return all(
            said[j - 2] in _DETERMINERS  # "the video quality", not "then display extensions": a verb
            and said[j - 1].isalpha()
            and said[j - 1] not in _STOP | value
            and said[j - 1] in english_words()
            and not _same_word(said[j - 1], ws | _MOVE_WORDS, stems)
            for j, w in enumerate(said)
            if w == head
        )

    def a_size_for_a_switch(self, text: str, call: Call) -> bool:
        """Whether a request that complains of a size ("my desktop icons are huge", "the desktop icons are too big")
        gets a switch none of whose words is a size's: hiding the icons is no fix of their size."""
        s = self.catalog.settings.get(call.setting or "")
        if s is None or s.kind != "toggle" or call.action not in ("set", "toggle") or not re.search(_SIZED, text):
            return False
        if self.vocab(s.id)[0] & (_SIZE_WORDS | _SIZE_NAMES):
            return False
        unsized = [p for p in re.split(_CLAUSE_BREAK, text, flags=re.I) if not re.search(_SIZED, p)]
        return not any(self.backs(p, s.id) for p in unsized)  # "the text is too small, and turn off bluetooth"

    def _own_words(self, s) -> tuple[frozenset[str], frozenset[str]]:
        """(the words, their 4-letter stems) of a setting's own texts: none of its page's."""
        if s.id not in self._own:
            texts = (s.id.replace("_", " "), s.title, s.description, *s.aliases, *s.keywords)
            ws = frozenset(w for t in texts for w in words(t))
            self._own[s.id] = (ws, frozenset(w[:4] for w in ws if len(w) >= 4))
        return self._own[s.id]

    @staticmethod
    def _a_part(after: list[str], ws, stems) -> bool:
        """Whether the words after a name are a part of the named thing, words of none of its own."""
        after = after[: next((k for k, w in enumerate(after) if w in _STOP or not w[0].isalpha()), len(after))]
        if not after or any(_same_word(w, ws, stems) for w in after):
            return False
        return any(re.fullmatch(_PART, " ".join(after[:k])) for k in (1, 2))

    def supports(self, text: str, call: Call) -> bool:
        from . import technical  # only once a request is read

        s = self.catalog.settings.get(call.setting or "")
        if s is not None and any(n.setting == s.id for n in technical.named(text, self.catalog)):
            return True  # "Set ShowTaskViewButton to 0": its registry value's name
        if isinstance(call.value, str) and s is not None and s.kind == "text":
            if only_of(s, call.value, self.catalog.settings) and re.search(re.escape(call.value), text, flags=re.I):
                return True  # "switch to dvorak": the value says which setting it is
            text = re.sub(re.escape(call.value), " ", text, flags=re.I)  # a copied value names no setting
        key = call.setting or call.page or ""
        said = self._of_other_things(text, key)
        return self.backs(said, key) and not self._other_mode(text, key) and not self.a_neighbours(said, call)

    def a_neighbours(self, text: str, call: Call) -> bool:
        """Whether `text` names a call's setting only by words of its page's description that name another setting
        of that page, one the call's action cannot move ("increase the resolution" named Brightness by the Display
        page's "resolution": a resolution is no scale): the model took the neighbour for what it could not write."""
        s = self.catalog.settings.get(call.setting or "")
        if s is None:
            return False
        ws, stems = self.vocab(s.id)
        own, own_stems = self.vocab(s.id, own=True)
        said = [w for w in words(text) if not w.isdigit() and _same_word(w, ws, stems)]
        if not said:
            return False
        masks = self._masks(s, call.action)
        rest = masks.sub(" ", text) if masks is not None else text
        if rest != text:  # "lower the screen resolution": the neighbour's name's "screen" names no Brightness
            return not any(_same_word(w, own, own_stems) for w in words(rest) if not w.isdigit())
        if any(_same_word(w, own, own_stems) for w in said):
            return False
        near = {w for n in self._named_on(s.page, s.id, call.action) for w in words(n)}
        return all(w in near for w in said)

    def _masks(self, s, action: str) -> re.Pattern | None:
        """The names of `s`'s neighbours that cannot take `action` and are no name of `s` itself: of two words or
        more, or a word not of its own, and sharing no word with its title (not the name of its own switch:
        "automatic screen lock" of its delay); None when there are none."""
        if (s.id, action) not in self._masked:
            own, own_stems = self.vocab(s.id, own=True)
            title = set(words(s.title)) - _STOP
            names = [
                n
                for n in self._named_on(s.page, s.id, action)
                if (" " in n or not _same_word(n, own, own_stems)) and not title & set(words(n))
            ]
            alternatives = "|".join(re.escape(n) for n in names)
            self._masked[(s.id, action)] = re.compile(rf"(?i)\b(?:{alternatives})\b") if names else None
        return self._masked[(s.id, action)]

    def _named_on(self, page: str, key: str, action: str) -> tuple[str, ...]:
        """The titles and aliases of the settings of `page`, other than `key`, that cannot take `action`, the
        longest first."""
        if (page, key, action) not in self._neighbours:
            cat = self.catalog.settings.values()
            others = [o for o in cat if o.page == page and o.id != key and action not in o.actions]
            names = {n.lower() for o in others for n in (o.title, *o.aliases)}
            self._neighbours[(page, key, action)] = tuple(sorted(names, key=lambda n: (-len(n), n)))
        return self._neighbours[(page, key, action)]

    def _of_other_things(self, text: str, key: str) -> str:
        """`text` without the light of a thing with no screen (_UNLIT) and the address of another thing
        (_WHOSE_ADDRESS) that `key`'s own words do not name; empty for a setting of a light where the request names
        such a thing's light and no screen ("turn on the keyboard backlight when it's dark" set the screen's
        brightness to 0 for "dark")."""
        ws, stems = self.vocab(key)

        def kept(m: re.Match) -> str:
            return m.group(0) if _same_word(m.group(1).lower(), ws, stems) else " "

        out = re.sub(_UNLIT, kept, text)
        if (
            out != text
            and ws & {"brightness", "backlight", "dim"}
            and not re.search(r"(?i)\b(?:screen|display|monitor)", out)
        ):
            return ""
        return re.sub(_WHOSE_ADDRESS, kept, out)  # "my IP address": no proxy's

    def _other_mode(self, text: str, key: str) -> bool:
        """Whether "mode" is the only word of `text` that names `key`, and the request's mode is named by a word that
        does not ("turn on satellite mode" named compact view by "mode")."""
        ws, stems = self.vocab(key)
        named = {w for w in words(text) if _same_word(w, ws, stems)}
        if named != {"mode"}:
            return False
        return any(
            not _same_word(m.group(1).lower(), ws, stems) for m in re.finditer(r"(?i)\b([a-z]{3,})\s+mode\b", text)
        )

    def backs(self, text: str, key: str) -> bool:
        """Whether a word of `text` names setting or page `key` (a number alone names none: "60", "(2)5"); a page
        is also named by the settings it holds where the request asks the way ("where's widgets": the taskbar's)."""
        ws, stems = self.vocab(key)
        said = [w for w in words(text) if not w.isdigit()]
        sizes = _SIZE_WORDS if any(w not in _SIZE_WORDS for w in said) else frozenset()  # "smaller!" alone: a size's
        generic = (_SETTINGS_WORDS | sizes) - self._title_words(key)  # "Crash when opening settings": no sounds
        said = [w for w in said if w not in generic]
        if any(_same_word(w, ws, stems) for w in said):
            return True
        if key not in self.catalog.pages or not re.search(_ASKS_THE_WAY, text):
            return False
        if key not in self._held:
            held = frozenset(
                w
                for s in self.catalog.settings.values()
                if s.page == key
                for n in (s.title, *s.aliases)
                for w in words(n)
            )
            self._held[key] = (held, frozenset(h[:4] for h in held if len(h) >= 4))
        return any(_same_word(w, *self._held[key]) for w in said)
