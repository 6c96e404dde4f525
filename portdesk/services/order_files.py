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
from portdesk.platform.safe_files import (
    MAX_DOCUMENT_BYTES,
    MAX_ORDER_FILE_BYTES,
    FileRefused,
    quote_path,
    read_regular_file,
    refuse_unwritable_target,
    resolve_document,
    write_private_atomically,
)
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


def _read_document(order_path: Path, kind: str, name: str) -> bytes:
    """A document the order file names: a regular file inside the order file's folder, capped."""
    shown = quote_path(name)
    try:
        resolved = resolve_document(order_path.parent, name)
        return read_regular_file(resolved, MAX_DOCUMENT_BYTES, "a document")
    except FileRefused as exc:
        raise OrderFileProblem(f"{shown}: document '{kind}' named by {quote_path(order_path.name)}: "
                               f"{exc.reason}") from None


def read_order_file(path: Path) -> LoadedOrder:
    try:
        raw = read_regular_file(path, MAX_ORDER_FILE_BYTES, "an order file")
    except FileRefused as exc:
        raise OrderFileProblem(str(exc)) from None
    if raw[:1024].lstrip().startswith(b"%PDF-"):  # a bill picked where an order file was meant
        raise OrderFileProblem(f"{quote_path(path)}: is a PDF, not an order file (.json). To start a port from a bill, "
                               "drop it on the window or use File ▸ New port from bill…") from None
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
        data = _read_document(path, kind, ref.path)
        documents.append(NewDocument(kind=kind, filename=Path(ref.path).name, data=data,
                                     mime=guess_mime(Path(ref.path).name, data)))
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
    """Write `<name>.json` (or `target` itself when it is not a folder) and the documents beside it.

    Every file is written whole or not at all, mode 0600 (an order file holds the PIN), and never over
    something that is not a regular file (FileRefused's reason, as an OrderFileProblem).
    """
    if target.is_dir():
        target = target / f"{safe_stem(detail.order.display_name())}.json"
    folder = target.parent
    stem = target.stem
    data = detail.order.to_dict()
    refs: dict[str, dict[str, object]] = dict(data.get("documents") or {})
    try:
        refuse_unwritable_target(target)
        folder.mkdir(parents=True, exist_ok=True)
        for doc in documents:
            suffix = Path(doc.filename).suffix or mimetypes.guess_extension(doc.mime) or ""
            doc_name = f"{stem}-{doc.kind}{suffix}"
            write_private_atomically(folder / doc_name, doc.data)
            ref = dict(refs.get(doc.kind) or DocumentRef(kind=doc.kind).to_dict())
            ref["path"] = doc_name
            refs[doc.kind] = ref
        if refs:
            data["documents"] = refs
        if detail.comments:
            data["comments"] = [comment_entry(c) for c in detail.comments]
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        write_private_atomically(target, text.encode("utf-8"))
    except FileRefused as exc:
        raise OrderFileProblem(str(exc)) from None
    except OSError as exc:
        raise OrderFileProblem(f"{quote_path(target)}: cannot write ({exc.strerror})") from None
    return target
