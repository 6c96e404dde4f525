"""Generate the Letter of Authorization (LOA) of a port order as a PDF, with reportlab.

Layout: page 1 holds the account and port details, the authorisation text, as many numbers as fit and
the signature block at a fixed place near the bottom (``SIGNATURE_BOX`` …), so the signing step knows
where to draw without parsing the page. Numbers that do not fit go on continuation pages headed
"Numbers to port (continued)"; every page says "page i of n". The PIN is never printed.

The output is deterministic for the same order (reportlab ``invariant=1``: fixed dates and document
id), so the SHA-256 of an unsigned LOA identifies its content.
"""

from __future__ import annotations

import importlib.resources
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import FALLBACK_PROFILE, ProfileError, get_profile

PAGE_WIDTH, PAGE_HEIGHT = LETTER
MARGIN = 54.0
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN

# The signature block, in PyMuPDF page coordinates (points, origin top-left), on page 1.
Rect = tuple[float, float, float, float]
SIGNATURE_PAGE = 0
SIGNATURE_BOX: Rect = (MARGIN, 586.0, 324.0, 652.0)  # artwork goes here, above the signature line
DATE_BOX: Rect = (360.0, 630.0, PAGE_WIDTH - MARGIN, 652.0)
NAME_BOX: Rect = (MARGIN, 682.0, 324.0, 704.0)
TITLE_BOX: Rect = (360.0, 682.0, PAGE_WIDTH - MARGIN, 704.0)
SIGNING_FOOTER_BASELINE = 760.0  # the signing step writes its record line here on every page
BLOCK_TOP = 560.0  # page 1 content must end above this

LOA_SUBJECT = "Letter of Authorization"
LOA_CREATOR = "PortDesk"
SIGNATURE_LABEL = "Signature of the authorized person"

BODY_FONT = "Helvetica"
BOLD_FONT = "Helvetica-Bold"
UNICODE_FONT = "PortDeskUnicode"
NUMBER_FONT_SIZE = 9.5
NUMBER_ROW_HEIGHT = 13.0
NUMBER_COLUMNS = 5
CONTINUATION_TOP = 124.0  # first number row on a continuation page
CONTINUATION_BOTTOM = 730.0


@dataclass(frozen=True)
class LoaPdf:
    data: bytes
    pages: int
    numbers: int


_NANP = re.compile(r"\+1([2-9]\d\d)([2-9]\d\d)(\d{4})")


def format_number(number: str) -> str:
    """A number as people read it: (303) 555-0100 in North America, +44 20 … elsewhere; text as typed
    when it is not a valid number (the LOA must still show it, lint flags it)."""
    nanp = _NANP.fullmatch(number)
    if nanp:  # the common case, without phonenumbers' full parse (60% of a 600-number LOA's time)
        return f"({nanp[1]}) {nanp[2]}-{nanp[3]}"
    return _format_other(number)


@lru_cache(maxsize=4096)
def _format_other(number: str) -> str:
    from portdesk.domain.numbers import display_number  # phonenumbers, only for a number outside +1 NXX

    return display_number(number)


def provider_display_name(profile_id: str | None, user_dir: Path | None = None) -> str:
    """The gaining provider's display name from its profile; the id itself when the profile is unknown
    (an LOA must still be possible; lint is where an unknown profile is judged)."""
    pid = profile_id or FALLBACK_PROFILE
    try:
        return get_profile(pid, user_dir).name or pid
    except ProfileError:
        return pid


def authorization_text(values: dict[str, str]) -> list[str]:
    """The authorisation paragraphs from resources/loa/authorization.txt, placeholders filled."""
    raw = importlib.resources.files("portdesk").joinpath("resources/loa/authorization.txt").read_text("utf-8")
    lines = [line for line in raw.splitlines() if not line.startswith("#")]
    paragraphs = [p.strip().replace("\n", " ") for p in "\n".join(lines).split("\n\n")]
    return [Template(p).safe_substitute(values) for p in paragraphs if p]


def _or_blank(value: str | None, blank: str = "(not entered)") -> str:
    return value.strip() if value and value.strip() else blank


def _address_lines(order: PortOrder) -> list[str]:
    a = order.account.service_address
    street = ", ".join(x for x in (a.line1, a.line2) if x)
    city = " ".join(x for x in (f"{a.city}," if a.city else None, a.state, a.postal_code) if x)
    lines = [x for x in (street, city, a.country if a.country and a.country != "US" else None) if x]
    return lines or ["(not entered)"]


