"""Send for signature: the LOA goes out with a signature field and a fingerprint; the copy that
comes back is accepted only when it is that LOA, unchanged, with a signature added — signed here
with PyMuPDF the way a customer's reader does it (an ink annotation saved incrementally, an image
or a typed name drawn into the page, a digital-signature field)."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from portdesk.documents.loa import SIGNATURE_BOX, generate_loa
from portdesk.documents.loa_return import (
    PreparationError,
    examine_returned,
    pdf_date,
    prepare_for_signature,
)
from portdesk.documents.loa_signing import sign_loa
from portdesk.domain.loa_return import ReturnVerdict, SentLoa, judge_returned
from tests.documents.loa_samples import drawn_signature_png, numbers, order

INK = [[(70.0, 640.0), (95.0, 600.0), (120.0, 645.0), (150.0, 605.0), (190.0, 640.0)]]


def _sent(count: int = 3) -> tuple[bytes, SentLoa]:
    import hashlib

    data, pages = prepare_for_signature(generate_loa(order(count)))
    return data, SentLoa(sha256=hashlib.sha256(data).hexdigest(), size=len(data), pages=pages, signer="Jane Doe",
                         email="jane@abc.example", sent_at="2026-11-20T10:00:00-07:00", basis="b", filename="LOA.pdf")


def _reader_saves(sent: bytes, tmp_path: Path, change, incremental: bool = True) -> bytes:  # type: ignore[no-untyped-def]
    """Open the sent file as a reader would, change it, save it (added to, or rewritten)."""
    path = tmp_path / "returned.pdf"
    path.write_bytes(sent)
    doc = pymupdf.open(path)
    change(doc)
    if incremental:
        doc.save(path, incremental=True, encryption=pymupdf.PDF_ENCRYPT_KEEP)
        doc.close()
        return path.read_bytes()
    data: bytes = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data


def _ink(doc: pymupdf.Document) -> None:
    annot = doc[0].add_ink_annot(INK)
    annot.set_info(title="Jane Doe", modDate="D:20261121140300-07'00'")
    annot.update()


def _judge(data: bytes, sent: SentLoa) -> ReturnVerdict:
    return judge_returned(sent, examine_returned(data, sent), "LOA signed.pdf")


def test_the_sent_loa_has_an_empty_signature_field_over_the_signature_box() -> None:
    data, sent = _sent()
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        (widget,) = list(doc[0].widgets())
        assert widget.field_type == pymupdf.PDF_WIDGET_TYPE_SIGNATURE and not widget.is_signed
        assert widget.rect == pymupdf.Rect(*SIGNATURE_BOX)
    assert len(sent.pages) == 1 and SentLoa.from_data(sent.to_data()) == sent


def test_an_ink_signature_added_incrementally_is_accepted_with_its_time(tmp_path: Path) -> None:
    data, sent = _sent()
    returned = _reader_saves(data, tmp_path, _ink)
    facts = examine_returned(returned, sent)
    assert facts.incremental and facts.drawing_kept and not facts.changed_pages
    verdict = judge_returned(sent, facts, "LOA signed.pdf")
    assert verdict.accepted, verdict.reason
    assert verdict.signature == "ink" and verdict.signed_at == "2026-11-21T14:03:00-07:00"
    assert "byte for byte" in verdict.reason and "without rewriting" in verdict.reason


def test_a_signature_image_drawn_into_a_rewritten_file_is_accepted(tmp_path: Path) -> None:
    data, sent = _sent(40)

    def stamp(doc: pymupdf.Document) -> None:
        box = pymupdf.Rect(*SIGNATURE_BOX)
        doc[0].insert_image(pymupdf.Rect(box.x0 + 4, box.y0 + 6, box.x0 + 160, box.y1 - 4), stream=drawn_signature_png())

    verdict = _judge(_reader_saves(data, tmp_path, stamp, incremental=False), sent)
    assert verdict.accepted, verdict.reason
    assert verdict.signature == "image"
    assert verdict.signed_at is None  # the file's own date is the generator's fixed 2000-01-01: not a signing time


def test_a_typed_name_in_the_signature_box_counts_as_a_signature(tmp_path: Path) -> None:
    data, sent = _sent()

    def typed(doc: pymupdf.Document) -> None:
        doc[0].insert_text((SIGNATURE_BOX[0] + 6, SIGNATURE_BOX[3] - 10), "Jane Doe", fontname="tiit", fontsize=24)

    verdict = _judge(_reader_saves(data, tmp_path, typed), sent)
    assert verdict.accepted and verdict.signature == "typed text"


def test_a_loa_signed_at_the_desk_by_portdesk_is_another_document() -> None:
    """PortDesk's own desk signing writes a footer on every page: not the letter that was sent."""
    _data, sent = _sent()
    import datetime as dt

    signed = sign_loa(generate_loa(order(3)), "Jane Doe", dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC),
                      signature_png=drawn_signature_png())
    verdict = _judge(signed, sent)
    assert not verdict.accepted


