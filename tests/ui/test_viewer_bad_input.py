"""Bills a customer's email really holds: not a PDF, empty, cut short, password-protected, huge, with
active content. Each gets a clear message in the viewer, the order's fields stay, nothing is written
back to the PDF; a 500-page bill renders only the pages in view; the real PDF thread works too."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import Qt

from portdesk.demo.bill_story import BillContents, build_bill_pdf
from portdesk.documents.sheet_pdf import protect, with_active_content
from portdesk.ui.jobs import JobRunner

from .viewer_support import bill_order, make_viewer


@pytest.fixture(scope="module")
def labels_pdf() -> bytes:
    return build_bill_pdf(BillContents(), "labels")


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return build_bill_pdf(BillContents(extra_pages=498), "multipage")  # 500 pages


def _fails_with(qtbot, data: bytes, words: str) -> None:
    viewer = make_viewer(qtbot, data)
    qtbot.waitUntil(lambda: viewer.error is not None, timeout=3000)
    assert words in viewer.error
    assert viewer.stack.currentWidget() is not viewer.view
    assert words in viewer.message.text() and "nothing was changed" in viewer.message.text()
    assert viewer.fields.editors["account.name"].text() == "ABC Company Inc."  # the order is all there
    assert viewer.order.to_dict() == bill_order().to_dict()


def test_a_text_file_is_refused_as_not_a_pdf(qtbot):
    _fails_with(qtbot, b"Account Name: ABC Company, Inc.\n" * 40, "not a PDF")


def test_zero_bytes_is_refused_as_empty(qtbot):
    _fails_with(qtbot, b"", "empty")


def test_a_pdf_cut_to_a_tenth_is_refused_as_damaged(qtbot, labels_pdf):
    _fails_with(qtbot, labels_pdf[: len(labels_pdf) // 10], "damaged")


def test_a_pdf_cut_in_half_is_repaired_and_shown_when_mupdf_can(qtbot, labels_pdf):
    viewer = make_viewer(qtbot, labels_pdf[: len(labels_pdf) // 2])
    assert viewer.error is None and viewer.view.page_count == 1
    assert {page for page, _scale in viewer.view.cache._entries} == {0}


def test_bill_failed_is_emitted_with_the_reason(qtbot):
    from portdesk.ui.viewer.window import BillViewerWindow

    from .viewer_support import TODAY, bill_service

    # Connected before the PDF thread answers (the real runner answers through the event loop).
    window = BillViewerWindow(bill_service(), bill_order(), b"not a pdf", TODAY, jobs=JobRunner())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.bill_failed, timeout=5000) as failed:
        pass
    assert "not a PDF" in failed.args[0]


def test_a_password_protected_bill_asks_for_the_password_and_opens_with_it(qtbot, labels_pdf):
    locked = protect(labels_pdf, "s3cret")
    asked: list[str] = []
    answers = iter(["wrong", "s3cret"])

    def ask(message: str) -> str | None:
        asked.append(message)
        return next(answers)

    viewer = make_viewer(qtbot, locked, ask_password=ask)
    qtbot.waitUntil(lambda: viewer.stack.currentWidget() is viewer.view, timeout=3000)
    assert "password-protected" in asked[0] and "does not open" in asked[1]
    assert viewer.error is None and viewer.check is not None
    assert viewer.fields.status_of("account.number") == "exact"  # the check read it with the password


def test_cancelling_the_password_prompt_says_why_and_offers_to_try_again(qtbot, labels_pdf):
    viewer = make_viewer(qtbot, protect(labels_pdf, "s3cret"), ask_password=lambda _message: None)
    qtbot.waitUntil(lambda: "cannot be shown" in viewer.message.text(), timeout=3000)
    assert "password-protected" in viewer.error
    assert viewer.password_button.isVisible()
    viewer.ask_password = lambda _message: "s3cret"
    qtbot.mouseClick(viewer.password_button, Qt.MouseButton.LeftButton)
    assert viewer.stack.currentWidget() is viewer.view and viewer.error is None


def test_javascript_and_attachments_are_ignored_and_the_bill_shows(qtbot, labels_pdf):
    viewer = make_viewer(qtbot, with_active_content(labels_pdf))
    assert viewer.error is None and viewer.view.page_count == 1
    assert viewer.fields.status_of("account.number") == "exact"


def test_the_bills_bytes_are_never_changed(qtbot, labels_pdf):
    data = bytes(labels_pdf)
    before = hashlib.sha256(data).hexdigest()
    viewer = make_viewer(qtbot, data)
    viewer.fields.editors["account.name"].setText("ABC Company, Inc.")
    viewer._apply_field("account.name", "ABC Company, Inc.")
    viewer.view.zoom_in()
    viewer.release()
    assert hashlib.sha256(data).hexdigest() == before and viewer._bytes is data


def test_a_500_page_bill_renders_only_the_pages_in_view(qtbot, long_pdf):
    viewer = make_viewer(qtbot, long_pdf)
    view = viewer.view
    assert view.page_count == 500
    rendered = {page for page, _scale in view.cache._entries}
    assert rendered and max(rendered) <= 3  # the first pages in view, plus one ahead
    assert len(view._words) <= 4
    view.scroll_to_page(250)
    rendered = {page for page, _scale in view.cache._entries}
    assert 250 in rendered and len(rendered) <= 8
    assert viewer.thumbnails.rowCount() == 500
    asked = {p for p in range(500) if viewer.thumbnails.has_thumbnail(p)}
    assert len(asked) < 20  # thumbnails too: only the rows the list painted


def test_the_real_pdf_thread_renders_and_checks_without_blocking(qtbot, labels_pdf):
    runner = JobRunner()
    viewer = make_viewer(qtbot, labels_pdf, runner=runner)
    qtbot.waitUntil(lambda: viewer.fields.status_of("account.name") != "unchecked", timeout=10_000)
    qtbot.waitUntil(lambda: len(viewer.view.cache) > 0, timeout=10_000)
    assert viewer.fields.status_of("account.name") == "near"
    assert viewer.fields.status_of("account.authorized_user") == "missing"
    viewer.release()
    assert runner.wait(10_000)
