"""Composition root of the desktop app: settings → engine → store → services → window.

The only module that names concrete adapters. Start-up stays lean: no PDF library unless --demo
(the demo draws its bills), no Alembic unless the schema must change (store.db's fast path), and on
a SQLite file at the schema's head no SQL stack until a job needs it: the SQL adapters are built on
first use, on the db worker (app/later.py), and the first screen, the first order's detail and the
start-up's own background reads go through the stdlib sqlite3 (store/first_page.py).

`PORTDESK_EXIT_AFTER_FIRST_PAINT=1` is the start-up benchmark's hook: the app prints one JSON line
(time of the first paint of the Suspended tab's rows, peak memory, top-level modules) and exits.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from portdesk.platform.gc_pauses import freeze_long_lived
from portdesk.ui.qt_imports import skip_feature_source_scan

skip_feature_source_scan()

log = logging.getLogger("portdesk.app")
FIRST_PAINT_ENV = "PORTDESK_EXIT_AFTER_FIRST_PAINT"
SETTLE_POLL_MS = 25  # the probe looks this often whether the start-up's background jobs are done
SETTLE_MAX_S = 10.0
WINDOW_SETTINGS = "window.ini"
OPENED_COPIES = "opened"  # documents opened in the system viewer: copies, emptied at each start
_restart_after_exit: list[dict[str, str]] = []  # "Reset demo data": start the demo again, in this env


def show_startup_error(title: str, text: str) -> None:
    """A modal message before the window exists (tests replace this)."""
    QMessageBox.critical(None, title, text)


def open_store(db_url: str | None, *, deferred: bool = False) -> tuple[Any, str]:
    """The queue store on `db_url` (default: settings), migrated, and the database as the user knows it.

    `deferred`: a SQLite file already at the schema's head gets a store whose first screen is read
    with the stdlib sqlite3 and whose SQL stack is imported afterwards (store/first_page.py): the
    window and its first rows then wait for PySide6 only, not for SQLAlchemy, SQLModel and pydantic.
    """
    from portdesk.platform.settings import database_url

    url = database_url(db_url)
    if deferred:
        from portdesk.store.first_page import open_deferred

        # worker_wait=0: nothing before the first paint needs the SQL store, and after it the job that
        # first needs it builds it on its worker (the GUI thread never imports the SQL stack)
        store = open_deferred(url, lambda: _open_sql_store(url)[0], worker_wait=0.0)
        if store is not None:
            return store, str(store.path)
    return _open_sql_store(url)


def _open_sql_store(url: str) -> tuple[Any, str]:
    from portdesk.store.db import describe, make_engine, migrate
    from portdesk.store.repos import SqlQueueStore

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

        self._painted, self._since_main = time.time(), time.perf_counter() - self._started
        usage = resource.getrusage(resource.RUSAGE_SELF)
        self._painted_rss, self._painted_cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
        # The per-order tools are installed by a call queued at this same paint, and the start-up has
        # its own background jobs (the first order's detail, the sync's first listing, the notifier's
        # baseline): the memory and the modules are read once those are done too, so the whole
        # start-up's peak is the one reported, not a moment while its jobs still run.
        self._settle_until, self._idle_looks = time.monotonic() + SETTLE_MAX_S, 0
        QTimer.singleShot(SETTLE_POLL_MS, self._report_settled)

    def _report_settled(self) -> None:
        import resource

        from portdesk.ui.jobs import pools_idle

        # idle at two looks in a row: a job's callback (on this thread) may queue the next job
        self._idle_looks = self._idle_looks + 1 if pools_idle() else 0
        if self._idle_looks < 2 and time.monotonic() < self._settle_until:
            QTimer.singleShot(SETTLE_POLL_MS, self._report_settled)
            return
        print(json.dumps({
            "first_paint": self._painted,
            "since_main": self._since_main,
            "rows": self._view.model().rowCount(),
            "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "painted_maxrss_kb": self._painted_rss,
            "painted_cpu_s": self._painted_cpu,  # CPU to the first paint: steadier than time on a busy machine
            "modules": sorted({m.split(".")[0] for m in sys.modules}),
        }), flush=True)
        QApplication.quit()


def binding_drops_none() -> bool:
    """True for a Qt binding that loses a reference to None per void call (PySide6 6.12.0 on Python
    3.11): repainting would free None and abort the app within minutes (none_dealloc)."""
    if sys.version_info >= (3, 12):
        return False  # None is immortal there: the lost references do no harm
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(16):
        probe.setObjectName("probe")  # returns nothing
    return sys.getrefcount(None) < before


def run_gui(demo: bool = False, db_url: str | None = None) -> int:
    started = time.perf_counter()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("PortDesk")
    app.setOrganizationName("PortDesk")
    from portdesk.ui.widgets import theme

    theme.follow_system(app)  # type: ignore[arg-type]  # light or dark as the system says (or PORTDESK_COLOR_SCHEME), followed live
    if binding_drops_none():  # pyproject excludes it; a hand-made or distro install may still bring it
        import PySide6

        message = (f"PySide6 {PySide6.__version__} on Python {sys.version_info.major}.{sys.version_info.minor} "
                   "loses references to None and would crash PortDesk while it draws the queue.")
        print(f"portdesk: {message}", file=sys.stderr)
        show_startup_error("PortDesk cannot run on this PySide6",
                           f"{message}\n\nInstall another version and start PortDesk again:\n"
                           "pip install \"PySide6-Essentials>=6.8,!=6.12.*,<6.13\"")
        return 2
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
    if _restart_after_exit:
        _start_again(_restart_after_exit.pop())
    return int(code)


def _start_again(env: dict[str, str]) -> None:
    """A new PortDesk with the same arguments (after this one has let go of its database)."""
    frozen = getattr(sys, "frozen", False)
    command = [sys.executable, *sys.argv[1:]] if frozen else [sys.executable, "-m", "portdesk", *sys.argv[1:]]
    log.info("starting again: %s", command)
    subprocess.Popen(command, env=env, start_new_session=True, stdin=subprocess.DEVNULL)


def reset_demo(home: Path, env: dict[str, str]) -> None:
    """Reset demo data: the next start seeds the demo afresh; close every window (a wizard saves its
    draft as it closes) and, once this PortDesk has let go of the database, start the demo again."""
    from portdesk.demo.orders import forget_seeding

    forget_seeding(home)
    _restart_after_exit.append(env)
    QApplication.closeAllWindows()


def build_window(demo: bool = False, db_url: str | None = None,
                 tools_after_first_paint: bool = False) -> tuple[Any, Any] | int:
    """The main window on its database with every tool installed, or the exit code of a failed start.

    Needs a QApplication. `demo`: the demo's own data folder (`demo/` in the data folder), seeded with
    orders in every tab on its first start and after "Reset demo data".
    `tools_after_first_paint`: the queue's rows come first; the per-order tools (checks, numbers,
    and what they import) are installed once the first rows are on screen.
    """
    from portdesk.platform import settings

    parent_env = dict(os.environ)  # what a restart after "Reset demo data" starts from
    try:
        if demo:
            # before anything else reads settings: the whole demo lives in its own folder, kept between runs
            from portdesk.demo.orders import DEMO_FOLDER

            os.environ["PORTDESK_HOME"] = str(settings.data_dir() / DEMO_FOLDER)
            os.environ.pop("PORTDESK_DATABASE_URL", None)
            db_url = None
        # made here, once: everything below (log, database, window state) lives in it
        demo_home = settings.data_dir()  # the demo's own data folder, when demo
    except OSError as exc:
        return _data_folder_failed(exc)

    try:
        log_file: Path | None = settings.setup_logging()
    except OSError:
        log_file = None

    from portdesk.services.queue import QueueService, StoreError

    try:
        if demo:
            from portdesk.demo.orders import mark_seeded, needs_seeding, seed_demo

            seed = needs_seeding(demo_home)  # first run or after a reset: the old demo database is gone
        store, label = open_store(db_url, deferred=tools_after_first_paint and not (demo and seed))
        if demo and seed:
            from portdesk.ui.widgets.startup_note import StartupNote

            note = StartupNote("preparing the demo", "Demo orders, their bills and a month of each carrier's "
                               "answers at the built-in sandbox. This takes a few seconds, on the first "
                               "start and after Reset demo data only.")
            note.show_now()
            try:
                seed_demo(store, carriers=_seeding_sandbox(demo_home, store))
                mark_seeded(demo_home)
            finally:
                note.close()
    except StoreError as exc:
        return _startup_failed(str(exc), log_file)
    except Exception as exc:  # a malformed URL, a missing driver: still a message, not a crash
        log.exception("cannot open the database")
        where = db_url or settings.database_url()
        return _startup_failed(f"{where}: cannot open the database ({exc}).", log_file)

    from portdesk.services.events import OrderEvents
    from portdesk.ui.jobs import JobRunner
    from portdesk.ui.main_window import MainWindow
    from portdesk.ui.order_signals import OrderSignals

    app_settings = settings.Settings.load()
    runner = JobRunner()  # the one runner: db, pdf and net pools
    events = OrderEvents()  # every use case publishes here after its commit; the window listens
    queue = QueueService(store, events=events)
    window = MainWindow(queue, runner, settings.data_dir() / WINDOW_SETTINGS, label, app_settings.author,
                        log_file=log_file, events=OrderSignals(events),
                        app_context=app_context(label, log_file, demo, parent_env))
    if demo:
        window.setWindowTitle("PortDesk — porting queue (demo data)")
        window.demo_carriers = start_demo_carriers(window, demo_home, store)
    if tools_after_first_paint:
        def install_tools() -> None:
            install_order_tools(window, queue, store, app_settings, runner, events)
            freeze_long_lived()  # the libraries and the window stay for good: out of every full collection

        _AfterFirstRows(window, install_tools)
    else:
        install_order_tools(window, queue, store, app_settings, runner, events)
    return window, runner


def open_connections(store: Any, secrets: Any = None) -> Any:
    """The connections on the queue's database: secrets in the keyring (imported at the first secret asked
    for), unless `secrets` names another SecretStore; a sandbox connection's public credential aside."""
    from portdesk.app.later import Later
    from portdesk.carriers import open_gateway
    from portdesk.credentials.lazy_secrets import LazyKeyringSecrets
    from portdesk.services.connections import ConnectionsService
    from portdesk.store.first_page import DeferredConnections, DeferredSqlStore

    def sql_connections() -> Any:  # on the first job that reads or writes a connection
        from portdesk.store.connections import SqlConnectionStore

        return SqlConnectionStore(store.engine)

    connection_store: Any = Later(sql_connections)
    if isinstance(store, DeferredSqlStore):  # no connection set up: no SQL stack for the sync's listing
        connection_store = DeferredConnections(store, connection_store)
    return ConnectionsService(connection_store, secrets or LazyKeyringSecrets(), open_gateway)


