"""Author names from metadata values and bylines, normalised.

A byline such as "By Jane Doe and John Roe, Staff Writers | Jan. 5, 2024" becomes
``["Jane Doe", "John Roe"]``: the "By"/"Von"/"Par"/"Por" prefix, roles, dates and
"| Site" tails are cut, several names are split, and what is left must look like a name
(a few words, not a URL, an e-mail address, a handle or a placeholder such as "admin").
"""

from __future__ import annotations

import html

import regex

__all__ = [
    "MAX_AUTHORS",
    "byline_names_part",
    "clean_name",
    "parse_authors",
    "strip_byline_furniture",
]

MAX_AUTHORS = 10
MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 60

# "By", "Written by", "Von", "Ein Beitrag von", "Par", "Écrit par", "Por", "Door", "Av",
# "Przez", "Автор:", "Author:", "Text:": what bylines put before names, in many languages.
# "von"/"di" are not stripped before "der"/"Maria"-like particles: only before a capital.
_PREFIX = regex.compile(
    r"^\s*(?:"
    r"(?:(?:written|words|story|text|posted|published|reported|compiled|edited|photos?)\s+by)"
    r"|(?:(?:geschrieben|verfasst|erstellt|ein\s+(?:beitrag|kommentar|gastbeitrag|interview"
    r"|bericht)|eine\s+(?:kolumne|analyse|reportage))\s+von)"
    r"|(?:(?:écrit|ecrit|publié|publie|rédigé|redige)\s+par)"
    r"|(?:(?:escrito|publicado|redactado)\s+por)"
    r"|(?:(?:a\s+cura|scritto)\s+d[ai])"
    r"|by|par|por|door|av|af|przez|от"
    r"|[Vv]on(?=\s+\p{Lu})(?!\s+(?:der|dem|den)\s)"
    r"|[Dd]i(?=\s+\p{Lu}\S*\s+\p{Lu})"
    r")\s*:?\s+",
    regex.IGNORECASE | regex.VERSION1,
)
_LABEL = regex.compile(
    r"^\s*(?:(?:authors?|auteure?s?|autor(?:in|en|innen|es|a|as|e|i)?|verfasser(?:in)?|"
    r"text|texte|redakteur(?:in)?|writer|reporter|autore|автор|yazar)\s*[:：]|"
    r"(?:责任编辑|作者|记者|编辑|撰文|撰稿|文)\s*[:：/])\s*",
    regex.IGNORECASE,
)
# A byline marker inside a longer text: "Posted on May 5, 2020 by Jane", "Veröffentlicht
# von Jane", "Disko Von Jane" (a capital "Von" after a word is a marker, not a particle).
_MARKER = regex.compile(
    r"(?:^|\s)(?:(?:written|posted|published|reported|edited|words|story)\s+)?by\s+"
    r"|(?:^|\s)(?i:veröffentlicht|geschrieben|verfasst|gespeichert|erstellt|publiziert|"
    r"gepostet|beitrag|kommentar|artikel|interview)\s+(?i:von)\s+"
    r"|(?-i:\sVon\s+(?=\p{Lu}))"
    r"|(?:^|\s)(?i:publié|écrit|rédigé|publicado|escrito)\s+(?i:par|por)\s+",
    regex.IGNORECASE,
)
# What follows a name in a byline: a date, a time, "Updated", a site after a bar.
_TAIL = regex.compile(
    r"\s*(?:[|•·]|\s[-–—]\s|\s(?:am|on|le|el|il|em|den|dem|vom)\s+(?=\d|\p{L}+\.?,?\s+\d)|"
    r"\s(?:published|updated|"
    r"veröffentlicht|aktualisiert|stand|publié|mis à jour|publicado|actualizado|"
    r"pubblicato|aggiornato)\b|\s\d|"
    r"\s\p{L}+\.?\s+\d{1,2},\s+\d{4}).*$",
    regex.IGNORECASE | regex.DOTALL,
)
# Byline furniture: the buttons and links profile boxes put after the name ("Follow",
# "Send a message to …", "View profile", "Share", "發私信給…", "關注"), in the languages of
# the corpora. Everything from the first one on is cut; a name never holds these words.
_FURNITURE = regex.compile(
    r"(?:發私信|发私信|私信|[+＋]?\s*關注|[+＋]?\s*关注|訂閱|订阅|分享|フォロー|メッセージ|"
    r"プロフィール|シェア|팔로우|메시지|프로필|공유"
    r"|(?<![\p{L}\p{N}])(?:"
    r"follow(?:\s+(?:on|me|us|him|her|this\s+author))?|unfollow|send\s+(?:a\s+)?message|"
    r"message|(?:view|see)\s+(?:full\s+)?profile|profile|"
    r"(?:more|all|see\s+all)\s+(?:articles|stories|posts|news)\s+(?:by|from)|share|"
    r"folgen|entfolgen|nachricht(?:\s+senden|\s+schreiben)?|profil(?:\s+ansehen)?|"
    r"(?:alle|mehr)\s+(?:artikel|beiträge|texte)\s+(?:von|vom)|teilen|"
    r"suivre|envoyer\s+un\s+message|(?:voir\s+(?:le\s+)?)?profil|partager|"
    r"seguir|enviar\s+(?:un\s+)?mensaje|(?:ver\s+)?perfil|compartir|"
    r"segui|invia\s+(?:un\s+)?messaggio|(?:vedi\s+)?profilo|condividi|"
    r"volgen|stuur\s+(?:een\s+)?bericht|profiel|delen|"
    r"obserwuj|wyślij\s+wiadomość|profil\s+autora|udostępnij|"
    r"подписаться|написать\s+сообщение|профиль|поделиться|"
    r"تابع|متابعة|مراسلة|الملف\s+الشخصي|مشاركة"
    r")(?![\p{L}\p{N}]))",
    regex.IGNORECASE,
)
_SEPARATORS = regex.compile(
    r"\s*(?:;|/|\s&\s|,\s*(?:and|und|et|y|e|i|og|och|en|ve|и)\s|,|"
    r"\s(?:and|und|et|y|e|i|og|och|ve|и)\s)\s*",
    regex.IGNORECASE,
)
# Roles and affiliations written after a name ("Jane Doe, Staff Writer").
_ROLES = regex.compile(
    r"^(?:(?:senior|chief|staff|contributing|guest|freelance|special|political|science|"
    r"business|sports?|foreign|managing|deputy|executive|associate|assistant|news|"
    r"leitende[rn]?|freie[rn]?|stellvertretende[rn]?)\s+)*"
    r"(?:ph\.?\s?d|m\.?d|jr|sr|mba|m\.?sc|esq|"
    r"writers?|reporters?|editors?|correspondents?|columnists?|contributors?|"
    r"journalists?|photographers?|producers?|analysts?|staff|editorial\s+staff|"
    r"redakteur(?:in)?|redakteure|korrespondent(?:in)?|journalist(?:in)?|autor(?:in)?|"
    r"fotograf(?:in)?|volontär(?:in)?|rédacteur|rédactrice|journaliste|correspondant|"
    r"redactor(?:a)?|periodista|corresponsal|giornalista|inviat[oa])\b.*$",
    regex.IGNORECASE,
)
# Words that bylines carry around names, and placeholders that are no name at all.
_NOT_NAMES = frozenset(
    {
        "admin",
        "administrator",
        "anonymous",
        "author",
        "autor",
        "by",
        "comments",
        "contact",
        "de",
        "editor",
        "e-mail",
        "email",
        "follow",
        "folgen",
        "guest",
        "home",
        "kommentare",
        "kontakt",
        "member",
        "mitglied",
        "more",
        "mehr",
        "n/a",
        "no author",
        "none",
        "null",
        "par",
        "por",
        "posted",
        "profil",
        "profile",
        "publiziert",
        "published",
        "quelle",
        "root",
        "share",
        "source",
        "teilen",
        "undefined",
        "unknown",
        "user",
        "veröffentlicht",
        "von",
        "website",
        "webmaster",
    }
)
_BYLINE_VERBS = frozenset(
    {
        "posted",
        "published",
        "written",
        "veröffentlicht",
        "gespeichert",
        "geschrieben",
        "verfasst",
        "publiziert",
        "erstellt",
        "gepostet",
        "publié",
        "publicado",
        "uncategorized",
        "allgemein",
    }
)
_BYLINE_WORDS = frozenset({"by", "von", "par", "por", "door", "de", "di", "da", "av", "af"})
_OBFUSCATED = regex.compile(r"[\[(]at[\])]|www\.|\.(?:com|net|org|de|fr|at|ch)\b")
_EMAIL = regex.compile(r"\S+@\S+\.\w+")
_HANDLE = regex.compile(r"(?:^|\s)@\w+")
_LETTER = regex.compile(r"\p{L}")
_SPACES = regex.compile(r"\s+")


