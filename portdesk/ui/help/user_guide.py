"""The user guide: the Markdown pages of the project's docs/ folder, shown inside PortDesk.

Why read docs/ rather than keep a second copy in the package: the pages are written once, for the
repository's readers and the app's alike, and a copy would drift. A checkout (how `./dev demo` runs)
has docs/ beside the package; the PyInstaller build copies it into resources/guide/ (see
packaging/portdesk.spec). Qt renders Markdown itself, links between the pages work, no browser or
network is needed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QHBoxLayout, QListWidget, QTextBrowser, QWidget

import portdesk

PACKAGE = Path(portdesk.__file__).resolve().parent
GUIDE_FOLDERS = (PACKAGE / "resources" / "guide", PACKAGE.parent / "docs")


def guide_folder() -> Path | None:
    """Where the guide's pages are in this installation, or None."""
    return next((f for f in GUIDE_FOLDERS if f.is_dir() and any(f.glob("*.md"))), None)


def guide_pages(folder: Path) -> list[tuple[str, Path]]:
    """(title, path) of each page: its first heading, in name order."""
    pages = []
    for path in sorted(folder.glob("*.md")):
        title = path.stem.replace("-", " ").capitalize()
        try:
            with path.open(encoding="utf-8") as f:
                for line in f:
                    if line.startswith("# "):
                        title = line[2:].strip()
                        break
        except (OSError, UnicodeDecodeError):
            continue
        pages.append((title, path))
    return pages


class UserGuide(QDialog):
    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("PortDesk user guide")
        self.pages = guide_pages(folder)
        self.list = QListWidget()
        self.list.setObjectName("guide-pages")
        self.list.setMaximumWidth(220)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guide-page")
        self.browser.setOpenExternalLinks(True)  # http links go to the system browser; .md links stay here
        self.browser.setSearchPaths([str(folder)])
        for title, _path in self.pages:
            self.list.addItem(title)
        self.list.currentRowChanged.connect(self._show)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.browser, 1)
        self.resize(980, 680)
        if self.pages:
            self.list.setCurrentRow(0)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.browser.setSource(QUrl.fromLocalFile(str(self.pages[row][1])))
