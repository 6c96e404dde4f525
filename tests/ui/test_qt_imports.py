"""A module imported after Qt is not read whole by PySide6's feature hook (ui/qt_imports.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import linecache, sys
sys.path.insert(0, sys.argv[1])
import PySide6.QtWidgets
if sys.argv[2] == "skip":
    from portdesk.ui.qt_imports import skip_feature_source_scan
    assert skip_feature_source_scan()
import plain_module_after_qt
print(any(name.endswith("plain_module_after_qt.py") for name in linecache.cache))
"""


def _source_read(tmp_path: Path, mode: str) -> bool:
    (tmp_path / "plain_module_after_qt.py").write_text("VALUE = 1\n" * 2000, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path), mode], capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stdout.strip() == "True"


def test_pyside_reads_the_source_of_a_module_imported_after_qt(tmp_path: Path) -> None:
    assert _source_read(tmp_path, "as-is")  # what the skip is for: if this fails, the hook changed


def test_after_the_skip_a_module_imported_after_qt_is_not_read(tmp_path: Path) -> None:
    assert not _source_read(tmp_path, "skip")


def test_no_portdesk_module_selects_a_pyside_feature() -> None:
    """The skip answers "no" for PortDesk's own Qt modules too; that is only the same as "yes" while no
    module selects a `__feature__` (snake_case, true_property): then every module runs with none."""
    import ast

    root = Path(__file__).resolve().parents[2] / "portdesk"
    selecting = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if "__feature__" in names:
                selecting.append(str(path.relative_to(root)))
    assert selecting == []


def test_portdesk_s_own_qt_modules_are_not_read_by_the_hook_either() -> None:
    script = """
import linecache, sys
import PySide6.QtWidgets
from portdesk.ui.qt_imports import skip_feature_source_scan
assert skip_feature_source_scan()
import portdesk.ui.widgets.theme
print(any(name.endswith("theme.py") for name in linecache.cache))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "False"
