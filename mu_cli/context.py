"""What a request says besides its ask, taken out before it is read (`without_context`); the plan keeps the request
as typed.

- A platform: "How to reduce text size in windows 11?" was not understood, "How to increase mouse pointer size in
  Windows 10?" grew the pointer by 10 and "How to change wallpaper in GNOME 45?" chose a slideshow: the version's
  number read as a value, the mention as a setting's words. mu changes the settings of the system it runs on, so
  a version goes ("Windows 11 Pro 23H2" is "Windows"), and so does "in/on/under <platform>" at the end of a
  clause, a clause that opens the request and only names its platform ("In the latest version of Linux Mint -
  Cinnamon 21, ...") and a platform in brackets. A mention is a platform's only where it stands as one: after a
  preposition, "my", "the", "use", the request's or a sentence's start, and before the end of a clause, a question
  or a word such as "laptop" or "here". "Set the font to Ubuntu 12", "make it look like windows 10" and "the windows 10
  right click menu" name values and features and stay.
- A machine: its name reads as a laptop or a computer ("increase brightness on my dell xps 15" raised it by 15),
  and a screen's size goes.
- A machine's parts and its system's update: "16GB RAM", "i7-12700H", "RTX 3060", "KB5034441", "23H2", "build
  22631" (their numbers read as values: "I have 16GB RAM ..." before an ask lost 12% of them).
- A sentence that only says what machine this is: "I have a laptop." before any request was read as Find my device
  (0.62), "My PC: Dell desktop." as the This PC icon.
- A reference: a link the request points to ("(see https://answers.microsoft.com/...)", "More info: https://...")
  or ends with left most requests not understood. A link that can be a value (after "to", "as", "address",
  "script"; a picture's or a proxy script's file; one the request goes on after: "use http://proxy:8080 as proxy")
  stays.
- A short question's missing question mark is added: "how long before my screen turns off" was read as a wish to
  make it longer.
- A greeting it opens with, set off by a comma or a mark: "hey, ", "hi mu! " ("hey, " before a request lost 23
  of the development sets' answers).
- An issue's label: "Feature request: ", "[Suggestion] ", "Question - ".
- Emoji, a run of marks at its end ("!!", "?!": one is kept), and a polite or wishing frame before the ask's own
  verb ("can you please ...", "I'd like to ...", "pls ..."; a frame that asks takes its question mark along).
- A wrapping: a request pasted inside quotes, backticks or Markdown emphasis, under a Markdown heading, or marked
  "(edited)" is read without them ("'is search history on'" was read as turning it on).
"""

from __future__ import annotations

import re

