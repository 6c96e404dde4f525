"""The Carrier menu of the main window (Sync now, Connections…), F5 and the status-bar indicator.

Installed by `SyncController.install(window)`, the way the order tools install themselves. F5 is the
window's Refresh: it now also asks every connection for news, so there is one key for "bring me up to date".
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence

from portdesk.ui.sync.status_indicator import SyncStatusIndicator


def install_carrier_menu(controller: Any, window: Any) -> None:
    menu = window.menuBar().addMenu("&Carrier")
    menu.setObjectName("carrier-menu")
    sync_now = QAction("&Sync now", window)
    sync_now.setObjectName("sync-now")
    sync_now.setStatusTip("Send what is queued and ask every connection for news now (F5 does it too)")
    sync_now.triggered.connect(lambda _checked=False: controller.sync_now())
    menu.addAction(sync_now)
    menus = getattr(window, "app_menus", None)
    if menus is not None and getattr(menus, "context", None) is not None:
        connections = QAction("&Connections…", window)
        connections.setObjectName("open-connections")
        connections.triggered.connect(lambda _checked=False: menus.open_settings("Connections"))
        menu.addAction(connections)
    refresh = _refresh_action(window)
    if refresh is not None:
        refresh.triggered.connect(lambda _checked=False: controller.sync_now())
        # the menu shows the key that does it (one action owns F5: two would make it ambiguous)
        keys = refresh.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        sync_now.setText(f"&Sync now\t{keys}")
    indicator = SyncStatusIndicator(window)
    indicator.retry.clicked.connect(lambda _checked=False: controller.sync_now())
    controller.state_changed.connect(indicator.show_status)
    if controller.listed_once:
        indicator.show_status(controller.status())
    window.statusBar().insertPermanentWidget(0, indicator)
    controller.indicator = indicator
    controller.sync_now_action = sync_now


def _refresh_action(window: Any) -> QAction | None:
    """The window's action on F5 (View → Refresh)."""
    f5 = QKeySequence(QKeySequence.StandardKey.Refresh)
    for action in window.findChildren(QAction):
        if not f5.isEmpty() and action.shortcut() == f5:
            return action  # type: ignore[no-any-return]
    return None
