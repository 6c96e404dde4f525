"""Send an LOA out for signature and measure the copy that comes back, with PyMuPDF.

`prepare_for_signature` adds an empty signature form field over the signature box of an unsigned
PortDesk LOA and fingerprints the result page by page (domain.loa_return.PagePrint). Whatever the
customer's program does (an incremental save that only adds, or a full rewrite), the LOA's own
content must come back the same: `examine_returned` compares, per page, the words, vector drawing
and images outside the signature block with the fingerprint, looks for the sent drawing
instructions byte for byte, and lists what was added in the signature box.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from typing import Any

import pymupdf

from portdesk.documents.loa import (
    DATE_BOX,
    NAME_BOX,
    SIGNATURE_BOX,
    SIGNATURE_LABEL,
    SIGNATURE_PAGE,
    TITLE_BOX,
)
from portdesk.documents.loa_signing import read_signing_record
from portdesk.domain.loa_return import PagePrint, ReturnedFacts, SentLoa, SignatureMark

SIGNATURE_FIELD = "Customer signature"
HEAD_BYTES = 32
_SLACK = 3.0  # points around each box a mark drawn into the page may spill into
_ANNOTATION_SLACK = 14.0
_SIGNATURE_WIDGET: int = getattr(pymupdf, "PDF_WIDGET_TYPE_SIGNATURE", 6)  # not in PyMuPDF's type stubs
# Annotation types a reader uses to put a signature on a page (a pen, a stamp, a typed name).
SIGNING_ANNOTATIONS = {"Ink": "ink", "Stamp": "stamp", "FreeText": "typed text", "Line": "drawing",
                       "PolyLine": "drawing", "Polygon": "drawing", "Square": "drawing", "Circle": "drawing"}
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?(?:([+-Z])(\d{2})?'?(\d{2})?'?)?")


class PreparationError(ValueError):
    """The PDF cannot be sent for signature (not a PortDesk LOA, already signed)."""


def _boxes(page_number: int) -> list[pymupdf.Rect]:
    """Where a signer may write: the signature, date, name and title boxes of page 1."""
    if page_number != SIGNATURE_PAGE:
        return []
    return [_grown(pymupdf.Rect(*box), _SLACK) for box in (SIGNATURE_BOX, DATE_BOX, NAME_BOX, TITLE_BOX)]


def _pages(doc: pymupdf.Document) -> list[pymupdf.Page]:
    return [doc[number] for number in range(doc.page_count)]


def _grown(rect: pymupdf.Rect, by: float) -> pymupdf.Rect:
    return pymupdf.Rect(rect.x0 - by, rect.y0 - by, rect.x1 + by, rect.y1 + by)


def _inside(rect: Any, boxes: list[pymupdf.Rect]) -> bool:
    r = pymupdf.Rect(rect)
    return any(box.contains(r) for box in boxes)


def _r(values: Iterable[float]) -> list[float]:
    return [round(float(v), 1) for v in values]


def _colour(value: Any) -> list[float] | None:
    return _r(value) if value else None


def _outside_items(page: pymupdf.Page) -> dict[str, list[Any]]:
    """Every word, vector path and image on the page that is not inside a signing box, with its place."""
    boxes = _boxes(page.number)
    words = [[_r((x0, y0, x1, y1)), word] for x0, y0, x1, y1, word, *_ in page.get_text("words")
             if not _inside((x0, y0, x1, y1), boxes)]
    drawing = [[_r(path["rect"]), path.get("type"), _colour(path.get("fill")), _colour(path.get("color")),
                round(float(path.get("width") or 0), 1), len(path["items"])]
               for path in page.get_drawings() if not _inside(path["rect"], boxes)]
    images = [_r(image["bbox"]) for image in page.get_image_info() if not _inside(image["bbox"], boxes)]
    return {"text": words, "drawing": drawing, "images": images}


def _digest(items: list[Any]) -> str:
    ordered = sorted(json.dumps(item, ensure_ascii=False) for item in items)
    return hashlib.sha256("\n".join(ordered).encode("utf-8")).hexdigest()


def _page_print(page: pymupdf.Page) -> PagePrint:
    content = page.read_contents()
    outside = _outside_items(page)
    return PagePrint(width=round(page.rect.width, 1), height=round(page.rect.height, 1),
                     text_sha256=_digest(outside["text"]), drawing_sha256=_digest(outside["drawing"]),
                     images_sha256=_digest(outside["images"]),
                     content_sha256=hashlib.sha256(content).hexdigest(), content_length=len(content),
                     content_head=content[:HEAD_BYTES].hex())


def prepare_for_signature(unsigned_pdf: bytes) -> tuple[bytes, tuple[PagePrint, ...]]:
    """The LOA with an empty signature field over its signature box, and the fingerprint of its pages."""
    try:
        doc = pymupdf.open(stream=unsigned_pdf, filetype="pdf")
    except Exception:
        raise PreparationError("not a PDF") from None
    with doc:
        if doc.page_count <= SIGNATURE_PAGE or SIGNATURE_LABEL not in doc[SIGNATURE_PAGE].get_text():
            raise PreparationError("not a PortDesk Letter of Authorization (no signature block on page 1)")
        if read_signing_record(unsigned_pdf) is not None:
            raise PreparationError("this LOA is already signed")
        widget = pymupdf.Widget()
        widget.field_type = _SIGNATURE_WIDGET
        widget.field_name = SIGNATURE_FIELD
        widget.field_label = "Sign here"
        widget.rect = pymupdf.Rect(*SIGNATURE_BOX)
        doc[SIGNATURE_PAGE].add_widget(widget)
        data: bytes = doc.tobytes(garbage=1, deflate=True)
    with pymupdf.open(stream=data, filetype="pdf") as sent:  # the fingerprint of exactly what is sent
        _strip_annotations(sent)
        pages = tuple(_page_print(page) for page in _pages(sent))
    return data, pages


def _strip_annotations(doc: pymupdf.Document) -> None:
    """Drop every annotation and form field (in memory): they float above the page, and the text and
    drawing of the page itself are what must be unchanged."""
    for page in _pages(doc):
        for widget in list(page.widgets() or []):
            page.delete_widget(widget)
        for annot in list(page.annots() or []):
            page.delete_annot(annot)


def _contains_sent(content: bytes, sent: PagePrint) -> bool:
    """The sent drawing instructions, byte for byte, somewhere in the page's content (a reader that
    flattens a signature wraps or appends to them)."""
    if len(content) == sent.content_length:
        return hashlib.sha256(content).hexdigest() == sent.content_sha256
    head = bytes.fromhex(sent.content_head)
    start = content.find(head)
    while start != -1 and start + sent.content_length <= len(content):
        if hashlib.sha256(content[start:start + sent.content_length]).hexdigest() == sent.content_sha256:
            return True
        start = content.find(head, start + 1)
    return False


def pdf_date(value: str | None) -> str | None:
    """A PDF date (D:20261121140300-07'00') as ISO 8601; None when it is not one."""
    match = _PDF_DATE.match(value or "")
    if not match:
        return None
    year, month, day, hour, minute, second, sign, off_h, off_m = match.groups()
    text = f"{year}-{month}-{day}T{hour or '00'}:{minute or '00'}:{second or '00'}"
    if sign == "Z":
        return text + "+00:00"
    if sign in ("+", "-") and off_h is not None:
        return f"{text}{sign}{off_h}:{off_m or '00'}"
    return text


_WHAT_CHANGED = {"text": "its words were changed, added or removed", "drawing": "its lines and shapes were changed",
                 "images": "an image was added or moved"}


def _annotation_zone(page_number: int) -> list[pymupdf.Rect]:
    """Annotations float above the page: a hand-drawn signature may spill over its box, so they may
    lie anywhere around the signature block (it holds nothing but the boxes and their labels)."""
    if page_number != SIGNATURE_PAGE:
        return []
    zone = pymupdf.Rect(*SIGNATURE_BOX) | pymupdf.Rect(*TITLE_BOX) | pymupdf.Rect(*NAME_BOX) | pymupdf.Rect(*DATE_BOX)
    return [_grown(zone, _ANNOTATION_SLACK)]


def _annotation_marks(page: pymupdf.Page, box: pymupdf.Rect) -> tuple[list[SignatureMark], list[str]]:
    marks, stray = [], []
    boxes = _annotation_zone(page.number)
    for annot in page.annots() or []:
        kind = annot.type[1]
        if kind == "Popup":
            continue  # the pop-up note window of another annotation: not drawn on the page
        if not _inside(annot.rect, boxes):
            stray.append(f"a {kind} annotation on page {page.number + 1}")
            continue
        if kind in SIGNING_ANNOTATIONS and annot.rect.intersects(box):
            info = annot.info or {}
            marks.append(SignatureMark(SIGNING_ANNOTATIONS[kind], page.number + 1,
                                       pdf_date(info.get("modDate")) or pdf_date(info.get("creationDate"))))
    for widget in page.widgets() or []:
        if not _inside(widget.rect, boxes):
            stray.append(f"a form field ({(widget.field_name or 'unnamed')[:40]}) on page {page.number + 1}")
        elif widget.field_type == _SIGNATURE_WIDGET and widget.is_signed:
            marks.append(SignatureMark("digital signature", page.number + 1))
    return marks, stray


def _flattened_marks(page: pymupdf.Page, box: pymupdf.Rect) -> list[SignatureMark]:
    """A signature drawn into the page itself: an image, pen strokes or words inside the signature box
    (the sent LOA has only the signature line there)."""
    above_line = pymupdf.Rect(box.x0, box.y0, box.x1, SIGNATURE_BOX[3] - 0.5)
    where = page.number + 1
    marks = []
    if any(pymupdf.Rect(i["bbox"]).intersects(above_line) for i in page.get_image_info()):
        marks.append(SignatureMark("image", where))
    if any(pymupdf.Rect(d["rect"]).intersects(above_line) and pymupdf.Rect(d["rect"]).y1 < SIGNATURE_BOX[3] - 0.5
           for d in page.get_drawings()):
        marks.append(SignatureMark("drawing", where))
    if any(pymupdf.Rect(w[:4]).intersects(above_line) for w in page.get_text("words")):
        marks.append(SignatureMark("typed text", where))
    return marks


def examine_returned(data: bytes, sent: SentLoa) -> ReturnedFacts:
    """The returned PDF measured against the fingerprint of the one sent."""
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        return ReturnedFacts(readable=False, problem=str(exc)[:80] or "not a PDF")
    with doc:
        if doc.needs_pass:
            return ReturnedFacts(readable=True, encrypted=True, pages=doc.page_count)
        if doc.page_count == 0:
            return ReturnedFacts(readable=False, problem="it has no pages")
        incremental = (len(data) > sent.size
                       and hashlib.sha256(data[:sent.size]).hexdigest() == sent.sha256)
        marks, stray = [], []
        for page in _pages(doc):  # what floats above the pages first: signature annotations, stray notes
            found, strays = _annotation_marks(page, _grown(pymupdf.Rect(*SIGNATURE_BOX), _SLACK))
            marks += found
            stray += strays
        _strip_annotations(doc)
        resized, changed = [], []
        difference = None
        kept = doc.page_count == len(sent.pages)
        for page, printed in zip(_pages(doc), sent.pages, strict=False):
            if (round(page.rect.width, 1), round(page.rect.height, 1)) != (printed.width, printed.height):
                resized.append(page.number + 1)
                continue
            outside = _outside_items(page)
            digests = {"text": printed.text_sha256, "drawing": printed.drawing_sha256, "images": printed.images_sha256}
            differ = [what for what, digest in digests.items() if _digest(outside[what]) != digest]
            if differ:
                changed.append(page.number + 1)
                difference = difference or _WHAT_CHANGED[differ[0]]
            kept = kept and _contains_sent(page.read_contents(), printed)
            if page.number == SIGNATURE_PAGE:
                marks += _flattened_marks(page, _grown(pymupdf.Rect(*SIGNATURE_BOX), _SLACK))
        return ReturnedFacts(
            readable=True, pages=doc.page_count, resized_pages=tuple(resized), changed_pages=tuple(changed),
            difference=difference, drawing_kept=kept and not changed, incremental=incremental,
            marks=tuple(marks), stray=tuple(stray), modified_at=pdf_date((doc.metadata or {}).get("modDate")),
        )
