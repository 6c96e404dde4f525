"""Desktop notifications on FOC, rejection, completion and a cut-off approaching.

Derived from the order events and the orders' state, never guessed: at start the notifier reads the
status and FOC date of every open order (Suspended and Progressing tabs, one query on the `db` lane);
when the events hub says orders changed, it reads those rows again and compares. A status that moved
to exception is a rejection (with the carrier's reasons in the catalogue's words), to completed a
completion; a FOC date that appeared or moved is a FOC. A cut-off approaching is an order at a carrier
whose provider's cut-off before the FOC (services/carrier_rules.py) begins within the next day.

Shown with Qt's tray messages; where the desktop has no tray, the notification is dropped quietly
(it is in the log, and the queue shows the same change). Off in Settings → General.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from portdesk.domain.profiles import Profile
from portdesk.domain.reasons import reason
from portdesk.domain.status import Status, Tab
from portdesk.services.carrier_rules import cutoff_start
from portdesk.services.events import OrderEvent
from portdesk.services.ports import QueueRow
from portdesk.ui.jobs import JobError, JobRunner

log = logging.getLogger(__name__)
BATCH_MS = 300  # a sync lands orders one by one: read them in batches
CUTOFF_WARNING = dt.timedelta(hours=24)
CUTOFF_CHECK_MS = 10 * 60 * 1000
OPEN_TABS = (Tab.SUSPENDED, Tab.PROGRESSING)
AT_CARRIER = frozenset({Status.SUBMITTED, Status.PENDING, Status.FOC_CONFIRMED, Status.SUPP_PENDING})
MAX_NAME = 60


class Known(NamedTuple):
    """What the notifier keeps of an order it has seen: what it compares and what a cut-off names."""

    id: int
    name: str
    status: Status
    profile: str | None
    foc_date: dt.date | None

    @classmethod
    def of(cls, row: QueueRow) -> Known:
        return cls(row.id, row.name, row.status, row.profile, row.foc_date)


Rows = Callable[[Sequence[int]], list[QueueRow]]
OpenRows = Callable[[], Sequence[Known]]  # every open order, as the notifier keeps it
Reasons = Callable[[int], list[dict[str, Any]]]  # an order's rejections as `orders show --json` lists them


def rejection_words(rejections: Sequence[dict[str, Any]]) -> list[str]:
    """Each reason in the catalogue's words, the provider's own beside it when it says something else."""
    words = []
    for r in rejections:
        entry = reason(str(r.get("reason") or "other"))
        theirs = " ".join(str(r.get("text") or "").split())[:80]
        words.append(entry.text.rstrip(".") + (f" (“{theirs}”)" if theirs and theirs != entry.text else ""))
    return words


def _name(row: QueueRow | Known) -> str:
    return row.name if len(row.name) <= MAX_NAME else row.name[: MAX_NAME - 1] + "…"


class OrderNotifier(QObject):
    raised = Signal(str, str, int)  # title, text, order id: every notification shown (or dropped for want of a tray)

    def __init__(self, rows: Rows, open_rows: OpenRows, jobs: JobRunner, *, enabled: bool = True,
                 reasons: Reasons | None = None, profile_of: Callable[[str | None], Profile] | None = None,
                 clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self._rows, self._open_rows, self._reasons = rows, open_rows, reasons
        self._profile_of, self._clock = profile_of, clock
        self._db = jobs.lane("db")
        self._known: dict[int, Known] = {}  # every open order: kept slim
        self._warned: set[tuple[int, dt.date]] = set()
        self._pending: set[int] = set()
        self._ready = False
        self._batch = QTimer(self)
        self._batch.setSingleShot(True)
        self._batch.setInterval(BATCH_MS)
        self._batch.timeout.connect(self._read_changed)
        self._cutoffs = QTimer(self)
        self._cutoffs.setInterval(CUTOFF_CHECK_MS)
        self._cutoffs.timeout.connect(self.check_cutoffs)
        self._tray: QSystemTrayIcon | None = None

    def start(self, order_events: Any) -> None:
        """Read the open orders once, then follow `order_events.order_event` (ui/order_signals.py)."""
        order_events.order_event.connect(self._on_order_event)
        self._db.submit(self._open_rows, self._on_baseline, self._on_read_failed)
        self._cutoffs.start()

    def _on_baseline(self, rows: Sequence[Known]) -> None:
        for row in rows:
            self._known.setdefault(row.id, row)
        self._ready = True
        self.check_cutoffs()
        if self._pending:
            self._batch.start()

    def _on_order_event(self, event: OrderEvent) -> None:
        self._pending.add(event.order_id)
        if self._ready and not self._batch.isActive():
            self._batch.start()

    def _read_changed(self) -> None:
        ids, self._pending = sorted(self._pending), set()
        rows, reasons = self._rows, self._reasons

        def read() -> tuple[list[QueueRow], dict[int, list[str]]]:
            fresh = rows(ids)
            why = {r.id: rejection_words(reasons(r.id)) for r in fresh if r.status is Status.EXCEPTION} if reasons else {}
            return fresh, why

        self._db.submit(read, lambda found: self._compare(*found), self._on_read_failed)

    def _on_read_failed(self, error: JobError) -> None:
        log.warning("notifications: the orders could not be read: %s", error)

    def _compare(self, rows: list[QueueRow], reasons: dict[int, list[str]]) -> None:
        for row in rows:
            before = self._known.get(row.id)
            self._known[row.id] = Known.of(row)
            if before is None:
                continue  # first seen now (made in this session): its next change is news
            if row.foc_date is not None and row.foc_date != before.foc_date:
                moved = f" (was {before.foc_date.isoformat()})" if before.foc_date else ""
                self.notify("FOC confirmed", f"{_name(row)}: the numbers port on {row.foc_date:%a %d %b %Y}{moved}.",
                            row.id)
            if row.status is not before.status:
                if row.status is Status.EXCEPTION:
                    why = "; ".join(reasons.get(row.id, [])) or "see the order for the carrier's words"
                    self.notify("Order rejected", f"{_name(row)}: {why}", row.id)
                elif row.status is Status.COMPLETED:
                    self.notify("Port completed", f"{_name(row)}: {row.number_count} number(s) ported.", row.id)
        self.check_cutoffs()

    def check_cutoffs(self) -> None:
        """An order at a carrier whose cut-off before the FOC starts within a day: said once per FOC date."""
        if self._profile_of is None:
            return
        now = self._clock()
        for row in list(self._known.values()):
            if row.foc_date is None or row.status not in AT_CARRIER or (row.id, row.foc_date) in self._warned:
                continue
            try:
                profile = self._profile_of(row.profile)
            except Exception:  # an unknown profile has no cut-off to announce
                continue
            start = cutoff_start(profile, row.foc_date)
            if start is None or not now <= start <= now + CUTOFF_WARNING:
                continue
            self._warned.add((row.id, row.foc_date))
            self.notify("Cut-off approaching",
                        f"{_name(row)}: the {profile.name} cut-off begins {start.astimezone():%a %H:%M}; after it, "
                        f"changes and cancels go through the provider's porting team (FOC {row.foc_date:%d %b}).",
                        row.id)

    # -- showing --------------------------------------------------------------------------------
    def notify(self, title: str, text: str, order_id: int) -> None:
        if not self.enabled:
            return
        log.info("notification: %s: %s", title, text)
        self.raised.emit(title, text, order_id)
        tray = self._tray_icon()
        if tray is not None:
            tray.showMessage(f"PortDesk — {title}", text, QSystemTrayIcon.MessageIcon.Information, 10_000)

    def _tray_icon(self) -> QSystemTrayIcon | None:
        """The tray icon, made on first use; None where the desktop has no tray (then nothing is shown)."""
        if self._tray is None and QSystemTrayIcon.isSystemTrayAvailable():
            app = QApplication.instance()
            icon = app.windowIcon() if isinstance(app, QApplication) else None
            if icon is None or icon.isNull():
                style = QApplication.style()
                icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
            self._tray = QSystemTrayIcon(icon, self)
            self._tray.setToolTip("PortDesk")
            self._tray.show()
        return self._tray
