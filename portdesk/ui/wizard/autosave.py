"""Never lose work: every edit reaches the database within a second, not only on Next.

A 500 ms single-shot timer restarts on each edit, so a pause in typing saves; but a coordinator who
types without pausing still gets a save at most `max_wait_ms` after the first unsaved edit. A save runs
on the database thread (`ctx.db.call`: the window keeps painting while it waits for the version). The
first edit of a new port creates its draft at once, not after the pause: a kill half a second after
the first keystroke still leaves the draft, and an
opened-and-closed wizard leaves no empty order behind. A stale version (another window saved since)
stops saving for good: this window must not overwrite the other one's work.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from portdesk.services.drafts import ConcurrentEdit
from portdesk.ui.wizard.context import WizardContext

log = logging.getLogger(__name__)

DELAY_MS = 500
MAX_WAIT_MS = 900


class Autosave(QObject):
    saved = Signal(int)  # the order id
    conflicted = Signal(str)  # why this window may no longer save, in words
    failed = Signal(str)

    def __init__(self, ctx: WizardContext, current_step: Callable[[], int],
                 delay_ms: int = DELAY_MS, max_wait_ms: int = MAX_WAIT_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._step = current_step
        self._delay = delay_ms
        self._max_wait = max_wait_ms
        self._dirty_since: float | None = None
        self._edits = 0  # edits counted, so a save knows whether more came while it waited
        self._saving = False
        self.blocked = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)

    @property
    def dirty(self) -> bool:
        return self._dirty_since is not None

    def mark_dirty(self) -> None:
        if self.blocked:
            return
        now = time.monotonic()
        self._edits += 1
        if self._dirty_since is None:
            self._dirty_since = now
        if self._ctx.draft is None and not self._timer.isActive():
            # the first edit makes the draft now (one INSERT); later edits, and a retry after a failed
            # first save, wait for the timer
            self.flush()
            return
        waited = int((now - self._dirty_since) * 1000)
        self._timer.start(max(0, min(self._delay, self._max_wait - waited)))

    def ensure_draft(self) -> bool:
        """Make sure the order exists in the database (a document is about to be attached to it)."""
        if self._ctx.draft is not None:
            return not self.blocked
        self._dirty_since = time.monotonic()
        return self.flush()

    def _on_timeout(self) -> None:
        self.flush()

    def flush(self, for_later: bool = False) -> bool:
        """Save now if anything is unsaved (or always, for "save and continue later"); False on failure."""
        self._timer.stop()
        if self.blocked or (not self.dirty and not for_later):
            return not self.blocked
        if self._saving:
            # Asked again while a save waits for the database (its wait keeps the event loop, and so
            # this timer, running): that save holds the version this one would need, so this one
            # waits its turn instead of being refused as another window's.
            self._timer.start(self._delay)
            return True
        edits = self._edits
        self._saving = True
        try:
            return self._save(for_later, edits)
        finally:
            self._saving = False

    def _save(self, for_later: bool, edits: int) -> bool:
        ctx = self._ctx
        step = self._step()
        drafts, order, db = ctx.adapters.drafts, ctx.order, ctx.db
        try:
            if ctx.draft is None:
                ctx.draft = db.call(lambda: drafts.create(order, step))
                ctx.order.extra["x_wizard"] = dict(ctx.draft.order.extra.get("x_wizard", {}))
                if for_later:
                    order_id, seen = ctx.draft.order_id, ctx.draft.version
                    ctx.draft.version = db.call(lambda: drafts.save_for_later(order_id, order, seen, step))
            else:
                save = drafts.save_for_later if for_later else drafts.save
                order_id, seen = ctx.draft.order_id, ctx.draft.version
                ctx.draft.version = db.call(lambda: save(order_id, order, seen, step))
            ctx.state["step"] = step
        except ConcurrentEdit:
            self.blocked = True
            self._dirty_since = None
            self.conflicted.emit(
                "This draft was saved from another window after you opened it here. To keep that work, "
                "this window no longer saves: close it and resume the draft again to see the latest "
                "version (copy anything you typed here first)."
            )
            return False
        except Exception as exc:  # a locked or vanished database: keep the typing, say so, retry
            log.exception("autosave failed")
            self.failed.emit(f"Could not save the draft: {exc}. Your typing is kept; it will be retried.")
            self._timer.start(2000)
            return False
        if self._edits == edits:
            self._dirty_since = None
        else:  # typed while the save waited: those edits are the next save's
            self._timer.start(self._delay)
        self.saved.emit(ctx.draft.order_id)
        return True
