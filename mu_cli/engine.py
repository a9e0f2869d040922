"""Request -> Plan: input checks, routing between the model and the lexical resolver, confidence.

The engine loads once per process (batch mode reuses it). The model is used when `model/` holds one
trained for this catalog; otherwise the lexical resolver answers and `engine.notice` says why.
"""

from __future__ import annotations

import functools
import re
import time
import unicodedata
from dataclasses import replace
from pathlib import Path

from .calls import NO_CALL, Call, Candidate, Plan, Route, Status, names_a_level
from .catalog import Catalog
from .context import without_context
from .errors import ModelError, UsageError
from .settle import PATH_SPAN, settle, titled, unknown_value, with_dependents, written_numbers
from .support import _GOES_THERE, EVERY_APP, is_slip, runs_a_tool, words

MAX_REQUEST_CHARS = 2000
# Confidence at or above which calls are acted on, and above which candidates are listed (ambiguous);
# below both: not understood. The model's thresholds maximise exact match on held-out synthetic
# phrasing families and real-dev together (never the hidden set); the lexical resolver's confidence is on
# another scale.
THRESHOLDS = {Route.MODEL: (0.25, 0.1), Route.SEARCH: (0.5, 0.25)}
# In a request with several calls, a call whose own confidence is below this is dropped (the others stand);
# set on held-out synthetic pairs and real-dev together.
CALL_DROP = 0.3
# ... and one below this stays only when the request's words name it (the lexical search's score at NAMING_LEAST or
# more); among several calls on dev, real-dev and 5,300 synthetic requests, every right one at 0.3-0.7 was named
# (scores 12-23) and two wrong ones were not (2-4)
NAMED_BELOW = 0.6
# A model sure there is no call (the stop token's probability) is not asked for candidates.
NO_CALL_SURE = 0.5
# When an uncertain target is reviewed, how well the request's words name each rival (the lexical search's
# score) adds to the model's log-probability: NAMING_WEIGHT per point above NAMING_LEAST (one common word, "bar"
# in "foo bar baz", names nothing). Set on held-out synthetic pairs and real-dev together.
NAMING_WEIGHT, NAMING_LEAST = 0.75, 5.0

# A sentence read alone answers for a request that gave nothing to act on only at this confidence (a second
# reading must be surer than a first); set on held-out synthetic pairs and real-dev together.
SENTENCE_ACT = 0.5
# ... and a whole's own call at least this sure keeps its value when a sentence finds the same setting
WHOLE_SURE = 0.9
CONFIRMING_PARTS = 6  # the most parts of an unsure request read alone to confirm its calls (Engine._confirmed)
# A call no word of the request names stands when the model is this sure of it and at least KNOWN_SHARE of the
# request's words are words it learned whole ("invert the bt", "hz 170", "switch wpsd": a shorthand or a slip of
# a name); a run of letters ("dndj", "hsifoagm gvcjtx") is read in pieces and gives nothing. On 3,000 random strings
# and 3,000 real requests that are not settings, none stands; on 20,000 synthetic requests, 199 right ones do.
UNNAMED_SURE, KNOWN_SHARE = 0.97, 0.6
# How sure the way to the page where one app is switched is, for an ask about one app's start at sign-in or its
# notifications (support.app_page): a reading of the words, not the model's probability
APP_PAGE = 0.9
STATED_SURE = 0.9  # how sure a setting named whole, with a value of its checked form stated elsewhere, is
# The joint of a list that is not "and": "turn off bluetooth as well as wifi"
_AS_WELL_AS = r"(?i)\s+as\s+well\s+as\s+"  # not "along with": "colour to change along with my wallpaper"
# A command to set or change a thing ("update my timezone", "change the keyboard layout"); not a question of what
_SET_IT = r"(?i)\b(?:set|change|update|switch|adjust|fix|correct|use)\b"
PATH_PAGE = 0.9  # how sure a page a UI path names is


