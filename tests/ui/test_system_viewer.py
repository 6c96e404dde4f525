"""Documents opened in the system viewer: only a PDF (judged by its bytes), under a name PortDesk makes,
in a private folder that is gone when the app exits; anything else is a message, never handed over."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from portdesk.services.ports import NewDocument
from portdesk.ui.detail.detail_pane import OrderDetailPane
from portdesk.ui.detail.system_viewer import looks_like_pdf
from portdesk.ui.jobs import JobError

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200  # what an .exe starts with


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Stands in for the desktop: records what would have been handed to the system viewer."""
    urls: list[Path] = []

    def open_url(url: QUrl) -> bool:
        urls.append(Path(url.toLocalFile()))
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return urls


@pytest.fixture
def pane(qtbot, queue, runner) -> OrderDetailPane:
    widget = OrderDetailPane(queue, runner, "amy")
    qtbot.addWidget(widget)
    return widget


def _attach(queue, order_id: int, kind: str, filename: str, data: bytes) -> int:
    detail = queue.detail(order_id)
    info, _version = queue.attach_document(order_id, NewDocument(kind, filename, data), detail.version, "amy")
    return info.id


def _open(pane: OrderDetailPane, order_id: int, document_id: int) -> list[tuple[str, BaseException]]:
    failures: list[tuple[str, BaseException]] = []
    pane.action_failed.connect(lambda what, exc: failures.append((what, exc)))
    pane.show_order(order_id)
    pane.documents.document_activated.emit(document_id)
    return failures


@pytest.mark.parametrize("filename", ["invoice.exe", "bill.pdf.js", "../../../tmp/evil.pdf", "CON", ""])
def test_a_pdf_is_handed_over_under_a_generated_name_whatever_the_order_file_called_it(
        pane, queue, add_orders, opened, filename) -> None:
    [order_id] = add_orders(1)
    doc_id = _attach(queue, order_id, "csr", filename, PDF)
    assert _open(pane, order_id, doc_id) == []
    [path] = opened
    assert path.name == f"portdesk-{order_id}-csr-{doc_id}.pdf"
    assert path.read_bytes() == PDF
    if os.name == "posix":
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700  # another account cannot read the bill
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("data", [WINDOWS_PROGRAM, b"<script>alert(1)</script>", b"", b"PK\x03\x04 a zip"])
def test_anything_but_a_pdf_is_refused_with_a_message_and_never_handed_over(
        pane, queue, add_orders, opened, data) -> None:
    [order_id] = add_orders(1)
    doc_id = _attach(queue, order_id, "bill", "bill.pdf", data)  # the name says PDF; the bytes do not
    failures = _open(pane, order_id, doc_id)
    assert opened == []
    [(what, exc)] = failures
    assert what == "Could not open the document"
    assert "bill.pdf" in str(exc) and "not a PDF" in str(exc)
    # the one error contract: the message in words, the cause kept (a message, not an internal error)
    assert isinstance(exc, JobError) and isinstance(exc.cause, ValueError)


def test_a_hostile_long_file_name_is_quoted_short_in_the_message(pane, queue, add_orders, opened) -> None:
    [order_id] = add_orders(1)
    # As long as an order file may name a document (1,024 characters; longer ones are refused on import).
    doc_id = _attach(queue, order_id, "bill", "x" * 1015 + ".exe", WINDOWS_PROGRAM)
    [(_what, exc)] = _open(pane, order_id, doc_id)
    assert len(str(exc)) < 300


def test_pdf_is_judged_by_its_first_kilobyte_after_a_bom_or_blank_lines() -> None:
    assert looks_like_pdf(PDF)
    assert looks_like_pdf(b"\xef\xbb\xbf" + PDF)
    assert looks_like_pdf(b"\r\n\t  \n" + PDF)
    assert not looks_like_pdf(b"MZ" + PDF)  # a program with a PDF glued on is still a program
    assert not looks_like_pdf(b" " * 1024 + PDF)  # the marker must lie within the first 1024 bytes
    assert not looks_like_pdf(b"%PDF")
    assert not looks_like_pdf(b"")


CHILD = r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication
from PySide6.QtCore import QTimer
from portdesk.domain.order import PortOrder
from portdesk.services.ports import NewDocument
from portdesk.services.queue import QueueService
from portdesk.store.db import make_engine, migrate
from portdesk.store.repos import SqlQueueStore
from portdesk.ui.detail.detail_pane import OrderDetailPane
from portdesk.ui.jobs import SyncJobRunner
from tests.ui.conftest import order_data

app = QApplication([])
engine = make_engine(sys.argv[1])
migrate(engine)
queue = QueueService(SqlQueueStore(engine))
[order_id] = queue.create_orders([PortOrder.from_dict(order_data(1))], "amy")
queue.attach_document(order_id, NewDocument("bill", "bill.pdf", b"%PDF-1.4\n%%EOF\n"),
                      queue.detail(order_id).version, "amy")
opened = []
QDesktopServices.openUrl = staticmethod(lambda url: opened.append(url.toLocalFile()) or True)
pane = OrderDetailPane(queue, SyncJobRunner(), "amy")
pane.show_order(order_id)
pane.documents.document_activated.emit(queue.detail(order_id).documents[0].id)
print(opened[0], os.path.exists(opened[0]), flush=True)
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""


def test_the_copies_for_the_system_viewer_are_removed_when_the_app_exits(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", CHILD, f"sqlite:///{tmp_path / 'q.sqlite3'}"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    copy, existed = done.stdout.split()
    assert existed == "True" and Path(copy).is_relative_to(tmp_path)
    assert not Path(copy).exists() and not Path(copy).parent.exists()