# Patterns as text: compiled (and cached by re) on the first request, not when mu starts.
_OS = (
    r"windows|win(?=\s*1[01]\b)|w(?=1[01]\b)|[kxl]?ubuntu|gnome|fedora(?:\s+workstation)?|debian|linux\s+mint|"
    r"pop!?_?\s?os|kde(?:\s+plasma)?|manjaro|arch\s+linux|endeavour\s?os|zorin(?:\s+os)?|elementary\s+os|"
    r"opensuse(?:\s+(?:tumbleweed|leap))?|linux"
)
# A release: number (or XP, Vista), edition, feature update and build: "11 Pro 23H2 (build 22631)", "22.04 LTS"
_VERSION = (
    r"\s*(?:\d+(?:\.\d+)*(?:\s*lts)?|xp|vista)\b(?:\s+(?:home|pro|enterprise|education)\b)?"
    r"(?:\s*(?:version\s+)?\d\dh\d\b)?(?:\s*\(?build\s+\d+(?:\.\d+)?\)?)?"
)
# A machine's name: maker, product line and model ("dell xps 15 9520", "thinkpad x1 carbon gen 9", "surface laptop
# 5", "macbook air 2020") after a word that makes it a machine's ("my", "on", "a"). It reads as what it is, a laptop
# or a computer. A line named by an everyday word (Precision, Yoga, Swift) is a machine's only with its maker or
# its model's number: "pointer precision" and "turn on swift pair" stay. A screen's size ("my 27 inch monitor") goes.
_MAKER = r"dell|hp|lenovo|asus|acer|msi|microsoft|apple|samsung|lg|razer|huawei|google|gigabyte|toshiba"
_LAPTOP = (
    r"xps|inspiron|vostro|alienware|thinkpad|ideapad|thinkbook|elitebook|probook|zenbook|vivobook|"
    r"macbook(?:\s+(?:pro|air))?|galaxy\s+book(?:\s+(?:pro|ultra|flex))?|chromebook|matebook|framework\s+laptop"
)
_WORD_LAPTOP = (
    r"latitude|precision|yoga|legion|pavilion|envy|spectre|omen|victus|rog(?:\s+(?:strix|zephyrus|flow))?|tuf|"
    r"aspire|swift|nitro|predator|surface(?:\s+(?:pro|laptop|book|go|studio))?|blade|gram"
)
_DESKTOP = r"imac|mac\s+mini|optiplex|elitedesk|prodesk|thinkcentre"
_MODEL = (
    r"(?:\s+(?:gen(?:eration)?\s*\d+|\(?(?:19|20)\d\d\)?|[a-z]{0,3}\d+[a-z0-9-]*|carbon|extreme|plus|ultra|max|"
    r"mini|flex|duo|nano|slim|series))*"
)
_MACHINE = (
    rf"(?i)\b(?P<pre>(?:my|an?|the|on|with|using|own|new|old|this)\s+)(?P<maker>(?:{_MAKER})\s+)?"
    rf"(?:(?P<laptop>{_LAPTOP})|(?P<word>{_WORD_LAPTOP})|(?:{_DESKTOP}))(?P<model>{_MODEL})\b"
)
_SIZE = (
    rf"(?i)\b(?P<pre>(?:my|an?|the|on|with|using|new|old|this|{_MAKER})\s+)\d\d(?:\.\d)?\s*"
    r"(?:\"|”|''|-?\s*inch(?:es)?\b|-?in\b)\s*(?=(?:[\w-]+\s+){0,2}(?:monitors?|screens?|displays?|laptops?|tvs?|"
    r"panels?|notebooks?)\b)"
)
_VERSIONED = rf"(?i)\b(?P<os>{_OS})(?:{_VERSION})"
_BRACKETED = rf"(?i)\s*\(\s*(?:{_OS})(?:{_VERSION})?\s*\)"
# A clause the request opens with that only names its platform: "In the latest version of Linux Mint - Cinnamon 21, "
_DESKTOPS = r"cinnamon|xfce|mate|budgie|cosmic|kde(?:\s+plasma)?|plasma|gnome|lxqt|unity"
_OPENING = (
    rf"(?i)^\s*(?:in|on|under|with|using)\s+(?:the\s+)?(?:(?:latest|newest|new|current|recent|last)\s+)?"
    rf"(?:(?:version|release|build|update)\s+(?:of\s+)?)?(?:{_OS})(?:{_VERSION})?"
    rf"(?:\s*[-–:/]\s*(?:{_DESKTOPS})(?:{_VERSION})?)?\s*,\s*(?=\w)"
)
_CLAUSE_END = rf"(?i)\s*\b(?:in|on|under)\s+(?:my\s+|the\s+)?(?:{_OS})(?=\s*(?:[?.!,;:)]|$))"
# What stands before and after a platform's mention (and not a value's or a feature's)
_BEFORE = (
    r"(?i)(?:^|[.!?:;,(]\s*|\b(?:in|on|under|with|running|runs|run|using|use|for|from|my|the|a|an|installed|install|"
    r"of)\s+)$"
)
_AFTER = (
    r"(?i)\s*(?:[?.!,;:)]|$)|\s+(?:how|what|why|where|when|is|are|was|can|could|does|do|did|i|i'm|im|and|but|so|"
    r"here|pc|laptop|computer|machine|desktop|system|install|installation|user|users)\b"
)


def without_context(text: str) -> str:
    """The request as mu reads it: without its wrapping, references, platforms and machines' names (the request
    itself when that would leave nothing)."""
    out = _without_platforms(_without_machines(_without_parts(_without_references(_unwrapped(text)))))
    out = _asked(_unframed(_unopened(_without_greeting(_without_descriptions(_unlabelled(_plain(out)))))))
    return out if re.search(r"\w", out) else text


