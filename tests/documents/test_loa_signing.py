"""Signing an LOA: artwork in the box, name and time printed, signing record embedded and read back."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pymupdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from portdesk.documents.loa import NAME_BOX, SIGNATURE_BOX, generate_loa
from portdesk.documents.loa_signing import (
    RECORD_FILE,
    SigningError,
    read_signing_record,
    sign_loa,
    signature_image_png,
)
from tests.documents.loa_samples import drawn_signature_png, order, pdf_text

DENVER_WINTER = dt.timezone(dt.timedelta(hours=-7))
SIGNED_AT = dt.datetime(2026, 11, 22, 14, 3, 27, tzinfo=DENVER_WINTER)


def _spans(pdf: bytes, page: int = 0) -> list[dict]:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        blocks = doc[page].get_text("dict")["blocks"]
    return [s for b in blocks if b["type"] == 0 for line in b["lines"] for s in line["spans"]]


def _inside(bbox: tuple[float, float, float, float], box: tuple[float, float, float, float], slack: float = 2) -> bool:
    return (
        bbox[0] >= box[0] - slack and bbox[1] >= box[1] - slack and bbox[2] <= box[2] + slack and bbox[3] <= box[3] + slack
    )


@pytest.fixture(scope="module")
def unsigned() -> bytes:
    return generate_loa(order(60))  # two pages: the footer goes on both


def test_typed_signature_is_the_signers_name_in_the_script_font_inside_the_box(unsigned: bytes) -> None:
    signed = sign_loa(unsigned, "Jane Doe", SIGNED_AT)
    script = [s for s in _spans(signed) if "Kristi" in s["font"] or "PortDeskScript" in s["font"]]
    assert [s["text"] for s in script] == ["Jane Doe"]
    assert _inside(script[0]["bbox"], SIGNATURE_BOX, slack=8)


def test_drawn_signature_is_an_image_placed_in_the_signature_box(unsigned: bytes) -> None:
    signed = sign_loa(unsigned, "Jane Doe", SIGNED_AT, signature_png=drawn_signature_png())
    with pymupdf.open(stream=signed, filetype="pdf") as doc:
        images = doc[0].get_images(full=True)
        assert len(images) == 1
        rect = doc[0].get_image_rects(images[0][0])[0]
    assert _inside(tuple(rect), SIGNATURE_BOX)
    assert rect.width > 100  # scaled up to the box, not a speck
    assert not [s for s in _spans(signed) if "Kristi" in s["font"]]  # drawn, so nothing typed


def test_signed_loa_shows_printed_name_and_date_and_time_of_signing(unsigned: bytes) -> None:
    signed = sign_loa(unsigned, "Jane Q. Doe", SIGNED_AT, title="Office manager")
    text = pdf_text(signed)[0]
    assert "2026-11-22 14:03 UTC-07:00" in text
    assert "Office manager" in text
    name_spans = [s for s in _spans(signed) if s["text"] == "Jane Q. Doe" and "Kristi" not in s["font"]]
    assert any(_inside(s["bbox"], NAME_BOX, slack=4) for s in name_spans)


def test_signing_record_round_trips_with_the_sha256_of_the_unsigned_bytes(unsigned: bytes) -> None:
    signed = sign_loa(unsigned, "Jane Doe", SIGNED_AT, signature_png=drawn_signature_png())
    record = read_signing_record(signed)
    assert record is not None
    assert record.signer == "Jane Doe"
    assert record.unsigned_sha256 == hashlib.sha256(unsigned).hexdigest()
    assert dt.datetime.fromisoformat(record.signed_at) == SIGNED_AT
    assert record.signed_at.endswith("-07:00")
    assert record.method == "drawn"


def test_typed_and_image_methods_are_recorded(unsigned: bytes) -> None:
    typed = read_signing_record(sign_loa(unsigned, "Jane Doe", SIGNED_AT))
    image = read_signing_record(sign_loa(unsigned, "Jane Doe", SIGNED_AT, signature_png=drawn_signature_png(), method="image"))
    forced = read_signing_record(sign_loa(unsigned, "Jane Doe", SIGNED_AT, signature_png=drawn_signature_png(), typed=True))
    assert (typed and typed.method, image and image.method, forced and forced.method) == ("typed", "image", "typed")


def test_every_page_carries_the_visible_signing_footer(unsigned: bytes) -> None:
    signed = sign_loa(unsigned, "Jane Doe", SIGNED_AT)
    sha = hashlib.sha256(unsigned).hexdigest()
    pages = pdf_text(signed)
    assert len(pages) == 2
    for page in pages:
        flat = " ".join(page.split())
        assert "Signed electronically by Jane Doe on 2026-11-22 14:03 UTC-07:00" in flat
        assert f"unsigned document SHA-256 {sha}" in flat


def test_the_record_is_in_an_embedded_file_and_in_the_keywords(unsigned: bytes) -> None:
    signed = sign_loa(unsigned, "Jane Doe", SIGNED_AT)
    with pymupdf.open(stream=signed, filetype="pdf") as doc:
        assert RECORD_FILE in doc.embfile_names()
        assert doc.metadata is not None and "unsigned_sha256" in doc.metadata["keywords"]
        doc.embfile_del(RECORD_FILE)  # a tool that strips attachments
        stripped = doc.tobytes()
        doc.set_metadata({"keywords": "customer copy"})  # …and one that rewrites the keywords
        rewritten = doc.tobytes()
    for survivor in (stripped, rewritten):
        record = read_signing_record(survivor)
        assert record is not None and record.unsigned_sha256 == hashlib.sha256(unsigned).hexdigest()


def test_the_record_is_also_in_custom_info_entries_and_xmp(unsigned: bytes) -> None:
    signed = sign_loa(unsigned, "Jane <Doe> & Co", SIGNED_AT)
    sha = hashlib.sha256(unsigned).hexdigest()
    with pymupdf.open(stream=signed, filetype="pdf") as doc:
        info = int(doc.xref_get_key(-1, "Info")[1].split()[0])
        assert doc.xref_get_key(info, "PortDeskUnsignedSHA256") == ("string", sha)
        assert doc.xref_get_key(info, "PortDeskSigner") == ("string", "Jane <Doe> & Co")
        xmp = doc.get_xml_metadata()
    assert f"<portdesk:UnsignedSHA256>{sha}</portdesk:UnsignedSHA256>" in xmp
    assert "Jane &lt;Doe&gt; &amp; Co" in xmp


def test_an_loa_signed_elsewhere_or_unsigned_reads_back_as_none(unsigned: bytes) -> None:
    buf = io.BytesIO()
    c = Canvas(buf)
    c.drawString(72, 720, "Letter of Authorization - signed with a pen, scanned")
    c.save()
    assert read_signing_record(buf.getvalue()) is None
    assert read_signing_record(unsigned) is None
    assert read_signing_record(b"not a pdf at all") is None


def test_a_record_with_a_bad_hash_is_not_trusted(unsigned: bytes) -> None:
    with pymupdf.open(stream=unsigned, filetype="pdf") as doc:
        doc.embfile_add(RECORD_FILE, b'{"signer": "X", "signed_at": "2026-11-22T10:00:00+00:00", "unsigned_sha256": "abc"}')
        data = doc.tobytes()
    assert read_signing_record(data) is None


def test_signing_needs_a_time_with_offset_and_a_name(unsigned: bytes) -> None:
    with pytest.raises(SigningError, match="offset"):
        sign_loa(unsigned, "Jane Doe", SIGNED_AT.replace(tzinfo=None))
    with pytest.raises(SigningError, match="empty"):
        sign_loa(unsigned, "   ", SIGNED_AT)


def test_an_already_signed_loa_or_a_foreign_pdf_cannot_be_signed(unsigned: bytes) -> None:
    signed = sign_loa(unsigned, "Jane Doe", SIGNED_AT)
    with pytest.raises(SigningError, match="already signed"):
        sign_loa(signed, "Jane Doe", SIGNED_AT)
    buf = io.BytesIO()
    Canvas(buf).save()
    with pytest.raises(SigningError, match="not a PortDesk"):
        sign_loa(buf.getvalue(), "Jane Doe", SIGNED_AT)
    with pytest.raises(SigningError, match="not a PDF"):
        sign_loa(b"%PDF-nonsense", "Jane Doe", SIGNED_AT)


def test_signature_images_are_checked_and_normalised_to_png() -> None:
    with pymupdf.open() as doc:
        page = doc.new_page(width=120, height=40)
        page.draw_line((5, 30), (115, 10), color=(0, 0, 0), width=2)
        jpeg = page.get_pixmap().tobytes("jpeg")
    assert signature_image_png(jpeg).startswith(b"\x89PNG")
    with pytest.raises(SigningError):
        signature_image_png(b"%PDF-1.7 not an image")
    with pytest.raises(SigningError):
        signature_image_png(b"")


@pytest.mark.parametrize("name", ["Łukasz Żółw", "Zoë Ångström-Núñez", "Жанна Иванова"])
def test_a_name_the_script_font_cannot_write_still_prints_letter_for_letter(unsigned: bytes, name: str) -> None:
    signed = sign_loa(unsigned, name, SIGNED_AT)
    record = read_signing_record(signed)
    assert record is not None and record.signer == name
    texts = [s["text"] for s in _spans(signed)]
    assert texts.count(name) >= 2  # the artwork and the printed name
    assert f"Signed electronically by {name}" in " ".join(pdf_text(signed)[0].split())
    assert len(signed) < 200_000  # the wide fallback font is subset, not embedded whole


def test_a_long_name_is_shrunk_to_stay_inside_the_box(unsigned: bytes) -> None:
    name = "Maximilian Alexander Bartholomew Fitzgerald-Montgomery"
    signed = sign_loa(unsigned, name, SIGNED_AT)
    script = [s for s in _spans(signed) if "Kristi" in s["font"] or "PortDeskScript" in s["font"]]
    assert script and all(_inside(s["bbox"], SIGNATURE_BOX, slack=8) for s in script)
