"""The "Numbers…" command (Ctrl+Shift+N): open the numbers dialog for the selected order, then save.

It installs itself on the main window (an Order menu, enabled while an order is selected), so the
window needs no knowledge of profiles or spreadsheets; app.py builds it with those adapters.
"Add to order" saves the order's numbers with its version (a concurrent edit is refused, never
overwritten); a split creates the drafts and shows them in the queue.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence

from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import Profile
from portdesk.domain.status import Status
from portdesk.services.numbers_import import RowsReader
from portdesk.services.queue import OrderDetail, QueueService
from portdesk.ui.jobs import JobRunner
from portdesk.ui.numbers.numbers_dialog import NumbersDialog

if TYPE_CHECKING:
    from portdesk.ui.main_window import MainWindow

SHORTCUT = "Ctrl+Shift+N"


class NumbersCommand(QObject):
    order_updated = Signal(int)  # the order's numbers were saved
    drafts_created = Signal(list)  # ids of the drafts a split made
    failed = Signal(str, object)  # what was being done, the exception

    def __init__(self, queue: QueueService, jobs: JobRunner, author: str, profiles: Mapping[str, Profile],
                 read_spreadsheet: RowsReader | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue, self._jobs, self._author = queue, jobs, author
        self._runner = jobs.lane("db")
        self._profiles, self._read_spreadsheet = dict(profiles), read_spreadsheet
        self._detail_of: Any = lambda: None  # → the OrderDetail shown, set by install()
        self.dialog: NumbersDialog | None = None  # the open dialog (tests drive it)
        self.action = QAction("&Numbers…", self)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setToolTip("Paste or import a list of numbers for this order, or split it into several")
        self.action.setEnabled(False)
        self.action.triggered.connect(self._on_action_triggered)

    def install(self, window: MainWindow) -> None:
        """Add the Order menu to the window and follow its selection."""
        from portdesk.ui.viewer.command import order_menu  # the one Order menu, whoever made it first

        menu = order_menu(window)
        menu.addAction(self.action)
        window.addAction(self.action)  # the shortcut works wherever the focus is in the window
        self._detail_of = lambda: window.detail.detail
        window.tabs.follow_selection(self._on_order_selected)
        self.order_updated.connect(lambda order_id: (window.detail.reload(), window.tabs.refresh_orders([order_id])))
        self.drafts_created.connect(lambda ids: (
            window.tabs.show_new_orders(ids),
            window.statusBar().showMessage(f"Created {len(ids)} draft orders in Suspended.", 8000),
        ))
        self.failed.connect(window.show_error)

    def open_for(self, detail: OrderDetail) -> NumbersDialog:
        """Show the dialog for this order (non-modal: the queue stays usable behind it)."""
        queue, author = self._queue, self._author
        dialog = NumbersDialog(
            detail.order, self._profiles, read_spreadsheet=self._read_spreadsheet, jobs=self._jobs,
            create_drafts=lambda orders: queue.create_orders(orders, author, Status.DRAFT),
        )
        dialog.numbers_accepted.connect(lambda numbers: self._save_numbers(detail, numbers, dialog.carriers()))
        dialog.drafts_created.connect(self.drafts_created)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.show()
        return dialog

    # -- slots -------------------------------------------------------------------------------------
    def _on_order_selected(self, order_id: int | None) -> None:
        self.action.setEnabled(order_id is not None)

    def _on_action_triggered(self) -> None:
        detail = self._detail_of()
        if detail is not None:
            self.open_for(detail)

    # -- helpers -------------------------------------------------------------------------------------
    def _save_numbers(self, detail: OrderDetail, numbers: list[str], carriers: dict[str, str]) -> None:
        order = with_numbers(detail.order, numbers, carriers)
        queue, author, order_id, version = self._queue, self._author, detail.id, detail.version
        self._runner.submit(lambda: queue.update_order(order_id, order, version, author),
                            lambda _version: self.order_updated.emit(order_id),
                            lambda exc: self.failed.emit("Could not save the numbers", exc))


def with_numbers(order: PortOrder, numbers: list[str], carriers: Mapping[str, str]) -> PortOrder:
    """A copy of the order with these numbers, and the losing carrier per number where known."""
    changed = PortOrder.from_dict(order.to_dict())
    changed.numbers = list(numbers)
    recorded = changed.extra.get("number_carriers")
    kept = {k: v for k, v in recorded.items() if k in numbers} if isinstance(recorded, dict) else {}
    kept.update({n: c for n, c in carriers.items() if n in numbers})
    if kept:
        changed.extra["number_carriers"] = kept
    else:
        changed.extra.pop("number_carriers", None)
    return changed