# Where a request splits into its sentences or steps: after . ! ? ; before a numbered step ("2. "), at UI path
# arrows ("Settings > Display", "->") and at bullets (" - "). Patterns as text: compiled (and cached by re) only
# by the requests that need them, not at every start.
_SENTENCE_BREAK = r"(?<=[.!?;])\s+|\s*(?:->|→|>)\s*|\s+(?=\d[.)]\s)|\s+-\s+|,?\s+and\s+then\s+|,\s+then\s+"
# A step that names a file only as "this image", "the edited image", "it" ("..., save the edited image as
# "/home/me/b.png", and then set this edited image as the desktop background") means the last path named before it
# (settle.PATH_SPAN)
_FILE_REFERENCE = (
    r"(?i)\b(?:this|that|the)(?:\s+(?:edited|combined|new|downloaded|resulting|saved|final|modified|same|merged|"
    r"cropped|resized))?\s+(?:image|picture|photo|pic|file)\b|\bit\b"
)
# Clearing, once, what a setting keeps: "clear the clipboard history", "delete my search history"
_CLEARING = (
    r"(?i)\b(?:clear(?!\s+away)|delete|erase|wipe|purge|empty|flush)\s+(?:out\s+)?(?:all\s+)?(?:of\s+)?(?:the\s+|my\s+|your\s+)?"
    r"(?:[\w-]+\s+){0,2}(?:history|cache|clipboard|log|logs|data)\b"
)
# Two things one verb applies to: "turn up the volume and brightness", "lower volume, brightness"
_TWO_THINGS = r"^(?P<left>[^,;.!?]+?)\s*,?\s+(?:and|&)\s+(?P<right>(?:[^\s,;.!?]+\s*){1,4}?)[.!?]*$"
_ARTICLES = frozenset({"the", "my", "a", "your"})
# A request that opens with a command, and a second command after it ("... and set ...", ", then turn ...")
_CHANGE_VERBS = (
    r"(?:set|turn|enable|disable|change|make|switch|mute|unmute|increase|decrease|raise|lower|show|hide|put)"
)
_COMMAND_START = rf"(?i)^\s*(?:please\s+|pls\s+|can\s+you\s+|could\s+you\s+)?{_CHANGE_VERBS}\b"
_SECOND_COMMAND = rf"(?i)(?:\s*[,;]\s*|\s+)(?:and\s+|then\s+|and\s+then\s+|also\s+)+(?P<verb>{_CHANGE_VERBS})\b"
# What an ask is for, ending the request: "... to speed things up", "... to save battery", "... for better performance"
_PURPOSE = (
    r"(?i)(?:\s*,\s*|\s+)(?:(?:in\s+order\s+)?to\s+(?:speed|save|improve|boost|conserve|extend|protect|free|help|"
    r"make\s+(?:it|things|the\s+(?:pc|computer|laptop|system))\s+(?:faster|snappier|quicker|smoother|more))\b|"
    r"for\s+(?:a\s+)?(?:better|faster|smoother|more|less|improved|extra|max(?:imum)?)\s+\w+)[^,;.!?]*[.!]?\s*$"
)
# A verb that switches things on or off: it may govern two things or a list (_SHARED_HEAD, _SWITCHING_BEFORE,
# _LEADING_VERB)
_SWITCHING = (
    r"(?:(?:turn|switch)\s+(?:on|off)|enable|disable|hide|show|mute|unmute|remove|block|allow|activate|deactivate)"
)
# Two things that share the noun after them: "hide the recycle bin and This PC icons from my desktop"
_SHARED_HEAD = (
    rf"(?i)^(?P<verb>.*?\b(?:{_SWITCHING}|add)\s+"
    r"(?:the\s+|my\s+|all\s+)?)(?P<a>(?:[\w-]+\s+){0,3}?[\w-]+)\s*,?\s+(?:and|&)\s+(?:the\s+)?"
    r"(?P<b>(?:[\w-]+\s+){0,3}?[\w-]+)\s+(?P<head>icons|buttons|notifications|sounds|shortcuts)\b(?P<rest>.*)$"
)
# "it" turned on or off after a page is opened: "Open Bluetooth settings and turn it on"
_IT_SWITCHED = (
    r"(?i)\b(?:and|then|,)\s+(?:then\s+)?(?:(?:turn|switch)\s+(?:it|this|that)\s+(?P<state>on|off)|"
    r"(?P<verb>enable|disable|activate|deactivate)\s+(?:it|this|that))\b"
)
# A verb that switches, just before the first of two things it switches ("turn off both the camera and the mic")
_SWITCHING_BEFORE = rf"(?i)\b{_SWITCHING}(?:\s+both)?(?:\s+(?:the|my))?\s*$"
# A verb that opens a request and may govern all it lists: "Hide the search box and the task view button"
_LEADING_VERB = rf"(?i)^\s*(?:please\s+)?{_SWITCHING}\s+"
# A step of a UI path: "Settings > System > Display", "Win Button -> Keyboard -> Repeat Interval"
_STEP = r"\s*(?:->|→|>|»)\s*"
# A verb that commands a change: a page a request names before one is the way to it (Engine._way_to, _path_page)
_A_CHANGE = r"(?i)\b(?:turn|switch|set|enable|disable|change|toggle|check|uncheck|activate|deactivate|select|choose)\b"
_ANOTHER_APP = "the ask is inside another app; mu changes the system's settings, not an app's own"
_A_TOOL = "running a program of the system is no setting; mu changes settings, it does not start programs"
_ONE_APP_ONLY = "the change is asked for one app alone; the system's settings change it for every app"
# A first step to the Settings app's start page: "Go to settings and ...", "open settings, then ..."
_TO_SETTINGS = (
    r"(?i)^\s*(?:please\s+)?(?:go\s+to|open(?:\s+up)?|launch|navigate\s+to|head\s+to)\s+(?:the\s+|my\s+)?"
    r"(?:system\s+)?settings(?:\s+app)?(?:\s*[,.;]\s*(?:and\s+)?(?:then\s+)?|\s+(?:and\s+)?then\s+|\s+and\s+)(?=\w)"
)
# A last step that closes a procedure and names no setting: "..., and confirm", "then click OK", "apply the changes"
_CLOSING_STEP = (
    r"(?i)(?:[,;.]\s*|\s+)(?:and\s+)?(?:then\s+)?(?:confirm|apply|save|ok|(?:click|press|tap)\s+(?:on\s+)?(?:ok|apply|save))"
    r"(?:\s+(?:it|them|the\s+changes?|changes?))?[\s.!]*$"
)
# The comma before a list's last item, when no comma, "and" or "or" follows within three words: "remove widgets, chat
# from the taskbar", "turn off location, camera, microphone" (not "yes, ..." or ", please ...")
_LAST_COMMA = (
    r"(?i),\s*(?!(?:and|or|then|but|so|please|pls|thanks|thank|also|because|since|if|when|while|i|it|this|that|"
    r"which|who|where|as)\b)(?=\w)(?!\S+(?:\s+\S+){0,2}?\s*(?:,|\band\b|&|\bor\b))"
)
# A list whose bullets share what comes before its colon: "Disables the icons on the taskbar for: - Chat/Teams -
# Search Bar - Task View - Widgets" is four asks
_LISTED = r"^(?P<prefix>[^:]{3,160}?):\s*(?P<items>[-*•]\s.+)$"
_BULLET = r"(?:^|\s)[-*•]\s+"
_LIST_VERB = (
    r"(?i)\b(?:disable|enable|turn|switch|remove|hide|show|set|change|make|activate|deactivate|mute|unmute|block|"
    r"allow|stop|put|increase|decrease|lower|raise|get\s+rid\s+of)(?:s|d|es|ed|ing)?\b"
)


def sentences(text: str) -> list[str]:
    """The request's sentences and steps of two words or more, in order (one part: the request is one); a step
    that names a picture only as "this image" or "it" names the last path before it."""
    parts = [p.strip(" .,") for p in re.split(_SENTENCE_BREAK, text)]
    parts = [p for p in parts if len(p.split()) >= 2]
    last = None
    for i, part in enumerate(parts):
        paths = [m["quoted"] or m["bare"] for m in re.finditer(PATH_SPAN, part)]
        if not paths and last and re.search(r"(?i)background|wallpaper", part):
            parts[i] = re.sub(_FILE_REFERENCE, f'"{last}"', part, count=1)
        last = paths[-1] if paths else last
    return parts


def _phrase(text: str) -> str:
    """`text` as lower-case words between spaces, to find one name inside another (" game bar " in a request)."""
    return f" {' '.join(re.findall(r'[a-z0-9]+', text.lower()))} "


def check_request(text: str) -> str:
    """The request, tidied; UsageError for empty, oversized or binary input."""
    if text is None or not text.strip():
        raise UsageError('empty request: say what to change, e.g. mu ask "turn on dark mode"')
    if len(text) > MAX_REQUEST_CHARS:
        raise UsageError(f"request too long ({len(text)} characters; the limit is {MAX_REQUEST_CHARS})")
    bad = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\t\n\r")
    if bad or "\ufffd" in text:
        raise UsageError("request contains binary or control characters; give plain text")
    return " ".join(text.split())


