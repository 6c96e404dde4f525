"""The user guide: the Markdown pages of the project's docs/ folder, shown inside PortDesk.

Why read docs/ rather than keep a second copy in the package: the pages are written once, for the
repository's readers and the app's alike, and a copy would drift. A checkout (how `./dev demo` runs)
has docs/ beside the package; the PyInstaller build copies it into resources/guide/ (see
packaging/portdesk.spec), with its subfolders (docs/carriers/). Qt renders Markdown itself, links between the pages work, no browser or
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


def _heading(path: Path) -> str | None:
    try:
        with path.open(encoding="utf-8") as f:
            for line in f:
                if line.startswith("# "):
                    return line[2:].strip()
    except (OSError, UnicodeDecodeError):
        return None
    return path.stem.replace("-", " ").capitalize()


def guide_pages(folder: Path) -> list[tuple[str, Path]]:
    """(title, path) of each page: its first heading. The folder's own pages first, in name order, then
    each subfolder's (docs/carriers/kazoo.md is "Carriers: KAZOO (2600Hz)"), one level down."""
    paths = sorted(folder.glob("*.md")) + sorted(folder.glob("*/*.md"))
    pages = []
    for path in paths:
        title = _heading(path)
        if title is None:
            continue
        if path.parent != folder:
            title = f"{path.parent.name.replace('-', ' ').capitalize()}: {title}"
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
        self.browser.sourceChanged.connect(self._follow)  # a link to another page selects it in the list
        layout = QHBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.browser, 1)
        self.resize(980, 680)
        if self.pages:
            self.list.setCurrentRow(0)

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.browser.setSource(QUrl.fromLocalFile(str(self.pages[row][1])))

    def _follow(self, url: QUrl) -> None:
        shown = Path(url.toLocalFile()).resolve() if url.isLocalFile() else None
        for row, (_title, path) in enumerate(self.pages):
            if shown == path.resolve() and row != self.list.currentRow():
                self.list.blockSignals(True)  # the page is shown already
                self.list.setCurrentRow(row)
                self.list.blockSignals(False)
                return
