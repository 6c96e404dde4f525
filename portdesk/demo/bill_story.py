"""Realistic carrier bills' content and arrangement, for the demo data, the tests and the benchmarks.

What a bill says (`BillContents`) is laid out here as text and boxes on a `Sheet`; the documents
room's generic drawer (documents/sheet_pdf.py) writes it as a PDF, so the reader can be tested
against the ways real bills are produced:

- ``labels``     "Label: value" lines in an account summary box, charges table, lines on the account.
- ``window``     a mailing-window address block (carrier style, capitals), a summary row with the labels
                 above the values, the service location in its own block.
- ``multipage``  summary on page 1; the telephone numbers on page 2; call detail after that.
- ``glyphs``     ``labels`` drawn letter by letter: every glyph its own text object at a computed x.
- ``reversed``   ``window`` with every page's content stream written last line first.
- ``mixed_fonts``  ``labels`` with the first word of each line in another font.
- ``scanned``    ``labels`` rendered to an image; the PDF holds only the picture (no text layer).

Decoy dates are always printed (payment due date, service period, previous statement), and a toll-free
customer-service number. No PDF library here: the drawing is the documents room's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from portdesk.documents.sheet_pdf import PAGE_HEIGHT, PAGE_WIDTH, Sheet, as_scan, render_sheet, text_width

MARGIN = 54.0
LAYOUTS = ("labels", "window", "multipage", "glyphs", "reversed", "mixed_fonts", "scanned")
DATE_FORMATS = ("us", "long", "short", "iso", "day_first")

# layout name → (arrangement, drawing mode, scanned)
_LAYOUT_PLAN: dict[str, tuple[str, str, bool]] = {
    "labels": ("labels", "plain", False),
    "window": ("window", "plain", False),
    "multipage": ("multipage", "plain", False),
    "glyphs": ("labels", "glyphs", False),
    "reversed": ("window", "reversed", False),
    "mixed_fonts": ("labels", "mixed_fonts", False),
    "scanned": ("labels", "plain", True),
}


@dataclass
class BillContents:
    """What the bill says. Values are printed exactly as given (the tests mutate the typed side)."""

    carrier: str = "Lumen"
    account_name: str = "ABC Company, Inc."
    account_number: str = "8812-5520-01"
    btn: str = "(303) 555-0100"
    authorized_user: str | None = "Jane Doe"
    line1: str = "1200 Market Street"
    line2: str | None = "Suite 400"
    city: str = "Denver"
    state: str = "CO"
    postal_code: str = "80202"
    statement_date: dt.date = dt.date(2026, 11, 3)
    due_date: dt.date = dt.date(2026, 11, 28)
    service_period: tuple[dt.date, dt.date] = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    previous_statement_date: dt.date | None = dt.date(2026, 10, 3)
    date_format: str = "us"
    statement_label: str = "Statement Date"
    numbers: list[str] = field(default_factory=lambda: ["(303) 555-0100", "(303) 555-0101", "(303) 555-0102"])
    customer_service: str = "1-800-555-0199"
    charges: list[tuple[str, float]] = field(
        default_factory=lambda: [
            ("Business Voice Lines", 119.85),
            ("Long Distance Package", 24.00),
            ("Federal Universal Service Fee", 9.12),
            ("Taxes, Surcharges and Fees", 14.37),
        ]
    )
    extra_pages: int = 0  # pages of call detail after the last regular page
    # Addresses that are not the service address, for bill intake to tell apart (None: not printed).
    mailing_lines: list[str] | None = None  # where the bill is mailed, when not the service address
    service_block: bool = True  # window layout: print the "Service Location" block
    remit_to: list[str] | None = None  # payment address at the foot of page 1, under `remit_label`
    remit_label: str = "Remit to:"
    carrier_address: str | None = None  # the carrier's own address, one line at the foot of each page

    def city_line(self) -> str:
        return f"{self.city}, {self.state} {self.postal_code}"

    def total(self) -> float:
        return round(sum(amount for _, amount in self.charges), 2)


def format_date(day: dt.date, style: str) -> str:
    """A date as bills print it: us 11/03/2026, long November 3, 2026, short Nov 3, 2026, iso, day_first."""
    if style == "us":
        return day.strftime("%m/%d/%Y")
    if style == "long":
        return f"{day.strftime('%B')} {day.day}, {day.year}"
    if style == "short":
        return f"{day.strftime('%b')} {day.day}, {day.year}"
    if style == "iso":
        return day.isoformat()
    if style == "day_first":
        return day.strftime("%d %b %Y")
    raise ValueError(f"unknown date style {style!r}; expected one of {', '.join(DATE_FORMATS)}")


# -- arrangements ------------------------------------------------------------------------------

def _header(sheet: Sheet, bill: BillContents, page_no: int, page_count: int) -> None:
    sheet.text(MARGIN, 62, bill.carrier, "Helvetica-Bold", 24)
    sheet.text(MARGIN, 78, "Business Services", "Helvetica", 9)
    sheet.text(PAGE_WIDTH - MARGIN, 62, f"Page {page_no} of {page_count}", "Helvetica", 8, "right")
    sheet.box(MARGIN, 86, PAGE_WIDTH - MARGIN, 88, fill=0.2)


def _footer(sheet: Sheet, bill: BillContents) -> None:
    sheet.text(MARGIN, PAGE_HEIGHT - 40,
               f"Questions about your bill? Call Customer Service at {bill.customer_service}, 7am-7pm.", size=8)
    if bill.carrier_address:
        sheet.text(MARGIN, PAGE_HEIGHT - 28, f"{bill.carrier}, {bill.carrier_address}", size=8)


def _remit_block(sheet: Sheet, bill: BillContents) -> None:
    """The payment stub's address: where the customer mails a check, never where the service is."""
    if not bill.remit_to:
        return
    y = PAGE_HEIGHT - 72 - 12.5 * len(bill.remit_to)
    sheet.text(330, y, bill.remit_label, "Helvetica-Bold", 10)
    for line in bill.remit_to:
        y += 12.5
        sheet.text(330, y, line)


