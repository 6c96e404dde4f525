"""Composition root of the desktop app: settings → engine → store → services → window.

The only module that names concrete adapters. Start-up stays lean: no PDF library unless --demo
(the demo draws its bills), no Alembic unless the schema must change (store.db's fast path).

`PORTDESK_EXIT_AFTER_FIRST_PAINT=1` is the start-up benchmark's hook: the app prints one JSON line
(time of the first paint of the Suspended tab's rows, peak memory, top-level modules) and exits.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from portdesk.gc_pauses import freeze_long_lived

log = logging.getLogger("portdesk.app")
FIRST_PAINT_ENV = "PORTDESK_EXIT_AFTER_FIRST_PAINT"
WINDOW_SETTINGS = "window.ini"


def show_startup_error(title: str, text: str) -> None:
    """A modal message before the window exists (tests replace this)."""
    QMessageBox.critical(None, title, text)


def open_store(db_url: str | None) -> tuple[Any, str]:
    """The queue store on `db_url` (default: settings), migrated, and the database as the user knows it."""
    from portdesk.settings import database_url
    from portdesk.store.db import describe, make_engine, migrate
    from portdesk.store.repos import SqlQueueStore

    url = database_url(db_url)
    engine = make_engine(url)
    migrate(engine)
    return SqlQueueStore(engine), describe(str(engine.url))


class _FirstPaintProbe(QObject):
    """Reports the first paint of a viewport that shows rows, then quits the app (benchmark only)."""

    def __init__(self, view: Any, started: float) -> None:
        super().__init__(view)
        self._view, self._started, self._done = view, started, False
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._done and event.type() == QEvent.Type.Paint and self._view.model().rowCount() > 0:
            self._done = True
            QTimer.singleShot(0, self._report)  # after this paint has finished
        return False

    def _report(self) -> None:
        import resource

        print(json.dumps({
            "first_paint": time.time(),
            "since_main": time.perf_counter() - self._started,
            "rows": self._view.model().rowCount(),
            "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "modules": sorted({m.split(".")[0] for m in sys.modules}),
        }), flush=True)
        QApplication.quit()


def run_gui(demo: bool = False, db_url: str | None = None) -> int:
    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("PortDesk")
    app.setOrganizationName("PortDesk")
    built = build_window(demo, db_url, tools_after_first_paint=True)
    if isinstance(built, int):
        return built
    window, runner = built
    if os.environ.get(FIRST_PAINT_ENV) == "1":
        from portdesk.domain.status import Tab

        _FirstPaintProbe(window.tabs.view(Tab.SUSPENDED), started)
        window.tabs.set_current_tab(Tab.SUSPENDED)
    window.show()
    window.start()
    code = app.exec()
    runner.wait()
    return int(code)


def build_window(demo: bool = False, db_url: str | None = None,
                 tools_after_first_paint: bool = False) -> tuple[Any, Any] | int:
    """The main window on its database with every tool installed, or the exit code of a failed start.

    Needs a QApplication. `demo`: a fresh data folder seeded with orders in every tab.
    `tools_after_first_paint`: the queue's rows come first; the per-order tools (checks, numbers,
    and what they import) are installed once the first rows are on screen.
    """
    if demo:
        # before anything reads settings: the whole demo lives in a fresh folder
        os.environ["PORTDESK_HOME"] = tempfile.mkdtemp(prefix="portdesk-demo-")
        os.environ.pop("PORTDESK_DATABASE_URL", None)
        db_url = None
    from portdesk import settings

    try:
        log_file: Path | None = settings.setup_logging()
    except OSError:
        log_file = None

    from portdesk.services.queue import QueueService, StoreError

    try:
        store, label = open_store(db_url)
        if demo:
            from portdesk.demo import seed_demo

            seed_demo(store)
    except StoreError as exc:
        return _startup_failed(str(exc), log_file)
    except Exception as exc:  # a malformed URL, a missing driver: still a message, not a crash
        log.exception("cannot open the database")
        where = db_url or settings.database_url()
        return _startup_failed(f"{where}: cannot open the database ({exc}).", log_file)

    from portdesk.ui.main_window import MainWindow
    from portdesk.ui.tasks import PoolRunner

    app_settings = settings.Settings.load()
    runner = PoolRunner()
    queue = QueueService(store)
    window = MainWindow(queue, runner, settings.data_dir() / WINDOW_SETTINGS, label, app_settings.author,
                        log_file=log_file)
    if demo:
        window.setWindowTitle("PortDesk — porting queue (demo data)")
    if tools_after_first_paint:
        def install_tools() -> None:
            install_order_tools(window, queue, store, app_settings)
            freeze_long_lived()  # the libraries and the window stay for good: out of every full collection

        _AfterFirstRows(window, install_tools)
    else:
        install_order_tools(window, queue, store, app_settings)
    return window, runner


class _AfterFirstRows(QObject):
    """Calls back once, right after the current queue tab first paints rows (or shows it has none)."""

    def __init__(self, window: Any, callback: Any) -> None:
        super().__init__(window)
        self._callback, self._done = callback, False
        self._views = [window.tabs.view(tab) for tab in _tabs()]
        for view in self._views:
            view.viewport().installEventFilter(self)
        window.tabs.counts_changed.connect(self._on_counts)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._done and event.type() == QEvent.Type.Paint:
            view = next(v for v in self._views if v.viewport() is watched)
            if view.model().rowCount() > 0:
                self._fire()
        return False

    def _on_counts(self, counts: dict[Any, int]) -> None:
        if not any(counts.values()):  # an empty queue never paints rows: go by the counts
            self._fire()

    def _fire(self) -> None:
        if self._done:
            return
        self._done = True
        for view in self._views:
            view.viewport().removeEventFilter(self)
        QTimer.singleShot(0, self._callback)  # after this paint has finished


def _tabs() -> list[Any]:
    from portdesk.domain.status import Tab

    return list(Tab)


def install_order_tools(window: Any, queue: Any, store: Any, app_settings: Any) -> None:
    """The per-order tools: the checks tab, Numbers…, the bill viewer and the port wizard.

    Checks read PDFs, so they run on the one PDF thread; the documents room is imported on the
    first check, not at start-up.
    """
    from portdesk import pdf_adapters, settings
    from portdesk.domain.profiles import ProfileError, choose_profile_id, get_profile, load_profiles
    from portdesk.services.checks import ChecksService
    from portdesk.ui.checks.checks_panel import ChecksPanel
    from portdesk.ui.numbers.numbers_command import NumbersCommand
    from portdesk.ui.tasks import PoolRunner
    from portdesk.ui.viewer.worker import pdf_pool

    user_dir: Path | None = settings.user_profiles_dir()
    try:
        profiles = load_profiles(user_dir)
    except ProfileError as exc:  # a broken user profile must not keep the queue closed
        log.warning("user profiles ignored: %s", exc)
        window.statusBar().showMessage(f"Your profile files were ignored: {exc}", 30_000)
        user_dir = None
        profiles = load_profiles()

    def profile_of(order_profile: str | None) -> Any:
        return get_profile(choose_profile_id(None, order_profile, app_settings.default_profile), user_dir)

    author = app_settings.author
    pdf_runner = PoolRunner(pool=pdf_pool())
    checks = ChecksService(queue, profile_of, inspect_document=pdf_adapters.inspect_bytes,
                           check_bill=pdf_adapters.check_bill_bytes)
    window.detail.add_checks(ChecksPanel(checks, pdf_runner, author))
    numbers = NumbersCommand(queue, pdf_runner, author, profiles,
                             read_spreadsheet=pdf_adapters.read_spreadsheet_rows, parent=window)
    numbers.install(window)
    window.numbers_command = numbers

    from portdesk.services.bills import BillService
    from portdesk.services.drafts import DraftService
    from portdesk.services.package import PackageService
    from portdesk.ui.viewer.command import BillViewerCommand, latest_bill
    from portdesk.ui.viewer.worker import PdfRunner
    from portdesk.ui.wizard.command import WizardCommand
    from portdesk.ui.wizard.context import WizardAdapters

    pdf = PdfRunner()  # the viewer's and wizard's jobs share the one PDF thread with the checks
    bills = BillService(pdf_adapters.LazyBillReader(), pdf_adapters.check_bill_bytes)
    viewer = BillViewerCommand(queue, bills, pdf, author, parent=window,
                               inspect_document=pdf_adapters.inspect_bytes)
    viewer.install(window)
    window.viewer_command = viewer

    def open_bill_in_viewer(detail: Any, document_id: int) -> bool:
        if document_id != latest_bill(detail):
            return False  # older bills and other documents open in the system viewer
        viewer.open_for(detail)
        return True

    window.detail.open_in_viewer = open_bill_in_viewer
    drafts = DraftService(store, author)
    wizard = WizardCommand(WizardAdapters(
        drafts=drafts, profiles=profiles, pdf=pdf, inspect_document=pdf_adapters.inspect_bytes,
        generate_loa=pdf_adapters.generate_loa, sign_loa=pdf_adapters.sign_loa,
        reader=pdf_adapters.LazyBillReader(), check_bill=pdf_adapters.check_bill_bytes,
        default_profile=app_settings.default_profile, read_spreadsheet=pdf_adapters.read_spreadsheet_rows,
        package=PackageService(store, pdf_adapters.summary_pdf),
        read_intake=pdf_adapters.read_bill_intake, settings_path=window.settings_path,
    ), window)
    wizard.install(window)
    window.wizard_command = wizard


def _startup_failed(message: str, log_file: Path | None) -> int:
    log.error("start-up failed: %s", message)
    hint = f"\n\nThe log file is {log_file}." if log_file else ""
    print(f"portdesk: {message}", file=sys.stderr)
    show_startup_error("PortDesk cannot open its database",
                       f"{message}\n\nPortDesk will close. Fix the problem above (or start it with "
                       f"--db pointing at another database) and start it again.{hint}")
    return 2
