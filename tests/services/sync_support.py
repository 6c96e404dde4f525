"""A desk driven through the CLI against the local provider stand-in: connections, orders, sync."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest

from portdesk.cli import main
from tests.cli.test_lint_cmd import TODAY, make_case
from tests.sqlite_template import migrated_sqlite


class Desk:
    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        self.tmp, self.capsys, self.monkeypatch = tmp_path, capsys, monkeypatch
        self.db = migrated_sqlite(tmp_path / "queue.sqlite3")  # at head already: the subject is the sync
        self.outputs: list[str] = []  # every stdout and stderr, for the secrets grep
        monkeypatch.setenv("PORTDESK_HOME", str(tmp_path / "home"))

    def run(self, *argv: str, stdin: str = "") -> tuple[int, str, str]:
        self.monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main([*argv, "--db", self.db])
        out, err = self.capsys.readouterr()
        self.outputs += [out, err]
        return code, out, err

    def json(self, *argv: str) -> tuple[int, Any]:
        code, out, err = self.run(*argv, "--json")
        assert out, err
        return code, json.loads(out)

    def connect(self, name: str, type_: str, url: str, secret: str, *extra: str) -> None:
        code, _, err = self.run("carriers", "add", name, "--type", type_, "--url", url, *extra, stdin=secret + "\n")
        assert code == 0, err

    def order(self, profile: str, **changes: Any) -> int:
        folder = self.tmp / f"case{len(self.outputs)}"
        folder.mkdir()
        path = make_case(folder, profile=profile, **changes)
        code, data = self.json("orders", "import", str(path))
        assert code == 0
        return int(data["ids"][0])

    def submit(self, order_id: int, *extra: str) -> tuple[int, Any]:
        return self.json("orders", "submit", str(order_id), "--today", TODAY, *extra)

    def sync(self) -> tuple[int, Any]:
        return self.json("sync", "--once")

    def show(self, order_id: int) -> dict[str, Any]:
        code, data = self.json("orders", "show", str(order_id))
        assert code == 0
        return data  # type: ignore[no-any-return]

    def update(self, order_id: int, order: dict[str, Any]) -> tuple[int, str, str]:
        path = self.tmp / f"update{len(self.outputs)}.json"
        data = {k: v for k, v in order.items() if k in ORDER_KEYS}
        path.write_text(json.dumps(copy.deepcopy(data)))
        return self.run("orders", "update", str(order_id), str(path))


ORDER_KEYS = ("format", "name", "kind", "profile", "losing_carrier", "account", "port_type", "new_btn", "numbers",
              "requested_date", "requested_time", "requested_timezone", "contacts", "documents")