def _charges_table(sheet: Sheet, bill: BillContents, top: float) -> float:
    right = PAGE_WIDTH - MARGIN
    sheet.box(MARGIN, top, right, top + 18, fill=0.9)
    sheet.text(MARGIN + 6, top + 13, "Charges This Period", "Helvetica-Bold", 10)
    sheet.text(right - 6, top + 13, "Amount", "Helvetica-Bold", 10, "right")
    y = top + 34
    for label, amount in bill.charges:
        sheet.text(MARGIN + 6, y, label)
        sheet.text(right - 6, y, f"${amount:,.2f}", align="right")
        y += 16
    sheet.box(MARGIN, y - 10, right, y - 9, fill=0.5)
    sheet.text(MARGIN + 6, y + 6, "Total Current Charges", "Helvetica-Bold", 10)
    sheet.text(right - 6, y + 6, f"${bill.total():,.2f}", "Helvetica-Bold", 10, "right")
    return y + 30


def _numbers_table(sheet: Sheet, bill: BillContents, top: float, title: str) -> float:
    sheet.text(MARGIN, top, title, "Helvetica-Bold", 11)
    y = top + 20
    sheet.text(MARGIN + 6, y, "Telephone Number", "Helvetica-Bold", 9)
    sheet.text(MARGIN + 160, y, "Service", "Helvetica-Bold", 9)
    sheet.text(PAGE_WIDTH - MARGIN - 6, y, "Monthly", "Helvetica-Bold", 9, "right")
    y += 16
    for number in bill.numbers:
        if y > PAGE_HEIGHT - 70:
            sheet.new_page()
            y = 110
        sheet.text(MARGIN + 6, y, number)
        sheet.text(MARGIN + 160, y, "Business Line - Unlimited Local")
        sheet.text(PAGE_WIDTH - MARGIN - 6, y, "$39.95", align="right")
        y += 15
    return y + 20


