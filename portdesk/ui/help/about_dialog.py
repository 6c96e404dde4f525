"""About PortDesk: the versions that matter in a bug report, and where this PortDesk keeps its things.

The database is named as the user knows it (a path, or a URL without its password): the context
gets it from the store, which hides the password, and a password left in it is masked here again.
"""

from __future__ import annotations

import html
import platform
import re
from importlib import metadata

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

import portdesk
from portdesk.ui.app_context import AppContext

_PASSWORD = re.compile(r"(//[^/@:]*:)[^@/]*@")  # scheme://user:password@host → user:***@


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def about_facts(context: AppContext) -> list[tuple[str, str]]:
    """(what, value) lines of the About box, in order."""
    return [
        ("PortDesk", portdesk.__version__),
        ("Python", platform.python_version()),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("PyMuPDF", _version("pymupdf")),  # read from the installed metadata: the PDF library is not loaded
        ("Data folder", str(context.data_folder)),
        ("Database", _PASSWORD.sub(r"\1***@", context.database)),
        ("Log file", str(context.log_file) if context.log_file else "none (the data folder is not writable)"),
    ]


class AboutDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About PortDesk")
        self.facts = about_facts(context)
        rows = "".join(f"<tr><td><b>{html.escape(k)}</b>&nbsp;&nbsp;</td><td>{html.escape(v)}</td></tr>"
                       for k, v in self.facts)
        self.text = QLabel(
            "<h3>PortDesk</h3><p>A desktop workbench for telecom number-porting coordinators.</p>"
            f"<table>{rows}</table><p>Licensed under the GNU AGPL v3 or later.</p>")
        self.text.setObjectName("about-text")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # copy into a bug report
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