# A greeting before the ask, set off by a comma or a mark: "hey, ", "hi mu! ", "ok: " (not "ugh, X again", a
# complaint; not "ok so ..." or "hey i think ...", read as the model learned them)
_GREETING = r"(?i)^(?:hey|hi|hello|hiya|howdy|ok|okay)(?:\s+(?:there|mu))?\s*[,!:;-]\s*(?=\w)"


# A short question typed without its question mark: "how long before my screen turns off" (read as a wish to make it
# longer), "is bluetooth on"
_QUESTION = (
    # not one a command follows ("what's the weather tomorrow and turn up the volume": the ask is the command)
    r"(?i)^(?!.*\b(?:and|then|also|plus)\s+(?:then\s+)?(?:turn|switch|set|make|change|enable|disable|mute|unmute|"
    r"open|show|hide|increase|decrease|raise|lower|put)\b)"
    r"\s*(?:how\s+(?:long|much|many|big|bright|loud|fast|often)|what|which|is|are|does|do\s+i\s+have|"
    r"where)\b[^.!?;:\n]*$"
)


# A polite or wishing frame before the ask's own verb: "can you please turn off ...", "I'd like to set ...", "please
# mute ..." (the ask is the same without it; the frame moved the model: "can you remove bing in start menu"). Not
# before "reset": "I want to reset this pc" is a wish (its page opens), "reset this pc" a command mu refuses.
_FRAME_VERB = (
    r"(?:turn|set|change|switch|make|enable|disable|stop|start|remove|hide|show|open|keep|put|use|adjust|"
    r"increase|decrease|raise|lower|reduce|mute|unmute|add|allow|let|get|go|select|choose|pick|move|dim|"
    r"brighten|block|unblock|activate|deactivate|lock|unlock|connect|disconnect|pause|prevent|configure)\b"
)
_FRAME = (
    r"(?i)^\s*(?:(?:please|pls|plz|kindly)\s+)?(?:(?:can|could|would|will)\s+you\s+(?:(?:please|pls|plz|kindly)\s+)?|"
    r"(?:please|pls|plz|kindly)\s+|(?:i\s+(?:want|need|would\s+like)|i'?d\s+like)\s+to\s+|i\s+wanna\s+)"
    r"(?=" + _FRAME_VERB + ")"
)


# Emoji and their joiners ("turn on night light 🙏"), and a run of marks at the end ("!!", "?!"): no request the
# model learned from has them
_EMOJI = "[\U0001f000-\U0001faff\u2600-\u27bf\u2b50-\u2b55\ufe0f\u200d]+"
_MARKS = r"(?<=\w)\s*([!?])[!?]+\s*$"


# An issue's or a forum post's label before the ask: "Feature request: ", "[Suggestion] ", "Question - "
_LABEL = (
    r"(?i)^\s*(?:\[\s*(?:feature\s+request|request|suggestion|idea|proposal|question|help|fr)\s*\]\s*[:\-–]?|"
    r"(?:feature\s+request|request|suggestion|idea|proposal|question|fr)\s*(?::|\s[-–]))\s*(?=\w)"
)


def _or_whole(out: str, text: str) -> str:
    """`out`, or the request as it was when taking its context out leaves less than two words."""
    return out if len(out.split()) >= 2 else text


def _unlabelled(text: str) -> str:
    """The request without the issue label it opens with, or the one bullet or number of a list of one item."""
    out = re.sub(_LABEL, "", text)
    lone = re.match(r"\s*(?:[-*•·]|\d{1,2}[.)])\s+(?=\S)", out)
    if lone and not re.search(r"(?:^|\n|\s)(?:[-*•·]|\d{1,2}[.)])\s", out[lone.end() :]):
        out = out[lone.end() :]
    return _or_whole(out, text)


def _plain(text: str) -> str:
    """The request without emoji and with one mark where it ends in several."""
    out = re.sub(_MARKS, r"\1", re.sub(rf"[ \t]*{_EMOJI}", "", text).strip())
    return out if re.search(r"\w", out) else text