def _label_lines(bill: BillContents) -> list[tuple[str, str]]:
    fmt = bill.date_format
    start, end = bill.service_period
    rows = [
        ("Account Name:", bill.account_name),
        ("Account Number:", bill.account_number),
        ("Billing Telephone Number:", bill.btn),
        ("Payment Due Date:", format_date(bill.due_date, fmt)),
        (f"{bill.statement_label}:", format_date(bill.statement_date, fmt)),
        ("Service Period:", f"{format_date(start, fmt)} - {format_date(end, fmt)}"),
    ]
    if bill.authorized_user:
        rows.append(("Authorized Contact:", bill.authorized_user))
    return rows


def _arrange_labels(bill: BillContents, with_numbers: bool = True) -> Sheet:
    sheet = Sheet()
    page_count = 1 + bill.extra_pages
    _header(sheet, bill, 1, page_count)
    sheet.text(MARGIN, 112, "Account Summary", "Helvetica-Bold", 13)
    rows = _label_lines(bill)
    top = 122.0
    sheet.box(MARGIN, top, PAGE_WIDTH - MARGIN, top + 16 * len(rows) + 14)
    y: float = top + 18
    for label, value in rows:
        sheet.text(MARGIN + 8, y, label, "Helvetica-Bold", 10)
        sheet.text(MARGIN + 170, y, value)
        y += 16
    y += 22
    if bill.mailing_lines:
        sheet.text(MARGIN, y, "Billing Address:", "Helvetica-Bold", 10)
        for line in bill.mailing_lines:
            sheet.text(MARGIN + 170, y, line)
            y += 13
        y += 12
    sheet.text(MARGIN, y, "Service Address:", "Helvetica-Bold", 10)
    address = [bill.line1, *([bill.line2] if bill.line2 else []), bill.city_line()]
    for line in address:
        sheet.text(MARGIN + 170, y, line)
        y += 13
    if bill.previous_statement_date:
        y += 8
        previous = format_date(bill.previous_statement_date, bill.date_format)
        sheet.text(MARGIN, y, f"Previous Statement Date: {previous}    Payment received - thank you", size=9)
        y += 14
    y = _charges_table(sheet, bill, y + 14)
    if with_numbers:
        _numbers_table(sheet, bill, y, "Lines on This Account")
    _remit_block(sheet, bill)
    _footer(sheet, bill)
    return sheet


def _arrange_window(bill: BillContents) -> Sheet:
    sheet = Sheet()
    fmt = bill.date_format
    page_count = 1 + bill.extra_pages
    sheet.text(MARGIN, 60, bill.carrier.upper(), "Helvetica-Bold", 22)
    sheet.text(MARGIN, 74, "PO Box 91155, Seattle, WA 98111-9255", size=8)
    sheet.text(PAGE_WIDTH - MARGIN, 60, f"Page 1 of {page_count}", size=8, align="right")
    # The summary row: labels above the values, as the payment stub prints them.
    columns = [
        ("Account Number", bill.account_number),
        (bill.statement_label, format_date(bill.statement_date, fmt)),
        ("Amount Due", f"${bill.total():,.2f}"),
        ("Due By", format_date(bill.due_date, fmt)),
    ]
    x = 300.0
    sheet.box(x - 6, 88, PAGE_WIDTH - MARGIN, 124, fill=0.93)
    for label, value in columns:
        width = max(text_width(label, "Helvetica-Bold", 8), text_width(value, "Helvetica", 9)) + 14
        sheet.text(x, 101, label, "Helvetica-Bold", 8)
        sheet.text(x, 116, value, "Helvetica", 9)
        x += width
    # The mailing window: where an envelope shows the customer's name and address.
    mailed = bill.mailing_lines or [bill.line1, *([bill.line2] if bill.line2 else []), bill.city_line()]
    window = [bill.account_name, *([f"ATTN {bill.authorized_user}"] if bill.authorized_user else []), *mailed]
    y = 160.0
    for line in window:
        sheet.text(MARGIN + 18, y, line, size=10)
        y += 12.5
    start, end = bill.service_period
    sheet.text(330, 160, "Billing Telephone Number", "Helvetica-Bold", 8)
    sheet.text(330, 172, bill.btn)
    sheet.text(330, 190, "Service Period", "Helvetica-Bold", 8)
    sheet.text(330, 202, f"{format_date(start, fmt)} to {format_date(end, fmt)}")
    y = max(y, 215) + 25
    if bill.service_block:
        sheet.text(MARGIN, y, "Service Location", "Helvetica-Bold", 10)
        y += 14
        for line in [bill.line1, *([bill.line2] if bill.line2 else []), bill.city_line()]:
            sheet.text(MARGIN, y, line)
            y += 12.5
    if bill.previous_statement_date:
        previous = format_date(bill.previous_statement_date, fmt)
        sheet.text(330, y - 25, f"Last statement: {previous}", size=8)
    y = _charges_table(sheet, bill, y + 20)
    _numbers_table(sheet, bill, y, "Your Telephone Numbers")
    _remit_block(sheet, bill)
    _footer(sheet, bill)
    return sheet


