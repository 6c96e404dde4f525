"""Where the viewer outlines a missing field: a misspelt run of words, else the words after its label."""

from __future__ import annotations

from portdesk.domain.documents import BillCheck, FieldCheck
from portdesk.services.bill_candidates import after_label, candidate, lines_of, with_candidates
from portdesk.services.bills import Word, selection_text


def _line(y: float, *texts: str, start: int = 0) -> list[Word]:
    words, x = [], 50.0
    for i, text in enumerate(texts):
        words.append(Word(text, (x, y, x + 6 * len(text), y + 10), start + i))
        x += 6 * len(text) + 4
    return words


PAGE = (_line(100, "Account", "Name:", "Rocky", "Mountain", "Dentel", "Partners")
        + _line(115, "Authorized", "Contact:", "Jane", "Doe", start=6)
        + _line(130, "Denver,", "CO", "80202", start=10))


def test_words_group_into_printed_lines():
    assert [[w.text for w in line][:2] for line in lines_of(PAGE)] == [
        ["Account", "Name:"], ["Authorized", "Contact:"], ["Denver,", "CO"]]


def test_a_misspelt_missing_value_is_placed_on_its_likeliest_run_of_words():
    check = FieldCheck("account.name", "Rocky Mountain Dental Partners", "missing")
    placed = candidate(check, [PAGE])
    assert placed.status == "missing" and placed.found == "Rocky Mountain Dentel Partners"
    assert placed.page == 1 and placed.rects[0][1] == 100


def test_a_different_value_is_placed_after_the_fields_label():
    check = FieldCheck("account.authorized_user", "John Smith", "missing")
    placed = candidate(check, [PAGE])
    assert placed.found == "Jane Doe" and placed.rects[0][1] == 115
    assert after_label("account.service_address.city", [PAGE]) is None  # no label to go by


def test_found_fields_and_fields_with_nothing_like_them_are_left_alone():
    exact = FieldCheck("account.number", "8812", "exact", "8812", 1, ((0, 0, 1, 1),))
    lost = FieldCheck("account.service_address.line2", "Suite 400", "missing")
    check = with_candidates(BillCheck(1, True, None, None, [exact, lost]), [PAGE])
    assert check.fields == [exact, lost]


def test_taken_words_drop_the_bills_trailing_separator_but_keep_inner_punctuation():
    assert selection_text(_line(0, "Denver,")) == "Denver"
    assert selection_text(_line(0, "ABC", "Company,", "Inc.")) == "ABC Company, Inc."