# A feature request's frame before the ask's own verb: "Please add an option to disable X", "It would be great if
# there is an option in the tweaks tab or something like a checkbox to disable X", "It would be nice to be able to
# disable X", "How about adding a checkbox for pausing X" (the model read "add ... disable" as a wish for the other
# state); the frame opens the request, and the ask after it opens with a verb the frame lookahead knows
_WISHING = (
    r"(?:please\s+|pls\s+|kindly\s+)?(?:(?:can|could|would)\s+you\s+(?:please\s+)?)?(?:add(?:ing)?|include|provide|"
    r"implement|give\s+(?:us|me)|make|create|introduce|there\s+(?:is|was|were|be)|have|having|get|an?|need|want|"
    r"suggest|request)\s+"
)
_FEATURE = (
    r"(?:(?:an?|the|some)\s+)?(?:new\s+|simple\s+|quick\s+|easy\s+|built-?in\s+)?(?:option|setting|toggle|check-?box|"
    r"check\s+box|switch|button|way|ability|feature|possibility|function(?:ality)?)s?"
    r"(?:\s+(?:in|on|under|within)\s+[^,.;:!?]{1,40}?)?(?:,?\s+or\s+something\s+like\s+an?\s+\w+)?\s+(?:to|that\s+lets\s+(?:me|you|us)|"
    r"which\s+lets\s+(?:me|you|us))\s+"
)
_WISH = (
    rf"(?i)^\s*(?:{_WISHING}{_FEATURE}|(?:please\s+)?add\s+(?=(?:disable|enable|turn|hide|show|remove)\b)|"
    rf"(?:(?:it\s+)?would|it'?d|would\s+it)\s+be\s+(?:great|nice|good|cool|awesome|helpful|useful|better)\s+(?:if\s+(?:there\s+"
    rf"(?:is|was|were)|you\s+(?:could\s+)?add(?:ed)?|we\s+had|i\s+could|we\s+could)\s+{_FEATURE}?|to\s+(?:be\s+able\s+to\s+|have\s+"
    rf"{_FEATURE})?)|(?:i\s+(?:would|'?d)\s+(?:like|love)\s+)?to\s+be\s+able\s+to\s+)"
)


# A tap or click on the screen before the ask, on a thing it does not name as a setting: "tap on us flag on top left
# and change country to australia" ("top left" had read as a hot corner)
_TAP_FIRST = (
    r"(?i)^\s*(?:tap|click|press)\s+on\s+[^,.;:!?]{1,40}?\s*(?:,\s*|\s+)(?:and\s+)?(?:then\s+)?"
    r"(?=" + _FRAME_VERB + ")"  # the first place the ask's verb follows: the thing tapped may be several words
)


def _unopened(text: str) -> str:
    """The request without the tap on the screen and the feature request's frame it opens with, each taken out
    only where the ask's own verb follows it."""
    out = text
    for opening in (_TAP_FIRST, _WISH):
        m = re.match(opening, out)
        if m and re.match(_FRAME_VERB, out[m.end() :], flags=re.I):
            out = out[m.end() :]
    return _or_whole(out, text)


def _unframed(text: str) -> str:
    """The request without the polite or wishing frame its ask opens with, and without the question mark of a
    frame that asks ("could you enable the wifi?" is "enable the wifi", not a question about it); a closing "for
    me" goes too."""
    text = re.sub(r"(?i)(?<=\w)\s+for\s+me\s*([.!]?)\s*$", r"\1", text)
    m = re.match(_FRAME, text)
    if not m:
        return text
    out = text[m.end() :]
    if re.search(r"(?i)\byou\b", m.group()):
        out = re.sub(r"\?+(\s*)$", r"\1", out)
    return _or_whole(out, text)


def _asked(text: str) -> str:
    """A short question (twelve words at most) with the question mark it was typed without."""
    return f"{text.rstrip()}?" if len(text.split()) <= 12 and re.match(_QUESTION, text) else text


def _without_greeting(text: str) -> str:
    """The request without the greeting it opens with ("hey, open Waze. ..." is "open Waze. ...")."""
    return _or_whole(re.sub(_GREETING, "", text), text)


