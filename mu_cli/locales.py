"""Languages, countries and locales by the names people give them.

The catalog speaks names ("German", "English (United Kingdom)", "Chinese (Simplified, China)", "Canada"); a desktop
stores ids (GNOME's org.gnome.system.locale region holds a POSIX locale such as "en_GB.UTF-8"). This module checks
such names, writes them the one way (`language_name`, `country_name`) and turns them into locale ids and back
(`locale_id`, `locale_name`). Codes are ISO 639-1 (a few ISO 639-2 where 639-1 has none) and ISO 3166-1 alpha-2.
"""

from __future__ import annotations

import re

from .errors import ValueRefused
from .slips import name_of

# English name (and other names people use, the language's own among them: "Deutsch", "Italiano") -> language code
_LANGUAGES = """
af Afrikaans | sq Albanian | ar Arabic | hy Armenian | az Azerbaijani | eu Basque, Euskara | be Belarusian | bn Bengali, Bangla |
bs Bosnian | bg Bulgarian, Български, Balgarski | my Burmese | ca Catalan, Català, Catala | zh Chinese, Mandarin, Zhongwen | hr Croatian, Hrvatski | cs Czech, Čeština, Cestina | da Danish, Dansk |
nl Dutch, Flemish, Nederlands, Vlaams | en English | eo Esperanto | et Estonian, Eesti | fil Filipino, Tagalog | fi Finnish, Suomi | fr French, Français, Francais |
gl Galician, Galego | ka Georgian | de German, Deutsch | el Greek, Ελληνικά | gu Gujarati | ha Hausa | he Hebrew, עברית, Ivrit | hi Hindi | hu Hungarian, Magyar |
is Icelandic, Íslenska, Islenska | ig Igbo | id Indonesian, Bahasa Indonesia | ga Irish, Gaeilge | it Italian, Italiano | ja Japanese, 日本語, Nihongo | kn Kannada | kk Kazakh | km Khmer |
rw Kinyarwanda | ko Korean, 한국어, Hangugeo | ku Kurdish | ky Kyrgyz | lo Lao | lv Latvian, Latviešu, Latviesu | lt Lithuanian, Lietuvių, Lietuviu | lb Luxembourgish |
mk Macedonian | mg Malagasy | ms Malay, Bahasa Melayu | ml Malayalam | mt Maltese | mi Maori | mr Marathi | mn Mongolian |
ne Nepali | nb Norwegian, Norwegian Bokmal, Bokmal, Norsk, Norsk Bokmål, Bokmål | nn Norwegian Nynorsk, Nynorsk | or Odia | ps Pashto |
fa Persian, Farsi | pl Polish, Polski | pt Portuguese, Português, Portugues | pa Punjabi | ro Romanian, Română, Romana | ru Russian, Русский, Russkiy | gd Scottish Gaelic |
sr Serbian, Srpski, Српски | si Sinhala | sk Slovak, Slovenčina, Slovencina | sl Slovenian, Slovene, Slovenščina, Slovenscina | so Somali | es Spanish, Castilian, Español, Espanol, Castellano | sw Swahili, Kiswahili |
sv Swedish, Svenska | tg Tajik | ta Tamil | tt Tatar | te Telugu | th Thai | ti Tigrinya | tr Turkish, Türkçe, Turkce | tk Turkmen |
uk Ukrainian, Українська, Ukrainska | ur Urdu | ug Uyghur | uz Uzbek | vi Vietnamese, Tiếng Việt, Tieng Viet | cy Welsh, Cymraeg | xh Xhosa | yo Yoruba | zu Zulu
"""
# English name (and other names) -> country code
_COUNTRIES = """
AF Afghanistan | AL Albania | DZ Algeria | AR Argentina | AM Armenia | AU Australia | AT Austria | AZ Azerbaijan |
BH Bahrain | BD Bangladesh | BY Belarus | BE Belgium | BO Bolivia | BA Bosnia and Herzegovina, Bosnia |
BR Brazil | BG Bulgaria | KH Cambodia | CM Cameroon | CA Canada | CL Chile | CN China, PRC | CO Colombia |
CR Costa Rica | HR Croatia | CU Cuba | CY Cyprus | CZ Czech Republic, Czechia | DK Denmark |
DO Dominican Republic | EC Ecuador | EG Egypt | SV El Salvador | EE Estonia | ET Ethiopia | FI Finland |
FR France | GE Georgia | DE Germany | GH Ghana | GR Greece | GT Guatemala | HN Honduras | HK Hong Kong |
HU Hungary | IS Iceland | IN India | ID Indonesia | IR Iran | IQ Iraq | IE Ireland | IL Israel | IT Italy |
JM Jamaica | JP Japan | JO Jordan | KZ Kazakhstan | KE Kenya | KR Korea, South Korea, Republic of Korea |
KW Kuwait | KG Kyrgyzstan | LA Laos | LV Latvia | LB Lebanon | LY Libya | LT Lithuania | LU Luxembourg |
MO Macao, Macau | MK North Macedonia, Macedonia | MY Malaysia | MT Malta | MX Mexico | MD Moldova | MN Mongolia |
ME Montenegro | MA Morocco | MM Myanmar | NP Nepal | NL Netherlands, Holland, The Netherlands |
NZ New Zealand | NI Nicaragua | NG Nigeria | NO Norway | OM Oman | PK Pakistan | PA Panama | PY Paraguay |
PE Peru | PH Philippines | PL Poland | PT Portugal | PR Puerto Rico | QA Qatar | RO Romania |
RU Russia, Russian Federation | RW Rwanda | SA Saudi Arabia | SN Senegal | RS Serbia | SG Singapore |
SK Slovakia | SI Slovenia | ZA South Africa | ES Spain | LK Sri Lanka | SE Sweden | CH Switzerland | SY Syria |
TW Taiwan | TJ Tajikistan | TZ Tanzania | TH Thailand | TN Tunisia | TR Turkey, Turkiye | TM Turkmenistan |
UA Ukraine | AE United Arab Emirates, UAE | GB United Kingdom, UK, Great Britain, Britain, England, Scotland, Wales |
US United States, USA, US, United States of America, America | UY Uruguay | UZ Uzbekistan | VE Venezuela |
VN Vietnam, Viet Nam | YE Yemen | ZM Zambia | ZW Zimbabwe
"""
# a language's own country where it is not the code in capitals (CLDR's likely subtags)
_LIKELY = (
    "en US zh CN ja JP ko KR ar EG hi IN bn BD he IL el GR cs CZ da DK sv SE uk UA vi VN fa IR ur PK sq AL hy AM "
    "be BY bs BA ca ES et EE eu ES gl ES ka GE gu IN kn IN ml IN mr IN pa IN ta IN te IN or IN kk KZ km KH lo LA "
    "ms MY ne NP nb NO nn NO sl SI sr RS si LK sw TZ cy GB zu ZA af ZA xh ZA ga IE mt MT mn MN uz UZ fil PH pt BR "
    "es ES my MM ha NG ig NG yo NG mi NZ rw RW so SO ps AF tg TJ tk TM tt RU ug CN ky KG lb LU mg MG ti ET gd GB "
    "eo 001 ku TR az AZ"
)
# a country's language for its formats, where a request names the country alone ("UK date format")
_COUNTRY_LANGUAGE = (
    "GB en US en CA en AU en NZ en IE en IN en ZA en SG en PH en DE de AT de CH de FR fr BE fr LU fr ES es MX es "
    "AR es CO es CL es PE es VE es IT it PT pt BR pt NL nl SE sv NO nb DK da FI fi PL pl CZ cs RU ru UA uk TR tr "
    "GR el JP ja KR ko CN zh TW zh HK zh IL he SA ar EG ar AE ar"
)
# words in parentheses that name a script or a variant, not a country: "Chinese (Simplified)"
_VARIANTS = {
    "simplified": "CN",
    "traditional": "TW",
    "latin": "",
    "cyrillic": "",
    "arabic": "",
    "devanagari": "",
}


