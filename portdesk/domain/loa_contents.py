"""What a Letter of Authorization says, read from its text layer, as plain data.

The documents room extracts the text (PyMuPDF) and hands it over as `LoaText`; the rules here read
the numbers and names it authorises, so an LOA is held against the order it belongs to by its
content, whoever generated it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from portdesk.domain.numbers import to_e164

# PortDesk's own LOA heads its number list with this and ends it at the signature block or the footer.
_LIST_START = "numbers to port"
_LIST_END = ("signature of the authorized person", "letter of authorization -")
# Lines that carry a number which is not one being ported (the BTN, the account number …).
_NOT_LISTED = re.compile(r"billing telephone|\bbtn\b|account number|account pin|new btn", re.IGNORECASE)


@dataclass(frozen=True)
class LoaText:
    """The text of an LOA, one string per page; empty pages (a scan) have no text layer."""

    pages: tuple[str, ...] = ()

    @property
    def has_text(self) -> bool:
        return any(page.strip() for page in self.pages)

    def lines(self) -> list[str]:
        return [line.strip() for page in self.pages for line in page.splitlines() if line.strip()]

    def normalised(self) -> str:
        """All the text, case-folded, with every run of white space as one space (wrapped lines join)."""
        return " ".join(" ".join(self.pages).casefold().split())


def _numbers_in(line: str) -> list[str]:
    out = []
    for match in phonenumbers.PhoneNumberMatcher(line, "US", leniency=phonenumbers.Leniency.POSSIBLE):
        e164 = to_e164(match.raw_string)
        if e164:
            out.append(e164)
    return out


def listed_numbers(text: LoaText) -> set[str]:
    """The E.164 numbers the LOA lists for porting.

    In a PortDesk LOA only the "Numbers to port" sections count; in another layout every number
    on the letter counts, except on lines labelled as the BTN or the account number.
    """
    lines = text.lines()
    sectioned = any(line.casefold().startswith(_LIST_START) for line in lines)
    found: set[str] = set()
    inside = not sectioned
    for line in lines:
        folded = line.casefold()
        if sectioned and folded.startswith(_LIST_START):
            inside = True
            continue
        if sectioned and folded.startswith(_LIST_END):
            inside = False
            continue
        if inside and not _NOT_LISTED.search(line) and not folded.startswith("customer:"):
            found.update(_numbers_in(line))
    return found


def mentions(text: LoaText, value: str | None) -> bool:
    """Whether the LOA's text holds `value` (case and line breaks aside); True for a blank value."""
    wanted = " ".join((value or "").casefold().split())
    return not wanted or wanted in text.normalised()
