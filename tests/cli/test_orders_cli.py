"""`portdesk orders …` as cli.md specifies it: JSON keys, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import sqlalchemy as sa

from portdesk.cli import main
from tests.sqlite_template import migrated_sqlite

ORDER = {
    "format": "portdesk.order/1",
    "name": "ABC Company - Denver",
    "losing_carrier": "Lumen",
    "account": {"name": "ABC Company, Inc.", "number": "8812-5520-01", "pin": "987654"},
    "numbers": ["(303) 555-0101", "303-555-0102"],
    "documents": {"bill": {"path": "bill.pdf", "date": "2026-11-03"}},
    "x-unknown": {"kept": True},
}


@pytest.fixture
def files(tmp_path):
    (tmp_path / "bill.pdf").write_bytes(b"%PDF-1.4\n% a tiny stand-in bill\n")
    (tmp_path / "abc.json").write_text(json.dumps(ORDER), encoding="utf-8")
    second = dict(ORDER, name="Harbor Dental", numbers=["+16175550199"], documents={})
    (tmp_path / "harbor.json").write_text(json.dumps(second), encoding="utf-8")
    return tmp_path


@pytest.fixture
def db(tmp_path):
    return migrated_sqlite(tmp_path / "cli.sqlite3")  # at head already, as after the first start


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def imported(capsys, db, *paths) -> list[int]:
    code, out, _ = run(capsys, "orders", "import", *map(str, paths), "--db", db, "--json")
    assert code == 0
    return json.loads(out)["ids"]


def test_import_prints_new_ids_as_json_and_as_lines(capsys, db, files):
    ids = imported(capsys, db, files / "abc.json", files / "harbor.json")
    assert len(ids) == 2 and ids[0] < ids[1]
    code, out, _ = run(capsys, "orders", "import", str(files / "abc.json"), "--db", db)
    assert code == 0 and out.split() == [str(ids[1] + 1)]


def test_import_of_a_broken_file_exits_2_names_the_file_and_imports_nothing(capsys, db, files):
    (files / "bad.json").write_text("{nope", encoding="utf-8")
    code, out, err = run(capsys, "orders", "import", str(files / "abc.json"), str(files / "bad.json"), "--db", db)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "bad.json" in err and "not valid JSON" in err
    assert "Traceback" not in err
    code, out, _ = run(capsys, "orders", "list", "--db", db, "--json")
    assert json.loads(out) == {"orders": []}


def test_list_json_has_the_contract_keys(capsys, db, files):
    ids = imported(capsys, db, files / "abc.json", files / "harbor.json")
    code, out, _ = run(capsys, "orders", "list", "--db", db, "--json")
    assert code == 0
    orders = json.loads(out)["orders"]
    assert {o["id"] for o in orders} == set(ids)
    first = next(o for o in orders if o["id"] == ids[0])
    assert {"id", "name", "status", "tab", "numbers", "carrier", "foc_date", "updated_at"} <= set(first)
    assert (first["name"], first["status"], first["tab"], first["numbers"], first["carrier"], first["foc_date"]) == (
        "ABC Company - Denver", "draft", "suspended", 2, "Lumen", None)


def test_list_filters_by_tab_and_search(capsys, db, files):
    ids = imported(capsys, db, files / "abc.json", files / "harbor.json")
    assert run(capsys, "orders", "cancel", str(ids[1]), "--db", db)[0] == 0
    _, out, _ = run(capsys, "orders", "list", "--tab", "completed", "--db", db, "--json")
    assert [o["id"] for o in json.loads(out)["orders"]] == [ids[1]]
    _, out, _ = run(capsys, "orders", "list", "--search", "(303) 555-0102", "--db", db, "--json")
    assert [o["id"] for o in json.loads(out)["orders"]] == [ids[0]]


def test_list_without_json_is_a_readable_table(capsys, db, files):
    imported(capsys, db, files / "abc.json")
    code, out, _ = run(capsys, "orders", "list", "--db", db)
    assert code == 0
    header, row = out.splitlines()
    assert header.split()[:3] == ["ID", "NAME", "STATUS"]
    assert "ABC Company - Denver" in row and "Draft" in row


def test_show_json_is_the_order_file_plus_id_status_history_and_number_statuses(capsys, db, files):
    (order_id,) = imported(capsys, db, files / "abc.json")
    code, out, _ = run(capsys, "orders", "show", str(order_id), "--db", db, "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown["format"] == "portdesk.order/1"
    assert shown["x-unknown"] == {"kept": True}
    assert (shown["id"], shown["status"]) == (order_id, "draft")
    assert shown["numbers"] == ["+13035550101", "+13035550102"]
    assert shown["number_statuses"] == [{"number": "+13035550101", "status": "pending"},
                                        {"number": "+13035550102", "status": "pending"}]
    assert shown["history"][0]["text"] == "imported from abc.json"
    assert {"at", "author", "kind", "text"} <= set(shown["history"][0])


def test_show_for_people_masks_the_pin_and_the_log_never_holds_it(capsys, db, files, portdesk_home):
    (order_id,) = imported(capsys, db, files / "abc.json")
    code, out, _ = run(capsys, "orders", "show", str(order_id), "--db", db)
    assert code == 0
    assert "987654" not in out and "••••••" in out
    log = portdesk_home / "portdesk.log"
    assert not log.exists() or "987654" not in log.read_text(encoding="utf-8")


def test_export_writes_the_order_file_and_its_documents(capsys, db, files, tmp_path):
    (order_id,) = imported(capsys, db, files / "abc.json")
    target = tmp_path / "out" / "abc.json"
    code, out, _ = run(capsys, "orders", "export", str(order_id), "-o", str(target), "--db", db)
    assert code == 0 and out.strip() == str(target)
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["x-unknown"] == {"kept": True}
    bill = target.parent / written["documents"]["bill"]["path"]
    assert bill.read_bytes() == (files / "bill.pdf").read_bytes()


def test_cancel_moves_a_draft_to_cancelled_and_refuses_twice(capsys, db, files):
    (order_id,) = imported(capsys, db, files / "abc.json")
    code, out, _ = run(capsys, "orders", "cancel", str(order_id), "--db", db, "--json")
    assert code == 0 and json.loads(out) == {"id": order_id, "status": "cancelled", "tab": "completed"}
    code, _, err = run(capsys, "orders", "cancel", str(order_id), "--db", db)
    assert code == 2 and "cannot become cancelled" in err


HOLD_WRITE_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO scratch VALUES (1)")
print("locked", flush=True)
time.sleep(1.0)
conn.execute("COMMIT")
"""


