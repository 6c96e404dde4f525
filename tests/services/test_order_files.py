"""Importing order files (with their documents) into the queue, and exporting them back."""

from __future__ import annotations

import hashlib
import json

import pytest

from portdesk.domain.status import Tab
from portdesk.services.order_files import OrderFileProblem
from portdesk.services.queue import NewDocument, StoreError


@pytest.fixture
def folder(tmp_path, make_order_data, make_pdf):
    """An order file naming a real bill and LOA beside it, with comments and unknown keys."""
    src = tmp_path / "in"
    (src / "docs").mkdir(parents=True)
    (src / "docs" / "bill.pdf").write_bytes(make_pdf("ABC Company, Inc. bill"))
    (src / "loa.pdf").write_bytes(make_pdf("LOA signed by Jane Doe"))
    data = make_order_data(
        documents={"bill": {"path": "docs/bill.pdf", "date": "2026-11-03", "x-pages": 2},
                   "loa": {"path": "loa.pdf", "signed_on": "2026-11-15", "signed_by": "Jane Doe"}},
        comments=[{"at": "2026-11-16T10:04:00Z", "author": "coordinator", "text": "Full legal name checked"}],
    )
    (src / "abc.json").write_text(json.dumps(data), encoding="utf-8")
    return src


def test_import_stores_documents_comments_and_an_import_event(queue, folder):
    (order_id,) = queue.import_files([folder / "abc.json"], "ann")

    detail = queue.detail(order_id)
    docs = {d.kind: d for d in detail.documents}
    assert set(docs) == {"bill", "loa"}
    bill = queue.document(docs["bill"].id)
    assert bill.data == (folder / "docs" / "bill.pdf").read_bytes()
    assert bill.sha256 == hashlib.sha256(bill.data).hexdigest() == docs["bill"].sha256
    assert (bill.mime, bill.size, bill.filename) == ("application/pdf", len(bill.data), "bill.pdf")
    assert [(c.author, c.text) for c in detail.comments] == [("coordinator", "Full legal name checked")]
    assert detail.comments[0].at.isoformat() == "2026-11-16T10:04:00+00:00"
    assert detail.order.comments == []  # comments live in their own rows
    assert [(h.kind, h.text) for h in detail.history] == [("import", "imported from abc.json")]
    assert detail.order.documents["bill"].extra == {"x-pages": 2}


def test_import_is_all_or_nothing_when_the_second_file_is_broken(queue, folder):
    (folder / "broken.json").write_text('{"format": "portdesk.order/1", "numbers": 12', encoding="utf-8")
    with pytest.raises(OrderFileProblem, match=r"broken\.json: not valid JSON"):
        queue.import_files([folder / "abc.json", folder / "broken.json"], "ann")
    assert queue.counts() == dict.fromkeys(Tab, 0)


def test_a_missing_document_names_the_document_and_the_order_file(queue, folder):
    (folder / "loa.pdf").unlink()
    with pytest.raises(OrderFileProblem, match=r"loa\.pdf: document 'loa' named by abc\.json: no such file"):
        queue.import_files([folder / "abc.json"], "ann")
    assert queue.counts() == dict.fromkeys(Tab, 0)


def test_a_missing_order_file_and_a_wrong_format_are_clear_errors(queue, folder):
    with pytest.raises(OrderFileProblem, match=r"nope\.json: no such file"):
        queue.import_files([folder / "nope.json"], "ann")
    (folder / "old.json").write_text('{"format": "portdesk.order/0"}', encoding="utf-8")
    with pytest.raises(OrderFileProblem, match=r"old\.json: 'format' is 'portdesk.order/0'"):
        queue.import_files([folder / "old.json"], "ann")


def test_a_database_failure_midway_leaves_nothing_behind(queue, folder, make_order):
    good = make_order(name="good")
    bad_doc = NewDocument(kind="bill", filename=None, data=b"%PDF-1.4")  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="database error"):  # NOT NULL fails on the second order
        queue.create_orders([good, good], "ann", documents={1: [bad_doc]})
    assert queue.counts() == dict.fromkeys(Tab, 0)