def open_sync(store: Any, connections: Any, clock: Any = None, events: Any = None, progress: Any = None) -> Any:
    """The one sync service on the queue's database; every change it lands is told to the events hub."""
    from portdesk.app import pdf_adapters
    from portdesk.app.later import Later
    from portdesk.services.events import NO_EVENTS
    from portdesk.services.sync import SyncService, utc_now
    from portdesk.store.first_page import DeferredSqlStore, DeferredSyncStore

    def sql_sync_store() -> Any:  # on the first job that reads or writes the outbox
        from portdesk.store.outbox import SqlSyncStore

        return SqlSyncStore(store.engine)

    sync_store: Any = Later(sql_sync_store)
    if isinstance(store, DeferredSqlStore):  # an order with no submission: no SQL stack to say so
        sync_store = DeferredSyncStore(store, sync_store)
    return SyncService(sync_store, connections, clock or utc_now,
                       events=events if events is not None else NO_EVENTS,
                       inspect_document=pdf_adapters.inspect_bytes, progress=progress)


def _seeding_sandbox(home: Path, store: Any) -> Any:
    from portdesk.demo.sandbox import SeedingSandbox
    from portdesk.services.queue import QueueService

    queue = QueueService(store)
    return SeedingSandbox(home, lambda connections, clock: open_sync(store, connections, clock),
                          lambda: open_connections(store), lambda order_id: queue.detail(order_id).version)


