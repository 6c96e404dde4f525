"""The style's standard icons, made once and kept for the life of the application.

Item models hand icons to views from `data()`. A fresh QIcon per call, built from
`QApplication.style()` inside `data()`, crashed PySide6 6.12 in `multiData` once the garbage
collector ran at the wrong moment; icons that outlive every view avoid that and cost nothing.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

_CACHE: dict[QStyle.StandardPixmap, QIcon] = {}

ERROR = QStyle.StandardPixmap.SP_MessageBoxCritical
WARNING = QStyle.StandardPixmap.SP_MessageBoxWarning
OK = QStyle.StandardPixmap.SP_DialogApplyButton


def standard_icon(which: QStyle.StandardPixmap) -> QIcon:
    icon = _CACHE.get(which)
    if icon is None:
        app = QApplication.instance()
        style = app.style() if isinstance(app, QApplication) else None
        icon = style.standardIcon(which) if style is not None else QIcon()
        _CACHE[which] = icon
    return icon
