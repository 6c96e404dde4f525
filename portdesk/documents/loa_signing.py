"""Sign a PortDesk LOA electronically and read the signing record back, with PyMuPDF.

Signing draws on the unsigned LOA: the signature artwork (a drawn PNG, an image file, or the signer's
name typed in a script font) in the signature box, the printed name, the date and time of signing,
and on every page a footer line with the record. The record {signer, signed_at, unsigned_sha256,
method} is embedded twice, so one copy survives a tool that strips the other: as the attached file
``portdesk-signing.json`` and in the document's keywords.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.resources
import json
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

import pymupdf

from portdesk.documents.loa import (
    DATE_BOX,
    MARGIN,
    NAME_BOX,
    SIGNATURE_BOX,
    SIGNATURE_LABEL,
    SIGNATURE_PAGE,
    SIGNING_FOOTER_BASELINE,
    TITLE_BOX,
)
from portdesk.domain.documents import SigningRecord

RECORD_FILE = "portdesk-signing.json"
KEYWORDS_PREFIX = "portdesk-signing:"
XMP_NAMESPACE = "https://portdesk.invalid/ns/signing/1.0/"
METHODS = ("drawn", "typed", "image", "external")
SCRIPT_FONT_FILE = "resources/fonts/Kristi.ttf"
SCRIPT_FONT_NAME = "PortDeskScript"
UNICODE_FONT_NAME = "PortDeskUnicode"
_SETTABLE_METADATA = ("author", "producer", "creator", "title", "subject", "keywords", "creationDate", "modDate", "trapped")


class SigningError(ValueError):
    """The LOA cannot be signed (not a PortDesk LOA, already signed, bad signature image)."""


@lru_cache(maxsize=1)
def script_font_bytes() -> bytes:
    return importlib.resources.files("portdesk").joinpath(SCRIPT_FONT_FILE).read_bytes()


def _plain_font(page: pymupdf.Page, text: str) -> str:
    """Helvetica for Latin-1 text; for other letters (Ł, Ж, 王) PyMuPDF's built-in wide-coverage font,
    embedded (and subset on save) so the name prints as written."""
    if all(ord(ch) < 256 for ch in text):
        return "helv"
    page.insert_font(fontname=UNICODE_FONT_NAME, fontbuffer=pymupdf.Font("cjk").buffer)
    return UNICODE_FONT_NAME


def signature_image_png(data: bytes) -> bytes:
    """Any raster image PyMuPDF reads (PNG, JPEG, …) as PNG bytes; SigningError when it is not one."""
    if not data:
        raise SigningError("the signature image is empty")
    try:
        pix = pymupdf.Pixmap(data)
    except Exception as exc:  # PyMuPDF raises plain RuntimeError/ValueError for non-images
        raise SigningError(f"not an image PortDesk can read ({exc})") from None
    if pix.width < 2 or pix.height < 2:
        raise SigningError("the signature image is too small")
    if pix.colorspace is not None and pix.colorspace.n not in (1, 3):
        pix = pymupdf.Pixmap(pymupdf.csRGB, pix)  # CMYK and friends: PNG needs gray or RGB
    png: bytes = pix.tobytes("png")
    return png


def format_signed_at(signed_at: dt.datetime) -> str:
    """Date and time of signing as printed: 2026-11-22 14:03 UTC-07:00."""
    offset = signed_at.strftime("%z")
    return f"{signed_at:%Y-%m-%d %H:%M} UTC{offset[:3]}:{offset[3:]}"


def _fit_image_rect(box: pymupdf.Rect, width: int, height: int) -> pymupdf.Rect:
    """The largest rect of the image's aspect inside box, resting on the box's bottom (the line)."""
    scale = min(box.width / width, box.height / height)
    w, h = width * scale, height * scale
    return pymupdf.Rect(box.x0, box.y1 - h, box.x0 + w, box.y1)


def _draw_typed_signature(page: pymupdf.Page, box: pymupdf.Rect, signer: str) -> None:
    font = pymupdf.Font(fontbuffer=script_font_bytes())
    if all(font.has_glyph(ord(ch)) for ch in signer if not ch.isspace()):
        fontname, fontbuffer = SCRIPT_FONT_NAME, script_font_bytes()
    elif all(ord(ch) < 256 for ch in signer):
        font, fontname, fontbuffer = pymupdf.Font("tiit"), "tiit", None  # script font lacks a letter
    else:
        font = pymupdf.Font("cjk")  # letters beyond Latin-1: a font that has them, upright
        fontname, fontbuffer = UNICODE_FONT_NAME, font.buffer
    size = 40.0
    width = font.text_length(signer, fontsize=size)
    if width > box.width - 4:
        size = max(10.0, size * (box.width - 4) / width)
    if fontbuffer is not None:
        page.insert_font(fontname=fontname, fontbuffer=fontbuffer)
    baseline = box.y1 - 4 - (-font.descender * size) * 0.6  # descenders (J, y) may just touch the line
    page.insert_text((box.x0 + 4, baseline), signer, fontname=fontname, fontsize=size, color=(0.05, 0.1, 0.45))


def _footer(record: SigningRecord, printed_at: str) -> str:
    return (
        f"Signed electronically by {record.signer} on {printed_at} ({record.method}) - "
        f"unsigned document SHA-256 {record.unsigned_sha256}"
    )


def sign_loa(
    unsigned_pdf: bytes,
    signer: str,
    signed_at: dt.datetime,
    *,
    signature_png: bytes | None = None,
    typed: bool = False,
    method: str | None = None,
    title: str | None = None,
) -> bytes:
    """The signed LOA. ``signature_png`` is the drawn signature (or an image file's bytes); without it, or
    with ``typed``, the signer's name is typed in a script font. ``signed_at`` must carry its offset."""
    signer = " ".join(signer.split())
    if not signer:
        raise SigningError("the signer's name is empty")
    if signed_at.tzinfo is None or signed_at.utcoffset() is None:
        raise SigningError("the signing time needs its UTC offset")
    use_typed = typed or signature_png is None
    method = "typed" if use_typed else (method or "drawn")
    if method not in METHODS:
        raise SigningError(f"unknown signing method {method!r}")
    png = None if use_typed else signature_image_png(signature_png or b"")
    try:
        doc = pymupdf.open(stream=unsigned_pdf, filetype="pdf")
    except Exception:
        raise SigningError("not a PDF") from None
    with doc:
        if doc.page_count <= SIGNATURE_PAGE or SIGNATURE_LABEL not in doc[SIGNATURE_PAGE].get_text():
            raise SigningError("not a PortDesk Letter of Authorization (no signature block on page 1)")
        if _record_from_doc(doc) is not None:
            raise SigningError("this LOA is already signed")
        record = SigningRecord(
            signer=signer,
            signed_at=signed_at.isoformat(timespec="seconds"),
            unsigned_sha256=hashlib.sha256(unsigned_pdf).hexdigest(),
            method=method,
        )
        printed_at = format_signed_at(signed_at)
        page = doc[SIGNATURE_PAGE]
        box = pymupdf.Rect(*SIGNATURE_BOX)
        if png is None:
            _draw_typed_signature(page, box, signer)
        else:
            pix = pymupdf.Pixmap(png)
            page.insert_image(_fit_image_rect(pymupdf.Rect(box.x0 + 2, box.y0 + 2, box.x1 - 2, box.y1 - 2), pix.width, pix.height), stream=png)
        ink = (0.05, 0.1, 0.45)
        for line_box, text in ((NAME_BOX, signer), (DATE_BOX, printed_at), (TITLE_BOX, title or "")):
            if text:
                font = _plain_font(page, text)
                page.insert_text((line_box[0] + 2, line_box[3] - 5), text, fontname=font, fontsize=11, color=ink)
        footer = _footer(record, printed_at)
        for number in range(doc.page_count):
            each = doc[number]
            font = _plain_font(each, footer)
            # one line across the text width: shrink to fit rather than run off the page
            width = pymupdf.Font(font if font == "helv" else "cjk").text_length(footer, fontsize=6.5)
            size = min(6.5, 6.5 * (each.rect.width - 2 * MARGIN) / width)
            each.insert_text((MARGIN, SIGNING_FOOTER_BASELINE), footer, fontname=font, fontsize=size, color=(0.3, 0.3, 0.3))
        _embed_record(doc, record)
        doc.subset_fonts()  # embedded fonts shrink to the letters used (the wide font is 3.5 MB whole)
        out: bytes = doc.tobytes(garbage=3, deflate=True)
    return out


def _record_json(record: SigningRecord) -> str:
    return json.dumps(
        {"signer": record.signer, "signed_at": record.signed_at, "unsigned_sha256": record.unsigned_sha256, "method": record.method},
        ensure_ascii=False,
        sort_keys=True,
    )


def _embed_record(doc: pymupdf.Document, record: SigningRecord) -> None:
    text = _record_json(record)
    if RECORD_FILE in doc.embfile_names():
        doc.embfile_del(RECORD_FILE)
    doc.embfile_add(RECORD_FILE, text.encode("utf-8"), filename=RECORD_FILE, desc="PortDesk signing record")
    meta = {k: v for k, v in (doc.metadata or {}).items() if k in _SETTABLE_METADATA and v}
    meta["keywords"] = KEYWORDS_PREFIX + text
    meta["modDate"] = pymupdf.get_pdf_now()
    doc.set_metadata(meta)
    # the same facts as custom Info entries and XMP, for tools that read metadata but not attachments
    kind, value = doc.xref_get_key(-1, "Info")
    if kind == "xref":
        info = int(value.split()[0])
        for key, item in _record_items(record):
            doc.xref_set_key(info, f"PortDesk{key}", pymupdf.get_pdf_str(item))
    doc.set_xml_metadata(_xmp(record))


def _record_items(record: SigningRecord) -> list[tuple[str, str]]:
    return [
        ("Signer", record.signer),
        ("SignedAt", record.signed_at),
        ("UnsignedSHA256", record.unsigned_sha256),
        ("SigningMethod", record.method),
    ]


def _xmp(record: SigningRecord) -> str:
    fields = "".join(f"<portdesk:{key}>{escape(item)}</portdesk:{key}>" for key, item in _record_items(record))
    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" xmlns:portdesk="{XMP_NAMESPACE}">{fields}</rdf:Description>'
        '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )


def _record_from_json(text: str) -> SigningRecord | None:
    try:
        data: Any = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    signer, signed_at, sha = data.get("signer"), data.get("signed_at"), data.get("unsigned_sha256")
    method = data.get("method", "drawn")
    if not (isinstance(signer, str) and isinstance(signed_at, str) and isinstance(sha, str) and isinstance(method, str)):
        return None
    if not (signer and signed_at and method):
        return None
    try:
        dt.datetime.fromisoformat(signed_at)
    except ValueError:
        return None
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha.lower()):
        return None
    return SigningRecord(signer=signer, signed_at=signed_at, unsigned_sha256=sha.lower(), method=method)