DEMO_SYNC_S = 3  # the demo's sandbox runs 300x: a cycle every 3 s is 15 simulated minutes


def start_demo_carriers(window: Any, home: Path, store: Any) -> Any:
    """The demo's sandbox process with the demo's connections pointed at it, stopped as the app quits
    (the background sync of install_sync follows them like any connection, every DEMO_SYNC_S seconds).

    Returns the SandboxProcess (None when it cannot start: the demo still opens, and says so)."""
    from portdesk.demo.sandbox import SandboxProcess, point_connections_at

    try:
        sandbox = SandboxProcess.start(home)
    except OSError as exc:
        log.warning("demo sandbox: %s", exc)
        window.statusBar().showMessage(f"The demo's carrier sandbox did not start: {exc}", 60_000)
        return None
    point_connections_at(open_connections(store), sandbox.base_url)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(sandbox.stop)
    window.destroyed.connect(lambda *_: sandbox.stop())
    return sandbox


def app_context(database: str, log_file: Path | None, demo: bool, parent_env: dict[str, str]) -> Any:
    """What the Settings and Help menus need: folders, the settings file, profiles, the demo's reset."""
    from portdesk.platform import settings
    from portdesk.ui.app_context import AppContext

    def catalogue() -> Any:  # built when the Profiles page opens (the files as they are now), not at start-up
        from portdesk.services.profile_catalogue import ProfileCatalogue

        return ProfileCatalogue.build(settings.user_profiles_dir(), default_id=settings.Settings.load().default_profile)

    home = settings.data_dir()
    copies = home / OPENED_COPIES
    shutil.rmtree(copies, ignore_errors=True)  # last session's copies: the system viewer is done with them
    context = AppContext(
        data_folder=home, database=database, log_file=log_file,
        load_settings=settings.Settings.load, save_settings=lambda s: s.save(),
        catalogue=catalogue,  # the tools read the profiles at start-up, after the first paint
        ocr_available=_ocr_available, user_profiles_folder=settings.user_profiles_dir(),
        open_copies_folder=copies,
    )
    if demo:
        context.reset_demo = lambda: reset_demo(home, parent_env)
    return context


