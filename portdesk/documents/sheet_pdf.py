"""Text and boxes drawn as a PDF page by page, in the ways real bills' content streams are written.

A generic drawing primitive of the documents room (the only room with reportlab and PyMuPDF): the
demo's bills (demo/bill_story.py) and the reader's tests lay out a `Sheet`, and this writes it.
Drawing modes: ``plain``; ``glyphs`` (every glyph its own text object at a computed x); ``reversed``
(each page's content stream written last operation first); ``mixed_fonts`` (the first word of each
line in another font). Plus the hostile variants a reader must survive: encrypted, active content.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pymupdf
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

PAGE_WIDTH, PAGE_HEIGHT = LETTER
DRAWING_MODES = ("plain", "glyphs", "reversed", "mixed_fonts")
_AES_256 = 5  # pymupdf.PDF_ENCRYPT_AES_256 (missing from the type stubs)


def text_width(text: str, font: str, size: float) -> float:
    """The advance of `text` in one of the standard PDF fonts, in points."""
    return float(stringWidth(text, font, size))


@dataclass
class Text:
    x: float
    y: float  # baseline, from the top of the page
    text: str
    font: str = "Helvetica"
    size: float = 10.0
    align: str = "left"  # left | right

    def start_x(self) -> float:
        if self.align == "right":
            return self.x - stringWidth(self.text, self.font, self.size)
        return self.x


@dataclass
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    fill: float | None = None  # grey level, None = outline only


@dataclass
class Sheet:
    """Drawing operations, page by page, in reading order."""

    pages: list[list[Text | Box]] = field(default_factory=lambda: [[]])

    def text(self, x: float, y: float, text: str, font: str = "Helvetica", size: float = 10.0,
             align: str = "left") -> None:
        self.pages[-1].append(Text(x, y, text, font, size, align))

    def box(self, x0: float, y0: float, x1: float, y1: float, fill: float | None = None) -> None:
        self.pages[-1].append(Box(x0, y0, x1, y1, fill))

    def new_page(self) -> None:
        self.pages.append([])


def _draw_text(canvas: Canvas, op: Text, mode: str) -> None:
    x, y = op.start_x(), PAGE_HEIGHT - op.y
    if mode == "glyphs":
        # Each glyph its own text object, placed at the advance of the text before it.
        for i, ch in enumerate(op.text):
            if ch != " ":
                canvas.setFont(op.font, op.size)
                canvas.drawString(x + stringWidth(op.text[:i], op.font, op.size), y, ch)
        return
    if mode == "mixed_fonts" and " " in op.text:
        first, rest = op.text.split(" ", 1)
        other = "Times-Bold" if not op.font.startswith("Times") else "Helvetica"
        canvas.setFont(other, op.size)
        canvas.drawString(x, y, first)
        canvas.setFont(op.font, op.size)
        canvas.drawString(x + stringWidth(first + " ", other, op.size), y, rest)
        return
    canvas.setFont(op.font, op.size)
    canvas.drawString(x, y, op.text)


def render_sheet(sheet: Sheet, mode: str, title: str) -> bytes:
    """The sheet as PDF bytes, written in drawing `mode` (one of `DRAWING_MODES`)."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=LETTER, invariant=1)
    canvas.setTitle(title)
    for ops in sheet.pages:
        ordered = list(reversed(ops)) if mode == "reversed" else ops
        for op in ordered:
            if isinstance(op, Box):
                if op.fill is not None:
                    canvas.setFillGray(op.fill)
                    canvas.rect(op.x0, PAGE_HEIGHT - op.y1, op.x1 - op.x0, op.y1 - op.y0, stroke=0, fill=1)
                    canvas.setFillGray(0)
                else:
                    canvas.rect(op.x0, PAGE_HEIGHT - op.y1, op.x1 - op.x0, op.y1 - op.y0, stroke=1, fill=0)
            else:
                _draw_text(canvas, op, mode)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def as_scan(pdf: bytes, dpi: int = 110) -> bytes:
    """Every page replaced by a picture of itself: what a scanner or a 'print to image' produces."""
    source = pymupdf.open(stream=pdf, filetype="pdf")
    scan = pymupdf.open()
    for index in range(source.page_count):
        page = source.load_page(index)
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        new = scan.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, pixmap=pix)
    data = scan.tobytes(garbage=3, deflate=True)
    scan.close()
    source.close()
    return bytes(data)


def free_form_pdf(pages: list[list[tuple[float, float, str]]], layout_mode: str = "plain",
                  size: float = 10.0) -> bytes:
    """A PDF of arbitrary text placed at (x, baseline y from the top) per page: for odd bills in tests.

    `layout_mode` is a drawing mode: plain, glyphs, reversed or mixed_fonts.
    """
    sheet = Sheet(pages=[[Text(x, y, text, size=size) for x, y, text in page] for page in pages])
    return render_sheet(sheet, layout_mode, "bill")


# -- hostile variants (for the reader's tests) ---------------------------------------------------

def protect(pdf: bytes, password: str) -> bytes:
    """The same PDF, encrypted so that it opens only with `password`."""
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    data = doc.tobytes(encryption=_AES_256, user_pw=password, owner_pw=password + "-owner")
    doc.close()
    return bytes(data)


def with_active_content(pdf: bytes) -> bytes:
    """The same PDF with JavaScript run on open and an embedded file: a reader must never run them."""
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    catalog = doc.pdf_catalog()
    doc.xref_set_key(catalog, "OpenAction", "<</S/JavaScript/JS(app.alert('hello'))>>")
    doc.embfile_add("payload.txt", b"not for you", filename="payload.txt")
    data = doc.tobytes()
    doc.close()
    return bytes(data)