def _record_from_doc(doc: pymupdf.Document) -> SigningRecord | None:
    try:
        if RECORD_FILE in doc.embfile_names():
            record = _record_from_json(doc.embfile_get(RECORD_FILE).decode("utf-8", "replace"))
            if record is not None:
                return record
    except Exception:  # a damaged attachment: fall back to the keywords copy
        pass
    keywords = (doc.metadata or {}).get("keywords") or ""
    if keywords.startswith(KEYWORDS_PREFIX):
        record = _record_from_json(keywords[len(KEYWORDS_PREFIX) :])
        if record is not None:
            return record
    return _record_from_info(doc)


def _record_from_info(doc: pymupdf.Document) -> SigningRecord | None:
    kind, value = doc.xref_get_key(-1, "Info")
    if kind != "xref":
        return None
    info = int(value.split()[0])
    names = {"Signer": "signer", "SignedAt": "signed_at", "UnsignedSHA256": "unsigned_sha256", "SigningMethod": "method"}
    found = {}
    for key, name in names.items():
        item_kind, item = doc.xref_get_key(info, f"PortDesk{key}")
        if item_kind == "string":
            found[name] = item
    return _record_from_json(json.dumps(found)) if found else None


def read_signing_record(pdf_bytes: bytes) -> SigningRecord | None:
    """The PortDesk signing record embedded in a signed LOA; None for an LOA signed elsewhere, an
    unsigned one, or anything that is not a readable PDF."""
    try:
        doc = pymupdf.open(stream=pdf_bytes, filetype="pdf")
    except Exception:
        return None
    with doc:
        if doc.needs_pass:
            return None
        return _record_from_doc(doc)
