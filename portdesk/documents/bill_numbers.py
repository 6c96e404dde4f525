"""Every telephone number printed on a bill page.

North American numbers (nearly all of a US bill) are found by a regular expression over the page's
lines (one scan of the page's text) and judged by phonenumbers once per distinct number (a call-detail page repeats the same few numbers
hundreds of times); a line with an international '+' prefix goes through phonenumbers'
PhoneNumberMatcher. A bare run of ten digits labelled as an account or invoice number is not a phone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from portdesk.documents.bill_layout import PageText, Rect
from portdesk.domain.numbers import international_numbers_in, judge_nanp

_NANP = re.compile(
    r"(?<![\w+/.-])(?:\+?1[-. ]?)?(?:\(\d{3}\)[-. ]?|\d{3}[-. ]?)\d{3}[-. ]?\d{4}(?![\w/-]|[.,]\d)"
)
_INTERNATIONAL = re.compile(r"\+[02-9]")
_ID_LABEL = re.compile(
    r"\b(account|acct|invoice|inv|order|ref|reference|confirmation|customer|ban|ticket|id|no)\W*(number|no|#)?\W*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d")
# The most a match holds before its last four digits: "+1-" and "(303) " and "555-".
_BEFORE_LAST_FOUR = 13
_ASCII_DIGITS_AS_ZERO = str.maketrans("123456789", "000000000")
_NON_DIGIT = re.compile(r"\D")


class PrintedNumber:
    """A telephone number as printed on the bill; its line and boxes are worked out only when asked for."""

    __slots__ = ("_end", "_page", "_start", "_text", "e164", "page", "toll_free")

    def __init__(self, e164: str, toll_free: bool, text: str | None, page: PageText, start: int, end: int) -> None:
        """`start` and `end` are offsets into the page's `text`; `text` None: it is the page's text there."""
        self.e164, self.toll_free, self.page = e164, toll_free, page.number
        self._page, self._start, self._end = page, start, end
        # The page's text holds it already: a 500-page bill prints ~25,000 numbers.
        self._text = None if text is None or page.text[start:end] == text else text

    @property
    def text(self) -> str:
        """As printed."""
        return self._text if self._text is not None else self._page.text[self._start:self._end]

    @property
    def rects(self) -> tuple[Rect, ...]:
        line = self._page.line_at(self._start)
        offset = self._page.line_starts[line]
        return tuple(self._page.lines[line].run.rects(self._start - offset, self._end - offset))

    @property
    def text_before(self) -> str:
        """What its line prints before it ("Call Customer Service at"): tells a billed line from a help line."""
        text = self._page.text
        return text[text.rfind("\n", 0, self._start) + 1:self._start]

    @property
    def line_text(self) -> str:
        """Its whole line."""
        text = self._page.text
        end = text.find("\n", self._end)
        return text[text.rfind("\n", 0, self._start) + 1:end if end >= 0 else len(text)]

    def __repr__(self) -> str:
        return f"PrintedNumber({self.e164!r}, toll_free={self.toll_free}, text={self.text!r}, page={self.page})"


@lru_cache(maxsize=4096)
def _judge_nanp(digits: str) -> tuple[str, bool] | None:
    """(E.164, toll-free) of a valid North American number, None otherwise."""
    return judge_nanp(digits)


def _labelled_identifier(text: str, start: int, raw: str) -> bool:
    """`raw`, found at `start` of `text`, is a bare run of digits its line labels as an account or
    invoice number (the label is looked for only once the digits are bare)."""
    if not raw.isdigit():
        return False
    before = text[text.rfind("\n", 0, start) + 1: start]
    return bool(_ID_LABEL.search(before.rstrip()[-30:]))


@lru_cache(maxsize=4096)
def _judge_printed(raw: str) -> tuple[str, bool] | None:
    return _judge_nanp(_NON_DIGIT.sub("", raw))


def numbers_on_page(page: PageText) -> list[PrintedNumber]:
    """Every valid telephone number printed on the page, with where it is."""
    text = page.text
    if _INTERNATIONAL.search(text):
        return _numbers_line_by_line(page)
    # No '+' number on the page: one scan of the page's text finds what a scan of each line would (a
    # North American number never spans a line break, and a line break is no word character).
    out: list[PrintedNumber] = []
    for match in _nanp_matches(text):
        raw = match.group()
        if raw.isdigit() and _labelled_identifier(text, match.start(), raw):  # most are punctuated: no call
            continue
        judged = _judge_printed(raw)
        if judged:
            start, end = match.span()
            out.append(PrintedNumber(judged[0], judged[1], None, page, start, end))  # `raw` is text[start:end]
    return out


def _nanp_matches(text: str) -> Iterator[re.Match[str]]:
    """`_NANP.finditer(text)`, with the regex engine started only near four digits in a row.

    Every match ends in four digits, at most `_BEFORE_LAST_FOUR` characters after its start, so no match
    starts before the next four digits less that; `str.find` gets there far faster than the engine.
    """
    if not text.isascii():  # \d is any Unicode digit: let the engine look everywhere
        yield from _NANP.finditer(text)
        return
    find = text.translate(_ASCII_DIGITS_AS_ZERO).find
    search = _NANP.search
    pos = 0
    while True:
        four = find("0000", pos)
        if four < 0:
            return
        match = search(text, max(pos, four - _BEFORE_LAST_FOUR))
        if match is None:
            return
        yield match
        pos = match.end()


def _numbers_line_by_line(page: PageText) -> list[PrintedNumber]:
    out: list[PrintedNumber] = []
    for text, offset in zip(page.line_texts, page.line_starts, strict=True):
        if len(_DIGITS.findall(text)) < 10:
            continue
        for match in _NANP.finditer(text):
            raw = match.group()
            if _labelled_identifier(text, match.start(), raw):
                continue
            judged = _judge_printed(raw)
            if judged:
                out.append(PrintedNumber(judged[0], judged[1], raw, page, offset + match.start(),
                                         offset + match.end()))
        if _INTERNATIONAL.search(text):
            for start, end, raw, e164 in international_numbers_in(text):  # NANP ones were read above
                out.append(PrintedNumber(e164, False, raw, page, offset + start, offset + end))
    return out