def _ocr_available() -> bool:
    # Imported when the OCR page asks: pdf_adapters brings the bill reader (usaddress, scourgify,
    # yaml), which the window built before the first rows does not need.
    from portdesk.app import pdf_adapters

    return pdf_adapters.ocr_available()


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


def install_order_tools(window: Any, queue: Any, store: Any, app_settings: Any, jobs: Any, events: Any) -> None:
    """The per-order tools: the checks tab, Numbers…, the bill viewer and the port wizard.

    Checks read PDFs, so they run on the one PDF thread; the documents room is imported on the
    first check, not at start-up.
    """
    from portdesk.app import pdf_adapters
    from portdesk.platform import settings
    from portdesk.services.checks import ChecksService
    from portdesk.services.judgement import SubmissionJudge
    from portdesk.services.profile_catalogue import ProfileCatalogue
    from portdesk.ui.checks.checks_panel import ChecksPanel
    from portdesk.ui.main_window import OrderTools
    from portdesk.ui.numbers.numbers_command import NumbersCommand

    # The one profile catalogue: every tool below sees the same profiles (the user's overrides too).
    catalogue = ProfileCatalogue.build(settings.user_profiles_dir(), default_id=app_settings.default_profile)
    if catalogue.problems:  # a broken user profile must not keep the queue closed: said once, then skipped
        window.statusBar().showMessage(f"Profile files ignored: {'; '.join(catalogue.problems)}", 30_000)
    profiles = dict(catalogue.profiles)
    profile_of = catalogue.for_order

    def generate_loa(order: Any) -> bytes:  # the LOA names the provider of the effective profile
        return pdf_adapters.generate_loa(order, catalogue.provider_name(order.profile))

    author = app_settings.author
    checks = ChecksService(queue, profile_of, inspect_document=pdf_adapters.inspect_bytes,
                           check_bill=pdf_adapters.check_bill_bytes, read_loa_text=pdf_adapters.read_loa_text)
    judge = SubmissionJudge(queue, profile_of, inspect_document=pdf_adapters.inspect_bytes,
                            check_bill=pdf_adapters.check_bill_bytes, read_loa_text=pdf_adapters.read_loa_text)
    checks_panel = ChecksPanel(checks, jobs, author)
    numbers = NumbersCommand(queue, jobs, author, profiles,
                             read_spreadsheet=pdf_adapters.read_spreadsheet_rows, parent=window)

    from portdesk.services.bills import BillService
    from portdesk.services.drafts import DraftService
    from portdesk.services.package import PackageService
    from portdesk.services.portability import PortabilityService
    from portdesk.services.signature_requests import SEND_FOLDER, SignatureRequests
    from portdesk.ui.viewer.command import BillViewerCommand, latest_bill
    from portdesk.ui.wizard.command import WizardCommand
    from portdesk.ui.wizard.context import WizardAdapters
    from portdesk.ui.wizard.signature_command import SignatureCommand

    bills = BillService(pdf_adapters.LazyBillReader(), pdf_adapters.check_bill_bytes)
    viewer = BillViewerCommand(queue, bills, jobs, author, parent=window,
                               inspect_document=pdf_adapters.inspect_bytes, profiles=profile_of)

    def open_bill_in_viewer(detail: Any, document_id: int) -> bool:
        if document_id != latest_bill(detail):
            return False  # older bills and other documents open in the system viewer
        viewer.open_for(detail)
        return True

    connections = open_connections(store)  # one for the desk: the wizard, the detail pane, Fix and the sync
    desk_sync = open_sync(store, connections, events=events)  # the outbox's use cases, telling the hub
    drafts = DraftService(store, author, judge=judge, events=events, outbox=desk_outbox(desk_sync, profile_of, author))
    signatures = SignatureRequests(store, author, write_loa=generate_loa, prepare=pdf_adapters.prepare_for_signature,
                                   examine=pdf_adapters.examine_returned_loa,
                                   provider_name=lambda order: catalogue.provider_name(order.profile), events=events)
    wizard = WizardCommand(WizardAdapters(
        drafts=drafts, profiles=profiles, jobs=jobs, inspect_document=pdf_adapters.inspect_bytes,
        generate_loa=generate_loa, sign_loa=pdf_adapters.sign_loa, read_loa_text=pdf_adapters.read_loa_text,
        reader=pdf_adapters.LazyBillReader(), check_bill=pdf_adapters.check_bill_bytes,
        default_profile=app_settings.default_profile, read_spreadsheet=pdf_adapters.read_spreadsheet_rows,
        package=PackageService(store, pdf_adapters.summary_pdf, judge=judge),
        read_intake=pdf_adapters.read_bill_intake, settings_path=window.settings_path,
        signatures=signatures, signature_folder=settings.data_dir() / SEND_FOLDER,
        portability=PortabilityService(connections),
    ), window)
    window.install_tools(OrderTools(checks=checks_panel, numbers=numbers, viewer=viewer, wizard=wizard,
                                    fix=fix_command(window, wizard, queue, desk_sync, catalogue, author, events),
                                    open_in_viewer=open_bill_in_viewer,
                                    actions=build_order_actions(desk_sync, queue, profile_of, events)))
    # Order → Send LOA for signature… / Attach the signed LOA…, for the order selected in the queue
    SignatureCommand(signatures, jobs, settings.data_dir() / SEND_FOLDER, parent=window).install(window)
    controller = install_sync(window, queue, store, app_settings, jobs, events, catalogue, connections=connections,
                              reader=desk_sync)
    wizard.order_submitted.connect(lambda _order_id: controller.sync_now())  # sent now, not at the next interval