def _without_platforms(text: str) -> str:
    """The request without the platforms it mentions."""
    if not re.search(rf"(?i)\b(?:{_OS})", text):
        return text

    def unversioned(m: re.Match) -> str:
        if not re.search(_BEFORE, text[: m.start()]) or not re.match(_AFTER, text[m.end() :]):
            return m.group(0)
        return "Windows" if m.group("os").lower() in ("win", "w") else m.group("os")

    out = re.sub(_OPENING, "", text)
    out = re.sub(_CLAUSE_END, "", re.sub(_BRACKETED, "", re.sub(_VERSIONED, unversioned, out)))
    if out == text:
        return text
    return " ".join(out.split()).lstrip(",;: ")


def _without_machines(text: str) -> str:
    """The request with its machine named as a laptop or a computer ("on my dell xps 15" is "on my laptop") and
    without its screen's size."""

    def named(m: re.Match) -> str:
        if m["word"] and not m["maker"] and not re.search(r"\d", m["model"]):
            return m[0]
        return m["pre"] + ("laptop" if m["laptop"] or m["word"] else "computer")

    out = re.sub(_MACHINE, named, text)
    return re.sub(_SIZE, r"\g<pre>", out) if re.search(r"\d", out) else out


# A link, and the words that point to it: "(see https://...)", "More info: https://..."
_URL = r"(?:https?://|www\.)[^\s\"'“”<>]*[^\s\"'“”<>.,;:!?)\]]"
_POINTER = r"(?:see|source|via|ref|cf\.?|more\s+info(?:rmation)?|details|link|info|here)"
_REFERENCE = rf"(?i)\s*\(\s*(?:{_POINTER}\s*:?\s*)?(?P<u1>{_URL})\s*\)|\s*(?:\b{_POINTER}\s*:?\s*)?(?P<u2>{_URL})"
# A link that is a value: what a setting is set to, a picture's or a proxy script's
_URL_VALUE_BEFORE = r"(?i)(?:\bto|\bas|=|\baddress|\bscript|\burl|\bproxy|\bserver|\bfrom)\s*[:=]?\s*[\"'“]?$"
_URL_VALUE = r"(?i)\.(?:jpe?g|png|gif|bmp|webp|tiff?|heic|avif|pac|dat)(?:\?\S*)?$"


def _without_references(text: str) -> str:
    """The request without the links it points to, not those it gives as values."""
    if "http" not in text and "www." not in text:
        return text

    def reference(m: re.Match) -> str:
        url = m["u1"] or m["u2"]
        if re.search(_URL_VALUE, url) or re.search(_URL_VALUE_BEFORE, text[: m.start(1 if m["u1"] else 2)]):
            return m[0]
        pointed = m["u1"] or m[0].strip() != url  # "(see https://...)", "More info: https://..."
        last = not re.search(r"\w", text[m.end() :])  # "... is it working https://..."
        return "" if pointed or last else m[0]  # "use http://proxy.corp:8080 as proxy" keeps its link

    out = re.sub(_REFERENCE, reference, text)
    return " ".join(out.split()) if out != text else text


# What wraps a pasted request: quotes, backticks, Markdown emphasis; a Markdown heading or quote before it, an
# "(edited)" after it
_QUOTES = "\"'“”‘’`"
_LEAD = r"^(?:#{1,6}|>)\s+"
_EDITED = r"(?i)\s*\((?:edited|edit)\)\s*$"


def _unwrapped(text: str) -> str:
    """The request without what wraps it."""
    out = re.sub(_EDITED, "", re.sub(_LEAD, "", text))
    for mark in ("**", "__"):
        if out.startswith(mark) and out.rstrip(".?!").endswith(mark) and mark not in out[2:].rstrip(".?!")[:-2]:
            out = out[2:].rstrip(".?!")[:-2] + out[len(out.rstrip(".?!")) :]
    core = out.rstrip(".?!")
    inner = core[1:-1]
    # an apostrophe inside a word ("what's") is no quote
    if (
        len(core) > 2
        and core[0] in _QUOTES
        and core[-1] in _QUOTES
        and not re.search(rf"[{_QUOTES}]", re.sub(r"(?<=\w)['’](?=\w)", "", inner))
    ):
        out = inner + out[len(core) :]
    return out.strip() if out != text else text


