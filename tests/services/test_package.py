"""The submission package (summary PDF, numbers CSV, bill, signed LOA) and the wizard's split of a draft."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from portdesk.documents.summary import generate_summary
from portdesk.domain.findings import Finding, finding
from portdesk.domain.order import DocumentRef, PortOrder
from portdesk.services.drafts import DraftService
from portdesk.services.package import PackageService, numbers_csv, package_name, write_folder, write_zip
from portdesk.services.ports import NewDocument
from portdesk.store.db import make_engine, migrate
from portdesk.store.repos import SqlQueueStore
from tests.sqlite_template import migrated_url

NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path: Path) -> SqlQueueStore:
    engine = make_engine(migrated_url(f"sqlite:///{tmp_path / 'package.sqlite3'}"))
    migrate(engine)
    return SqlQueueStore(engine)


@pytest.fixture
def drafts(store: SqlQueueStore) -> DraftService:
    ticks = iter(range(10_000))
    return DraftService(store, "alice", clock=lambda: NOW + dt.timedelta(seconds=next(ticks)))


def _order() -> PortOrder:
    order = PortOrder(name="ABC Company - Denver", kind="local", profile="plivo", losing_carrier="Lumen",
                      numbers=["+13035550100", "+13035550101"])
    order.account.name = "ABC Company, Inc."
    order.account.pin = "4321"
    order.extra["number_carriers"] = {"+13035550101": "Comcast Business"}
    order.documents["bill"] = DocumentRef("bill", path="bill.pdf", date="2026-11-03")
    order.documents["loa"] = DocumentRef("loa", path="loa.pdf", signed_by="Jane Doe", signed_on="2026-11-20")
    return order


class RecordingSummary:
    """The summary adapter as the package calls it; remembers what it was given."""

    def __init__(self) -> None:
        self.calls: list[tuple[PortOrder, list[Any], list[Finding]]] = []

    def __call__(self, order: PortOrder, *, documents: Sequence[Any], findings: Sequence[Finding]) -> bytes:
        self.calls.append((order, list(documents), list(findings)))
        return b"%PDF-summary " + order.display_name().encode()


def test_numbers_csv_lists_each_number_with_national_digits_and_its_losing_carrier() -> None:
    rows = list(csv.reader(io.StringIO(numbers_csv(_order()).decode())))
    assert rows == [["number", "national", "losing_carrier"],
                    ["+13035550100", "3035550100", "Lumen"],
                    ["+13035550101", "3035550101", "Comcast Business"]]


def test_the_package_holds_summary_csv_and_the_newest_bill_and_loa(drafts: DraftService,
                                                                   store: SqlQueueStore) -> None:
    draft = drafts.create(_order())
    drafts.attach(draft.order_id, NewDocument("bill", "old-bill.pdf", b"%PDF old"))
    drafts.attach(draft.order_id, NewDocument("bill", "bill.pdf", b"%PDF new"))
    drafts.attach(draft.order_id, NewDocument("loa", "loa-signed.pdf", b"%PDF signed"))
    summary = RecordingSummary()
    warning = finding("BILL_AGE_RISK", "documents.bill", "getting old")
    files = PackageService(store, summary).files(draft.order_id, _order(), [warning])

    assert [f.name for f in files] == ["1 summary.pdf", "2 numbers.csv", "3 bill - bill.pdf",
                                       "4 LOA signed - loa-signed.pdf"]
    assert files[2].data == b"%PDF new" and files[3].data == b"%PDF signed"
    _order_given, documents, findings = summary.calls[0]
    assert [(d.kind, d.name, d.note) for d in documents] == [
        ("bill", "bill.pdf", "statement 2026-11-03"), ("loa", "loa-signed.pdf", "signed by Jane Doe on 2026-11-20")]
    assert findings == [warning]


def test_the_package_is_written_as_a_folder_or_as_one_zip(drafts: DraftService, store: SqlQueueStore,
                                                          tmp_path: Path) -> None:
    draft = drafts.create(_order())
    drafts.attach(draft.order_id, NewDocument("bill", "bill.pdf", b"%PDF bill"))
    files = PackageService(store, RecordingSummary()).files(draft.order_id, _order(), [])
    name = package_name(_order(), draft.order_id)
    folder = write_folder(files, tmp_path / name)
    assert sorted(p.name for p in folder.iterdir()) == ["1 summary.pdf", "2 numbers.csv", "3 bill - bill.pdf"]
    archive = write_zip(files, tmp_path / f"{name}.zip")
    with zipfile.ZipFile(archive) as z:
        assert sorted(z.namelist()) == sorted(f"{name}/{f.name}" for f in files)
        assert z.read(f"{name}/3 bill - bill.pdf") == b"%PDF bill"


def test_package_names_drop_characters_file_managers_refuse() -> None:
    order = PortOrder(name='A/B: "Co" <Denver>')
    assert package_name(order, 7) == "A B Co Denver (order 7)"


def test_the_real_summary_generator_fits_the_adapter_and_masks_the_pin(drafts: DraftService,
                                                                       store: SqlQueueStore) -> None:
    import pymupdf

    draft = drafts.create(_order())
    drafts.attach(draft.order_id, NewDocument("bill", "bill.pdf", b"%PDF bill"))
    pdf = PackageService(store, generate_summary).summary(draft.order_id, _order(), [])
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        text = "".join(page.get_text() for page in doc)
    assert "ABC Company, Inc." in text and "bill.pdf" in text
    assert "4321" not in text


def test_split_keeps_part_one_and_makes_drafts_with_a_copy_of_the_bill(drafts: DraftService,
                                                                      store: SqlQueueStore) -> None:
    draft = drafts.create(_order())
    drafts.attach(draft.order_id, NewDocument("bill", "bill.pdf", b"%PDF bill"))
    parts = [PortOrder(name=f"ABC ({i}/3)", numbers=[f"+1303555010{i}"]) for i in range(1, 4)]
    version, ids = drafts.split(draft.order_id, parts, draft.version, step=3)
    assert version > draft.version and len(ids) == 2
    assert drafts.open(draft.order_id).order.name == "ABC (1/3)"
    for new_id, part in zip(ids, parts[1:], strict=True):
        opened = drafts.open(new_id)
        assert opened.order.numbers == part.numbers
        assert opened.step == 3
        bill = opened.latest("bill")
        assert bill is not None and drafts.document(bill.id).data == b"%PDF bill"


def test_split_refuses_a_single_part(drafts: DraftService) -> None:
    draft = drafts.create(_order())
    with pytest.raises(ValueError, match="two parts"):
        drafts.split(draft.order_id, [_order()], draft.version, step=3)
