"""Editors generated from the declared settings (`portdesk.platform.settings.Settings.specs()`).

One row per setting of a page: a check box, a spin box, a line or a choice, with the setting's
description under it in grey, and a note when the running app only reads it at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from portdesk.platform.settings import Settings, SettingSpec
from portdesk.ui.widgets import theme

RESTART_NOTE = "Takes effect the next time PortDesk starts."


class SettingsForm(QWidget):
    """The editors of `specs`, filled from `settings`; `apply` writes them back."""

    def __init__(self, specs: Sequence[SettingSpec], settings: Settings,
                 choices: dict[str, Sequence[tuple[str, str]]] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: dict[str, QWidget] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        groups: dict[str, QFormLayout] = {}
        for spec in specs:
            form = groups.get(spec.group)
            if form is None:
                box = QGroupBox(spec.group) if spec.group else QWidget()
                form = groups[spec.group] = QFormLayout(box)
                outer.addWidget(box)
            editor = self._editor(spec, getattr(settings, spec.name), (choices or {}).get(spec.choices or "", ()))
            editor.setObjectName(f"setting-{spec.name}")
            editor.setToolTip(spec.description)
            self.editors[spec.name] = editor
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(editor)
            note = spec.description + (f" {RESTART_NOTE}" if spec.restart else "")
            hint = QLabel(note)
            hint.setWordWrap(True)
            hint.setStyleSheet(theme.style("muted"))
            column.addWidget(hint)
            form.addRow("" if spec.type is bool else f"{spec.label}:", column)
        outer.addStretch(1)

    @staticmethod
    def _editor(spec: SettingSpec, value: Any, choices: Sequence[tuple[str, str]]) -> QWidget:
        if spec.type is bool:
            box = QCheckBox(spec.label)
            box.setChecked(bool(value))
            return box
        if spec.type is int:
            spin = QSpinBox()
            spin.setRange(spec.minimum if spec.minimum is not None else -(2**31),
                          spec.maximum if spec.maximum is not None else 2**31 - 1)
            spin.setValue(int(value))
            return spin
        if spec.choices is not None:
            combo = QComboBox()
            for key, text in choices:
                combo.addItem(text, key)
            at = combo.findData(value)
            if at < 0:  # a value the catalogue no longer has: keep it visible, not silently replaced
                combo.addItem(f"{value} (not installed)", value)
                at = combo.count() - 1
            combo.setCurrentIndex(at)
            return combo
        line = QLineEdit(str(value))
        line.setMaxLength(200)
        return line

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, editor in self.editors.items():
            if isinstance(editor, QCheckBox):
                out[name] = editor.isChecked()
            elif isinstance(editor, QSpinBox):
                out[name] = editor.value()
            elif isinstance(editor, QComboBox):
                out[name] = editor.currentData()
            elif isinstance(editor, QLineEdit):
                out[name] = editor.text().strip()
        return out

    def problems(self) -> list[str]:
        """What must be fixed before saving, in words."""
        return [f"{self._label(name)} cannot be empty." for name, value in self.values().items()
                if isinstance(value, str) and not value]

    def _label(self, name: str) -> str:
        return next(spec.label for spec in Settings.specs() if spec.name == name)

    def apply(self, settings: Settings) -> None:
        for name, value in self.values().items():
            setattr(settings, name, value)


def specs_for(page: str) -> list[SettingSpec]:
    return [spec for spec in Settings.specs() if spec.page == page]