def _call_detail_page(sheet: Sheet, bill: BillContents, page_no: int, page_count: int) -> None:
    sheet.new_page()
    _header(sheet, bill, page_no, page_count)
    sheet.text(MARGIN, 112, "Call Detail", "Helvetica-Bold", 13)
    heads = [("Date", MARGIN), ("Time", MARGIN + 80), ("From", MARGIN + 140), ("Destination", MARGIN + 260),
             ("Minutes", MARGIN + 390)]
    for head, hx in heads:
        sheet.text(hx, 132, head, "Helvetica-Bold", 9)
    y = 148.0
    start = bill.service_period[0]
    row = 0
    while y < PAGE_HEIGHT - 70:
        day = start + dt.timedelta(days=row % 28)
        source = bill.numbers[row % len(bill.numbers)] if bill.numbers else bill.btn
        cities = ("Boulder CO", "Aurora CO", "Chicago IL", "Phoenix AZ", "Austin TX")
        sheet.text(MARGIN, y, day.strftime("%m/%d"), size=8)
        sheet.text(MARGIN + 80, y, f"{8 + row % 9:02d}:{(row * 7) % 60:02d}", size=8)
        sheet.text(MARGIN + 140, y, source, size=8)
        sheet.text(MARGIN + 260, y, cities[row % len(cities)], size=8)
        sheet.text(MARGIN + 390, y, str(1 + (row * 3) % 17), size=8)
        y += 11
        row += 1
    _footer(sheet, bill)


def _arrange(bill: BillContents, arrangement: str) -> Sheet:
    if arrangement == "labels":
        sheet = _arrange_labels(bill)
    elif arrangement == "window":
        sheet = _arrange_window(bill)
    else:  # multipage: the numbers live on page 2
        sheet = _arrange_labels(bill, with_numbers=False)
        sheet.new_page()
        _header(sheet, bill, 2, 2 + bill.extra_pages)
        _numbers_table(sheet, bill, 112, "Telephone Numbers on This Account")
        _footer(sheet, bill)
    total = len(sheet.pages) + bill.extra_pages
    for _ in range(bill.extra_pages):
        _call_detail_page(sheet, bill, len(sheet.pages) + 1, total)
    return sheet


def build_bill_pdf(bill: BillContents | None = None, layout: str = "labels") -> bytes:
    """The bill as PDF bytes, in one of `LAYOUTS`."""
    bill = bill or BillContents()
    try:
        arrangement, mode, scanned = _LAYOUT_PLAN[layout]
    except KeyError:
        raise ValueError(f"unknown bill layout {layout!r}; expected one of {', '.join(LAYOUTS)}") from None
    pdf = render_sheet(_arrange(bill, arrangement), mode, f"{bill.carrier} bill")
    return as_scan(pdf) if scanned else pdf


def write_bill_pdf(path: str, bill: BillContents | None = None, layout: str = "labels") -> None:
    with open(path, "wb") as fh:
        fh.write(build_bill_pdf(bill, layout))
