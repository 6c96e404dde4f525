"""Order files on disk: read one with the documents it names, write one with its documents beside it.

Paths in an order file's `documents` are relative to the folder holding the order file. Reading
checks everything (JSON, format, every document readable) before anything reaches the queue.
"""

from __future__ import annotations

import datetime as dt
import json
import mimetypes
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portdesk.domain.order import DocumentRef, OrderFileError, PortOrder
from portdesk.services.ports import CommentInfo, NewDocument, OrderDetail, StoredDocument


class OrderFileProblem(ValueError):
    """An order file (or a document it names) cannot be read; the message names the file."""


@dataclass
class LoadedOrder:
    path: Path
    order: PortOrder
    documents: list[NewDocument]


def guess_mime(filename: str, data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        return "application/pdf"  # by content: bills arrive named anything
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def _read_bytes(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise OrderFileProblem(f"{path}: {what}no such file") from None
    except IsADirectoryError:
        raise OrderFileProblem(f"{path}: {what}is a folder, not a file") from None
    except OSError as exc:
        raise OrderFileProblem(f"{path}: {what}cannot read ({exc.strerror})") from None


def read_order_file(path: Path) -> LoadedOrder:
    raw = _read_bytes(path, "")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OrderFileProblem(f"{path}: not UTF-8 text") from None
    try:
        order = PortOrder.from_json(text)
    except OrderFileError as exc:
        raise OrderFileProblem(f"{path}: {exc}") from None
    documents: list[NewDocument] = []
    for kind, ref in order.documents.items():
        if not ref.path:
            continue
        doc_path = path.parent / ref.path
        data = _read_bytes(doc_path, f"document '{kind}' named by {path.name}: ")
        documents.append(NewDocument(kind=kind, filename=Path(ref.path).name, data=data,
                                     mime=guess_mime(doc_path.name, data)))
        ref.path = Path(ref.path).name  # the stored copy is known by its file name only
    return LoadedOrder(path=path, order=order, documents=documents)


def file_time(at: dt.datetime) -> str:
    """A stored time as an order file writes it: UTC, ISO 8601, `Z` (as order-file.md shows)."""
    if at.tzinfo is not None:
        at = at.astimezone(dt.UTC)
    return at.replace(tzinfo=None).isoformat() + "Z"


def comment_entry(comment: CommentInfo) -> dict[str, Any]:
    """One entry of an order file's `comments`, with the unknown keys it was imported with."""
    return {"at": file_time(comment.at), "author": comment.author, "text": comment.text, **comment.extra}


_UNSAFE = re.compile(r"[^\w.\- ]+")


def safe_stem(name: str) -> str:
    """A file name stem from an order name: no slashes or odd characters, never empty."""
    stem = _UNSAFE.sub("_", name).strip(" ._")
    return stem[:80] or "order"


def write_order_file(detail: OrderDetail, documents: Sequence[StoredDocument], target: Path) -> Path:
    """Write `<name>.json` (or `target` itself when it is not a folder) and the documents beside it."""
    if target.is_dir():
        target = target / f"{safe_stem(detail.order.display_name())}.json"
    folder = target.parent
    stem = target.stem
    data = detail.order.to_dict()
    refs: dict[str, dict[str, object]] = dict(data.get("documents") or {})
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for doc in documents:
            suffix = Path(doc.filename).suffix or mimetypes.guess_extension(doc.mime) or ""
            doc_name = f"{stem}-{doc.kind}{suffix}"
            (folder / doc_name).write_bytes(doc.data)
            ref = dict(refs.get(doc.kind) or DocumentRef(kind=doc.kind).to_dict())
            ref["path"] = doc_name
            refs[doc.kind] = ref
        if refs:
            data["documents"] = refs
        if detail.comments:
            data["comments"] = [comment_entry(c) for c in detail.comments]
        target.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise OrderFileProblem(f"{target}: cannot write ({exc.strerror})") from None
    return target