def detail_rows(order: PortOrder, provider: str) -> list[tuple[str, list[str]]]:
    """Label and value lines of the details section, in reading order."""
    acc = order.account
    if order.port_type == "full":
        port_type = ["Full port: every number on the account leaves"]
    elif order.port_type == "partial":
        port_type = ["Partial port: only the numbers listed leave"]
        if order.new_btn:
            port_type.append(f"New BTN staying with {_or_blank(order.losing_carrier, 'the losing carrier')}: {format_number(order.new_btn)}")
    else:
        port_type = ["(not decided)"]
    when = _or_blank(order.requested_date)
    if order.requested_date and order.requested_time:
        when = f"{order.requested_date} {order.requested_time} ({order.timezone})"
    return [
        ("Customer (account name)", [_or_blank(acc.name)]),
        ("Authorized person", [_or_blank(acc.authorized_user)]),
        ("Service address", _address_lines(order)),
        ("Losing carrier", [_or_blank(order.losing_carrier)]),
        ("Account number", [_or_blank(acc.number)]),
        ("Billing telephone number", [format_number(acc.btn) if acc.btn else "(not entered)"]),
        ("Account PIN", ["provided separately" if acc.pin else "none"]),
        ("Gaining provider", [provider]),
        ("Port type", port_type),
        ("Requested port date", [when]),
    ]


