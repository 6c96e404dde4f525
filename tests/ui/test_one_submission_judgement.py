"""One order, one judgement: the wizard's review, the Checks tab, `lint` on the exported order file
and `orders submit` reach the same findings for an order stored in a real SQLite queue; an order whose
LOA was signed before its numbers changed, with a contact e-mail that bounces, is refused by
`orders submit` and by the submission package."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from portdesk.cli import main
from portdesk.demo.bill_story import BillContents, write_bill_pdf
from portdesk.documents.loa import generate_loa
from portdesk.documents.loa_signing import sign_loa
from portdesk.documents.loa_text import read_loa_text
from portdesk.documents.match import check_bill
from portdesk.documents.summary import generate_summary
from portdesk.domain.order import Contact, PortOrder
from portdesk.services.checks import ChecksService
from portdesk.services.drafts import DraftService
from portdesk.services.judgement import SubmissionJudge
from portdesk.services.package import PackageRefused, PackageService
from portdesk.services.profile_catalogue import ProfileCatalogue
from portdesk.services.queue import QueueService
from portdesk.store.db import make_engine, migrate
from portdesk.store.repos import SqlQueueStore
from portdesk.ui.wizard.context import WizardContext
from tests.cli.test_lint_cmd import ORDER
from tests.ui.wizard_support import inspect_bytes, make_adapters

TODAY = dt.date(2026, 11, 22)

Judged = list[tuple[str, str, str]]


def _key(findings: Any) -> Judged:
    return sorted((f["code"], f["field"], f["severity"]) if isinstance(f, dict) else (f.code, f.field, f.severity)
                  for f in findings)


@pytest.fixture
def stored(tmp_path: Path, portdesk_home: Path) -> tuple[str, int, SqlQueueStore]:
    """An order imported with its bill and an LOA signed for two numbers; then a third number is added
    and the contact's e-mail typed wrong."""
    folder = tmp_path / "case"
    folder.mkdir()
    data = json.loads(json.dumps(ORDER))
    data["numbers"] = ["+13035550100", "+13035550101"]
    write_bill_pdf(str(folder / "bill.pdf"), BillContents())
    signed_at = dt.datetime(2026, 11, 15, 10, 0, tzinfo=dt.UTC)
    (folder / "loa.pdf").write_bytes(sign_loa(generate_loa(PortOrder.from_dict(data)), "Jane Doe", signed_at, typed=True))
    (folder / "order.json").write_text(json.dumps(data))
    url = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    assert main(["orders", "import", str(folder / "order.json"), "--db", url]) == 0
    engine = make_engine(url)
    migrate(engine)
    store = SqlQueueStore(engine)
    queue = QueueService(store)
    detail = queue.detail(1)
    changed = detail.order
    changed.numbers.append("+13035550102")
    changed.contacts = [Contact(name="Jane Doe", email="jane@abc")]
    queue.update_order(1, changed, detail.version, "tester")
    return url, 1, store


def _judge(store: SqlQueueStore) -> SubmissionJudge:
    catalogue = ProfileCatalogue.build(None)
    return SubmissionJudge(QueueService(store), catalogue.for_order, inspect_document=inspect_bytes,
                           check_bill=check_bill, read_loa_text=read_loa_text)


def _wizard_findings(qtbot: Any, url: str, order_id: int) -> Judged:
    """The review step's findings for the draft as the wizard holds it, documents measured as it does."""
    adapters = make_adapters(url)
    draft = adapters.drafts.open(order_id)
    ctx = WizardContext(adapters, draft.order, draft, today=TODAY)
    bill, loa = draft.latest("bill"), draft.latest("loa")
    assert bill is not None and loa is not None
    bill_data = adapters.drafts.document(bill.id).data
    assert adapters.inspect_document is not None and adapters.check_bill is not None
    ctx.facts["bill"] = adapters.inspect_document("bill", bill.filename, bill_data)
    ctx.bill_check = adapters.check_bill(bill_data, ctx.order, TODAY)
    facts, ctx.loa_text = ctx.measure_loa(loa.filename, adapters.drafts.document(loa.id).data)
    assert facts is not None
    ctx.facts["loa"] = facts
    return _key(ctx.findings())


def test_every_door_judges_the_stored_order_the_same(
        qtbot: Any, stored: tuple[str, int, SqlQueueStore], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    url, order_id, store = stored
    queue = QueueService(store)
    detail = queue.detail(order_id)
    catalogue = ProfileCatalogue.build(None)
    checks_tab = ChecksService(queue, catalogue.for_order, inspect_document=inspect_bytes, check_bill=check_bill,
                               read_loa_text=read_loa_text, today=lambda: TODAY)
    from_checks_tab = _key(f.finding for f in checks_tab.run(detail.order, detail.documents, detail.history).findings)

    exported = queue.export(order_id, tmp_path / "export" / "order.json")
    capsys.readouterr()
    assert main(["lint", str(exported), "--today", TODAY.isoformat(), "--json"]) == 1
    from_lint = _key(json.loads(capsys.readouterr().out)["findings"])

    assert main(["orders", "submit", str(order_id), "--db", url, "--today", TODAY.isoformat(), "--json"]) == 1
    submitted = json.loads(capsys.readouterr().out)
    from_submit = _key(submitted["findings"])

    from_wizard = _wizard_findings(qtbot, url, order_id)

    assert ("LOA_NUMBERS_DIFFER", "documents.loa", "error") in from_checks_tab
    assert ("CONTACT_INVALID", "contacts[0].email", "error") in from_checks_tab
    assert from_wizard == from_checks_tab == from_lint == from_submit
    assert submitted["submitted"] is False and queue.detail(order_id).status.value == "draft"


def test_the_package_is_refused_while_the_order_has_errors(stored: tuple[str, int, SqlQueueStore]) -> None:
    _url, order_id, store = stored
    order = QueueService(store).detail(order_id).order
    package = PackageService(store, generate_summary, judge=_judge(store), today=lambda: TODAY)
    with pytest.raises(PackageRefused, match="CONTACT_INVALID"):
        package.files(order_id, order, [])


def test_the_wizard_submit_is_judged_from_the_store_not_from_the_caller(
        stored: tuple[str, int, SqlQueueStore]) -> None:
    from portdesk.services.drafts import SubmitRefused

    _url, order_id, store = stored
    drafts = DraftService(store, "tester", clock=lambda: dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC),
                          judge=_judge(store))
    detail = QueueService(store).detail(order_id)
    with pytest.raises(SubmitRefused, match="CONTACT_INVALID"):
        drafts.submit(order_id, detail.order, detail.version, findings=[])  # the caller claims it is clean
