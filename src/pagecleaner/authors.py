"""Author names from metadata values and bylines, normalised.

A byline such as "By Jane Doe and John Roe, Staff Writers | Jan. 5, 2024" becomes
``["Jane Doe", "John Roe"]``: the "By"/"Von"/"Par"/"Por" prefix, roles, dates and
"| Site" tails are cut, several names are split, and what is left must look like a name
(a few words, not a URL, an e-mail address, a handle or a placeholder such as "admin").
"""

from __future__ import annotations

import html

import regex

__all__ = ["MAX_AUTHORS", "clean_name", "parse_authors"]

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
    r"^\s*(?:authors?|auteure?s?|autor(?:in|en|innen|es|a|as|e|i)?|verfasser(?:in)?|"
    r"text|texte|redakteur(?:in)?|writer|reporter|autore|автор|yazar)\s*:\s*",
    regex.IGNORECASE,
)
# What follows a name in a byline: a date, a time, "Updated", a site after a bar.
_TAIL = regex.compile(
    r"\s*(?:[|•·]|\s[-–—]\s|\s(?:am|on|le|el|il|em|den|dem|vom|published|updated|"
    r"veröffentlicht|aktualisiert|stand|publié|mis à jour|publicado|actualizado|"
    r"pubblicato|aggiornato)\b|\s\d{1,4}[./:-]\d|\s\d{1,2}\.?\s+\p{L}+\.?\s+\d{4}|"
    r"\s\p{L}+\.?\s+\d{1,2},\s+\d{4}).*$",
    regex.IGNORECASE | regex.DOTALL,
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
    r"(?:writers?|reporters?|editors?|correspondents?|columnists?|contributors?|"
    r"journalists?|photographers?|producers?|analysts?|staff|editorial\s+staff|"
    r"redakteur(?:in)?|redakteure|korrespondent(?:in)?|journalist(?:in)?|autor(?:in)?|"
    r"fotograf(?:in)?|volontär(?:in)?|rédacteur|rédactrice|journaliste|correspondant|"
    r"redactor(?:a)?|periodista|corresponsal|giornalista|inviat[oa])\b.*$",
    regex.IGNORECASE,
)
_PLACEHOLDERS = frozenset(
    {
        "admin",
        "administrator",
        "anonymous",
        "author",
        "autor",
        "by",
        "editor",
        "guest",
        "n/a",
        "no author",
        "none",
        "null",
        "root",
        "undefined",
        "unknown",
        "user",
        "webmaster",
    }
)
_EMAIL = regex.compile(r"\S+@\S+\.\w+")
_HANDLE = regex.compile(r"(?:^|\s)@\w+")
_LETTER = regex.compile(r"\p{L}")
_SPACES = regex.compile(r"\s+")


def clean_name(name: str) -> str | None:
    """One name, trimmed of prefixes, quotes and punctuation; None when it is not a name."""
    name = _SPACES.sub(" ", html.unescape(name)).strip()
    name = _LABEL.sub("", name)
    name = _PREFIX.sub("", name)
    name = name.strip(" \t,;:|/-–—•·*()[]{}\"'“”„«»")
    if not name or len(name) > MAX_NAME_CHARS or "://" in name or name.startswith("www."):
        return None
    if _EMAIL.search(name) or _HANDLE.search(name) or not _LETTER.search(name):
        return None
    if name.casefold() in _PLACEHOLDERS or len(name.split()) > MAX_NAME_WORDS:
        return None
    if sum(c.isdigit() for c in name) > len(name) // 3:
        return None
    return name


def parse_authors(raw: str, *, split: bool = True) -> list[str]:
    """Names in a byline or metadata value, in order, without duplicates.

    ``split=False`` keeps the value as one name (sources that give one name per value, such
    as ``citation_author``, where commas separate surname and given name or degrees).
    """
    text = _SPACES.sub(" ", html.unescape(raw)).strip()
    text = _LABEL.sub("", text)
    text = _PREFIX.sub("", text)
    text = _TAIL.sub("", text)
    parts = _SEPARATORS.split(text) if split else [text]
    names: list[str] = []
    for part in parts:
        if split and names and _ROLES.match(part.strip()):
            continue
        cleaned = clean_name(part)
        if cleaned and cleaned not in names:
            names.append(cleaned)
    return names[:MAX_AUTHORS]