def desk_outbox(sync: Any, profile_of: Any, author: str) -> Any:
    """The wizard's Submit puts the order in the outbox of the connection serving its profile, where the
    background sync sends it (services/drafts.py CarrierOutbox)."""

    def queue(order_id: int, order: Any, note: str) -> bool:
        return sync.queue_for_profile(order_id, profile_of(order.profile).id, author, note) is not None

    return queue


def build_order_actions(sync: Any, queue: Any, profile_of: Any, events: Any) -> Any:
    """The detail pane's carrier side (comments to the provider's team, cancel, change the date): the
    outbox's use cases on the queue's database, publishing to the one events hub."""
    from portdesk.services.order_actions import OrderActions

    return OrderActions(sync, queue, profile_of, events=events)


def fix_command(window: Any, wizard: Any, queue: Any, sync: Any, catalogue: Any, author: str, events: Any) -> Any:
    """Order → Fix rejection…: the wizard on the rejected field; the fix goes as a supplement."""
    from portdesk.ui.wizard.fix_flow import FixCommand

    def sync_now() -> None:  # the fix goes out at once: the background sync runs a cycle now
        controller = getattr(window, "sync_controller", None)
        if controller is not None:
            controller.sync_now()

    return FixCommand(wizard, sync, queue, catalogue.for_order, author, events.publish, sync_now, parent=window)


