"""Send the LOA to the customer to sign, and take the signed copy back — one use case for every door
(the wizard's LOA step, the CLI).

Sending writes the unsigned LOA with a signature field to a file the coordinator attaches to an
e-mail, and records in the order's history what was sent, to whom and when, with its fingerprint.
Receiving measures the returned PDF against the latest fingerprint (documents room, passed in),
judges it (domain.loa_return) and, when it is the LOA sent with a signature added, stores it as the
order's LOA with who signed and when in the history. A refusal is recorded too and raised with its
reason in words.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from portdesk.domain.loa_return import (
    PagePrint,
    ReturnedFacts,
    ReturnVerdict,
    SentLoa,
    judge_returned,
    signature_request_mail,
    signer_email,
)
from portdesk.domain.order import DocumentRef, PortOrder
from portdesk.domain.rules_submission import WIZARD_KEY, loa_basis
from portdesk.platform.safe_files import private_folder, write_private_atomically
from portdesk.services.events import NO_EVENTS, Change, EventPublisher, OrderEvent
from portdesk.services.ports import DocumentInfo, HistoryEvent, NewDocument, QueueStore

SEND_FOLDER = "LOAs to sign"  # in the data folder: LOAs written for signature, to attach to the e-mail
SENT_KEY = "loa_sent"  # the history event's data key holding the SentLoa
RETURNED_METHOD = "returned"  # the wizard state's loa_method for an LOA signed by the customer and returned
LoaWriter = Callable[[PortOrder], bytes]  # the unsigned LOA of an order
Preparer = Callable[[bytes], tuple[bytes, tuple[PagePrint, ...]]]  # + a signature field, and its fingerprint
Examiner = Callable[[bytes, SentLoa], ReturnedFacts]
Clock = Callable[[], dt.datetime]


class ReturnedLoaRefused(ValueError):
    """The returned PDF is not the LOA that was sent with a signature added; `str()` says why."""


class NothingSent(ValueError):
    """No LOA of this order was sent for signature, so there is nothing to hold a returned copy to."""


@dataclass(frozen=True)
class SentForSignature:
    path: Path  # the file to attach to the e-mail
    mailto: str  # the e-mail draft: to, subject and body
    sent: SentLoa


@dataclass(frozen=True)
class ReceivedLoa:
    document: DocumentInfo
    verdict: ReturnVerdict
    sent: SentLoa
    signed_on: dt.date


def unsigned_filename(order: PortOrder) -> str:
    stem = "".join(ch if ch.isalnum() or ch in " -_.,&" else " " for ch in order.display_name()).strip()
    return f"LOA to sign - {' '.join(stem.split())[:60] or 'order'}.pdf"


def latest_sent(history: list[HistoryEvent]) -> SentLoa | None:
    """The newest LOA sent for signature, from an order's history."""
    for event in sorted(history, key=lambda e: e.at, reverse=True):
        if event.data and SENT_KEY in event.data:
            sent = SentLoa.from_data(event.data[SENT_KEY])
            if sent is not None:
                return sent
    return None


def apply_returned(order: PortOrder, received: ReceivedLoa) -> None:
    """The order's LOA is now the returned copy, signed for what was sent (LOA_OUTDATED compares)."""
    order.documents["loa"] = DocumentRef("loa", path=received.document.filename, signed_by=received.verdict.signer,
                                         signed_on=received.signed_on.isoformat())
    state = order.extra.get(WIZARD_KEY)
    if not isinstance(state, dict):
        state = {}
        order.extra[WIZARD_KEY] = state
    state["loa_basis"] = received.sent.basis
    state["loa_method"] = RETURNED_METHOD