def _table(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """(name in lower case -> code, code -> the first name)"""
    by_name, by_code = {}, {}
    for entry in text.split("|"):
        code, names = entry.split(None, 1)
        for i, name in enumerate(n.strip() for n in names.split(",")):
            by_name[name.lower()] = code
            if i == 0:
                by_code[code] = name
    return by_name, by_code


LANGUAGES, LANGUAGE_NAMES = _table(_LANGUAGES)
COUNTRIES, COUNTRY_NAMES = _table(_COUNTRIES)
_LANGUAGE_KEYS, _COUNTRY_KEYS = frozenset(LANGUAGES), frozenset(COUNTRIES)


def _language(name: str) -> str | None:
    """The code of a language by its lower-case name, or by a slip of one ("geerman")."""
    return LANGUAGES.get(name_of(name, _LANGUAGE_KEYS) or "")


def _country(name: str) -> str | None:
    """The code of a country by its lower-case name, or by a slip of one ("untied kingdom")."""
    return COUNTRIES.get(name_of(name, _COUNTRY_KEYS) or "")


_LIKELY_REGION = dict(zip(_LIKELY.split()[::2], _LIKELY.split()[1::2]))
_FORMATS_OF = dict(zip(_COUNTRY_LANGUAGE.split()[::2], _COUNTRY_LANGUAGE.split()[1::2]))
_LOCALE = re.compile(r"([a-z]{2,3})(?:[_-]([a-z]{2}))?(?:\.[\w-]+)?(?:@\w+)?", re.IGNORECASE)
_NAMED = re.compile(r"(?P<lang>[^()]+?)\s*(?:\((?P<inner>[^()]*)\))?")


# how people name a language's variety by its country or script: "Brazilian Portuguese", "Simplified Chinese";
# "European" is the language's own country
_ADJECTIVES = {
    "american": "US",
    "british": "GB",
    "canadian": "CA",
    "australian": "AU",
    "brazilian": "BR",
    "swiss": "CH",
    "austrian": "AT",
    "belgian": "BE",
    "mexican": "MX",
    "argentinian": "AR",
    "argentine": "AR",
    "colombian": "CO",
    "chilean": "CL",
    "indian": "IN",
    "irish": "IE",
    "south african": "ZA",
    "new zealand": "NZ",
    "taiwanese": "TW",
    "hong kong": "HK",
    "singaporean": "SG",
    "european": "",
    "simplified": "simplified",
    "traditional": "traditional",
}
# as text: compiled (and cached by re) only when a name is no plain language, not at import
_ADJECTIVED = rf"(?i)({'|'.join(sorted(_ADJECTIVES, key=len, reverse=True))})\s+(\w+)"


def _adjectived(t: str) -> tuple[str, str, str] | None:
    """ "Brazilian Portuguese" -> ("pt", "BR", ""), "Simplified Chinese" -> ("zh", "", "simplified")."""
    m = re.fullmatch(_ADJECTIVED, t)
    lang = m and _language(m.group(2).lower())
    if not lang:
        return None
    said = _ADJECTIVES[m.group(1).lower()]
    if said in _VARIANTS:
        return lang, "", said
    country = said or {"en": "GB"}.get(lang, lang.upper())  # European: the language's own country in Europe
    return (lang, country, "") if country in COUNTRY_NAMES else None


# Codes that are also English words: alone, they are the word ("switch my keyboard to ..." copied "my")
_CODES_AS_WORDS = frozenset("my it is be he or so no am me to in on at an as do go hi ha id us we of if".split())


def _clean(text: str) -> str:
    return " ".join(str(text).replace("_", " ").split()).strip(" .")


def parse(text: str) -> tuple[str, str, str] | None:
    """(language code, country code or "", variant or "") of "German", "English (United Kingdom)",
    "Chinese (Simplified, China)", "pt-BR" or "en_GB.UTF-8"; None when it names no language this module knows."""
    t = _clean(text)
    m = _LOCALE.fullmatch(str(text).strip())
    bare_capitals = m and not m.group(2) and not m.group(1).islower()  # "UK" is a country, not Ukrainian
    bare_word = str(text).strip().lower() in _CODES_AS_WORDS  # "my" of "switch my keyboard": no Burmese
    if m and not bare_capitals and not bare_word and m.group(1).lower() in LANGUAGE_NAMES:
        if not m.group(2) or m.group(2).upper() in COUNTRY_NAMES:
            return m.group(1).lower(), (m.group(2) or "").upper(), ""
    m = _NAMED.fullmatch(t)
    lang = m and _language(m.group("lang").lower())
    if not lang:
        return _adjectived(t)
    country = variant = ""
    for part in (p.strip().lower() for p in (m.group("inner") or "").split(",") if p.strip()):
        if part in _VARIANTS:
            variant = part
        elif _country(part):
            country = _country(part)
        else:
            return None
    return lang, country, variant


def language_name(text: str, what: str) -> str:
    """The language (with its country or variant) written the one way: "spanish" -> "Spanish", "en-gb" ->
    "English (United Kingdom)"; ValueRefused when it is none this module knows."""
    found = parse(text)
    if found is None:
        raise ValueRefused(f"{what}: {text!r} is no language mu knows, e.g. German, English (United Kingdom)")
    lang, country, variant = found
    inner = ([variant.capitalize()] if variant else []) + ([COUNTRY_NAMES[country]] if country else [])
    return LANGUAGE_NAMES[lang] + (f" ({', '.join(inner)})" if inner else "")


def country_code(text: str) -> str | None:
    """ "UK", "the Netherlands", "Canada (Alberta)", "DE" -> the country's code; None for no country."""
    t = re.sub(r"\s*\(.*\)\s*$", "", _clean(text)).lower()
    t = t[4:] if t.startswith("the ") else t
    return COUNTRIES.get(t) or (t.upper() if t.upper() in COUNTRY_NAMES else None) or _country(t)


def country_name(text: str, what: str) -> str:
    """A country written the one way ("UK" -> "United Kingdom"; "Canada (Alberta)" -> "Canada")."""
    code = country_code(text)
    if code is None:
        raise ValueRefused(f"{what}: {text!r} is no country mu knows, e.g. United Kingdom, Canada")
    return COUNTRY_NAMES[code]


def format_name(text: str, what: str) -> str:
    """Regional formats: a language with or without its country (language_name), or a country alone in its
    language ("UK" -> "English (United Kingdom)")."""
    code = country_code(text) if parse(text) is None else None
    if code is not None and code in _FORMATS_OF:
        return f"{LANGUAGE_NAMES[_FORMATS_OF[code]]} ({COUNTRY_NAMES[code]})"
    return language_name(text, what)


def locale_id(name: str) -> str:
    """ "English (United Kingdom)" -> "en_GB.UTF-8" (a language alone: its own country); ValueRefused otherwise."""
    found = parse(name)
    if found is None:
        raise ValueRefused(f"{name!r} is no locale mu knows, e.g. English (United Kingdom) or en_GB.UTF-8")
    lang, country, variant = found
    country = country or _VARIANTS.get(variant, "") or _LIKELY_REGION.get(lang, lang.upper())
    if country not in COUNTRY_NAMES:
        return f"{lang}.UTF-8"
    return f"{lang}_{country}.UTF-8"


def locale_name(locale: str) -> str:
    """ "en_GB.UTF-8" -> "English (United Kingdom)"; anything else (an empty value: the language's own formats)
    as it is."""
    found = parse(locale) if _LOCALE.fullmatch(locale.strip() or "-") else None
    if found is None:
        return locale
    lang, country, _ = found
    return LANGUAGE_NAMES[lang] + (f" ({COUNTRY_NAMES[country]})" if country else "")


# keyboard layouts that are no language: how a layout's own name is written
_LAYOUTS = {
    "qwerty": "QWERTY",
    "qwertz": "QWERTZ",
    "azerty": "AZERTY",
    "dvorak": "Dvorak",
    "colemak": "Colemak",
    "workman": "Workman",
    "bepo": "BÉPO",
    "bépo": "BÉPO",
    "international": "International",
    "intl": "International",
    "phonetic": "Phonetic",
    "pinyin": "Pinyin",
}


_LAYOUT_KEYS = frozenset(_LAYOUTS)


def _layout(word: str) -> str | None:
    """A layout's own name by a word of it, or by a slip of one ("dovrak")."""
    return _LAYOUTS.get(name_of(word.lower(), _LAYOUT_KEYS) or "")


def layout_name(text: str, what: str) -> str:
    """A keyboard layout written the one way: a language or regional format with its layout's name, if any
    ("french azerty" -> "French (AZERTY)", "UK" -> "English (United Kingdom)", "Qwerty (US)" -> "English (United
    States, QWERTY)"), or a layout alone ("dvorak" -> "Dvorak"); ValueRefused for anything else."""
    t = re.sub(r"\s+(layout|keyboard|keys)$", "", _clean(text), flags=re.IGNORECASE)
    inner = [p.strip() for p in re.findall(r"\(([^()]*)\)", t) for p in p.split(",") if p.strip()]
    words = re.sub(r"\([^()]*\)", " ", t).replace("-", " ").split()
    variants = [_layout(w) for w in words + inner if _layout(w)]
    rest = [w for w in words if not _layout(w)]
    places = [p for p in inner if not _layout(p)]
    if not rest and places:  # "Qwerty (US)": the place is the language's
        rest, places = places[:1], places[1:]
    if not rest:
        if len(variants) != 1:
            raise ValueRefused(f"{what}: {text!r} is no keyboard layout mu knows, e.g. German, French (AZERTY), Dvorak")
        return variants[0]
    named = " ".join(rest) + (f" ({', '.join(places)})" if places else "") if variants else t
    code = country_code(rest[0]) if len(rest) == 1 and len(rest[0]) <= 3 and not places else None
    if code in _FORMATS_OF:  # a layout by its country's code: "uk" is British, not Ukrainian
        named = code
    try:
        base = format_name(named, what)
    except ValueRefused:
        raise ValueRefused(
            f"{what}: {text!r} is no keyboard layout mu knows, e.g. German, French (AZERTY), Dvorak"
        ) from None
    if not variants:
        return base
    name, _, paren = base.partition(" (")
    return f"{name} ({', '.join(([paren.rstrip(')')] if paren else []) + variants)})"