@functools.lru_cache(maxsize=4)
def _page_names(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """Each page's title (with and without its parenthesis) and alias, lower-cased, with the pages it names, then the
    pages of the settings each setting title and alias names (Engine._named_page)."""
    out: dict[str, list[str]] = {}
    for p in catalog.pages.values():
        for n in {p.title.lower(), re.sub(r"\s*\(.*\)", "", p.title.lower()), *(a.lower() for a in p.aliases)}:
            out.setdefault(n, []).append(p.id)
    for n, ids in titled(catalog).items():
        out.setdefault(n, []).extend(catalog.settings[i].page for i in ids if catalog.settings[i].page in catalog.pages)
    return {n: tuple(ids) for n, ids in out.items()}


_UNREAD = "no words mu can read: mu reads requests in English"
# Letters of the Latin script (ASCII, Latin-1 and Latin Extended): a request mostly in others is in another language
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def _other_script(text: str) -> bool:
    """Whether most of the request's letters are of another script than the Latin one ("怎么把系统语言设置成英文")."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and sum(1 for ch in letters if _LATIN.match(ch)) * 2 < len(letters)


_NEW_FEATURE = "the request asks for an option that acts on an event no setting of this catalog knows"


class Engine:
    """Requests in, plans out: the model's calls (or the lexical search's), checked against the catalog.

    `runtime`: a loaded model runtime to answer with (the bench passes one built its own way); without it the
    model in `model_dir` (default: the one mu runs) is loaded on first use, unless `use_model` is False."""

    def __init__(self, catalog: Catalog, model_dir: Path | None = None, use_model: bool = True, runtime=None):
        self.catalog = catalog
        self.model_dir = model_dir
        self.use_model = use_model or runtime is not None
        self.notice = ""
        self._index = None
        self._rules = None
        self._support = None
        self._speller = None
        self._runtime = runtime
        self._runtime_tried = runtime is not None

    @property
    def index(self):
        if self._index is None:
            from .search import SearchIndex

            self._index = SearchIndex.of(self.catalog)
        return self._index

    @property
    def runtime(self):
        """The model runtime, or None (with `notice` saying why) when there is no usable model."""
        if not self._runtime_tried and self.use_model:
            self._runtime_tried = True
            from .paths import model_dir

            directory = self.model_dir or model_dir()
            if not (directory / "model.json").is_file():
                self.notice = f"no trained model in {directory}: using lexical search (run `mu train`)"
                return None
            try:
                from .runtime import open_runtime

                self._runtime = open_runtime(directory, self.catalog)
            except ModelError as exc:
                self.notice = f"{exc}; using lexical search meanwhile"
        return self._runtime

    def plan(self, request: str) -> Plan:
        query = check_request(request)
        text = without_context(query)  # "... in windows 11?": the version is no value, the platform no setting
        t0 = time.perf_counter()
        runtime = self.runtime  # the model loads on the first request: timed apart from the request itself
        t1 = time.perf_counter()
        refused = getattr(runtime, "refused", [])  # (setting, why) of calls this request's readings dropped
        refused.clear()
        mended = self.speller.mend(text) if runtime is not None else text  # "turn on blutooth"
        mended = re.sub(_AS_WELL_AS, " and ", mended)  # "lower the brightness as well as the volume": a list
        plan = self._plan(runtime, mended, t0, t1)
        if mended != text and any(self._not_copied(c, text, mended) for c in plan.calls):
            plan = self._plan(runtime, text, t0, t1)  # a value copied from a mended word: read as typed
        if not plan.calls:  # a new option and an option wished on are readings of calls
            return replace(self._refusal(text, plan, refused), query=query)
        asked = self.speller.mend(query) if runtime is not None else query  # "Add option to disanle X": disable
        if self.support.new_feature(asked, plan.calls):
            plan = replace(plan, calls=(), status=Status.NOT_UNDERSTOOD, candidates=(), explanation=_NEW_FEATURE)
        plan = replace(plan, calls=tuple(self.support.wished_on(asked, plan.calls)))
        return replace(plan, query=query)

    def _refusal(self, text: str, plan: Plan, refused) -> Plan:
        """A request not understood because the value it gives a setting it names was refused says so ("set the
        default browser to notepad": no web browser mu knows); not a setting read into noise ("xqzv" as a
        resolution)."""
        if plan.status != Status.NOT_UNDERSTOOD or plan.explanation != NO_CALL:
            return plan
        named = [why for sid, why in refused if self.support.backs(text, sid)]
        return replace(plan, explanation=named[-1]) if named else plan

    @property
    def speller(self):
        """What mends slips of the catalog's words (spelling.Speller), made on first use."""
        if self._speller is None:
            from .spelling import Speller

            support = self.support
            self._speller = Speller(lambda: support.spelt, getattr(self._runtime, "holds", lambda word: False))
        return self._speller

    def _not_copied(self, call: Call, text: str, mended: str) -> bool:
        """Whether `call` writes a text copied from a mended word: in the `mended` request, not in the typed `text`
        (a value the request names, "cloudfare dns" as Cloudflare's addresses, is in neither)."""
        s = self.catalog.settings.get(call.setting or "")
        value = str(call.value).lower()
        return s is not None and s.kind == "text" and value not in text.lower() and value in mended.lower()

    def _plan(self, runtime, text: str, t0: float, t1: float) -> Plan:
        """The plan for the request as mu reads it (`text`: its context out, its slips mended)."""
        wordless = re.search(r"[^\W\d_]", text) is None  # "0.0.0.0", "60": no word says what to set to it
        # "tumwqqy qdeu fmgjk", "怎么把系统语言设置成英文": asked only where a model reads the request
        unread = runtime is not None and (_other_script(text) or self.speller.noise(text))
        if runtime is not None and (wordless or unread):
            plan = self._decide(text, [], 0.0, [], Route.MODEL, {"total": (time.perf_counter() - t1) * 1000})
            return replace(plan, explanation=_UNREAD) if unread else plan
        if runtime is not None:
            calls, conf, cands, route = self._model(runtime, text)
            if not calls and len(text.split()) <= 2 and conf < THRESHOLDS[Route.SEARCH][0]:
                calls, conf, cands, route = self._lexical(text) + (Route.SEARCH,)
        else:
            calls, conf, cands, route = self._lexical(text) + (Route.SEARCH,)
        elsewhere = self._elsewhere(text)  # "in the X app, turn on dark mode", "factory reset my laptop"
        one_app = None if elsewhere else self.support.app_page(text)  # "stop Spotify from opening at startup"
        scoped = None if elsewhere or one_app else self.support.for_one_app(text, calls)  # "... for a single program"
        if scoped == "":
            elsewhere = _ONE_APP_ONLY
        one_app = one_app or scoped
        if elsewhere and calls:
            calls, conf = [], 1.0
        elif one_app:  # the ask's own words chose the page where that app is switched
            calls, conf, cands = [Call("open", page=one_app, confidence=APP_PAGE)], APP_PAGE, []
        else:
            calls, conf = self._earned(text, self._settled(text, calls), conf)
            calls = self._cleared(text, self._only_page(text, calls))
        cands = [c for c in cands if self.support.backs(text, c.setting or c.page or "")]
        if route == Route.MODEL and not elsewhere and not one_app:
            calls, conf, cands = self._reread(runtime, text, calls, conf, cands)
        calls = self.support.outside_known_apps(text, calls)  # "Change the tab size to 4 spaces in VS Code"
        elapsed = {"total": (time.perf_counter() - t1) * 1000}  # the request's whole reading, sentences included
        if t1 - t0 >= 0.001:
            elapsed["model_load"] = (t1 - t0) * 1000
        calls = self._with_prerequisites(with_dependents(text, self._with_targets(text, calls), self.catalog))
        plan = self._decide(text, calls, conf, list(cands), route, elapsed)
        return self._explained(text, plan, elsewhere)

    def _explained(self, text: str, plan: Plan, elsewhere: str | None) -> Plan:
        """A plan not understood says why where the request says it: an ask elsewhere (_elsewhere), or one whose
        clauses are all inside another app (Support.outside_known_apps)."""
        if plan.status != Status.NOT_UNDERSTOOD:
            return plan
        if elsewhere is None and self.support.placed_in_apps(text):
            elsewhere = _A_TOOL if runs_a_tool(text) else _ANOTHER_APP
        return replace(plan, explanation=elsewhere) if elsewhere else plan

    def _elsewhere(self, text: str) -> str | None:
        """Why the ask is none of the system's settings, where the request says so: an ask inside another app, or
        one to reset or reinstall the system itself (support.Support); None otherwise."""
        if self.support.in_another_app(text):
            return _ANOTHER_APP
        if self.support.does_itself(text):
            return "resetting or reinstalling the system is no setting; mu changes settings (the Recovery page does it)"
        if self.support.edits_a_file(text):
            return "editing a file is no setting; mu changes settings, not files"
        if self.support.in_a_room(text):
            return "a device in a room of a home is no setting of this computer"
        return None

    def _reread(self, runtime, text: str, calls: list[Call], conf: float, cands: list[Candidate]):
        """The model's reading of the whole, or of its list's items or its sentences where those answer better."""
        if not calls and re.search(EVERY_APP, text):
            calls, conf = self._for_every_app(runtime, text, calls, conf)
        if ":" in text:
            calls, conf = self._by_items(runtime, text, calls, conf)
        if not calls or conf < THRESHOLDS[Route.MODEL][0] or runtime.cut(text):
            # nothing to act on in the whole, or a whole the model read only the start of: perhaps in one of its
            # sentences or steps
            calls, conf, cands = self._by_sentence(runtime, text, calls, conf, cands)
        calls, conf = self._without_purpose(runtime, text, calls, conf)
        if calls and conf < THRESHOLDS[Route.MODEL][0]:
            calls, conf = self._confirmed(runtime, text, calls, conf)
        calls = self._second_item(
            runtime, text, self._shared_verb(runtime, text, self._shared_head(runtime, text, calls))
        )
        calls = self._last_listed(runtime, text, calls)
        calls, conf = self._past_the_lead(runtime, text, self._past_the_way(runtime, text, calls), conf)
        calls = self._page_switch(text, self._second_command(runtime, text, calls))
        page = self._path_page(text, calls, conf)
        return ([Call("open", page=page, confidence=PATH_PAGE)], PATH_PAGE, []) if page else (calls, conf, cands)

    def _for_every_app(self, runtime, text: str, calls: list[Call], conf: float) -> tuple[list[Call], float]:
        """ "turn off notifications for every app" gave nothing (the model took it for one app's ask): every app is
        the system-wide setting, so the request is read again without those words; its calls answer when the model is
        sure of each (WHOLE_SURE) and the request's words back it."""
        got, got_conf = self._read(runtime, re.sub(EVERY_APP, " ", text))
        return (got, got_conf) if got and self._sure_and_backed(got, text) else (calls, conf)

    def _path_page(self, text: str, calls: list[Call], conf: float) -> str | None:
        """ "Win Button -> Keyboard -> Repeat Interval/Repetition Rate." gave nothing, "System > Display > Advanced
        display" HDR on: a UI path (steps between ">", "->" or "→") read as no call to act on, or, where the request
        is only the path's short steps and commands no change, as switches the model is unsure of, opens the deepest
        page a step names (by a page's or a setting's title or alias, whole)."""
        acting = calls and conf >= THRESHOLDS[Route.MODEL][0]
        steps = re.split(_STEP, text.strip(" .")) if re.search(_STEP, text) else []
        only_steps = all(len(p.split()) <= 5 and not re.search(r"[.;!?,:]\s*\w", p) for p in steps)
        if acting and not (only_steps and not re.search(_A_CHANGE, text)):
            return None  # the model read a change from words besides the path's steps
        if acting and any((c.confidence or 0.0) >= WHOLE_SURE for c in calls):
            return None
        if acting and not all(c.action == "toggle" or c.action == "set" and isinstance(c.value, bool) for c in calls):
            return None  # a value copied or chosen ("... > Address: http://localhost:2000/proxy.pac") is the ask
        for i in range(len(steps) - 1, 0, -1):
            found = self._named_page(re.split(r"[.;!?]", steps[i])[0], " ".join(steps[:i]))
            if found:
                return found
        return None

    def _named_page(self, step: str, before: str = "") -> str | None:
        """The page a path's step names whole (a page's title, with or without its parenthesis, or alias, or a
        setting's title or alias: its page), of several the one whose area the steps `before` it name ("Accessibility
        > Keyboard": Keyboard (accessibility)), or None."""
        areas = getattr(self.catalog, "areas", {})
        earlier = " ".join(re.findall(r"[a-z0-9&']+", before.lower()))
        index = _page_names(self.catalog)
        for part in [step.lower(), *re.split(r"\s*/\s*", step.lower())]:
            pages = [self.catalog.pages[p] for p in index.get(" ".join(re.findall(r"[a-z0-9&']+", part)), ())]
            if pages:
                placed = [p for p in pages if areas.get(p.area, p.area).lower() in earlier or p.area in earlier]
                return (placed or pages)[0].id
        return None

    def _second_command(self, runtime, text: str, calls: list[Call]) -> list[Call]:
        """ "Enable num lock at startup and set the keyboard repeat rate to fast" gave Num Lock alone: a command
        followed by a second command ("and set ...", ", then turn ...") where the model gave one call is read again
        from the second command on; its calls of other settings stand when the model is sure of each (WHOLE_SURE) and
        the second command's words name each, and the first call is named before it."""
        second = re.search(_SECOND_COMMAND, text) if len(calls) == 1 and re.match(_COMMAND_START, text) else None
        if second is None or not self.support.supports(text[: second.start()], calls[0]):
            return calls
        rest = text[second.start("verb") :]
        got, _ = self._read(runtime, rest)
        added = [c for c in got if c.setting and c.setting != calls[0].setting]
        if added and all((c.confidence or 0.0) >= WHOLE_SURE and self.support.supports(rest, c) for c in added):
            return calls + added
        return calls

    @property
    def support(self):
        """What says whether the request's words back a call (support.Support), made on first use."""
        if self._support is None:
            from .support import Support

            self._support = Support(self.catalog)
        return self._support

    def _settled(self, text: str, calls: list[Call]) -> list[Call]:
        """The calls squared with the request (settle), a call the model doubts among several (which _earned drops)
        left out of the reading, so that "set scale to 150" with a doubted second call is still one call's ask."""
        sure = [c for c in calls if c.confidence is None or c.confidence >= CALL_DROP] if len(calls) > 1 else calls
        sure = sure or calls
        out = settle(text, sure, self.catalog)
        why = unknown_value(text, sure[0], self.catalog) if len(sure) == 1 and not out else None
        if why and self._runtime is not None:  # the request says so: "... 'banana' is no value of Screen timeout"
            self._runtime.refused.append((sure[0].setting, why))
        return out + [c for c in calls if c not in sure]

    def _earned(self, text: str, calls: list[Call], conf: float) -> tuple[list[Call], float]:
        """Only calls that earn their place: one the request's words do not support goes, and so does, among
        several, one the model itself doubts (its doubt still lowers the plan's confidence)."""
        backed = [  # a sure call no word names is no neighbour's either ("increase the resolution": not Brightness)
            c
            for c in calls
            if self.support.supports(text, c) or self._sure_unnamed(text, c) and not self.support.a_neighbours(text, c)
        ]
        # a call for something else the request names: "one handed mode" (a phone's) no sticky keys, "touch screen"
        # no touchpad, "wifi power saving" no Wi-Fi
        other = (self.support.phone_only, self.support.another_device, self.support.a_part_named)
        other += (self.support.another_things_head, self.support.a_size_for_a_switch)
        backed = [c for c in backed if not any(named(text, c) for named in other)]
        if calls and not backed:
            return [], 1.0  # nothing in the request backs a call: not understood, not a picker
        if len(backed) < len(calls):  # the unsupported ones' doubts no longer count
            conf = min(c.confidence if c.confidence is not None else conf for c in backed)
        kept = [c for c in backed if self._holds(text, c)] if len(backed) > 1 else backed
        kept = kept or backed
        # "open settings and turn off X": the way to a change mu makes is no separate call; "mute off, then get me to
        # the volume settings" asks for the page after the change, and keeps it
        if any(c.setting for c in kept):
            kept = [c for i, c in enumerate(kept) if c.setting or not self._way_to(text, c.page, kept[i + 1 :], kept)]
        return kept, conf

    def _way_to(self, text: str, page: str | None, later: list[Call], every: list[Call]) -> bool:
        """Whether going to `page` is only the way to a change that follows it (or the settings' home is), or to a
        change in the area it is the start page of that the request asks after naming it ("go to Accessibility, then
        Keyboard, and switch on Sticky keys"; not "turn on sticky keys, then take me to accessibility settings")."""
        pages = {self.catalog.settings[c.setting].page for c in later if c.setting}
        if pages and (page == "home" or page in pages):
            return True
        start = self.catalog.pages.get(page or "")
        if start is None:
            return False
        named = [m.end() for n in (start.title, *start.aliases) for m in re.finditer(rf"(?i)\b{re.escape(n)}\b", text)]
        before_change = bool(named) and re.search(_A_CHANGE, text[min(named) :]) is not None
        if before_change and re.match(_TO_SETTINGS, text) and any(c.setting for c in every):
            return True  # "Open the settings app, go to Display and switch on dark theme": a step on the way there
        changed = {self.catalog.settings[c.setting].page for c in every if c.setting}
        return start.area == start.id and any(self.catalog.pages[p].area == start.id for p in changed) and before_change

    def _sure_unnamed(self, text: str, call: Call) -> bool:
        """Whether a call no word names stands: the model sure of it in a request of words it knows (UNNAMED_SURE)."""
        known = getattr(self._runtime, "known_share", None)
        return (call.confidence or 0.0) >= UNNAMED_SURE and known is not None and known(text) >= KNOWN_SHARE

    def _only_page(self, text: str, calls: list[Call]) -> list[Call]:
        """A request that names a page by a name of two words or more ("how do i re-enable game bar?": the Xbox Game
        Bar page) and none of the words of its title that set the model's unsure switch on it apart ("Show Game Bar
        tips at startup": tips, startup), nor one of its names whole, asks for the page: that one switch was a guess."""
        if len(calls) != 1 or not calls[0].setting or (calls[0].confidence or 0.0) >= WHOLE_SURE:
            return calls
        s = self.catalog.settings[calls[0].setting]
        said = _phrase(text)
        looked_at = self._looked_at(said, s) if calls[0].action == "get" else None
        if looked_at is not None:  # "check my data usage" read Metered connection's state: Advanced network
            return [Call("open", page=looked_at, confidence=calls[0].confidence)]
        page = self.catalog.pages.get(s.page)
        names = [n for n in (page.title, *page.aliases) if len(n.split()) >= 2] if page and s.kind == "toggle" else []
        if not any(_phrase(n) in said for n in names) or any(_phrase(n) in said for n in (s.title, *s.aliases)):
            return calls  # no page named, or the switch named whole
        own = set(words(s.title)) - {w for n in (page.id, page.title, *page.aliases) for w in words(n)}
        told = set(words(text))
        if not own or own & told or any(is_slip(w, o) for w in told for o in own):
            return calls
        return [Call("open", page=page.id, confidence=calls[0].confidence)]

    def _looked_at(self, said: str, s) -> str | None:
        """The one page other than setting `s`'s that the request (`said`, as _phrase gives it) names whole by a name
        of two words or more, where it names none of `s`'s names whole: what a request to see something ("check my
        data usage") looks at."""
        if any(_phrase(n) in said for n in (s.title, *s.aliases)):
            return None
        named = {
            p.id
            for p in self.catalog.pages.values()
            if p.id != s.page and any(len(n.split()) >= 2 and _phrase(n) in said for n in (p.title, *p.aliases))
        }
        return named.pop() if len(named) == 1 else None

    def _cleared(self, text: str, calls: list[Call]) -> list[Call]:
        """Clearing what a switch keeps ("clear the clipboard history", "wipe my location history") is done once on
        its page, not by turning the switch off (the model did): a switch call in such a request opens its page."""
        if not re.search(_CLEARING, text):
            return calls
        out = []
        for c in calls:
            s = self.catalog.settings.get(c.setting or "")
            if s is not None and s.kind == "toggle" and c.action in ("set", "toggle"):
                c = Call("open", page=s.page, confidence=c.confidence)
            if c not in out:
                out.append(c)
        return out

    def _holds(self, text: str, call: Call) -> bool:
        """Whether a call among several stays: not one the model doubts (below CALL_DROP), and one it is unsure of
        (below NAMED_BELOW) only when the request's words name it ("Unable to pause updates for 2 weeks. button is
        disabled" also gave the power button's action at 0.56: "button" names nothing)."""
        if call.confidence is None or call.confidence >= NAMED_BELOW:
            return True
        key = ("setting", call.setting) if call.setting else ("page", call.page)
        return call.confidence >= CALL_DROP and self.index.scores(text, [key]).get(key, 0.0) >= NAMING_LEAST

    def _with_targets(self, text: str, calls) -> list[Call]:
        """Per-device settings get the device the request names ("both monitors", "external screen")."""
        from .targets import target_words

        wanted = target_words(text)
        if wanted is None:
            return list(calls)
        return [
            replace(c, target=wanted) if c.setting and self.catalog.settings[c.setting].per_device else c for c in calls
        ]

    def _with_prerequisites(self, calls: list[Call]) -> list[Call]:
        """A change to a setting that takes effect only while another is in a state (the catalog's `requires`: the
        number of workspaces only while they are not dynamic) sets that state first, unless the plan sets it."""
        out: list[Call] = []
        for c in calls:
            needed = self.catalog.prerequisites(c.setting, c.action, {o.setting for o in [*calls, *out]})
            out += [Call("set", rid, value=v, confidence=c.confidence) for rid, v in needed]
            out.append(c)
        return out

    def _model(self, runtime, text: str):
        """The model on the whole request (several asks in one request come out as several calls); a setting the
        request names by its technical name (settle_technical) is that setting, as sure as such a name is."""
        from .technical import NAMED_SURE, settle_technical, without_names  # only once a request is read

        calls, conf, cands = runtime.predict(text, prefer=self._naming)
        if not calls and re.search(_SET_IT, text):
            stated = self._stated_for_named(text, cands)
            if stated is not None:  # "I moved to Tokyo, update my timezone": the value is in the preamble
                return [stated], STATED_SURE, [], Route.MODEL
        named = settle_technical(text, calls, self.catalog)
        if named != list(calls):  # the rest of the request read alone: its sure calls that it names are other asks
            rest = without_names(text, self.catalog)
            others = runtime.predict(rest, prefer=self._naming)[0] if len(rest.split()) >= 3 else []
            ids = {c.setting for c in named}
            others = [c for c in others if c.setting not in ids and (c.confidence or 0.0) >= WHOLE_SURE]
            calls, conf, cands = named + [c for c in others if self.support.supports(rest, c)], NAMED_SURE, []
        return calls, conf, cands, Route.MODEL

    def _stated_for_named(self, text: str, cands: list[Candidate]) -> Call | None:
        """The call for a candidate setting of checked values (a time zone, a language, a layout, a browser ...)
        that the request names by its title or an alias and states one value of elsewhere ("I moved to Tokyo,
        update my timezone": Asia/Tokyo), when the model read no call; None otherwise."""
        from .calls import domain_value
        from .runtime.spans import stated_value

        found = []
        for cand in cands:
            s = self.catalog.settings.get(cand.setting or "")
            if s is None or s.kind != "text":
                continue
            names = [n for n in (s.title, *s.aliases) if re.search(rf"(?i)\b{re.escape(n)}\b", text)]
            rest = re.sub("|".join(re.escape(n) for n in names), " ", text, flags=re.I) if names else ""
            value = stated_value(rest, lambda span, s=s: domain_value(s, span)) if names else None
            if value is not None:
                found.append(Call("set", s.id, value=value, confidence=STATED_SURE))
        return found[0] if len(found) == 1 else None

    def _by_sentence(self, runtime, text: str, calls: list[Call], conf: float, cands: list[Candidate]):
        """A long request the model reads as a whole without a call ("1. Open Settings. 2. ... 3. Turn on X",
        a preamble then the ask) is read sentence by sentence: the surest call-bearing sentence that would be
        acted on answers for it (one that changes a setting before one that only goes to a page, as a change
        makes the way there needless), else the whole request's own (calls, confidence, candidates) stand. A
        whole the model read only the start of (ModelRuntime.cut) may have acted: a sentence must beat it. A sentence
        that finds the same changes as the whole's sure calls makes those calls act, with the values the whole read ("...
        the menu offers only 100, 200, 300, 400. I'd like to pick 150": 150, not the sentence's 100). Among
        sentences, one that finds just what the whole guessed, however unsure, comes first: "... asking me to finish
        setting up my device. I've clicked skip a hundred times. ..." is about the setup, not the double-click. A
        sentence kept from acting by a doubted call of its own, sure of just the calls the whole was sure of, finds
        them as sure as it is of them ("desktop scale, normal is tiny and double is huge ... please add more scale
        factor, such as 150%, ...": the scale, not a doubted reading of the second sentence). A sentence that only
        opens Settings' start page and asks no way anywhere ("Is there such a setting or is it missing?") does not."""
        best, rank, parts = (calls, conf, cands), None, sentences(text)
        if calls and conf >= THRESHOLDS[Route.MODEL][0]:
            rank = (any(c.setting for c in calls), False, conf)
        whole = {(c.action, c.setting, c.page) for c in calls}
        sure = bool(calls) and all((c.confidence or 0.0) >= WHOLE_SURE for c in calls)
        for part in parts if len(parts) > 1 else ():
            got, got_conf = self._read(runtime, part)
            if got and all(c.page == "home" for c in got) and not re.search(_GOES_THERE, part):
                continue  # "Is there such a setting or is it missing?" names Settings, and asks for no way there
            doubted = sure and got_conf < SENTENCE_ACT
            if doubted:  # the whole's sure calls, the sentence's sure ones: those act
                got = [c for c in got if (c.confidence or 0.0) >= WHOLE_SURE]
                got_conf = min((c.confidence or 0.0) for c in got) if got else got_conf
            found = {(c.action, c.setting, c.page) for c in got}
            if doubted and found != whole:
                continue
            agrees = bool(whole) and found == whole  # the whole's guess too
            key = (any(c.setting for c in got), agrees, got_conf)
            if got and got_conf >= SENTENCE_ACT and (rank is None or key > rank):
                best, rank = (got, got_conf, []), key
        same = {(c.action, c.setting, c.page) for c in best[0]} == {(c.action, c.setting, c.page) for c in calls}
        if best[0] is not calls and calls and same and all((c.confidence or 0) >= WHOLE_SURE for c in calls):
            # the sentence found what the whole was sure of (a doubted call the whole dropped kept it from acting):
            # the whole's reading, which saw all the request, has its values
            return calls, best[1], best[2]
        return best

    def _confirmed(self, runtime, text: str, calls: list[Call], conf: float) -> tuple[list[Call], float]:
        """ "How to disable the lock screen and go straight to login?": the model sure of the lock screen and in doubt
        of a second call, which went, its doubt keeping the plan from acting. A part between commas, an "and", an
        "or" or a spaced slash ("Disable telemetry / optional diagnostic data") that, read alone, gives just the
        settings of the calls the whole was sure of (WHOLE_SURE) at SENTENCE_ACT or above, makes them act as sure as
        that part; where the whole was unsure of them too ("I have searched and can not find any functionality for
        mirroring displays"), the part must be sure of them (WHOLE_SURE); each call is then as sure as the part's call
        of its setting. Otherwise the calls and the plan's confidence stay."""
        least = SENTENCE_ACT if all((c.confidence or 0.0) >= WHOLE_SURE for c in calls) else WHOLE_SURE
        had = {(c.setting, c.page) for c in calls}  # the values are the whole's, squared with all of it
        parts = [p for p in re.split(r"(?i)\s*,?\s+(?:and|or)\s+|\s+/\s+|\s*[,;]\s*", text) if len(p.split()) >= 2]
        for part in parts[:CONFIRMING_PARTS] if len(parts) > 1 else ():
            got, got_conf = self._read(runtime, part)
            if got_conf >= least and {(c.setting, c.page) for c in got} == had:
                sure = {(c.setting, c.page): c.confidence for c in got}
                return [
                    replace(c, confidence=max(c.confidence or 0.0, sure[(c.setting, c.page)] or 0.0)) for c in calls
                ], got_conf
        return calls, conf

    def _by_items(self, runtime, text: str, calls: list[Call], conf: float) -> tuple[list[Call], float]:
        """A bulleted list after a colon that shares a verb ("Disables the icons on the taskbar for: - ...") is read
        item by item, each with what comes before the colon ("Disables the icons on the taskbar for Task View"); when
        two items or more give calls to act on, and more calls than the whole gave, their calls answer (one per
        setting or page), as sure as the least sure item."""
        m = re.match(_LISTED, text)
        shared = m is not None and re.search(_LIST_VERB, m.group("prefix")) is not None  # not "My setup: - Windows 11"
        items = [i.strip(" .,;") for i in re.split(_BULLET, m.group("items"))] if shared else []
        read: list[Call] = []
        sure: list[float] = []
        for item in (i for i in items if i):
            got, got_conf = self._read(runtime, f"{m.group('prefix')} {item}")
            if got and got_conf >= THRESHOLDS[Route.MODEL][0]:
                taken = {(c.setting, c.page) for c in read}
                read += [c for c in got if (c.setting, c.page) not in taken]
                sure.append(got_conf)
        if len(sure) >= 2 and len(read) > len(calls):
            return read, min(sure)
        return calls, conf

    def _shared_verb(self, runtime, text: str, calls: list[Call]) -> list[Call]:
        """ "Turn up the volume and brightness" gave the volume alone: where a move up or down of one setting, or a
        switch set, names it in the first of two things joined by "and", the second (a few words that name another
        setting) read with the first one's verb ("turn up the brightness") adds its call when the model is sure of it
        (WHOLE_SURE) and it is the same move, or sets a switch too ("turn off both the camera and the mic": the mic
        muted)."""
        two = re.match(_TWO_THINGS, text)
        if not two or len(text.split()) > 12:
            return calls
        if len(calls) == 2 and self._unwritten_set(text, calls[1]) and calls[0].action in ("increase", "decrease"):
            calls = calls[:1]  # "increase the text size and the cursor size" set the cursor to 15: no number said
        if len(calls) != 1 or not calls[0].setting or not self._moves_or_switches(calls[0]):
            return calls
        first = calls[0]
        s = self.catalog.settings[first.setting]
        if any(" and " in n and _phrase(n) in _phrase(text) for n in (s.title, *s.aliases)):
            return calls  # "Show accent color on Start and taskbar": the one setting's own name holds the "and"
        names = {w for n in (s.title, *s.aliases) for w in words(n)}
        left = two["left"].split()
        at = next((i for i, w in enumerate(left) if set(words(w)) & names), None)
        if not at:  # no name, or no verb before it
            return calls
        right = two["right"].split()
        if left[at - 1].lower() in _ARTICLES and right[0].lower() in _ARTICLES:
            right = right[1:]  # "make the text and the pointer bigger": "make the pointer bigger"
        verb = [w for w in left[:at] if w.lower() != "both"]  # "turn off both the camera and the mic"
        got, got_conf = self._read(runtime, " ".join([*verb, *right]))
        other = got[0] if len(got) == 1 else None
        if other is None or got_conf < WHOLE_SURE or other.setting in (None, first.setting):
            return calls
        same = self._same_move(first, other, " ".join(left[:at]))
        if not same or set(words(two["right"])) <= names:
            return calls  # another move, or the first setting's own name goes on past "and"
        return [first, other] if self.support.backs(two["right"], other.setting) else calls

    def _without_purpose(self, runtime, text: str, calls: list[Call], conf: float) -> tuple[list[Call], float]:
        """ "turn off transparency and animation effects to speed things up" also sped the keyboard up: a request
        that ends in what its ask is for (_PURPOSE) is read again without that end; where the model is sure of that
        reading (WHOLE_SURE) and it keeps every call the ask's own words back, it answers."""
        m = re.search(_PURPOSE, text)
        if m is None or not calls:
            return calls, conf
        ask = text[: m.start()]
        got, got_conf = self._read(runtime, ask)
        had = {(c.action, c.setting, c.page) for c in got}
        if not got or got_conf < WHOLE_SURE or had == {(c.action, c.setting, c.page) for c in calls}:
            return calls, conf
        lost = [c for c in calls if (c.action, c.setting, c.page) not in had]
        if any(self.support.backs(ask, c.setting or c.page or "") for c in lost):
            return calls, conf
        return got, got_conf

    def _second_item(self, runtime, text: str, calls: list[Call]) -> list[Call]:
        """ "Hide the search box and the task view button from my taskbar" showed the button: of two changes under one
        leading verb (_LEADING_VERB), the second, which the model doubts (below WHOLE_SURE), is read again as the verb
        and what follows "and"; a call the model is sure of there, backed by those words, takes its place."""
        verb = re.match(_LEADING_VERB, text)
        if verb is None or len(calls) != 2 or not all(c.setting for c in calls):
            return calls
        first, second = calls
        if (first.confidence or 0.0) < WHOLE_SURE or (second.confidence or 0.0) >= WHOLE_SURE:
            return calls
        parts = re.split(r"(?i)\s*,?\s+and\s+", text[verb.end() :])
        if len(parts) != 2:
            return calls
        got, got_conf = self._read(runtime, f"{verb.group(0).strip()} {parts[1]}")
        other = got[0] if len(got) == 1 else None
        if other is None or got_conf < WHOLE_SURE or other.setting in (None, first.setting):
            return calls
        return [first, other] if self.support.backs(parts[1], other.setting) else calls

    def _shared_head(self, runtime, text: str, calls: list[Call]) -> list[Call]:
        """ "Please hide the recycle bin and This PC icons from my desktop" turned the recycle bin off: two things that
        share the noun after them (_SHARED_HEAD: "icons") are read apart, each with the verb and that noun ("hide the
        recycle bin icon from my desktop"); where the model is sure of one call for each, of two settings the words
        back, they answer for a reading that gave fewer calls or doubted one."""
        m = re.match(_SHARED_HEAD, text)
        if m is None or len(calls) >= 2 and all((c.confidence or 0.0) >= WHOLE_SURE for c in calls):
            return calls
        head, read = m["head"].rstrip("s"), []
        for thing in (m["a"], m["b"]):
            got, got_conf = self._read(runtime, f"{m['verb']}{thing} {head}{m['rest']}")
            if len(got) != 1 or got_conf < WHOLE_SURE or not got[0].setting:
                return calls
            read.append(got[0])
        if read[0].setting == read[1].setting or not all(self.support.backs(text, c.setting) for c in read):
            return calls
        return read

    def _page_switch(self, text: str, calls: list[Call]) -> list[Call]:
        """ "Open Bluetooth settings and turn it on" opened the page: a page opened in a request that then turns "it"
        on or off (_IT_SWITCHED) is the way to the one switch on it that bears the page's own name (Bluetooth)."""
        m = re.search(_IT_SWITCHED, text)
        if m is None or len(calls) != 1 or calls[0].page is None:
            return calls
        page = self.catalog.pages.get(calls[0].page)
        names = {re.sub(r"(?i)\s+settings$", "", n).lower() for n in (page.title, *page.aliases)} if page else set()
        switches = [
            s
            for s in self.catalog.settings.values()
            if s.page == calls[0].page
            and s.kind == "toggle"
            and {s.title.lower(), *(a.lower() for a in s.aliases)} & names
        ]
        if len(switches) != 1:
            return calls
        on = (m["state"] or m["verb"]).lower() in ("on", "enable", "activate")
        return [Call("set", switches[0].id, value=on, confidence=calls[0].confidence)]

    def _same_move(self, first: Call, other: Call, verb: str) -> bool:
        """Whether `other` makes the move `first` makes: the same action and value, or, for a switch set after a
        switching verb (`verb`, the words before the first thing), a switch set too ("mute" of "turn off")."""
        if first.action != "set":
            return (other.action, other.value) == (first.action, first.value)
        return (
            other.action == "set" and self._moves_or_switches(other) and re.search(_SWITCHING_BEFORE, verb) is not None
        )

    def _sure_and_backed(self, calls: list[Call], text: str) -> bool:
        """Whether the model is sure of each of `calls` (WHOLE_SURE) and a word of `text` backs each: what a second
        reading must hold to add to or replace the first."""
        return all(
            (c.confidence or 0.0) >= WHOLE_SURE and self.support.backs(text, c.setting or c.page or "") for c in calls
        )

    def _moves_or_switches(self, call: Call) -> bool:
        """Whether `call` moves a scale up or down or sets a switch: what one verb can do to two things."""
        s = self.catalog.settings.get(call.setting or "")
        return call.action in ("increase", "decrease") or call.action == "set" and s is not None and s.kind == "toggle"

    def _last_listed(self, runtime, text: str, calls: list[Call]) -> list[Call]:
        """ "remove widgets, chat from the taskbar" gave the widgets alone: a list whose last item follows a comma
        (no "and") is read again with "and" before that item; the calls that reading adds stand when the model is
        sure of each (WHOLE_SURE), each makes a move the first reading made (the list's shared verb), and the
        request's words back it."""
        comma = re.search(_LAST_COMMA, text)
        if comma is None or not calls or not all(c.setting and c.action in ("set", "toggle") for c in calls):
            return calls
        got, _ = self._read(runtime, f"{text[: comma.start()]} and {text[comma.end() :]}")
        moves = {(c.action, repr(c.value)) for c in calls}
        had = {c.setting for c in calls}
        added = [c for c in got if c.setting and c.setting not in had]
        if not added or not had <= {c.setting for c in got}:
            return calls
        if all((c.action, repr(c.value)) in moves for c in added) and self._sure_and_backed(added, text):
            return calls + added
        return calls

    def _past_the_way(self, runtime, text: str, calls: list[Call]) -> list[Call]:
        """ "Go to settings and turn off animations and transparency" gave the animations alone: a request whose
        first step goes to the Settings app is read again without that step; the calls that reading adds stand when
        the model is sure of each (WHOLE_SURE), the first reading's calls are all among its own, and the request's
        words back each one. Where that reading finds other changes than the first ("go to settings and on battery
        power turn the screen off after 10 min and sleep after 30 min" also set the plugged-in waits), it answers when
        it is sure (WHOLE_SURE) and the words after the step back each change: the way to the Settings app says
        nothing of the change."""
        way = re.match(_TO_SETTINGS, text)
        if way is None or not calls:
            return calls
        rest = text[way.end() :]
        got, got_conf = self._read(runtime, rest)
        had = {(c.action, c.setting, c.page, repr(c.value)) for c in calls}
        if not had <= {(c.action, c.setting, c.page, repr(c.value)) for c in got}:  # another reading of the change
            got = self._cleared(rest, self._only_page(rest, got))  # as the whole's calls were read
            sure = got and got_conf >= WHOLE_SURE and all(c.setting for c in got) and self._sure_and_backed(got, rest)
            return got if sure else calls
        added = [c for c in got if (c.action, c.setting, c.page, repr(c.value)) not in had]
        added = [c for c in added if c.setting or not self._way_to(text, c.page, [], got)]  # "..., go to Display and"
        asked = re.sub(_CLOSING_STEP, "", text)  # "..., and confirm" names no setting to confirm
        return calls + added if added and self._sure_and_backed(added, asked) else calls

    def _past_the_lead(self, runtime, text: str, calls: list[Call], conf: float) -> tuple[list[Call], float]:
        """ "turn evrything down, volume to 20 and brightness to 20" lowered the volume alone: a request whose first
        clause (up to five words before a comma) leads into a list is read again from after the comma; that reading
        answers when it asks more (two asks at least where the first reading acted on none), every setting the first
        reading asked is among it, and the model is sure of each call (WHOLE_SURE) and the request's words back it."""
        lead = re.match(r"^\s*(?:[^\s,;.!?]+\s+){0,4}[^\s,;.!?]+\s*,\s*(?=\w)", text)
        acted = calls if conf >= THRESHOLDS[Route.MODEL][0] else []
        if lead is None or not all(c.setting for c in acted):
            return calls, conf
        got, got_conf = self._read(runtime, text[lead.end() :])
        if len(got) <= max(len(acted), 1) or not {c.setting for c in acted} <= {c.setting for c in got}:
            return calls, conf
        return (got, got_conf) if all(c.setting for c in got) and self._sure_and_backed(got, text) else (calls, conf)

    def _unwritten_set(self, text: str, call: Call) -> bool:
        """Whether `call` sets a scale to a number the request neither writes nor names as a level."""
        s = self.catalog.settings.get(call.setting or "")
        return (
            s is not None
            and s.kind == "range"
            and call.action == "set"
            and not written_numbers(text)
            and not (names_a_level(text))
        )

    def _read(self, runtime, piece: str) -> tuple[list[Call], float]:
        """One piece of a request read alone: its calls that earn their place, and how sure they are."""
        got, got_conf, _ = runtime.predict(piece, prefer=self._naming)
        return self._earned(piece, self._settled(piece, got), got_conf)

    def _naming(self, text: str, targets: list[tuple[str, str]]) -> dict[tuple[str, str], float]:
        """How well the request's words name each target, as a log-probability bonus (see NAMING_WEIGHT)."""
        kinds = {"s": "setting", "p": "page"}
        scores = self.index.scores(text, [(kinds[kind], ident) for kind, ident in targets])
        named = {t: scores.get((kinds[t[0]], t[1]), 0.0) for t in targets}
        return {t: NAMING_WEIGHT * max(0.0, score - NAMING_LEAST) for t, score in named.items()}

    def _lexical(self, text: str) -> tuple[list[Call], float, list[Candidate]]:
        if self._rules is None:
            from .rules import RuleResolver

            self._rules = RuleResolver(self.catalog, self.index)
        return self._rules.resolve(text)

    def _decide(
        self, text: str, calls: list[Call], conf: float, cands: list[Candidate], route: Route, timings: dict
    ) -> Plan:
        plan = Plan(text, tuple(calls), conf, Status.OK, tuple(cands), route, timings_ms=timings)
        act, listed = THRESHOLDS[Route.MODEL if route.by_model else Route.SEARCH]
        if calls and conf >= act:
            return replace(plan, candidates=())
        sure_none = not calls and route == Route.MODEL and conf >= NO_CALL_SURE
        if cands and conf >= listed and (calls or len(text.split()) <= 3) and not sure_none:
            return replace(
                plan, calls=(), status=Status.AMBIGUOUS, explanation="several settings could be meant; pick one"
            )
        return replace(
            plan,
            calls=(),
            status=Status.NOT_UNDERSTOOD,
            candidates=(),
            explanation=NO_CALL,
        )

    def choose(self, plan: Plan, index: int) -> Plan:
        """The plan for candidate `index` (1-based) of an ambiguous plan, read with that setting in mind."""
        cand = plan.candidates[index - 1]
        if cand.page:
            call = Call("open", page=cand.page)
        else:
            self._lexical(plan.query)  # builds the resolver
            setting = self.catalog.settings[cand.setting]
            call = self._rules.setting_call(setting, plan.query.lower()) or Call("get", setting.id)
        return replace(plan, calls=(call,), status=Status.OK, candidates=(), route=plan.route.chosen())
