"""Steps 4–7 one rule at a time: the BTN question and the new BTN, the split offer over the profile's
limit, the bill's other numbers, the calendar's marks, the time only where the profile allows it,
e-mails checked as typed, signing (typed, or an LOA signed elsewhere) and its invalidation, the
review's refusal and jump-to-step, and the summary / package files."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from portdesk.documents.loa import generate_loa
from portdesk.documents.loa_signing import read_signing_record
from portdesk.domain.documents import BillCheck
from portdesk.domain.order import PortOrder
from portdesk.domain.status import Status
from portdesk.ui.widgets import theme
from portdesk.ui.wizard.context import WizardAdapters
from portdesk.ui.wizard.port_calendar import qdate
from portdesk.ui.wizard.window import PortWizard, resume
from tests.ui.wizard_drive import type_into
from tests.ui.wizard_support import make_adapters

TODAY = dt.date(2026, 11, 20)  # the adapters' clock: a Friday, Thanksgiving the Thursday after


@pytest.fixture
def adapters(tmp_path: Path) -> WizardAdapters:
    return make_adapters(f"sqlite:///{tmp_path / 'steps.sqlite3'}")


def _order(**over: object) -> PortOrder:
    order = PortOrder(name="ABC Company - Denver", kind="local", profile="kazoo", losing_carrier="Lumen")
    order.account.name = "ABC Company, Inc."
    order.account.number = "8812-5520-01"
    order.account.btn = "+13035550100"
    order.account.authorized_user = "Jane Doe"
    address = order.account.service_address
    address.line1, address.city, address.state, address.postal_code = "1200 Market Street", "Denver", "CO", "80202"
    for key, value in over.items():
        setattr(order, key, value)
    return order


def open_at(qtbot: QtBot, adapters: WizardAdapters, order: PortOrder, step: int) -> PortWizard:
    draft = adapters.drafts.create(order, step)
    wizard = resume(adapters, draft.order_id)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


# -- step 4: numbers ------------------------------------------------------------------------------------


def test_a_partial_port_that_takes_the_btn_asks_for_the_new_btn(qtbot: QtBot, adapters: WizardAdapters) -> None:
    wizard = open_at(qtbot, adapters, _order(numbers=["+13035550100", "+13035550101"]), 3)
    page = wizard.numbers_page
    assert page.question.isVisible() and "(303) 555-0100" in page.question_label.text()
    page.partial_radio.click()
    assert page.new_btn_box.isVisible()
    assert "new BTN" in page.new_btn_note.text() and page.new_btn_note.isVisible()
    type_into(page.new_btn, "(303) 555-0150")
    page.refresh_checks()
    assert not page.new_btn_note.isVisible()
    assert wizard.ctx.order.new_btn == "+13035550150"


def test_a_new_btn_that_is_itself_leaving_is_refused(qtbot: QtBot, adapters: WizardAdapters) -> None:
    wizard = open_at(qtbot, adapters, _order(numbers=["+13035550100", "+13035550101"]), 3)
    page = wizard.numbers_page
    page.partial_radio.click()
    type_into(page.new_btn, "303-555-0101")
    page.refresh_checks()
    assert "itself in the list" in page.new_btn_note.text()


def test_a_full_port_asks_for_no_new_btn(qtbot: QtBot, adapters: WizardAdapters) -> None:
    wizard = open_at(qtbot, adapters, _order(numbers=["+13035550100"]), 3)
    page = wizard.numbers_page
    assert "BTN_PORT_TYPE_UNDECIDED" in {f.code for f in wizard.ctx.findings()}
    page.full_radio.click()
    assert not page.new_btn_box.isVisible()
    assert wizard.ctx.order.port_type == "full"
    assert not {"BTN_PORT_TYPE_UNDECIDED", "PARTIAL_PORT_NEEDS_NEW_BTN"} & {f.code for f in wizard.ctx.findings()}


def test_pasted_text_adds_the_good_numbers_and_says_what_was_left_out(qtbot: QtBot,
                                                                     adapters: WizardAdapters) -> None:
    wizard = open_at(qtbot, adapters, _order(), 3)
    page = wizard.numbers_page
    assert page.add_text("303-555-0100, 303 555 0101, 555-12, 303-555-0100") == 2
    assert wizard.ctx.order.numbers == ["+13035550100", "+13035550101"]
    assert page.left_out.isVisible() and "555-12" in page.left_out.text()
    assert page.list.count() == 2 and "BTN" in page.list.item(0).text()


def test_over_the_limit_the_split_is_offered_and_makes_named_drafts(qtbot: QtBot, adapters: WizardAdapters) -> None:
    wizard = open_at(qtbot, adapters, _order(), 3)
    page = wizard.numbers_page
    page.add_text("\n".join(f"303-555-{n:04d}" for n in range(1000, 1150)))
    assert page.limit_box.isVisible()
    assert "150 numbers" in page.limit_label.text() and "2 orders" in page.split_button.text()
    asked: list[str] = []
    page.confirm = lambda _parent, _title, text: asked.append(text) or True
    created: list[list[int]] = []
    wizard.drafts_created.connect(created.append)
    page.split_button.click()
    assert asked and "(1/2)" in asked[0]
    assert len(created) == 1 and len(created[0]) == 1
    assert wizard.ctx.order.name == "ABC Company - Denver (1/2)" and len(wizard.ctx.order.numbers) == 100
    other = adapters.drafts.open(created[0][0])
    assert other.order.name == "ABC Company - Denver (2/2)" and len(other.order.numbers) == 50
    assert other.status is Status.DRAFT and other.step == 3
    assert not page.limit_box.isVisible()
    assert wizard.page(0).name_edit.text() == "ABC Company - Denver (1/2)"  # type: ignore[attr-defined]


def test_numbers_on_the_bill_but_not_on_the_order_are_hinted_and_added_on_request(
        qtbot: QtBot, adapters: WizardAdapters) -> None:
    wizard = open_at(qtbot, adapters, _order(numbers=["+13035550100"]), 3)
    wizard.ctx.bill_check = BillCheck(1, True, None, None, on_bill_not_on_order=["+13035550101", "+13035550102"])
    page = wizard.numbers_page
    page.entered()
    assert page.bill_box.isVisible()
    assert "(303) 555-0101" in page.bill_hint.text() and "(303) 555-0102" in page.bill_hint.text()
    page.bill_add_button.click()
    assert wizard.ctx.order.numbers == ["+13035550100", "+13035550101", "+13035550102"]
    assert not page.bill_box.isVisible()


# -- step 6: date and contacts -------------------------------------------------------------------------------


def test_the_calendar_marks_lead_time_weekends_and_holidays(qtbot: QtBot, adapters: WizardAdapters) -> None:
    wizard = open_at(qtbot, adapters, _order(), 5)
    calendar = wizard.page(5).calendar  # type: ignore[attr-defined]
    assert calendar.earliest == dt.date(2026, 12, 7)  # kazoo: 10 business days, Thanksgiving not counted
    calendar.setCurrentPage(2026, 11)  # it opened on December, the month of the earliest good date
    marks = calendar.marks
    assert marks[dt.date(2026, 11, 24)] == "lead"
    assert marks[dt.date(2026, 11, 26)] == "holiday"
    assert marks[dt.date(2026, 11, 28)] == "weekend"
    assert marks[TODAY] == "past"
    assert dt.date(2026, 12, 7) not in marks
    lead_format = calendar.dateTextFormat(qdate(dt.date(2026, 11, 24)))
    assert lead_format.background().color() == theme.colour("calendar.lead")
    assert "lead time" in lead_format.toolTip()
    calendar.setCurrentPage(2027, 1)
    assert calendar.marks[dt.date(2027, 1, 1)] == "holiday"  # marks follow the month shown


def test_a_date_inside_the_lead_time_is_flagged_as_it_is_picked(qtbot: QtBot, adapters: WizardAdapters) -> None:
    wizard = open_at(qtbot, adapters, _order(), 5)
    page = wizard.page(5)
    page.calendar.setSelectedDate(qdate(dt.date(2026, 11, 24)))  # type: ignore[attr-defined]
    assert wizard.ctx.order.requested_date == "2026-11-24"
    assert "usually needs 10" in page.date_note.text()  # type: ignore[attr-defined]
    page.earliest_button.click()  # type: ignore[attr-defined]
    assert wizard.ctx.order.requested_date == "2026-12-07"
    assert "A good date" in page.date_note.text()  # type: ignore[attr-defined]


def test_time_and_zone_are_asked_only_where_the_profile_lets_you_choose(qtbot: QtBot,
                                                                       adapters: WizardAdapters) -> None:
    kazoo = open_at(qtbot, adapters, _order(), 5).page(5)
    assert not kazoo.time_edit.isVisible()  # type: ignore[attr-defined]
    bandwidth = open_at(qtbot, adapters, _order(profile="bandwidth"), 5).page(5)
    assert bandwidth.time_edit.isVisible()  # type: ignore[attr-defined]
    assert "06:00–22:00 America/New_York" in bandwidth.window_note.text()  # type: ignore[attr-defined]
    eight = open_at(qtbot, adapters, _order(profile="8x8"), 5).page(5)
    assert "picks the time itself" in eight.window_note.text()  # type: ignore[attr-defined]


def test_an_invalid_email_is_flagged_as_typed_and_blocks_submitting(qtbot: QtBot, adapters: WizardAdapters) -> None:
    wizard = open_at(qtbot, adapters, _order(), 5)
    editor = wizard.page(5).contacts  # type: ignore[attr-defined]
    editor.add_button.click()
    row = editor.rows[0]
    type_into(row.name, "Jane Doe")
    type_into(row.email, "jane@abc")
    assert row.problem.isVisible() and "name@example.com" in row.problem.text()
    assert "contacts[0].email" in {f.field for f in wizard.ctx.findings() if f.is_error}
    type_into(row.email, "-company.com")
    assert not row.problem.isVisible()
    assert wizard.ctx.order.contacts[0].email == "jane@abc-company.com"
    assert "contacts[0].email" not in {f.field for f in wizard.ctx.findings()}


# -- step 5: LOA ------------------------------------------------------------------------------------------------


def test_a_typed_signature_signs_the_loa_and_a_later_number_change_outdates_it(
        qtbot: QtBot, adapters: WizardAdapters) -> None:
    wizard = open_at(qtbot, adapters, _order(numbers=["+13035550101"], port_type="partial"), 4)
    page = wizard.page(4)
    page.type_radio.click()  # type: ignore[attr-defined]
    assert page.sign_button.isEnabled()  # type: ignore[attr-defined]
    page.sign_button.click()  # type: ignore[attr-defined]
    assert wizard.ctx.draft is not None
    info = wizard.ctx.draft.latest("loa")
    assert info is not None
    record = read_signing_record(adapters.drafts.document(info.id).data)
    assert record is not None and (record.signer, record.method) == ("Jane Doe", "typed")
    assert not [f for f in wizard.ctx.findings() if f.field == "documents.loa"]
    wizard.numbers_page.add_text("303-555-0102")
    assert "LOA_OUTDATED" in {f.code for f in wizard.ctx.findings()}
    page.entered()
    assert "sign a new one" in page.status.text()  # type: ignore[attr-defined]


def test_an_loa_signed_elsewhere_is_attached_with_its_signer_and_date(qtbot: QtBot, adapters: WizardAdapters,
                                                                     tmp_path: Path) -> None:
    scanned = tmp_path / "loa-scan.pdf"
    order = _order(numbers=["+13035550101"])
    scanned.write_bytes(generate_loa(order))  # the order's own LOA, as if printed, signed and scanned
    wizard = open_at(qtbot, adapters, order, 4)
    page = wizard.page(4)
    page.choose_file = lambda _parent: str(scanned)  # type: ignore[attr-defined]
    page.external_radio.click()  # type: ignore[attr-defined]
    assert not page.sign_button.isEnabled()  # type: ignore[attr-defined]
    page.external_file.click()  # type: ignore[attr-defined]
    page.signed_on.setDate(qdate(dt.date(2026, 11, 18)))  # type: ignore[attr-defined]
    page.sign_button.click()  # type: ignore[attr-defined]
    ref = wizard.ctx.order.documents["loa"]
    assert (ref.path, ref.signed_by, ref.signed_on) == ("loa-scan.pdf", "Jane Doe", "2026-11-18")
    assert not [f for f in wizard.ctx.findings() if f.field == "documents.loa"]


# -- step 7: review ---------------------------------------------------------------------------------------------


def test_submit_is_refused_while_errors_remain_and_a_finding_jumps_to_its_step(
        qtbot: QtBot, adapters: WizardAdapters) -> None:
    wizard = open_at(qtbot, adapters, _order(), 6)
    review = wizard.review_page
    review.entered()
    assert not review.submit_button.isEnabled()
    assert review.submit() is False
    assert "Not submitted" in review.result.text()
    assert wizard.ctx.draft is not None
    assert adapters.drafts.open(wizard.ctx.draft.order_id).status is Status.DRAFT
    rows = [review.findings.item(i) for i in range(review.findings.count())]
    loa_row = next(item for item in rows if "→ step 5, LOA" in item.text())
    review.findings.setCurrentItem(loa_row)
    qtbot.keyClick(review.findings, Qt.Key.Key_Return)
    assert wizard.step == 4


def test_summary_pdf_and_submission_package_are_written_from_the_review(
        qtbot: QtBot, adapters: WizardAdapters, tmp_path: Path) -> None:
    wizard = open_at(qtbot, adapters, _order(numbers=["+13035550101"]), 6)
    review = wizard.review_page
    # Judged clean (this order has no LOA yet): a package is written only for an order without errors.
    wizard.ctx.findings = lambda: []  # type: ignore[method-assign]
    targets = iter([tmp_path / "summary.pdf", tmp_path / "package.zip", tmp_path / "package-folder"])
    review.ask_path = lambda *_args: next(targets)
    review.summary_button.click()
    assert (tmp_path / "summary.pdf").read_bytes().startswith(b"%PDF")
    review.package_button.click()
    with zipfile.ZipFile(tmp_path / "package.zip") as archive:
        names = [n.split("/", 1)[1] for n in archive.namelist()]
    assert names[:2] == ["1 summary.pdf", "2 numbers.csv"]
    review.package_button.click()
    assert (tmp_path / "package-folder" / "2 numbers.csv").read_text().splitlines()[1].startswith("+13035550101")
