"""The statement date of a bill, told apart from the other dates printed on it.

Bills print many dates: the statement (bill, invoice) date, the payment due date, the service period,
the previous statement. Each date is judged by its label — the words left of it on the same line, or
the words just above it (table headers) — and dates that are one end of a range are never it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from portdesk.documents.bill_layout import Line, PageText, TextRun

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"""(?<![\w/.-])(?:
      (?P<m1>\d{{1,2}})(?P<sep>[/.-])(?P<d1>\d{{1,2}})(?P=sep)(?P<y1>\d{{4}}|\d{{2}})
    | (?P<y2>\d{{4}})-(?P<m2>\d{{1,2}})-(?P<d2>\d{{1,2}})
    | (?P<mn3>{_MONTH})\.?\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y3>\d{{4}})
    | (?P<d4>\d{{1,2}})(?:st|nd|rd|th)?[\s-]+(?P<mn4>{_MONTH})\.?,?[\s-]+(?P<y4>\d{{4}})
    )(?![\w/-])""",
    re.IGNORECASE | re.VERBOSE,
)
_RANGE_JOINER = re.compile(r"^\s*(?:-|–|—|to|through|thru|until)\s*$", re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"(?:\s[-–—]|\bto|\bthrough|\bthru|\buntil)\s*$", re.IGNORECASE)
_RANGE_AFTER = re.compile(r"\s*(?:[-–—]\s|to\b|through\b|thru\b)", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+")

_POSITIVE = {"statement", "bill", "billing", "invoice", "issued", "issue", "billed"}
_NEGATIVE = {
    "due", "period", "previous", "prior", "last", "through", "thru", "from", "past", "since", "payment",
    "pay", "paid", "received", "next", "late", "after", "by", "until", "expires", "expiration", "start",
    "end", "ending", "beginning", "cycle", "usage", "service", "services", "autopay", "debit", "before",
    "birth", "effective", "installed", "install", "contract", "term", "disconnect", "disconnection",
}


def parse_date_match(m: re.Match[str]) -> dt.date | None:
    try:
        if m.group("m1"):
            year = int(m.group("y1"))
            year = year + 2000 if year < 100 else year
            return dt.date(year, int(m.group("m1")), int(m.group("d1")))
        if m.group("y2"):
            return dt.date(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
        if m.group("mn3"):
            return dt.date(int(m.group("y3")), _MONTHS[m.group("mn3").lower()], int(m.group("d3")))
        return dt.date(int(m.group("y4")), _MONTHS[m.group("mn4").lower()], int(m.group("d4")))
    except ValueError:
        return None


def dates_in(text: str) -> list[tuple[dt.date, int, int]]:
    """Every valid date in the text with its character span."""
    out = []
    for m in _DATE.finditer(text):
        day = parse_date_match(m)
        if day is not None and 1900 <= day.year <= 2200:
            out.append((day, m.start(), m.end()))
    return out


BEST_SCORE = 3  # what label_score gives a statement/bill/invoice label with the word "date"


def label_score(label: str) -> int:
    """2 = a statement/bill/invoice label, 1 = just 'date', 0 = no label, -1 = another kind of date."""
    words = set(_WORD.findall(label.lower()))
    if words & _NEGATIVE:
        return -1
    if words & _POSITIVE:
        return 2 + ("date" in words)
    return 1 if "date" in words else 0


@dataclass(frozen=True)
class DateCandidate:
    day: dt.date
    page: int
    top: float
    score: int


def _left_label(run: TextRun, start: int) -> str:
    """The words left of a date up to the previous value (a word with a digit), at most six words."""
    index = run.word_index_at(start)
    words: list[str] = []
    if run.starts[index] < start:  # the date starts inside a word ("Date:11/03/2026")
        words.append(run.words[index].text[: start - run.starts[index]])
    for word in reversed(run.words[:index]):
        if any(ch.isdigit() for ch in word.text) or len(words) >= 6:
            break
        words.append(word.text)
    return " ".join(reversed(words))


def _above_label(lines: list[Line], line_index: int, x0: float, x1: float) -> str:
    """Words of the nearest line above that sit over the date (a column header)."""
    line = lines[line_index]
    for above in reversed(lines[max(0, line_index - 3): line_index]):
        if line.run.y0 - above.run.y1 > 2.5 * line.run.height:
            break
        over = [w.text for w in above.run.words if w.x0 < x1 + 4 and x0 - 4 < w.x1]
        if over:
            return " ".join(over)
    return ""


def _lines_with_dates(page: PageText) -> list[int]:
    """Indices of the lines that may print a date: one scan of the page's text instead of one per line.

    A date never spans two lines, and every date of a line is covered by a match in the page's text
    (the line breaks only end words), so no line outside these can hold one.
    """
    text = page.text
    found: set[int] = set()
    for m in _DATE.finditer(text):
        found.update(range(page.line_at(m.start()), page.line_at(m.end() - 1) + 1))
    return sorted(found)


def page_date_candidates(page: PageText) -> list[DateCandidate]:
    out: list[DateCandidate] = []
    for index in _lines_with_dates(page):
        run = page.lines[index].run
        found = dates_in(run.text)
        in_range: set[int] = set()
        for i in range(len(found) - 1):
            between = run.text[found[i][2]: found[i + 1][1]]
            if _RANGE_JOINER.match(between):
                in_range.update((i, i + 1))
        for i, (day, start, end) in enumerate(found):
            # One end of a range: "Oct 1 - Oct 31, 2026", "10/01/2026 - 10/31", "through Nov 2, 2026".
            if i in in_range or _RANGE_BEFORE.search(run.text, 0, start) or _RANGE_AFTER.match(run.text, end):
                continue
            left = _left_label(run, start)
            score = label_score(left) if _WORD.search(left.lower()) else 0
            if score == 0:
                rects = run.rects(start, end)
                x0, x1 = rects[0][0], rects[-1][2]
                above = label_score(_above_label(page.lines, index, x0, x1))
                score = above if above != 0 else score
            out.append(DateCandidate(day, page.number, run.y0, score))
    return out


class StatementDateFinder:
    """Fed page by page; the best-labelled date wins, the earliest one on a tie."""

    def __init__(self) -> None:
        self._best: DateCandidate | None = None
        self._unlabelled_first_page: DateCandidate | None = None

    @property
    def done(self) -> bool:
        """A date with the best label there is was found: no later page can change the result."""
        return self._best is not None and self._best.score >= BEST_SCORE

    def feed(self, page: PageText) -> None:
        if self.done:
            return
        for cand in page_date_candidates(page):
            if cand.score > 0 and (self._best is None or cand.score > self._best.score):
                self._best = cand
            elif cand.score == 0 and cand.page == 1 and self._unlabelled_first_page is None:
                self._unlabelled_first_page = cand

    def result(self) -> dt.date | None:
        if self._best is not None:
            return self._best.day
        # No label anywhere: a lone date at the top of page 1 is what a bill prints as its date.
        return self._unlabelled_first_page.day if self._unlabelled_first_page else None
