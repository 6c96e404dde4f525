"""The order summary PDF: one document a coordinator can hand to a provider that has no API.

Every field of the order (PIN masked: the summary travels by e-mail), the numbers in a grid, the
attached documents and the pre-flight findings, all passed in as plain data. reportlab platypus does
the paging; ``invariant=1`` keeps the bytes the same for the same input.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from portdesk.documents.loa import format_number
from portdesk.domain.findings import Finding
from portdesk.domain.order import PortOrder

PIN_MASK = "•••• (provided separately)"
NUMBER_COLUMNS = 5
SUMMARY_SUBJECT = "Port order summary"


@dataclass(frozen=True)
class SummaryDocument:
    """An attachment as listed in the summary."""

    kind: str  # bill | loa | csr | other
    name: str
    size: int | None = None
    sha256: str | None = None
    note: str | None = None  # "statement 2026-11-03", "signed by Jane Doe on 2026-11-15"


@dataclass(frozen=True)
class SummaryHeader:
    """Queue facts the order file does not hold."""

    order_id: int | None = None
    status: str | None = None
    provider_name: str | None = None
    generated_on: dt.date | None = None


_styles = getSampleStyleSheet()
_BODY = ParagraphStyle("body", parent=_styles["BodyText"], fontSize=9, leading=11.5)
_SMALL = ParagraphStyle("small", parent=_BODY, fontSize=8, leading=10)
_H1 = ParagraphStyle("h1", parent=_styles["Heading1"], fontSize=17, spaceAfter=4)
_CODE = ParagraphStyle("code", parent=_BODY, fontSize=7, leading=9)
_LABEL = ParagraphStyle("label", parent=_BODY, fontName="Helvetica-Bold")
_H2 = ParagraphStyle("h2", parent=_styles["Heading2"], fontSize=12, spaceBefore=10, spaceAfter=4, keepWithNext=1)
_GRID = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
)
_HEADED = TableStyle(
    [
        *_GRID.getCommands(),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
    ]
)


def _p(text: str | None, style: ParagraphStyle = _BODY) -> Paragraph:
    return Paragraph(escape(text or "—"), style)


def _shown(value: str | None) -> str:
    return value if value and value.strip() else "—"


def _address(order: PortOrder) -> str:
    a = order.account.service_address
    parts = [a.line1, a.line2, " ".join(x for x in (f"{a.city}," if a.city else None, a.state, a.postal_code) if x), a.country]
    return ", ".join(x for x in parts if x) or "—"


def order_rows(order: PortOrder, provider_name: str | None) -> list[tuple[str, str]]:
    """Label and value of every order field, the PIN masked."""
    acc = order.account
    when = " ".join(x for x in (order.requested_date, order.requested_time) if x)
    return [
        ("Order", order.display_name()),
        ("Gaining provider", provider_name or _shown(order.profile)),
        ("Kind", {"local": "Local", "toll_free": "Toll-free"}.get(order.kind or "", "—")),
        ("Losing carrier", _shown(order.losing_carrier)),
        ("Account name", _shown(acc.name)),
        ("Account number", _shown(acc.number)),
        ("PIN", PIN_MASK if acc.pin else "none"),
        ("Billing telephone number", format_number(acc.btn) if acc.btn else "—"),
        ("Authorized person", _shown(acc.authorized_user)),
        ("Service address", _address(order)),
        ("Port type", {"full": "Full", "partial": "Partial"}.get(order.port_type or "", "not decided")),
        ("New BTN", format_number(order.new_btn) if order.new_btn else "—"),
        ("Requested date", f"{when} ({order.timezone})" if when else "—"),
    ]


def _number_grid(numbers: Sequence[str]) -> Flowable:
    cells = [format_number(n) for n in numbers]
    rows = [cells[i : i + NUMBER_COLUMNS] for i in range(0, len(cells), NUMBER_COLUMNS)]
    rows[-1] += [""] * (NUMBER_COLUMNS - len(rows[-1]))
    return Table(rows, colWidths=[1.4 * inch] * NUMBER_COLUMNS, hAlign="LEFT", style=_GRID)


def _story(order: PortOrder, documents: Sequence[SummaryDocument], findings: Sequence[Finding], header: SummaryHeader) -> list[Flowable]:
    story: list[Flowable] = [Paragraph("Port order summary", _H1)]
    facts = [f"Order {header.order_id}" if header.order_id is not None else None, header.status]
    if header.generated_on:
        facts.append(f"prepared {header.generated_on.isoformat()}")
    if any(facts):
        story.append(_p(" · ".join(f for f in facts if f), _SMALL))
    story.append(Spacer(1, 6))
    rows = [[_p(label, _LABEL), _p(value)] for label, value in order_rows(order, header.provider_name)]
    story.append(Table(rows, colWidths=[1.8 * inch, 5.2 * inch], hAlign="LEFT", style=_GRID))

    story.append(Paragraph(f"Numbers to port ({len(order.numbers)})", _H2))
    story.append(_number_grid(order.numbers) if order.numbers else _p("No numbers entered."))

    if order.contacts:
        story.append(Paragraph("Contacts", _H2))
        contact_rows = [["Name", "E-mail", "Phone"]]
        contact_rows += [[_shown(c.name), _shown(c.email), format_number(c.phone) if c.phone else "—"] for c in order.contacts]
        story.append(Table(contact_rows, hAlign="LEFT", style=_HEADED))

    story.append(Paragraph(f"Documents ({len(documents)})", _H2))
    if documents:
        doc_rows: list[list[Flowable | str]] = [["Kind", "File", "Size", "SHA-256", "Note"]]
        for d in documents:
            size = f"{d.size:,} bytes" if d.size is not None else "—"
            doc_rows.append([d.kind, _p(d.name, _SMALL), size, _p(d.sha256 or "—", _CODE), _p(d.note, _SMALL)])
        widths = [0.6 * inch, 1.6 * inch, 1.0 * inch, 2.0 * inch, 1.8 * inch]
        story.append(Table(doc_rows, colWidths=widths, hAlign="LEFT", style=_HEADED, repeatRows=1))
    else:
        story.append(_p("No documents attached."))

    errors = sum(1 for f in findings if f.severity == "error")
    story.append(Paragraph(f"Findings ({errors} errors, {len(findings) - errors} warnings)", _H2))
    if findings:
        rows_f: list[list[Flowable | str]] = [["Severity", "Code", "Field", "Message"]]
        rows_f += [[f.severity, _p(f.code, _CODE), _p(f.field, _CODE), _p(f.message, _SMALL)] for f in findings]
        widths = [0.6 * inch, 2.0 * inch, 1.8 * inch, 2.6 * inch]  # the longest codes fit unbroken
        story.append(Table(rows_f, colWidths=widths, hAlign="LEFT", style=_HEADED, repeatRows=1))
    else:
        story.append(_p("No findings: the pre-flight checks found nothing."))

    if order.comments:
        story.append(Paragraph("Comments", _H2))
        for c in order.comments:
            who = " ".join(x for x in (c.at, c.author) if x)
            story.append(_p(f"{who}: {c.text}" if who else c.text))
    return story


def generate_summary(
    order: PortOrder,
    *,
    documents: Sequence[SummaryDocument] = (),
    findings: Sequence[Finding] = (),
    header: SummaryHeader | None = None,
) -> bytes:
    """The order summary as PDF bytes (same input, same bytes)."""
    header = header or SummaryHeader()
    buf = io.BytesIO()
    title = f"Port order summary - {order.display_name()}"

    def _page_footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.drawString(doc.leftMargin, 0.5 * inch, f"{title} - page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buf,
        pagesize=LETTER,
        leftMargin=0.75 * inch,
        rightMargin=0.75 * inch,
        topMargin=0.75 * inch,
        bottomMargin=0.8 * inch,
        title=title,
        subject=SUMMARY_SUBJECT,
        creator="PortDesk",
        author="PortDesk",
        invariant=1,
    )
    doc.build(_story(order, documents, findings, header), onFirstPage=_page_footer, onLaterPages=_page_footer)
    return buf.getvalue()