def standard_font_can_write(text: str) -> bool:
    """Helvetica in reportlab writes WinAnsi (cp1252) only; other letters would print as boxes."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=1)
def register_unicode_font() -> str:
    """A wide-coverage font for orders with letters beyond cp1252 (Łódź, Жанна, 王): PyMuPDF's built-in
    Droid Sans Fallback, registered with reportlab once and embedded as a subset."""
    import pymupdf  # only for the font's bytes; loaded only when an order needs it

    pdfmetrics.registerFont(TTFont(UNICODE_FONT, io.BytesIO(pymupdf.Font("cjk").buffer)))
    return UNICODE_FONT


class _LoaWriter:
    """Draws one LOA on a reportlab canvas; y values are top-left based like the constants above."""

    def __init__(self, order: PortOrder, provider: str) -> None:
        self.order = order
        self.provider = provider
        self.numbers = [format_number(n) for n in order.numbers]
        shown = [v for _, values in detail_rows(order, provider) for v in values] + [order.display_name(), *self.numbers]
        self.fonts: dict[str, str] = {}
        if not all(standard_font_can_write(v) for v in shown):
            self.fonts = dict.fromkeys((BODY_FONT, BOLD_FONT), register_unicode_font())
        self.buf = io.BytesIO()
        self.c = Canvas(self.buf, pagesize=LETTER, invariant=1, pageCompression=1)
        self.c.setTitle(f"Letter of Authorization - {order.display_name()}")
        self.c.setSubject(LOA_SUBJECT)
        self.c.setCreator(LOA_CREATOR)
        self.c.setAuthor(LOA_CREATOR)

    # -- drawing helpers (top-left coordinates) ------------------------------------------
    def text(self, x: float, y: float, s: str, font: str = BODY_FONT, size: float = 10.0) -> None:
        self.c.setFont(self.fonts.get(font, font), size)
        self.c.drawString(x, PAGE_HEIGHT - y, s)

    def line(self, x0: float, y: float, x1: float) -> None:
        self.c.line(x0, PAGE_HEIGHT - y, x1, PAGE_HEIGHT - y)

    def wrap(self, s: str, width: float, font: str, size: float) -> list[str]:
        words, lines, cur = s.split(), [], ""
        for w in words:
            trial = f"{cur} {w}" if cur else w
            if cur and stringWidth(trial, self.fonts.get(font, font), size) > width:
                lines.append(cur)
                cur = w
            else:
                cur = trial
        return [*lines, cur] if cur else lines

    # -- sections ----------------------------------------------------------------------------
    def header(self) -> float:
        self.text(MARGIN, 72, "Letter of Authorization", BOLD_FONT, 18)
        self.text(MARGIN, 90, "Request to port telephone numbers to a new provider", BODY_FONT, 10)
        return 112.0

    def details(self, y: float) -> float:
        label_w = 150.0
        for label, values in detail_rows(self.order, self.provider):
            self.text(MARGIN, y, label, BOLD_FONT, 9.5)
            for value in values:
                for part in self.wrap(value, CONTENT_WIDTH - label_w, BODY_FONT, 10) or [""]:
                    self.text(MARGIN + label_w, y, part, BODY_FONT, 10)
                    y += 13.5
        return y + 6

    def authorization(self, y: float) -> float:
        acc = self.order.account
        values = {
            "customer": _or_blank(acc.name, "the customer"),
            "authorized_person": _or_blank(acc.authorized_user, "the authorized person"),
            "losing_carrier": _or_blank(self.order.losing_carrier, "the current carrier"),
            "gaining_provider": self.provider,
            "account_number": _or_blank(acc.number, "(not entered)"),
        }
        self.text(MARGIN, y, "Authorization", BOLD_FONT, 11)
        y += 15
        for paragraph in authorization_text(values):
            for part in self.wrap(paragraph, CONTENT_WIDTH, BODY_FONT, 9):
                self.text(MARGIN, y, part, BODY_FONT, 9)
                y += 11.5
            y += 4
        return y + 8

    def number_grid(self, chunk: list[str], y: float) -> None:
        """Numbers down the columns, then across (how people read a list)."""
        rows = -(-len(chunk) // NUMBER_COLUMNS)
        col_w = CONTENT_WIDTH / NUMBER_COLUMNS
        for i, number in enumerate(chunk):
            col, row = divmod(i, rows)
            self.text(MARGIN + col * col_w, y + row * NUMBER_ROW_HEIGHT, number, BODY_FONT, NUMBER_FONT_SIZE)

    def signature_block(self) -> None:
        self.text(MARGIN, BLOCK_TOP + 12, SIGNATURE_LABEL, BOLD_FONT, 11)
        x0, _, x1, bottom = SIGNATURE_BOX
        self.line(x0, bottom, x1)
        self.text(x0, bottom + 11, "Signature", BODY_FONT, 8)
        dx0, _, dx1, dbottom = DATE_BOX
        self.line(dx0, dbottom, dx1)
        self.text(dx0, dbottom + 11, "Date", BODY_FONT, 8)
        nx0, _, nx1, nbottom = NAME_BOX
        self.line(nx0, nbottom, nx1)
        self.text(nx0, nbottom + 11, "Printed name", BODY_FONT, 8)
        tx0, _, tx1, tbottom = TITLE_BOX
        self.line(tx0, tbottom, tx1)
        self.text(tx0, tbottom + 11, "Title", BODY_FONT, 8)

    def footer(self, page: int, pages: int) -> None:
        name = _or_blank(self.order.account.name, self.order.display_name())
        self.text(MARGIN, 776, f"Letter of Authorization - {name} - page {page} of {pages}", BODY_FONT, 7.5)

    # -- the document ------------------------------------------------------------------------
    def render(self) -> LoaPdf:
        y = self.details(self.header())
        y = self.authorization(y)
        heading_y = y
        first_top = heading_y + 18
        rows_p1 = max(0, int((BLOCK_TOP - 16 - first_top) // NUMBER_ROW_HEIGHT) + 1)
        if first_top > BLOCK_TOP - 16:
            rows_p1 = 0
        per_p1 = rows_p1 * NUMBER_COLUMNS
        per_cont = (int((CONTINUATION_BOTTOM - CONTINUATION_TOP) // NUMBER_ROW_HEIGHT) + 1) * NUMBER_COLUMNS
        first, rest = self.numbers[:per_p1], self.numbers[per_p1:]
        chunks = [rest[i : i + per_cont] for i in range(0, len(rest), per_cont)]
        pages = 1 + len(chunks)
        total = len(self.numbers)

        self.text(MARGIN, heading_y, f"Numbers to port ({total})", BOLD_FONT, 11)
        if not self.numbers:
            self.text(MARGIN, first_top, "(no numbers entered)", BODY_FONT, NUMBER_FONT_SIZE)
        self.number_grid(first, first_top)
        if chunks:
            note = f"continued on the following pages: numbers {len(first) + 1}-{total} of {total}"
            self.text(MARGIN + 150, heading_y, note, BODY_FONT, 9)
        self.signature_block()
        self.footer(1, pages)
        shown = len(first)
        for index, chunk in enumerate(chunks, start=2):
            self.c.showPage()
            self.text(MARGIN, 72, "Numbers to port (continued)", BOLD_FONT, 14)
            acc = self.order.account
            ident = f"Customer: {_or_blank(acc.name)}   Account number: {_or_blank(acc.number)}"
            self.text(MARGIN, 90, ident, BODY_FONT, 9)
            self.text(MARGIN, 103, f"Numbers {shown + 1}-{shown + len(chunk)} of {total}", BODY_FONT, 9)
            self.number_grid(chunk, CONTINUATION_TOP)
            self.footer(index, pages)
            shown += len(chunk)
        self.c.showPage()
        self.c.save()
        return LoaPdf(self.buf.getvalue(), pages, total)


def render_loa(order: PortOrder, provider_name: str | None = None) -> LoaPdf:
    """The unsigned LOA of an order, with its page and number counts."""
    provider = provider_name or provider_display_name(order.profile)
    return _LoaWriter(order, provider).render()


def generate_loa(order: PortOrder, provider_name: str | None = None) -> bytes:
    """The unsigned LOA of an order as PDF bytes (same order in, same bytes out)."""
    return render_loa(order, provider_name).data
