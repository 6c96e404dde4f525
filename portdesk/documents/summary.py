"""The order summary PDF: one document a coordinator can hand to a provider that has no API.

Every field of the order (PIN masked: the summary travels by e-mail), the numbers in a grid, the
attached documents and the pre-flight findings, all passed in as plain data. reportlab platypus does
the paging; ``invariant=1`` keeps the bytes the same for the same input.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from portdesk.documents.loa import format_number, register_unicode_font, standard_font_can_write
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


class _Styles:
    """Paragraph and table styles in one font pair: Helvetica, or a wide-coverage font when the order
    has letters Helvetica cannot write (they would print as boxes)."""

    def __init__(self, regular: str = "Helvetica", bold: str = "Helvetica-Bold") -> None:
        base = getSampleStyleSheet()
        self.regular = regular
        self.body = ParagraphStyle("body", parent=base["BodyText"], fontName=regular, fontSize=9, leading=11.5)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=8, leading=10)
        self.code = ParagraphStyle("code", parent=self.body, fontSize=7, leading=9)
        self.label = ParagraphStyle("label", parent=self.body, fontName=bold)
        self.h1 = ParagraphStyle("h1", parent=base["Heading1"], fontName=bold, fontSize=17, spaceAfter=4)
        self.h2 = ParagraphStyle(
            "h2", parent=base["Heading2"], fontName=bold, fontSize=12, spaceBefore=10, spaceAfter=4, keepWithNext=1
        )
        self.grid = TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), regular, 9),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
        self.headed = TableStyle(
            [
                *self.grid.getCommands(),
                ("FONT", (0, 0), (-1, 0), bold, 9),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ]
        )

    def p(self, text: str | None, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(escape(text or "—"), style or self.body)


def _styles_for(texts: Iterable[str]) -> _Styles:
    if all(standard_font_can_write(t) for t in texts):
        return _Styles()
    wide = register_unicode_font()
    return _Styles(wide, wide)


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


def _number_grid(numbers: Sequence[str], st: _Styles) -> Flowable:
    cells = [format_number(n) for n in numbers]
    rows = [cells[i : i + NUMBER_COLUMNS] for i in range(0, len(cells), NUMBER_COLUMNS)]
    rows[-1] += [""] * (NUMBER_COLUMNS - len(rows[-1]))
    return Table(rows, colWidths=[1.4 * inch] * NUMBER_COLUMNS, hAlign="LEFT", style=st.grid)


def _story(
    order: PortOrder, documents: Sequence[SummaryDocument], findings: Sequence[Finding], header: SummaryHeader, st: _Styles
) -> list[Flowable]:
    _p = st.p
    story: list[Flowable] = [Paragraph("Port order summary", st.h1)]
    facts = [f"Order {header.order_id}" if header.order_id is not None else None, header.status]
    if header.generated_on:
        facts.append(f"prepared {header.generated_on.isoformat()}")
    if any(facts):
        story.append(_p(" · ".join(f for f in facts if f), st.small))
    story.append(Spacer(1, 6))
    rows = [[_p(label, st.label), _p(value)] for label, value in order_rows(order, header.provider_name)]
    story.append(Table(rows, colWidths=[1.8 * inch, 5.2 * inch], hAlign="LEFT", style=st.grid))

    story.append(Paragraph(f"Numbers to port ({len(order.numbers)})", st.h2))
    story.append(_number_grid(order.numbers, st) if order.numbers else _p("No numbers entered."))

    if order.contacts:
        story.append(Paragraph("Contacts", st.h2))
        contact_rows = [["Name", "E-mail", "Phone"]]
        contact_rows += [[_shown(c.name), _shown(c.email), format_number(c.phone) if c.phone else "—"] for c in order.contacts]
        story.append(Table(contact_rows, hAlign="LEFT", style=st.headed))

    story.append(Paragraph(f"Documents ({len(documents)})", st.h2))
    if documents:
        doc_rows: list[list[Flowable | str]] = [["Kind", "File", "Size", "SHA-256", "Note"]]
        for d in documents:
            size = f"{d.size:,} bytes" if d.size is not None else "—"
            doc_rows.append([d.kind, _p(d.name, st.small), size, _p(d.sha256 or "—", st.code), _p(d.note, st.small)])
        widths = [0.6 * inch, 1.6 * inch, 1.0 * inch, 2.0 * inch, 1.8 * inch]
        story.append(Table(doc_rows, colWidths=widths, hAlign="LEFT", style=st.headed, repeatRows=1))
    else:
        story.append(_p("No documents attached."))

    errors = sum(1 for f in findings if f.severity == "error")
    story.append(Paragraph(f"Findings ({errors} errors, {len(findings) - errors} warnings)", st.h2))
    if findings:
        rows_f: list[list[Flowable | str]] = [["Severity", "Code", "Field", "Message"]]
        rows_f += [[f.severity, _p(f.code, st.code), _p(f.field, st.code), _p(f.message, st.small)] for f in findings]
        widths = [0.6 * inch, 2.0 * inch, 1.8 * inch, 2.6 * inch]  # the longest codes fit unbroken
        story.append(Table(rows_f, colWidths=widths, hAlign="LEFT", style=st.headed, repeatRows=1))
    else:
        story.append(_p("No findings: the pre-flight checks found nothing."))

    if order.comments:
        story.append(Paragraph("Comments", st.h2))
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
    rows = order_rows(order, header.provider_name)
    texts = [v for _, v in rows] + [c.text for c in order.comments] + [f.message for f in findings]
    texts += [x for c in order.contacts for x in (c.name, c.email) if x] + [x for d in documents for x in (d.name, d.note) if x]
    st = _styles_for([title, header.status or "", *texts])

    def _page_footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(st.regular, 7.5)
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
    doc.build(_story(order, documents, findings, header, st), onFirstPage=_page_footer, onLaterPages=_page_footer)
    return buf.getvalue()