def test_cancel_waits_for_another_process_writing_instead_of_failing_at_once(capsys, db, files, tmp_path):
    import time

    (order_id,) = imported(capsys, db, files / "abc.json")
    path = str(tmp_path / "cli.sqlite3")
    with sa.create_engine(db).begin() as conn:
        conn.exec_driver_sql("CREATE TABLE scratch (x INTEGER)")
    holder = subprocess.Popen([sys.executable, "-c", HOLD_WRITE_LOCK, path], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.perf_counter()
        code, out, err = run(capsys, "orders", "cancel", str(order_id), "--db", db, "--json")
        waited = time.perf_counter() - started
    finally:
        assert holder.wait(timeout=30) == 0
    assert (code, err) == (0, "") and json.loads(out)["status"] == "cancelled"
    assert waited > 0.3  # it waited for the other writer (the busy timeout is 5 s), then wrote


@pytest.mark.parametrize("action", [["show"], ["cancel"], ["export", "-o", "x.json"]])
def test_unknown_id_exits_2_with_one_clear_line(capsys, db, files, action):
    imported(capsys, db, files / "abc.json")
    code, out, err = run(capsys, "orders", action[0], "4242", *action[1:], "--db", db)
    assert code == 2 and out == ""
    assert err == "portdesk: no order with id 4242\n"


def test_a_newer_database_is_refused_with_exit_2(capsys, db, files):
    imported(capsys, db, files / "abc.json")
    engine = sa.create_engine(db)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '7777'"))
    code, out, err = run(capsys, "orders", "list", "--db", db, "--json")
    assert code == 2 and out == ""
    assert "written by a newer PortDesk" in err and "cli.sqlite3" in err


def test_the_installed_command_honours_portdesk_database_url(tmp_path, files):
    url = f"sqlite:///{tmp_path / 'env.sqlite3'}"
    env = {"PORTDESK_DATABASE_URL": url, "PORTDESK_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "portdesk", "orders", "import", str(files / "abc.json"), "--json"],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"ids": [1]}
    assert (tmp_path / "env.sqlite3").exists()


@pytest.mark.parametrize("argv", [
    ["--db", "{db}", "orders", "list", "--json"],
    ["orders", "--db", "{db}", "list", "--json"],
    ["orders", "list", "--db", "{db}", "--json"],
    ["orders", "list", "--json", "--db", "{db}"],
    ["--json", "orders", "list", "--db", "{db}"],
    ["orders", "--json", "list", "--db", "{db}"],
    ["--json", "--db", "{db}", "orders", "list"],
])
def test_db_and_json_are_accepted_before_the_command_between_orders_and_its_action_or_after(capsys, db, files, argv):
    (order_id,) = imported(capsys, db, files / "abc.json")
    code, out, err = run(capsys, *[a.format(db=db) for a in argv])
    assert code == 0, err
    assert [o["id"] for o in json.loads(out)["orders"]] == [order_id]


def test_a_driver_error_spanning_several_lines_is_reported_on_one_line(capsys):
    code, out, err = run(capsys, "orders", "list", "--db", "postgresql://ann:secret@127.0.0.1:1/queue", "--json")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("portdesk: ")
    assert "secret" not in err


def test_show_json_and_export_keep_a_comments_unknown_keys(capsys, db, files, tmp_path):
    comment = {"at": "2026-11-16T10:04:00Z", "author": "coordinator", "text": "Checked", "x-ticket": 4711}
    (files / "abc.json").write_text(json.dumps(dict(ORDER, comments=[comment])), encoding="utf-8")
    (order_id,) = imported(capsys, db, files / "abc.json")
    _, out, _ = run(capsys, "orders", "show", str(order_id), "--db", db, "--json")
    assert json.loads(out)["comments"] == [comment]
    target = tmp_path / "out" / "abc.json"
    assert run(capsys, "orders", "export", str(order_id), "-o", str(target), "--db", db)[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["comments"] == [comment]


@pytest.mark.parametrize("argv", [
    ["orders", "show", "abc"],
    ["orders", "list", "--tab", "someday"],
    ["orders", "export", "1"],
    ["orders"],
])
def test_a_usage_mistake_exits_2_with_one_line_on_stderr_and_nothing_on_stdout(capsys, db, argv):
    with pytest.raises(SystemExit) as info:
        main([*argv, "--db", db])
    out, err = capsys.readouterr()
    assert info.value.code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("portdesk") and "Traceback" not in err


def _hostile(name: str) -> str:
    """Order files probed from outside: each must be one line naming the file, exit 2."""
    base = json.dumps(ORDER)[:-1]  # the object without its closing brace, to append raw JSON
    return {
        "nul-path": json.dumps(dict(ORDER, documents={"bill": {"path": "bill.pdf\u0000.txt"}})),
        "surrogate": base + ', "x": "\\ud800"}',
        "deep": base + ', "x": ' + "[" * 2000 + "]" * 2000 + "}",
        "huge-int": base + ', "x": ' + "9" * 4400 + "}",
        "year-9999": json.dumps(dict(ORDER, comments=[{"at": "9999-12-31T23:00:00-05:00", "text": "t"}])),
        "year-1": json.dumps(dict(ORDER, comments=[{"at": "0001-01-01T01:00:00+05:00", "text": "t"}])),
        "long-path": json.dumps(dict(ORDER, documents={"bill": {"path": "d/" * 40000 + "bill.pdf"}})),
        "duplicate": base + ', "account": {"name": "Other"}}',
        "ten-mb": json.dumps(dict(ORDER, kind="k" * 10_000_000)),
        "million": json.dumps(dict(ORDER, numbers=["+13035550100"] * 1_000_000)),
    }[name]


HOSTILE = ["nul-path", "surrogate", "deep", "huge-int", "year-9999", "year-1", "long-path", "duplicate",
           "ten-mb", "million"]


@pytest.mark.parametrize("kind", HOSTILE)
@pytest.mark.parametrize("command", ["import", "lint"])
def test_a_hostile_order_file_is_one_short_line_naming_the_file_and_exit_2(capsys, db, tmp_path, kind, command):
    path = tmp_path / f"hostile-{kind}.json"
    path.write_text(_hostile(kind), encoding="utf-8", errors="surrogatepass")
    argv = ["orders", "import", str(path), "--db", db] if command == "import" else ["lint", str(path)]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and path.name in err and len(err) < 400, err[:500]
    err.encode("utf-8")  # printable: no lone surrogate reaches the terminal
    if kind == "duplicate":
        assert "key 'account' appears twice" in err


def test_a_hostile_order_file_imports_nothing(capsys, db, tmp_path, files):
    path = tmp_path / "dup.json"
    path.write_text(_hostile("duplicate"), encoding="utf-8")
    assert run(capsys, "orders", "import", str(files / "abc.json"), str(path), "--db", db)[0] == 2
    assert run(capsys, "orders", "list", "--json", "--db", db)[1].count('"id"') == 0
