"""An unsigned LOA is drawn with reportlab alone: PyMuPDF (signing, a CJK font) is not even imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.documents.loa_samples import order_dict

_PROBE = (
    "import sys\n"
    "from portdesk.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print('pymupdf' in sys.modules, code)\n"
)


def _modules_after(tmp_path: Path, *extra: str) -> str:
    order = tmp_path / "order.json"
    order.write_text(json.dumps(order_dict()), encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", _PROBE, "loa", str(order), "-o", str(tmp_path / "loa.pdf"), *extra],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def test_an_unsigned_loa_does_not_import_pymupdf(tmp_path):
    assert _modules_after(tmp_path) == "False 0"


def test_a_signed_loa_still_signs(tmp_path):
    assert _modules_after(tmp_path, "--sign-as", "Jane Doe") == "True 0"