def test_a_number_added_to_the_letter_is_refused_with_the_reason(tmp_path: Path) -> None:
    data, sent = _sent()

    def extra_number(doc: pymupdf.Document) -> None:
        _ink(doc)
        doc[0].insert_text((300, 520), "(303) 555-0199", fontname="helv", fontsize=9.5)

    verdict = _judge(_reader_saves(data, tmp_path, extra_number), sent)
    assert not verdict.accepted
    assert "page 1" in verdict.reason and "words were changed" in verdict.reason
    assert verdict.reason.startswith("LOA signed.pdf was not accepted")


def test_a_number_hidden_under_a_white_box_is_refused(tmp_path: Path) -> None:
    data, sent = _sent()

    def cover(doc: pymupdf.Document) -> None:
        _ink(doc)
        page = doc[0]
        (hit,) = page.search_for("Lumen")[:1]
        page.draw_rect(hit, color=(1, 1, 1), fill=(1, 1, 1))

    verdict = _judge(_reader_saves(data, tmp_path, cover), sent)
    assert not verdict.accepted and "lines and shapes" in verdict.reason


def test_a_changed_content_stream_in_an_incremental_update_is_caught(tmp_path: Path) -> None:
    """The shadow attack: the sent bytes stay the file's start, a later revision rewrites the page."""
    data, sent = _sent()

    def rewrite(doc: pymupdf.Document) -> None:
        _ink(doc)
        page = doc[0]
        xref = page.get_contents()[0]
        doc.update_stream(xref, page.read_contents().replace(b"Lumen", b"Lumex"))

    returned = _reader_saves(data, tmp_path, rewrite)
    facts = examine_returned(returned, sent)
    assert facts.incremental  # the sent file is still its first part …
    assert not judge_returned(sent, facts, "x.pdf").accepted  # … and that proves nothing


def test_a_note_outside_the_signature_block_is_refused(tmp_path: Path) -> None:
    data, sent = _sent()

    def note(doc: pymupdf.Document) -> None:
        _ink(doc)
        doc[0].add_freetext_annot(pymupdf.Rect(300, 100, 540, 130), "numbers 2 and 3 only").update()

    verdict = _judge(_reader_saves(data, tmp_path, note), sent)
    assert not verdict.accepted and "FreeText annotation on page 1" in verdict.reason


def test_a_returned_copy_without_a_signature_is_refused(tmp_path: Path) -> None:
    data, sent = _sent()
    verdict = _judge(_reader_saves(data, tmp_path, lambda doc: None, incremental=False), sent)
    assert not verdict.accepted and "no signature was added" in verdict.reason


def test_another_orders_loa_and_an_extra_page_are_refused(tmp_path: Path) -> None:
    _data, sent = _sent()
    other, _ = prepare_for_signature(generate_loa(order(3, numbers=numbers(3, npa="720"))))
    assert "words were changed" in _judge(_reader_saves(other, tmp_path, _ink), sent).reason

    data, _ = _sent()

    def add_page(doc: pymupdf.Document) -> None:
        _ink(doc)
        doc.new_page()

    assert "has 2 page(s)" in _judge(_reader_saves(data, tmp_path, add_page, incremental=False), sent).reason


def test_not_a_pdf_is_refused_in_words() -> None:
    _data, sent = _sent()
    verdict = _judge(b"hello, this is a reply", sent)
    assert not verdict.accepted and "not a PDF PortDesk can open" in verdict.reason


def test_only_a_portdesk_loa_can_be_sent_for_signature() -> None:
    with pytest.raises(PreparationError, match="not a PortDesk Letter of Authorization"):
        doc = pymupdf.open()
        doc.new_page()
        prepare_for_signature(doc.tobytes())


@pytest.mark.parametrize(("raw", "iso"), [
    ("D:20261121140300-07'00'", "2026-11-21T14:03:00-07:00"),
    ("D:20261121140300Z", "2026-11-21T14:03:00+00:00"),
    ("D:20261121", "2026-11-21T00:00:00"),
    ("yesterday", None),
])
def test_pdf_dates_read_as_iso(raw: str, iso: str | None) -> None:
    assert pdf_date(raw) == iso
