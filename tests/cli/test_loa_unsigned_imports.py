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


_LIBRARIES = (
    "import sys, json\n"
    "from portdesk.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(json.dumps(sorted(m for m in ('phonenumbers', 'sqlalchemy', 'pydantic', 'holidays', 'scourgify')"
    " if m in sys.modules)), code)\n"
)


def test_an_unsigned_loa_of_stored_numbers_loads_none_of_the_number_or_database_libraries(tmp_path):
    """Numbers already in the +1 form PortDesk stores are their own E.164: no phonenumbers to read them."""
    order = tmp_path / "order.json"
    data = order_dict()
    data["numbers"] = ["+13035550100", "+13035550101"]
    data["account"]["btn"] = "+13035550100"
    order.write_text(json.dumps(data), encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", _LIBRARIES, "loa", str(order), "-o", str(tmp_path / "loa.pdf")],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[] 0"
