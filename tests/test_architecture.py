"""The dependency direction of docs/ARCHITECTURE is enforced here, so a leak fails the suite."""

from __future__ import annotations

import os
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


# Each line plants one import that the architecture forbids; the contracts must catch every one,
# including in a module that did not exist when the contracts were written.
_PLANTED = [
    ("portdesk/cli/planted.py", "import sqlalchemy"),
    ("portdesk/cli/planted.py", "import pymupdf"),
    ("portdesk/services/planted.py", "import httpx"),
    ("portdesk/ui/planted.py", "import keyring"),
    ("portdesk/demo_planted.py", "import PySide6"),
    ("portdesk/demo/planted.py", "import PySide6"),
    ("portdesk/app/planted.py", "import sqlalchemy"),
    ("portdesk/platform/planted.py", "import portdesk.store"),
    ("portdesk/documents/planted.py", "import sqlalchemy"),
    ("portdesk/store/planted.py", "import phonenumbers"),
]


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("arch")
    shutil.copytree(ROOT / "portdesk", root / "portdesk", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe is not None, "import-linter is not installed: run ./dev setup"
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([exe, "--no-cache"], cwd=root, env=env, capture_output=True, text=True, timeout=300)


def test_contracts_hold_on_an_untouched_copy(package_copy: Path) -> None:
    result = _lint_imports(package_copy)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("module", "statement"), _PLANTED, ids=[f"{m}:{s}" for m, s in _PLANTED])
def test_a_planted_forbidden_import_breaks_a_contract(package_copy: Path, module: str, statement: str) -> None:
    planted = package_copy / module
    planted.write_text(f"{statement}\n", encoding="utf-8")
    try:
        result = _lint_imports(package_copy)
    finally:
        planted.unlink()
    assert result.returncode != 0, f"{statement} in {module} went unnoticed:\n{result.stdout}"
    assert "BROKEN" in result.stdout
