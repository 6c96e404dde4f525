"""Fix a rejected order: the wizard on the step and field the carrier's first reason names, the bill
beside it, and "Send the fix" queues a supplement to the same order at the carrier — never a new one.

The reasons come from the submission (the sync stores each exception's reasons in the catalogue's
ids, with the provider's own code and words); the catalogue (domain/reasons.py) names the field.
What the provider does not let a coordinator change at this stage is said before anything is typed
(from its profile), and checked again when the fix is sent (services/carrier_rules.py).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QWidget

from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import Profile
from portdesk.domain.reasons import reason
from portdesk.domain.status import Status, Tab
from portdesk.services.carrier_rules import change_refusal
from portdesk.services.events import Change, OrderEvent
from portdesk.ui.wizard.context import step_of
from portdesk.ui.wizard.window import PortWizard

if TYPE_CHECKING:
    from portdesk.ui.main_window import MainWindow
    from portdesk.ui.wizard.command import WizardCommand

FIX_SHORTCUT = "Ctrl+Shift+F"
# A reason's field, as the page that edits it names its widget (the address is one group of fields).
WIDGET_KEY = {"account.service_address": "address.line1"}


class FixSync(Protocol):
    """What the fix needs of services/sync.py's SyncService."""

    def submission(self, order_id: int) -> Any: ...

    def queue_supplement(self, order_id: int, order: PortOrder, expected_version: int, author: str) -> int: ...


@dataclass(frozen=True)
class FixPlan:
    """Where the fix starts and what to tell the coordinator first."""

    order_id: int
    status: Status
    order: PortOrder  # as the carrier last had it (what the supplement is judged against)
    foc: dt.date | None
    connection: str | None
    rejections: tuple[dict[str, Any], ...]
    field: str | None  # the first reason's field (catalogue), None when no reason names one

    @property
    def step(self) -> int:
        return step_of(self.field) if self.field else 6


def plan_fix(order_id: int, status: Status, order: PortOrder, foc: dt.date | None,
             submission: Any) -> FixPlan:
    rejections = tuple(submission.rejections) if submission is not None else ()
    fields = [reason(str(r.get("reason") or "other")).field for r in rejections]
    first = next((f for f in fields if f), None)
    return FixPlan(order_id, status, order, foc, submission.connection if submission else None, rejections, first)


def provider_limits(profile: Profile | None, status: Status) -> str:
    """What the provider does not let a coordinator change at this stage, in words."""
    if profile is None:
        return "The order's provider is unknown here: the fix is sent as a supplement and the provider judges it."
    name = profile.name
    if status is Status.CANCEL_PENDING or status.is_final:
        return f"{name} takes no changes to an order that is {status.label.lower()}."
    changes = profile.extra.get("changes") if isinstance(profile.extra.get("changes"), dict) else {}
    parts = [f"{name} takes the correction as a supplement to the same port: no new order is made."]
    if status is Status.EXCEPTION:
        parts.append("While the order is rejected every field may change.")
    before = list(changes.get("before_foc") or []) if changes else []
    after = list(changes.get("after_foc") or []) if changes else []
    if after:
        parts.append(f"Once the FOC is confirmed it lets only {', '.join(after)} change.")
    if before and status is not Status.EXCEPTION:
        parts.append(f"Before the FOC it lets {', '.join(before)} change; nothing else.")
    days = changes.get("manual_within_business_days") if changes else None
    if isinstance(days, int) and days > 0:
        parts.append(f"Within {days} business day{'s' if days > 1 else ''} of the FOC, changes go through "
                     "its porting team, not the API.")
    if not changes:
        parts.append(f"{name} publishes no other limits on changes.")
    return " ".join(parts)


def reasons_html(plan: FixPlan) -> str:
    lines = []
    for r in plan.rejections:
        entry = reason(str(r.get("reason") or "other"))
        own = html.escape(str(r.get("text") or "")[:300])
        code = html.escape(str(r.get("code") or ""))
        lines.append(f"<li><b>{html.escape(entry.text)}</b> {html.escape(entry.fix)}"
                     f"<br><i>{html.escape(plan.connection or 'The carrier')} said"
                     f"{f' ({code})' if code else ''}:</i> {own}</li>")
    if not lines:
        lines.append("<li>The carrier gave no reason PortDesk could read: see the order's history.</li>")
    return "<ul style='margin: 0'>" + "".join(lines) + "</ul>"


def focus_field(wizard: PortWizard, field_path: str | None) -> QWidget | None:
    """Show the step that edits `field_path` and put the keyboard in its widget (selected, to type over)."""
    if field_path is None:
        wizard.go_to(6, save=False)
        return None
    step = step_of(field_path)
    wizard.go_to(step, save=False)
    page = wizard.page(step)
    widgets: dict[str, QWidget] = page.field_widgets() if hasattr(page, "field_widgets") else {}
    widget = widgets.get(WIDGET_KEY.get(field_path, field_path))
    if widget is None:
        return None
    edit = widget.lineEdit() if isinstance(widget, QComboBox) else widget
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    if isinstance(edit, QLineEdit):
        edit.selectAll()
    return widget


class FixSession(QObject):
    """One wizard in fix mode: the reasons on top, the normal Submit hidden, "Send the fix" instead."""

    sent = Signal(int, str)  # order id, what happened in words

    def __init__(self, wizard: PortWizard, plan: FixPlan, sync: FixSync, profile: Profile | None, author: str,
                 publish: Callable[[OrderEvent], None], clock: Callable[[], dt.datetime]) -> None:
        super().__init__(wizard)
        self.wizard, self.plan, self._sync, self._profile = wizard, plan, sync, profile
        self._author, self._publish, self._clock = author, publish, clock
        self.limits = provider_limits(profile, plan.status)
        wizard.setWindowTitle(f"Fix: {plan.order.display_name()}")
        wizard.banner.setTextFormat(Qt.TextFormat.RichText)
        wizard.banner.setText("The losing carrier rejected this order. Correct what it names, then press "
                              "<i>Send the fix</i>: the correction goes to the carrier as a supplement to "
                              "this same order." + reasons_html(plan)
                              + f"<div style='font-weight: normal'>{html.escape(self.limits)}</div>")
        wizard.banner.show()
        wizard.review_page.submit_button.hide()  # a rejected order is not submitted again as a new order
        self.send_button = QPushButton("Send the &fix")
        self.send_button.setObjectName("sendFix")
        self.send_button.setToolTip("Send the corrected order to the carrier as a supplement to the same port")
        self.send_button.setStyleSheet("font-weight: bold; padding: 4px 14px;")
        self.send_button.clicked.connect(self.send)
        wizard.buttons_row.addWidget(self.send_button)

    def start(self) -> QWidget | None:
        return focus_field(self.wizard, self.plan.field)

    def send(self) -> bool:
        """Save what is typed, check the provider allows it now, queue the supplement; close the wizard."""
        wizard = self.wizard
        ctx = wizard.ctx
        if not wizard.autosave.flush() or ctx.draft is None:
            self._say("Not sent: the order could not be saved. Try again.")
            return False
        order, order_id, seen = ctx.order, ctx.draft.order_id, ctx.draft.version
        refusal = (change_refusal(self._profile, self.plan.status, self.plan.order, order, self.plan.foc, self._clock())
                   if self._profile is not None else None)
        if refusal:
            self._say(f"Not sent: {refusal}.")
            return False
        try:
            ctx.draft.version = ctx.db.call(lambda: self._sync.queue_supplement(order_id, order, seen, self._author))
        except Exception as exc:  # a concurrent edit, the database: in words, the typing stays
            self._say(f"Not sent: {exc}")
            return False
        self._publish(OrderEvent(order_id, Change.ORDER, ctx.draft.version))
        wizard.autosave.blocked = True
        where = self.plan.connection or "the carrier"
        self.sent.emit(order_id, f"Order #{order_id}: the fix is queued as a supplement for {where} "
                                 "and goes out with the next sync.")
        wizard.hide()  # first: PortWizard.close() alone leaves a shown wizard on screen (reject re-enters close)
        wizard.close()
        return True

    def _say(self, text: str) -> None:
        self.wizard.saved_label.setText(text)