def install_sync(window: Any, queue: Any, store: Any, app_settings: Any, jobs: Any, events: Any, catalogue: Any,
                 backoff: Any = None, secrets: Any = None, connections: Any = None, reader: Any = None) -> Any:
    """Carrier connections (the desk's `connections`, else new ones: secrets in the keyring, asked for at
    first use, unless `secrets` names another SecretStore), the background sync with its Carrier menu and
    status-bar words, and the desktop notifications (`controller.notifier`, reading rejections through
    `reader`, the desk's sync service). Returns the SyncController."""
    from portdesk.services.sync import SyncService
    from portdesk.ui.sync.notifications import OrderNotifier
    from portdesk.ui.sync.sync_controller import SyncController

    connections = connections or open_connections(store, secrets)

    def make_sync(progress: Any, publish: Any) -> SyncService:
        return open_sync(store, connections, events=publish, progress=progress)  # type: ignore[no-any-return]

    # the demo's sandbox runs 300× real time: a cycle every few seconds is a simulated quarter of an hour
    interval = DEMO_SYNC_S if getattr(window, "demo_carriers", None) is not None else app_settings.sync_interval_seconds
    controller = SyncController(make_sync, connections.connections, jobs, interval,
                                events=events, backoff=backoff, check=connections.test, parent=window)
    reader = reader or open_sync(store, connections)

    def rejections(order_id: int) -> list[Any]:
        sub = reader.submission(order_id)
        return list(sub.rejections) if sub is not None else []

    notifier = OrderNotifier(queue.rows, open_orders(store, queue), jobs,
                             enabled=app_settings.notifications_enabled, reasons=rejections,
                             profile_of=catalogue.for_order, parent=window)
    context = getattr(getattr(window, "app_menus", None), "context", None)
    if context is not None:
        context.connections, context.jobs, context.connections_changed = connections, jobs, controller.sync_now
        save = context.save_settings

        def save_and_apply(new: Any) -> None:  # the interval and notifications take effect at once
            save(new)
            controller.set_interval(new.sync_interval_seconds)
            notifier.enabled = new.notifications_enabled

        context.save_settings = save_and_apply
    controller.notifier = notifier
    window.sync_controller = controller  # Fix sends its supplement at once (fix_command's sync_now)
    controller.install(window)
    if window.events is not None:
        notifier.start(window.events)
    window.destroyed.connect(lambda *_: controller.stop())
    app = QApplication.instance()
    if app is not None:  # quitting ends a cycle in flight before its next order: no wait for 1,000 orders
        app.aboutToQuit.connect(controller.stop)
    controller.start()
    return controller


def open_orders(store: Any, queue: Any) -> Any:
    """The notifier's baseline: what it compares of every open order, read as it is kept (tens of
    thousands of rows in a large queue); a deferred store reads it without the SQL stack."""
    from portdesk.store.first_page import DeferredSqlStore
    from portdesk.ui.sync.notifications import OPEN_TABS, Known

    if isinstance(store, DeferredSqlStore):
        return lambda: [Known(*state) for state in store.open_states(OPEN_TABS)]
    return lambda: [Known.of(row) for row in queue.search_rows(OPEN_TABS)]


def _data_folder_failed(exc: OSError) -> int:
    """The data folder cannot be made (a file in the way, no permission, a full or read-only disk)."""
    from portdesk.platform.safe_files import quote_path

    folder = quote_path(str(exc.filename or os.environ.get("PORTDESK_HOME") or "the data folder"))
    reason = exc.strerror or type(exc).__name__
    message = f"cannot create the data folder {folder}: {reason}."
    print(f"portdesk: {message}", file=sys.stderr)
    show_startup_error("PortDesk cannot create its data folder",
                       f"PortDesk {message}\n\nPortDesk keeps its database, log and settings there. Point "
                       "PORTDESK_HOME at a folder you can write to (or remove what is in the way) and start "
                       "it again.")
    return 2


def _startup_failed(message: str, log_file: Path | None) -> int:
    log.error("start-up failed: %s", message)
    hint = f"\n\nThe log file is {log_file}." if log_file else ""
    print(f"portdesk: {message}", file=sys.stderr)
    show_startup_error("PortDesk cannot open its database",
                       f"{message}\n\nPortDesk will close. Fix the problem above (or start it with "
                       f"--db pointing at another database) and start it again.{hint}")
    return 2
