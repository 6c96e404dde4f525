"""One profile catalogue: a user's override in the data folder is what the LOA, Attach bill, the wizard
and lint all see, and a 20 MB bill gets the same answer from each of them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pymupdf
import pytest

from portdesk.app import pdf_adapters
from portdesk.cli import main
from portdesk.documents.loa_text import read_loa_text
from portdesk.domain.order import PortOrder
from portdesk.domain.profiles import SHIPPED_DIR
from portdesk.platform.settings import user_profiles_dir
from portdesk.services.profile_catalogue import ProfileCatalogue
from portdesk.ui.viewer.command import bill_problem as attach_problem
from portdesk.ui.wizard.bill_rules import bill_problem as wizard_problem
from portdesk.ui.wizard.context import WizardContext
from tests.cli.test_lint_cmd import ORDER, TODAY
from tests.ui.wizard_support import make_adapters

MB = 1024 * 1024


def _override(name: str, max_mb: int) -> None:
    shipped = (SHIPPED_DIR / "kazoo.toml").read_text()
    folder = user_profiles_dir()
    folder.mkdir(exist_ok=True)
    (folder / "kazoo.toml").write_text(shipped.replace('name = "2600Hz Porting Manager"', f'name = "{name}"')
                                       .replace("max_size_mb = 5", f"max_size_mb = {max_mb}"))


def _big_bill(path: Path) -> int:
    """A readable one-page PDF of about 20 MB (an incompressible attachment makes the weight)."""
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Statement")
    doc.embfile_add("scan.bin", os.urandom(20 * MB))
    doc.save(path)
    return path.stat().st_size


def _lint_codes(folder: Path, bill: Path, capsys: pytest.CaptureFixture[str]) -> set[str]:
    data = json.loads(json.dumps(ORDER))
    data["documents"] = {"bill": {"path": bill.name, "date": "2026-11-03"}}
    order = folder / "order.json"
    order.write_text(json.dumps(data))
    capsys.readouterr()
    main(["lint", str(order), "--today", TODAY, "--json"])
    return {f["code"] for f in json.loads(capsys.readouterr().out)["findings"]}


def _judged_everywhere(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[bool, bool, bool]:
    """(refused by Attach bill, refused by the wizard, BILL_TOO_LARGE from lint) for a 20 MB bill."""
    bill = tmp_path / "bill.pdf"
    size = _big_bill(bill)
    assert size > 20 * MB
    catalogue = ProfileCatalogue.build(user_profiles_dir())
    profile = catalogue.for_order("kazoo")
    data = bill.read_bytes()
    attach = attach_problem(bill.name, data, None, profile=profile) is not None
    wizard = wizard_problem(bill.name, data, None, profile) is not None
    lint = "BILL_TOO_LARGE" in _lint_codes(tmp_path, bill, capsys)
    return attach, wizard, lint


def test_a_20_mb_bill_is_refused_everywhere_under_the_shipped_5_mb_limit(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _judged_everywhere(tmp_path, capsys) == (True, True, True)


def test_a_20_mb_bill_is_accepted_everywhere_under_a_30_mb_override(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _override("Acme Porting", 30)
    assert _judged_everywhere(tmp_path, capsys) == (False, False, False)


def test_the_override_names_the_provider_on_every_loa_and_in_the_wizard(
        qtbot: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _override("Acme Porting", 5)
    catalogue = ProfileCatalogue.build(user_profiles_dir())
    order = PortOrder.from_dict(ORDER)
    # the desktop app's LOA adapter, as app.py wires it
    loa = pdf_adapters.generate_loa(order, catalogue.provider_name(order.profile))
    assert "acme porting" in read_loa_text(loa).normalised()
    # the headless `portdesk loa`
    order_file = tmp_path / "order.json"
    order_file.write_text(json.dumps(ORDER))
    assert main(["loa", str(order_file), "-o", str(tmp_path / "loa.pdf")]) == 0
    assert "acme porting" in read_loa_text((tmp_path / "loa.pdf").read_bytes()).normalised()
    # the wizard, given the catalogue's profiles
    adapters = make_adapters(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    adapters.profiles = catalogue.profiles
    assert WizardContext(adapters, order).profile.name == "Acme Porting"


def test_a_broken_override_is_reported_once_and_the_shipped_profile_stays(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "mine.toml").write_text('id = "mine"\nname = "Mine"\n[limits]\nmax_numbers = -1\n')
    catalogue = ProfileCatalogue.build(folder)
    assert len(catalogue.problems) == 1 and "mine.toml" in catalogue.problems[0]
    assert catalogue.get("kazoo").name == "2600Hz Porting Manager"