def test_export_round_trip_keeps_unknown_keys_comments_and_document_bytes(queue, folder, tmp_path, clock):
    (order_id,) = queue.import_files([folder / "abc.json"], "ann")
    clock.tick(60 * 24 * 20)  # after the file's own comment
    queue.add_comment(order_id, "second comment", "bob")

    out = queue.export(order_id, tmp_path / "out" / "abc-export.json")

    written = json.loads(out.read_text(encoding="utf-8"))
    original = json.loads((folder / "abc.json").read_text(encoding="utf-8"))
    assert written["x-future-key"] == original["x-future-key"]
    assert written["account"]["x-account-note"] == "kept"
    assert written["account"]["service_address"]["x-floor"] == 4
    assert written["documents"]["bill"]["x-pages"] == 2
    assert [c["text"] for c in written["comments"]] == ["Full legal name checked", "second comment"]
    for kind, src in (("bill", folder / "docs" / "bill.pdf"), ("loa", folder / "loa.pdf")):
        assert (out.parent / written["documents"][kind]["path"]).read_bytes() == src.read_bytes()

    (again,) = queue.import_files([out], "ann")  # the export is itself an importable order file
    a, b = queue.detail(order_id), queue.detail(again)
    assert a.order.to_dict() | {"documents": None} == b.order.to_dict() | {"documents": None}
    assert [d.sha256 for d in a.documents] == [d.sha256 for d in b.documents]
    assert [c.text for c in b.comments] == ["Full legal name checked", "second comment"]


def test_export_into_a_folder_names_the_file_after_the_order(queue, folder, tmp_path):
    (order_id,) = queue.import_files([folder / "abc.json"], "ann")
    target = tmp_path / "exports"
    target.mkdir()
    out = queue.export(order_id, target)
    assert out == target / "ABC Company - Denver.json"
    assert out.exists()


def test_export_keeps_the_unknown_keys_of_each_comment_and_writes_its_time_as_the_file_had_it(queue, folder, tmp_path):
    data = json.loads((folder / "abc.json").read_text(encoding="utf-8"))
    data["comments"] = [{"at": "2026-11-16T10:04:00Z", "author": "coordinator", "text": "Checked",
                         "x-source": {"ticket": 4711}, "x-pinned": True}]
    (folder / "abc.json").write_text(json.dumps(data), encoding="utf-8")
    (order_id,) = queue.import_files([folder / "abc.json"], "ann")

    out = queue.export(order_id, tmp_path / "out" / "abc.json")

    assert json.loads(out.read_text(encoding="utf-8"))["comments"] == data["comments"]
    (again,) = queue.import_files([out], "ann")
    assert queue.detail(again).comments[0].extra == {"x-source": {"ticket": 4711}, "x-pinned": True}


def test_an_unknown_documents_entry_that_is_not_an_object_is_kept_and_written_back(queue, folder, tmp_path):
    data = json.loads((folder / "abc.json").read_text(encoding="utf-8"))
    data["documents"]["x-attachments"] = [{"path": "photo.jpg"}, "notes.txt"]
    (folder / "abc.json").write_text(json.dumps(data), encoding="utf-8")
    (order_id,) = queue.import_files([folder / "abc.json"], "ann")

    out = queue.export(order_id, tmp_path / "out" / "abc.json")

    written = json.loads(out.read_text(encoding="utf-8"))["documents"]
    assert written["x-attachments"] == [{"path": "photo.jpg"}, "notes.txt"]
    assert (out.parent / written["bill"]["path"]).read_bytes() == (folder / "docs" / "bill.pdf").read_bytes()


def test_a_known_document_kind_that_is_not_an_object_is_still_a_clear_error(queue, folder):
    data = json.loads((folder / "abc.json").read_text(encoding="utf-8"))
    data["documents"]["bill"] = "docs/bill.pdf"
    (folder / "abc.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(OrderFileProblem, match=r"abc\.json: 'documents\.bill' must be an object"):
        queue.import_files([folder / "abc.json"], "ann")
