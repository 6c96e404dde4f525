"""The request and answer every dialect speaks in, independent of the HTTP server underneath."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import unquote


@dataclass
class Request:
    method: str
    path: str  # below the dialect's prefix, without the query string, e.g. "/porting_orders/{id}"
    query: dict[str, list[str]]
    headers: Message
    body: bytes = b""
    client: str = "127.0.0.1"

    @property
    def segments(self) -> list[str]:
        """The path's non-empty segments, each percent-decoded on its own (as a real server routes: a
        file named `my bill.pdf` arrives as `my%20bill.pdf`, and an encoded `/` stays inside its segment)."""
        return [unquote(p) for p in self.path.split("/") if p]

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    @property
    def content_type(self) -> str:
        return (self.header("Content-Type") or "").split(";")[0].strip().lower()


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str | None = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def json_response(status: int, obj: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(status, json.dumps(obj, ensure_ascii=False).encode(), "application/json", headers or {})


class BodyError(ValueError):
    """A request body the dialect cannot read (the dialect answers in its own error format)."""


def read_json(req: Request) -> Any:
    if not req.body.strip():
        raise BodyError("the request body is empty; expected JSON")
    try:
        return json.loads(req.body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BodyError(f"the request body is not valid JSON ({str(exc)[:80]})") from None
    except RecursionError:
        raise BodyError("the request body is nested too deeply") from None
