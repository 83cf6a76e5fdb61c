"""Dates in metadata, markup and text: parsed, validated, normalised to ISO 8601.

Three readers, from strict to loose:

* :func:`parse_machine_date` reads values written for machines (JSON-LD, ``<meta>``,
  ``<time datetime>``, microdata): ISO 8601, RFC 2822 and compact ``YYYYMMDD``;
* :func:`find_text_date` finds the first date written for people in a short text
  ("21.01.2022", "5. April 2017", "November 8, 2023", "8 de noviembre de 2023", "2023年11月8日");
* :func:`url_date` reads ``/2023/11/08/`` style paths.

A date is kept only when it is a real calendar date, not in the future (one day of slack for
time zones ahead of UTC) and not before :data:`MIN_YEAR` (``MIN_TEXT_YEAR`` for dates read from
text, where older dates are usually history, not publication). The calendar date is the one
*written*: ``2023-11-09T05:30:59+00:00`` is 2023-11-09 even if the publisher's local date was the
8th; callers that have a local date from another source can prefer it (``utc`` says when a value
was written in UTC).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import regex

__all__ = [
    "MIN_TEXT_YEAR",
    "MIN_YEAR",
    "ParsedDate",
    "find_text_date",
    "parse_machine_date",
    "url_date",
]

# Structured values may carry old dates (a digitised 1985 paper); text rarely means publication
# when it names a year before the Web.
MIN_YEAR = 1900
MIN_TEXT_YEAR = 1995
# Time zones run up to UTC+14: a page dated "tomorrow" in UTC may be dated today where it was
# written.
FUTURE_SLACK = timedelta(days=1)

# Month names in the languages of the pages pagecleaner meets most (nominative and genitive
# forms, common abbreviations); keys are casefolded, without a trailing dot.
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar jänner jän janvier janv enero ene gennaio janeiro januari "
        "stycznia styczeń styczen sty ledna leden ocak января январь tammikuuta",
        "february feb februar feber février fevrier févr fevr febrero febbraio fevereiro "
        "fev februari lutego luty lut února unor únor şubat subat февраля февраль helmikuuta",
        "march mar märz maerz mär mars marzo março marco maart marca marzec března brezna "
        "březen mart марта март maaliskuuta",
        "april apr avril avr abril abr aprile kwietnia kwiecień kwiecien kwi dubna duben "
        "nisan апреля апрель huhtikuuta",
        "may mai mayo maggio maio mei maj maja května kvetna květen mayıs mayis мая май toukokuuta",
        "june jun juni juin junio giugno giu junho czerwca czerwiec cze června cerven červen "
        "haziran июня июнь kesäkuuta",
        "july jul juli juillet juil julio luglio lug julho lipca lipiec lip července "
        "cervenec červenec temmuz июля июль heinäkuuta",
        "august aug août aout agosto augustus augusti sierpnia sierpień sierpien sie "
        "srpna srpen ağustos agustos августа август elokuuta",
        "september sep sept septembre septiembre setiembre settembre setembro september "
        "września wrzesień wrzesien wrz září zari eylül eylul сентября сентябрь syyskuuta",
        "october oct oktober okt octobre octubre oct ottobre ott outubro października "
        "październik pazdziernik paź paz října rijna říjen ekim октября октябрь lokakuuta",
        "november nov novembre noviembre novembro listopada listopad lis kasım kasim "
        "ноября ноябрь marraskuuta",
        "december dec dezember dez décembre decembre déc diciembre dic dicembre dezembro "
        "desember grudnia grudzień grudzien gru prosince prosinec aralık aralik декабря "
        "декабрь joulukuuta",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_MONTH_ALTERNATION = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = regex.compile(
    rf"(?<![\p{{L}}\d])(\d{{1,2}})(?:\.|er|st|nd|rd|th|º)?\s*(?:de\s+|of\s+)?"
    rf"({_MONTH_ALTERNATION})(?![\p{{L}}])\.?,?\s*(?:de\s+|del\s+)?(\d{{4}})(?!\d)",
    regex.IGNORECASE,
)
_MONTH_DAY_YEAR = regex.compile(
    rf"(?<![\p{{L}}])({_MONTH_ALTERNATION})(?![\p{{L}}])\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?!\d),?\s+(\d{{4}})(?!\d)",
    regex.IGNORECASE,
)
# What follows the month name in _MONTH_DAY_YEAR, from the last space before the day on: a
# text without it has no such date, and the 300-name alternation tried at every position
# costs ten times this search.
_DAY_YEAR_AFTER_MONTH = regex.compile(
    r"\s\d{1,2}(?:st|nd|rd|th)?(?!\d),?\s+\d{4}(?!\d)", regex.IGNORECASE
)
_YEAR_MONTH_DAY = regex.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")
_DAY_DOT_MONTH_YEAR = regex.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})(?![\d])")
_SLASHED = regex.compile(r"(?<![\d/])(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?![\d/])")
_DIGIT = regex.compile(r"\d")
_LETTER = regex.compile(r"[^\W\d_]")
_CJK = regex.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")
_ISO = regex.compile(
    r"^\s*(\d{4})-?(\d{2})-?(\d{2})(?:[T\s_]+(\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?"
)
_YEAR_FIRST_LOOSE = regex.compile(r"(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)")
_URL_DATE = regex.compile(
    r"(?<=/|\b)((?:19|20)\d{2})([/_-])(0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?=[/_.-]|$)"
)
_URL_COMPACT = regex.compile(
    r"(?<=[/_-])((?:19|20)\d{2})()(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)"
)

# "/meldungen/29-10-2021": a whole path segment, day first (never month first: ambiguous).
_URL_DAY_FIRST = regex.compile(
    r"/(0[1-9]|[12]\d|3[01])[.-](0[1-9]|1[0-2])[.-]((?:19|20)\d{2})(?=/|\.\w+$|$)"
)


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A validated calendar date; ``utc`` when it was written as a UTC timestamp."""

    value: date
    utc: bool = False

    @property
    def iso(self) -> str:
        return self.value.isoformat()