class SignatureRequests:
    def __init__(self, store: QueueStore, author: str, *, write_loa: LoaWriter, prepare: Preparer,
                 examine: Examiner, provider_name: Callable[[PortOrder], str],
                 clock: Clock | None = None, events: EventPublisher = NO_EVENTS) -> None:
        self._store, self._author = store, author
        self._write_loa, self._prepare, self._examine = write_loa, prepare, examine
        self._provider_name = provider_name
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.events = events

    def send(self, order_id: int, folder: Path, order: PortOrder | None = None) -> SentForSignature:
        """Write the LOA to sign into `folder` and record it; `order` is the order as typed (the wizard),
        else the stored one."""
        if order is None:
            with self._store.unit_of_work(write=False) as repo:
                order = repo.detail(order_id).order
        signer = " ".join((order.account.authorized_user or "").split())
        if not signer:
            raise ValueError("the authorised user is empty: enter who signs for the customer first")
        data, pages = self._prepare(self._write_loa(order))
        now = self._clock()
        path = write_private_atomically(private_folder(folder) / unsigned_filename(order), data)
        sent = SentLoa(sha256=hashlib.sha256(data).hexdigest(), size=len(data), pages=pages, signer=signer,
                       email=signer_email(order), sent_at=now.isoformat(timespec="seconds"),
                       basis=loa_basis(order), filename=path.name)
        to = f"{signer} <{sent.email}>" if sent.email else signer
        with self._store.unit_of_work() as repo:
            repo.state(order_id)  # an unknown id fails before anything is written
            repo.add_event(order_id, now, self._author, "signature",
                           f"LOA sent for signature to {to}: {path.name} (SHA-256 {sent.sha256})",
                           {SENT_KEY: sent.to_data()})
        self.events.publish(OrderEvent(order_id, Change.COMMENT))
        mailto = signature_request_mail(order, sent, self._provider_name(order), self._author, str(path))
        return SentForSignature(path, mailto, sent)

    def last_sent(self, order_id: int) -> SentLoa | None:
        with self._store.unit_of_work(write=False) as repo:
            return latest_sent(repo.detail(order_id).history)

    def receive(self, order_id: int, data: bytes, filename: str, *, update_order: bool = True) -> ReceivedLoa:
        """Take the signed copy back. `update_order`: make it the order's LOA in the stored order too
        (the wizard applies it to the order it holds, see `apply_returned`, and saves that)."""
        sent = self.last_sent(order_id)
        if sent is None:
            raise NothingSent(f"order {order_id} has no LOA sent for signature: send one first "
                              "(or attach an LOA signed elsewhere)")
        verdict = judge_returned(sent, self._examine(data, sent), filename)
        now = self._clock()
        if not verdict.accepted:
            with self._store.unit_of_work() as repo:
                repo.add_event(order_id, now, self._author, "signature", f"Returned LOA refused. {verdict.reason}",
                               {"refused": filename[:200], "sent_sha256": sent.sha256})
            self.events.publish(OrderEvent(order_id, Change.COMMENT))
            raise ReturnedLoaRefused(verdict.reason)
        signed_at = verdict.signed_at or now.isoformat(timespec="seconds")
        signed_on = dt.datetime.fromisoformat(signed_at).date()
        document = NewDocument("loa", filename, data)
        when = f"on {signed_at.replace('T', ' ')}" if verdict.signed_at else f"(returned {signed_on.isoformat()})"
        with self._store.unit_of_work() as repo:
            detail = repo.detail(order_id)
            doc_id = repo.add_document(order_id, document, now)
            repo.add_event(order_id, now, self._author, "signature",
                           f"LOA signed by {verdict.signer} {when}, returned by e-mail: {verdict.reason}",
                           {"document_id": doc_id, "kind": "loa", "filename": filename, "sha256": document.sha256,
                            "signer": verdict.signer, "signed_at": signed_at, "method": RETURNED_METHOD,
                            "signature": verdict.signature, "sent_sha256": sent.sha256})
            info = DocumentInfo(doc_id, "loa", filename, document.mime, document.size, document.sha256, now)
            received = ReceivedLoa(info, verdict, sent, signed_on)
            version = None
            if update_order:
                order = detail.order
                apply_returned(order, received)
                version = repo.update_order(order_id, order, detail.version, now)
        self.events.publish(OrderEvent(order_id, Change.DOCUMENTS))
        if version is not None:
            self.events.publish(OrderEvent(order_id, Change.ORDER, version))
        return received
