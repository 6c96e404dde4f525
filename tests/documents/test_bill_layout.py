"""Words in reading order whatever the content-stream order: lines, words from glyphs, segments, blocks."""

from __future__ import annotations

import random

import pytest

from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.documents.bill import open_bill
from portdesk.documents.bill_layout import Word, build_page


def _line_texts(pdf: bytes) -> list[str]:
    with open_bill(pdf) as bill:
        return [line.run.text for line in bill.page_text(0).lines]


@pytest.mark.parametrize(("plain", "tricky"), [("labels", "glyphs"), ("labels", "mixed_fonts"), ("window", "reversed")])
def test_drawing_order_and_fonts_do_not_change_the_lines_read(plain: str, tricky: str) -> None:
    bill = BillContents()
    expected = _line_texts(build_bill_pdf(bill, plain))
    assert any("ABC Company, Inc." in line for line in expected)
    assert _line_texts(build_bill_pdf(bill, tricky)) == expected


def test_lines_come_top_to_bottom_even_when_drawn_bottom_up() -> None:
    texts = _line_texts(build_bill_pdf(BillContents(), "reversed"))
    assert texts[0] == "LUMEN Page 1 of 1"
    assert texts[-1].startswith("Questions about your bill?")


def _glyphs(text: str, x: float, y: float, width: float = 5.0) -> list[Word]:
    """One Word per letter, as a PDF drawn letter by letter reports them; spaces leave a gap."""
    out = []
    for i, ch in enumerate(text):
        if ch != " ":
            out.append(Word(x + i * width, y, x + (i + 1) * width, y + 10, ch))
    return out


def test_touching_glyphs_in_any_order_become_words_and_spaces_split_them() -> None:
    words = _glyphs("Bill Date", 72, 100) + _glyphs("Suite 400", 72, 120)
    random.Random(7).shuffle(words)
    page = build_page(1, 612, 792, words)
    assert [line.run.text for line in page.lines] == ["Bill Date", "Suite 400"]


def test_a_wide_gap_splits_label_and_value_into_segments() -> None:
    words = [Word(72, 100, 110, 110, "Account"), Word(113, 100, 150, 110, "Number:"),
             Word(250, 100, 310, 110, "8812-5520-01")]
    line = build_page(1, 612, 792, words).lines[0]
    assert [seg.text for seg in line.segments] == ["Account Number:", "8812-5520-01"]


def test_closely_stacked_lines_form_one_block_and_a_distant_one_another() -> None:
    words = [
        Word(72, 100, 90, 110, "ABC"), Word(93, 100, 130, 110, "Company,"), Word(133, 100, 150, 110, "Inc."),
        Word(72, 112, 92, 122, "1200"), Word(95, 112, 125, 122, "Market"), Word(128, 112, 155, 122, "Street"),
        Word(72, 300, 95, 310, "Total"),
    ]
    page = build_page(1, 612, 792, list(reversed(words)))
    assert [b.text for b in page.blocks] == ["ABC Company, Inc. 1200 Market Street", "Total"]


def test_first_word_in_a_bigger_font_stays_on_its_line() -> None:
    words = [Word(72, 96, 140, 112, "Statement"), Word(143, 99, 170, 110, "Date:"), Word(200, 99, 250, 110, "11/03/2026")]
    page = build_page(1, 612, 792, words)
    assert [line.run.text for line in page.lines] == ["Statement Date: 11/03/2026"]


def test_rects_cover_only_the_characters_asked_for_one_per_line() -> None:
    words = [Word(100, 100, 180, 110, "Company,"), Word(185, 100, 205, 110, "Inc."), Word(100, 112, 130, 122, "Denver")]
    block = build_page(1, 612, 792, words).blocks[0]
    assert block.text == "Company, Inc. Denver"
    assert block.rects(0, 7) == [(100.0, 100.0, 170.0, 110.0)]  # "Company" without its comma
    assert block.rects(9, 20) == [(185.0, 100.0, 205.0, 110.0), (100.0, 112.0, 130.0, 122.0)]


def test_two_identical_letters_in_a_row_are_both_kept_and_a_glyph_drawn_twice_once() -> None:
    doubled = build_page(1, 612, 792, list(reversed(_glyphs("8812 Bill", 100, 100))))
    assert [line.run.text for line in doubled.lines] == ["8812 Bill"]
    fake_bold = [Word(100, 100, 105, 110, "B"), Word(100.4, 100, 105.4, 110, "B"), Word(105, 100, 110, 110, "e")]
    assert [line.run.text for line in build_page(1, 612, 792, fake_bold).lines] == ["Be"]


def _drawn_backwards(lines: list[tuple[float, str]]) -> bytes:
    """A PDF whose every line is drawn glyph by glyph from its last letter to its first."""
    import io

    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(612, 792), invariant=1)
    canvas.setFont("Helvetica", 10)
    for y, text in lines:
        for i in reversed(range(len(text))):
            if text[i] != " ":
                canvas.drawString(72 + stringWidth(text[:i], "Helvetica", 10), 792 - y, text[i])
    canvas.save()
    return out.getvalue()


def test_text_drawn_backwards_glyph_by_glyph_reads_as_printed() -> None:
    lines = ["Account Number: 8812-5520-01", "Statement Date: 11/03/2026", "1200 Market Street, Suite 400"]
    pdf = _drawn_backwards([(100 + 14 * i, text) for i, text in enumerate(lines)])
    assert _line_texts(pdf) == lines
