"""The number commands load what judging numbers needs, not the queue, the carriers, Qt or the PDF library.

A fresh process per command, as a user's shell runs it: the start-up of `portdesk lint`/`split`/`numbers`
is what these commands cost most of (benchmarks/bench_numbers.py), and an import added at the top of a
shared module would silently bring a library back."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

_PROBE = (
    "import sys, json\n"
    "from portdesk.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "heavy = ('sqlalchemy', 'sqlmodel', 'alembic', 'pydantic', 'httpx', 'keyring', 'PySide6', 'pymupdf',\n"
    "         'reportlab', 'holidays', 'scourgify', 'openpyxl', 'portdesk.carriers', 'portdesk.store',\n"
    "         'portdesk.services.queue', 'portdesk.documents.match')\n"
    "print(json.dumps(sorted(m for m in heavy if m in sys.modules)), code, file=sys.stderr)\n"
)


def _loaded(tmp_path: Path, *argv: str) -> str:
    done = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, cwd=tmp_path,
                          timeout=60, check=True)
    return done.stderr.strip().splitlines()[-1]


@pytest.fixture
def order_file(tmp_path: Path) -> Path:
    path = tmp_path / "order.json"
    path.write_text(json.dumps({
        "format": "portdesk.order/1", "name": "Imports", "kind": "local", "losing_carrier": "Lumen",
        "profile": "bandwidth",
        "account": {"name": "ABC Company", "number": "8812", "btn": "+13035550100", "authorized_user": "Jane Doe",
                    "service_address": {"line1": "1200 Market Street", "city": "Denver", "state": "CO",
                                        "postal_code": "80202"}},
        "numbers": ["+13035550100", "(303) 555-0101"], "requested_date": "2026-12-10",
    }), encoding="utf-8")
    return path


def test_lint_of_an_order_without_documents_loads_none_of_the_heavy_libraries(order_file: Path, tmp_path: Path) -> None:
    assert _loaded(tmp_path, "lint", str(order_file), "--today", "2026-11-22", "--json") == "[] 1"


def test_split_and_numbers_load_none_of_the_heavy_libraries(tmp_path: Path) -> None:
    numbers = tmp_path / "numbers.txt"
    numbers.write_text("(303) 555-0100\n303.555.0101\n1-800-555-0100\n", encoding="utf-8")
    assert _loaded(tmp_path, "split", str(numbers), "--profile", "8x8", "--json") == "[] 0"
    assert _loaded(tmp_path, "numbers", str(numbers), "--json") == "[] 0"


_UNDOCUMENTED = (
    "import sys, dataclasses\n"
    "from portdesk.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "found = sorted(f'{m}.{k}' for m, mod in list(sys.modules.items()) if m.startswith('portdesk')\n"
    "               for k, v in vars(mod).items() if isinstance(v, type) and dataclasses.is_dataclass(v)\n"
    "               and v.__module__ == m and (v.__doc__ or '').startswith(v.__name__ + '('))\n"
    "print(found, file=sys.stderr)\n"
)


def test_the_dataclasses_lint_creates_each_have_a_docstring(order_file: Path, tmp_path: Path) -> None:
    # Without one, `dataclasses` makes one from inspect.signature() at class creation: ~50 µs per class
    # on every cold `portdesk lint`, for text nobody reads.
    done = subprocess.run([sys.executable, "-c", _UNDOCUMENTED, "lint", str(order_file), "--today", "2026-11-22"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60, check=True)
    assert done.stderr.strip().splitlines()[-1] == "[]"