def _valid(year: int, month: int, day: int, min_year: int) -> date | None:
    if year < min_year:
        return None
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    if value > datetime.now(timezone.utc).date() + FUTURE_SLACK:
        return None
    return value


def parse_machine_date(raw: str | None) -> ParsedDate | None:
    """A date from a value written for machines: ISO 8601 first, then any written date."""
    if not raw:
        return None
    raw = raw.strip()
    match = _ISO.match(raw)
    if match:
        value = _valid(int(match[1]), int(match[2]), int(match[3]), MIN_YEAR)
        if value is None:
            return None
        zone = (match[7] or "").upper()
        utc = zone in ("Z", "UTC", "GMT") or zone.replace(":", "") in ("+0000", "-0000")
        return ParsedDate(value, utc=utc and match[4] is not None)
    match = _YEAR_FIRST_LOOSE.search(raw)
    if match:
        value = _valid(int(match[1]), int(match[2]), int(match[3]), MIN_YEAR)
        return ParsedDate(value) if value else None
    if raw.isdigit() and len(raw) in (10, 13):
        # A Unix timestamp (seconds or milliseconds).
        seconds = int(raw) / (1000 if len(raw) == 13 else 1)
        try:
            stamp = datetime.fromtimestamp(seconds, timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            return None
        value = _valid(stamp.year, stamp.month, stamp.day, MIN_TEXT_YEAR)
        return ParsedDate(value, utc=True) if value else None
    # RFC 2822 ("Sat, 19 Oct 2019 00:04:00 +0200") and other written forms.
    return find_text_date(raw, min_year=MIN_YEAR)


def find_text_date(
    text: str, *, month_first: bool = False, min_year: int = MIN_TEXT_YEAR
) -> ParsedDate | None:
    """The first valid date written in ``text``.

    ``month_first`` decides ambiguous numeric dates such as 02/10/2020 (US usage); a date
    whose first number is above 12 is read day-first whatever the hint.
    """
    if not text or _DIGIT.search(text) is None:
        return None
    found: list[tuple[int, date]] = []

    def first(pattern: regex.Pattern[str], read: Callable[[regex.Match[str]], date | None]) -> None:
        for match in pattern.finditer(text):
            value = read(match)
            if value is not None:
                found.append((match.start(), value))
                return

    def two_digit_year(match: regex.Match[str]) -> date | None:
        year = int(match[3])
        if len(match[3]) == 2:
            year += 2000 if year <= datetime.now(timezone.utc).year % 100 else 1900
        return _valid(year, int(match[2]), int(match[1]), min_year)

    def slashed(match: regex.Match[str]) -> date | None:
        first_number, second_number, year = int(match[1]), int(match[2]), int(match[3])
        if month_first and first_number <= 12:
            first_number, second_number = second_number, first_number
        value = _valid(year, second_number, first_number, min_year)
        if value is None and first_number <= 12:
            value = _valid(year, first_number, second_number, min_year)
        return value

    def named(day: int, month_name: str, year: int) -> date | None:
        month = _MONTHS.get(month_name.casefold())
        return _valid(year, month, day, min_year) if month else None

    first(_YEAR_MONTH_DAY, lambda m: _valid(int(m[1]), int(m[3]), int(m[4]), min_year))
    first(_CJK, lambda m: _valid(int(m[1]), int(m[2]), int(m[3]), min_year))
    first(_DAY_DOT_MONTH_YEAR, two_digit_year)
    first(_SLASHED, slashed)
    if _LETTER.search(text):
        first(_DAY_MONTH_YEAR, lambda m: named(int(m[1]), m[2], int(m[3])))
        if _DAY_YEAR_AFTER_MONTH.search(text):
            first(_MONTH_DAY_YEAR, lambda m: named(int(m[2]), m[1], int(m[3])))
    if not found:
        return None
    return ParsedDate(min(found, key=lambda item: item[0])[1])


def url_date(url: str | None) -> ParsedDate | None:
    """A full date in a URL path: ``/2023/11/08/``, ``/2023-11-08-``, ``/20231108/``."""
    if not url:
        return None
    path = url.split("?", 1)[0].split("#", 1)[0]
    for pattern in (_URL_DATE, _URL_COMPACT):
        for match in pattern.finditer(path):
            value = _valid(int(match[1]), int(match[3]), int(match[4]), MIN_TEXT_YEAR)
            if value:
                return ParsedDate(value)
    for match in _URL_DAY_FIRST.finditer(path):
        value = _valid(int(match[3]), int(match[2]), int(match[1]), MIN_TEXT_YEAR)
        if value:
            return ParsedDate(value)
    return None
