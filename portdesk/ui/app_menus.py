"""The Settings and Help menus of the main window; they stay the last two menus, whatever tools add later.

Settings… and About need the composition root's `AppContext`; without one (a bare window in a test)
they are disabled, while the shortcut list, which reads the window's own actions, always works.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QMessageBox

from portdesk.ui.app_context import AppContext

SETTINGS_SHORTCUT = "Ctrl+,"
SHORTCUTS_SHORTCUT = "Ctrl+/"


class AppMenus(QObject):
    def __init__(self, window: QMainWindow, context: AppContext | None) -> None:
        super().__init__(window)
        self.window, self.context = window, context
        bar = window.menuBar()
        self.settings_menu = QMenu("&Settings", window)
        self.settings_action = self._action("&Settings…", self.open_settings, SETTINGS_SHORTCUT)
        self.settings_menu.addAction(self.settings_action)
        self.help_menu = QMenu("&Help", window)
        self.guide_action = self._action("&User guide", self.open_guide, QKeySequence.StandardKey.HelpContents)
        self.shortcuts_action = self._action("&Keyboard shortcuts", self.open_shortcuts, SHORTCUTS_SHORTCUT)
        self.reset_demo_action = self._action("&Reset demo data…", self.reset_demo)
        self.about_action = self._action("&About PortDesk", self.open_about)
        for action in (self.guide_action, self.shortcuts_action):
            self.help_menu.addAction(action)
        if context is not None and context.reset_demo is not None:
            self.help_menu.addSeparator()
            self.help_menu.addAction(self.reset_demo_action)
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.about_action)
        self.settings_action.setEnabled(context is not None)
        self.about_action.setEnabled(context is not None)
        self._ours = (self.settings_menu.menuAction(), self.help_menu.menuAction())
        for menu_action in self._ours:
            bar.addAction(menu_action)
        self._moving = False
        bar.installEventFilter(self)
        self.last_dialog: QDialog | None = None  # tests look at the dialog last opened

    def _action(self, text: str, slot: Any, keys: Any = None) -> QAction:
        action = QAction(text, self.window)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)  # the shortcut works wherever the focus is
        return action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ActionAdded and not self._moving:
            added = getattr(event, "action", lambda: None)()
            if added not in self._ours:
                self._moving = True  # re-adding ours raises ActionAdded again
                try:
                    bar = self.window.menuBar()
                    for menu_action in self._ours:
                        bar.removeAction(menu_action)
                        bar.addAction(menu_action)
                finally:
                    self._moving = False
        return False

    # -- the dialogs (each kept in `last_dialog`; `run` is the one modal call tests replace) ---------
    def run(self, dialog: QDialog) -> int:
        self.last_dialog = dialog
        return dialog.exec()

    def open_settings(self, page: str | None = None) -> None:
        if self.context is None:
            return
        from portdesk.ui.settings.dialog import SettingsDialog

        dialog = SettingsDialog(self.context, self.window)
        if page is not None:
            dialog.show_page(page)
        if self.run(dialog) == QDialog.DialogCode.Accepted:
            self.window.statusBar().showMessage("Settings saved.", 6000)

    def open_shortcuts(self) -> None:
        from portdesk.ui.help.shortcuts_dialog import ShortcutsDialog

        self.run(ShortcutsDialog(self.window))

    def open_about(self) -> None:
        if self.context is None:
            return
        from portdesk.ui.help.about_dialog import AboutDialog

        self.run(AboutDialog(self.context, self.window))

    def open_guide(self) -> None:
        from portdesk.ui.help.user_guide import UserGuide, guide_folder

        folder = guide_folder()
        if folder is None:
            QMessageBox.information(self.window, "User guide", "The user guide is not installed with this "
                                    "copy of PortDesk. It is in the docs/ folder of the PortDesk repository.")
            return
        guide = UserGuide(folder, self.window)
        self.last_dialog = guide
        guide.show()  # beside the window, not in its way

    def reset_demo(self) -> None:
        if self.context is None or self.context.reset_demo is None:
            return
        answer = self.confirm("Reset demo data",
                              "Start the demo over? Every demo order, including the ones you added or changed, "
                              "is replaced by the original demo orders.")
        if answer:
            self.context.reset_demo()

    def confirm(self, title: str, text: str) -> bool:  # tests override this
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self.window)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes
