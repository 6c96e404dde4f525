"""The dependency direction of docs/ARCHITECTURE is enforced here, so a leak fails the suite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.fail("import-linter is not installed: run ./dev setup")
    result = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_headless_commands_do_not_load_qt_or_pdf_libraries():
    # `portdesk numbers` and friends must stay light: no Qt, no PyMuPDF, no reportlab at import.
    code = (
        "import sys, portdesk.cli, portdesk.domain.order, portdesk.domain.status;"
        "bad = [m for m in ('PySide6', 'pymupdf', 'fitz', 'reportlab') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