class FixCommand(QObject):
    """Order → Fix rejection… (and the detail pane's Fix button, through MainWindow.fix_order)."""

    failed = Signal(str, object)

    def __init__(self, wizards: WizardCommand, sync: FixSync, queue: Any, profile_of: Callable[[str | None], Profile],
                 author: str, publish: Callable[[OrderEvent], None], sync_now: Callable[[], None] | None = None,
                 clock: Callable[[], dt.datetime] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wizards, self._sync, self._queue, self._profile_of = wizards, sync, queue, profile_of
        self._author, self._publish, self._sync_now = author, publish, sync_now
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self._window: MainWindow | None = None
        self._selected: int | None = None
        self.sessions: dict[int, FixSession] = {}
        self.action = QAction("&Fix rejection…", self)
        self.action.setShortcut(QKeySequence(FIX_SHORTCUT))
        self.action.setToolTip("Open the wizard on the field the carrier rejected; send the fix as a supplement")
        self.action.setEnabled(False)
        self.action.triggered.connect(lambda: self._selected is not None and self.open(self._selected))

    def install(self, window: MainWindow) -> None:
        from portdesk.ui.wizard.command import _menu

        self._window = window
        _menu(window.menuBar(), "&Order").addAction(self.action)
        window.addAction(self.action)
        window.tabs.follow_selection(self._on_selected)
        suspended = window.tabs.model(Tab.SUSPENDED)  # a sync can reject the order while it stays selected
        for signal in (suspended.dataChanged, suspended.rowsInserted, suspended.modelReset):
            signal.connect(lambda *_: self._on_selected(self._selected))
        self.failed.connect(window.show_error)

    def _on_selected(self, order_id: int | None) -> None:
        """Enabled for a selected order the carrier rejected (its queue row says so)."""
        self._selected = order_id
        window = self._window
        rejected = False
        if order_id is not None and window is not None and window.tabs.current_tab() is Tab.SUSPENDED:
            model = window.tabs.model(Tab.SUSPENDED)
            row = model.row_at(model.row_of(order_id))
            rejected = row is not None and row.status is Status.EXCEPTION
        self.action.setEnabled(rejected)

    def open(self, order_id: int) -> PortWizard | None:
        """The wizard on the rejected order, at the step and field of its first reason."""
        session = self.sessions.get(order_id)
        if session is not None:
            session.wizard.show()
            session.wizard.activateWindow()
            return session.wizard
        lane = self._wizards.adapters.jobs.lane("db")
        try:
            detail, submission = lane.call(lambda: (self._queue.detail(order_id), self._sync.submission(order_id)))
        except Exception as exc:
            self.failed.emit("Could not open the order", exc)
            return None
        if detail.status is not Status.EXCEPTION:
            self.failed.emit("Nothing to fix", ValueError(
                f"order #{order_id} is {detail.status.label.lower()}: only an order the carrier rejected is fixed"))
            return None
        plan = plan_fix(order_id, detail.status, detail.order, detail.foc_date, submission)
        wizard = self._wizards.open_resume(order_id)
        if wizard is None:
            return None
        session = FixSession(wizard, plan, self._sync, self._profile_of(detail.order.profile), self._author,
                             self._publish, self._clock)
        session.sent.connect(self._on_sent)
        self.sessions[order_id] = session
        wizard.destroyed.connect(lambda *_: self.sessions.pop(order_id, None))
        session.start()
        return wizard

    def _on_sent(self, order_id: int, words: str) -> None:
        self.sessions.pop(order_id, None)
        if self._window is not None:
            self._window.statusBar().showMessage(words, 10_000)
        if self._sync_now is not None:
            self._sync_now()


__all__: Sequence[str] = ("FixCommand", "FixPlan", "FixSession", "focus_field", "plan_fix", "provider_limits")