# A machine's parts and its system's updates, as (pattern, what they read as)
_PARTS = (
    (
        r"(?i)\b(?:intel\s+)?(?:core\s+)?i[3579]-?\d{4,5}[a-z]{0,2}\b|\b(?:amd\s+)?ryzen\s+[3579](?:\s+(?:pro\s+)?\d{4}[a-z]{0,2})?\b",
        "CPU",
    ),
    (
        r"(?i)\b(?:nvidia\s+)?(?:geforce\s+)?(?:rtx|gtx)\s*\d{3,4}(?:\s*(?:ti|super))?\b|\b(?:amd\s+)?(?:radeon\s+)?rx\s*\d{3,4}(?:\s*xt)?\b",
        "GPU",
    ),
    (r"(?i)\b\d+(?:\.\d+)?\s*(?:gb|tb|gigs?)\b", ""),
    (
        r"(?i)\(\s*build\s+\d{4,5}(?:\.\d+)?\s*\)|\bKB\d{6,7}\b|\b(?:version\s+)?2\dH[12]\b|\bbuild\s+\d{4,5}(?:\.\d+)?\b",
        "",
    ),
)


def _without_parts(text: str) -> str:
    """The request with its machine's parts named by kind, without their sizes and without update numbers."""
    if not re.search(r"\d", text):
        return text
    out = text
    for pattern, kind in _PARTS:
        out = re.sub(pattern, kind, out)
    if out == text:
        return text
    out = re.sub(r"\(\s*\)|\s+(?=[,.;:!?])", "", out)
    return " ".join(re.sub(r"([,;])(?:\s*[,;])+", r"\1", out).split()).lstrip(",;: ")


# A clause that only says what the machine is, at the request's or a sentence's start and after a lead-in or before
# "here": "I have a laptop.", "My PC: Dell desktop.", "Lenovo laptop here,", "I'm on a gaming laptop with Windows 11."
# ("the left pane shows desktop, ..." is no such clause). Its words ("laptop", "desktop",
# "PC") name settings (Find my device, the This PC icon) but ask for nothing.
_MACHINE_NOUN = (
    r"(?:laptop|desktop(?:\s+pc)?|pc|computer|notebook|machine|workstation|tablet|ultrabook|rig|chromebook|cpu|gpu|ram|"
    r"ssd|hdd|memory|processor|graphics\s+card)"
)
_FILLER = r"(?!(?:screen|display|monitor|battery|keyboard|mouse|touchpad|touch|pad|camera|sound|speakers?|bluetooth|wifi)\b)[\w!-]+"
_LEAD_IN = (
    r"(?:i\s+(?:have|own|use|got)|i've\s+got|i'm\s+(?:using|on)|i\s+am\s+(?:using|on)|using|"
    r"my\s+(?:pc|setup|system|machine|computer|laptop|rig)(?:\s+is|\s*:))"
)
_SYSTEM_AFTER = r"(?:\s+(?:with|running|on)\s+(?:windows|ubuntu|linux|gnome|fedora|debian)(?:\s+\d+)?)?"
_DESCRIPTION = (  # after a lead-in ("I have", "My PC:") or before "here"
    rf"(?i)(?:^|(?<=[.!?]\s))(?:{_LEAD_IN}\s+(?:(?:a|an|my|the)\s+)?(?:{_FILLER},?\s+){{0,4}}{_MACHINE_NOUN}(?:\s+here)?|"
    rf"(?:{_FILLER},?\s+){{0,3}}{_MACHINE_NOUN}\s+here){_SYSTEM_AFTER}\s*(?:[.!;:,]\s+|$)"
)


def _without_descriptions(text: str) -> str:
    """The request without clauses that only say what the machine is (when something is left)."""
    if not re.search(rf"(?i){_MACHINE_NOUN}", text):
        return text
    out = re.sub(_DESCRIPTION, "", text).strip()
    return out if out != text and re.search(r"\w", out) else text
