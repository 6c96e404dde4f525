"""`portdesk carriers …`: the secret goes to the chosen keyring and nowhere else."""

from __future__ import annotations

import base64
import io
import json
import logging
from pathlib import Path

import pytest

from portdesk.cli import main
from portdesk.platform import settings
from tests.carriers.mock_carriers import TELNYX_KEY
from tests.sqlite_template import migrated_sqlite

STORED = base64.b64encode(TELNYX_KEY.encode()).decode()  # how keyrings.alt's plaintext file writes it


def run(argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_test_remove_keep_the_secret_only_in_the_keyring(tmp_path, mock, file_keyring, capsys, monkeypatch):
    base, _state = mock
    db = migrated_sqlite(tmp_path / "q.sqlite3")
    outputs = []
    code, out, err = run(["carriers", "add", "tx", "--type", "telnyx", "--url", f"{base}/telnyx/v2", "--db", db,
                          "--json"], capsys, monkeypatch, stdin=TELNYX_KEY + "\n")
    assert code == 0, err
    outputs.append(out)
    code, out, _ = run(["carriers", "list", "--json", "--db", db], capsys, monkeypatch)
    assert json.loads(out)["connections"] == [{"name": "tx", "type": "telnyx", "url": f"{base}/telnyx/v2",
                                               "account": None, "user": None, "auth": "api_key",
                                               "profiles": ["telnyx"]}]
    outputs.append(out)
    code, out, err = run(["carriers", "test", "tx", "--db", db], capsys, monkeypatch)
    assert code == 0 and "accepted" in out
    outputs.append(out + err)
    assert STORED in file_keyring.read_text()  # it is in the keyring the user chose…
    for handler in logging.getLogger().handlers:
        handler.flush()
    readable = [Path(db.removeprefix("sqlite:///")).read_bytes().decode("latin-1"), *outputs]
    readable += [p.read_text(errors="replace") for p in settings.data_dir().rglob("*") if p.is_file()]
    for text in readable:  # …and nowhere else
        assert TELNYX_KEY not in text and STORED not in text
    code, out, _ = run(["carriers", "remove", "tx", "--db", db], capsys, monkeypatch)
    assert code == 0
    assert STORED not in file_keyring.read_text()
    code, out, _ = run(["carriers", "list", "--json", "--db", db], capsys, monkeypatch)
    assert json.loads(out) == {"connections": []}


@pytest.mark.parametrize(("forbidden", "words"), [(False, "the key was refused"), (True, "lacks the porting role")])
def test_carriers_test_explains_401_and_403_in_words(tmp_path, mock, file_keyring, capsys, monkeypatch,
                                                     forbidden, words):
    base, state = mock
    state.forbidden = forbidden
    db = migrated_sqlite(tmp_path / "q.sqlite3")
    monkeypatch.setenv("PORTDESK_SECRET", TELNYX_KEY if forbidden else "not-the-key")
    assert run(["carriers", "add", "tx", "--type", "telnyx", "--url", f"{base}/telnyx/v2", "--db", db],
               capsys, monkeypatch)[0] == 0
    code, out, _ = run(["carriers", "test", "tx", "--db", db], capsys, monkeypatch)
    assert code == 1
    assert words in out


@pytest.mark.parametrize("backend", ["keyring.backends.fail.Keyring", "keyring.backends.null.Keyring",
                                     "no.such.Backend"])
def test_no_usable_keyring_backend_is_exit_2_in_one_line_naming_the_opt_in(tmp_path, capsys, monkeypatch, backend):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", backend)
    monkeypatch.setenv("PORTDESK_SECRET", "s3cret-value")
    code, out, err = run(["carriers", "add", "tx", "--type", "telnyx", "--url", "http://127.0.0.1:9/telnyx/v2",
                          "--db", migrated_sqlite(tmp_path / "q.sqlite3")], capsys, monkeypatch)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "PYTHON_KEYRING_BACKEND" in err and "keyrings.alt" in err
    assert "Traceback" not in err


def test_an_installed_plaintext_backend_is_not_used_unless_chosen(tmp_path, capsys, monkeypatch):
    from keyring import backend as kb

    if any(k.priority >= 1 for k in kb.get_all_keyring()):
        pytest.skip("this machine has a recommended keyring backend")
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("PORTDESK_SECRET", "s3cret-value")
    code, _out, err = run(["carriers", "add", "tx", "--type", "telnyx", "--url", "http://127.0.0.1:9/telnyx/v2",
                           "--db", migrated_sqlite(tmp_path / "q.sqlite3")], capsys, monkeypatch)
    assert code == 2 and "PYTHON_KEYRING_BACKEND" in err
    assert not (tmp_path / "data").exists() or "s3cret-value" not in "".join(
        p.read_text() for p in (tmp_path / "data").rglob("*") if p.is_file())


@pytest.mark.parametrize(("argv", "words"), [
    (["--type", "bandwidth", "--url", "http://127.0.0.1:9/bandwidth/api"], "--account"),
    (["--type", "telnyx", "--url", "ftp://x"], "--url"),
    (["--type", "telnyx", "--url", "http://u:p@127.0.0.1/telnyx/v2"], "no credentials in the URL"),
    (["--type", "kazoo", "--url", "http://127.0.0.1:9/kazoo/v2", "--auth", "basic"], "--auth"),
])
def test_bad_connection_values_are_one_line_exit_2(tmp_path, capsys, monkeypatch, argv, words):
    monkeypatch.setenv("PORTDESK_SECRET", "s3cret-value")
    code, _out, err = run(["carriers", "add", "c1", *argv, "--db", migrated_sqlite(tmp_path / "q.sqlite3")],
                          capsys, monkeypatch)
    assert code == 2 and words in err and err.count("\n") == 1