def clean_name(name: str) -> str | None:
    """One name, trimmed of prefixes, quotes and punctuation; None when it is not a name."""
    name = _SPACES.sub(" ", html.unescape(name).replace("\xad", "")).strip()
    name = _LABEL.sub("", name)
    name = _PREFIX.sub("", name)
    name = _HANDLE.sub(" ", name).strip()  # "Jane Doe @janedoe"
    name = name.strip(" \t,;:|/-–—•·*~()[]{}\"'“”„«»")
    if not name or len(name) > MAX_NAME_CHARS or "://" in name or name.startswith("www."):
        return None
    if _EMAIL.search(name) or not _LETTER.search(name):
        return None
    folded = name.casefold()
    words = folded.split()
    if folded in _NOT_NAMES or "admin" in folded or len(words) > MAX_NAME_WORDS:
        return None
    if words[0] in _BYLINE_VERBS or words[-1] in _BYLINE_WORDS or _OBFUSCATED.search(folded):
        # "Veröffentlicht von" with the name elsewhere; "jane[at]example.org".
        return None
    digits = sum(c.isdigit() for c in name)
    if digits and (" " in name or digits > len(name) // 3):
        # "Bo2man" is a login; "07 Dezember" and "Jane Doe 2020" are not names.
        return None
    return name


def byline_names_part(raw: str, *, split: bool = True) -> str:
    """The stretch of a byline that holds the names: after "By"/"Von"/"Posted on ... by",
    before a date, "Updated" or "| Site"."""
    text = _SPACES.sub(" ", html.unescape(raw).replace("\xad", "")).strip()
    if "://" in text and " " not in text:
        return ""
    text = _LABEL.sub("", text)
    prefixed = _PREFIX.match(text)
    if prefixed:
        text = text[prefixed.end() :]
    elif split:
        marker = _MARKER.search(text)
        if marker:
            text = text[marker.end() :]
    return _TAIL.sub("", strip_byline_furniture(text))


def strip_byline_furniture(text: str) -> str:
    """The byline without its furniture: 'Jane Doe Follow' → 'Jane Doe', '包永剛 發私信給包永剛
    關注' → '包永剛'; furniture before the name ('Follow Jane Doe') is dropped."""
    found = _FURNITURE.search(text)
    while found is not None and not text[: found.start()].strip(" \t|·•-–—:,"):
        text = text[found.end() :]
        found = _FURNITURE.search(text)
    return text[: found.start()] if found is not None else text


def parse_authors(raw: str, *, split: bool = True) -> list[str]:
    """Names in a byline or metadata value, in order, without duplicates.

    ``split=False`` keeps the value as one name (sources that give one name per value, such
    as ``citation_author``, where commas separate surname and given name or degrees).
    """
    text = byline_names_part(raw, split=split)
    parts = _SEPARATORS.split(text) if split else [text]
    names: list[str] = []
    for part in parts:
        if split and names and _ROLES.match(part.strip()):
            continue
        cleaned = clean_name(part)
        if cleaned and cleaned not in names:
            names.append(cleaned)
    return names[:MAX_AUTHORS]
