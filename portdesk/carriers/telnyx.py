"""Telnyx API v2 porting orders: Bearer key, JSON, `{"errors": [...]}` on failure.

A create answers an array (Telnyx splits by number type, losing carrier…): every part is filled by
PATCH and kept under the one PortDesk order. Documents are uploaded to the Documents API and linked
at once (Telnyx deletes unlinked ones after 30 minutes). There is no status filter on the order
list any more, so `changed_since` reads `/porting/events`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from email.utils import parsedate_to_datetime
from typing import Any

from portdesk.carriers.base import Answer, HttpClient, Redactor
from portdesk.carriers.values import e164, parse_time, requested_datetime
from portdesk.domain.order import PortOrder
from portdesk.domain.reasons import Rejection, rejection
from portdesk.domain.status import Status
from portdesk.services.connections import Connection
from portdesk.services.gateway import (
    CarrierEvent,
    CarrierNote,
    CarrierOrder,
    CarrierRef,
    FeedChanges,
    IncomingDocument,
    NumberState,
    OutgoingDocument,
    PermanentCarrierError,
    Portability,
    TransientCarrierError,
)

PAGE_SIZE = 250
BULK_FROM = 20  # orders followed on one connection from which sync reads the order list instead of each order
CANCEL_CUTOFF = dt.timedelta(hours=48)
FIRST_MARK_MARGIN = dt.timedelta(minutes=1)  # a first event-log mark starts this far before Telnyx's clock
MAX_EVENT_PAGES = 1000
MARK_SEEN_MAX = 1000  # event ids kept with a mark (those at its very time)

STATUS = {
    "draft": Status.DRAFT, "in-process": Status.SUBMITTED, "submitted": Status.PENDING,
    "exception": Status.EXCEPTION, "foc-date-confirmed": Status.FOC_CONFIRMED,
    "cancel-pending": Status.CANCEL_PENDING, "ported": Status.COMPLETED, "cancelled": Status.CANCELLED,
}
NUMBER_STATUS = {
    "foc-date-confirmed": "foc_confirmed", "ported": "ported", "exception": "rejected", "cancelled": "cancelled",
}
REASON = {
    "ENTITY_NAME_MISMATCH": "name_mismatch", "AUTH_PERSON_MISMATCH": "auth_person_mismatch",
    "LOCATION_MISMATCH": "address_mismatch", "POSTAL_CODE_MISMATCH": "address_mismatch",
    "ACCOUNT_NUMBER_MISMATCH": "account_number_mismatch", "PASSCODE_PIN_INVALID": "pin_invalid",
    "BTN_ATN_MISMATCH": "btn_mismatch", "MAIN_BTN_PORTING": "main_btn_on_partial",
    "PORT_TYPE_INCORRECT": "port_type_incorrect", "PHONE_NUMBER_MISMATCH": "number_not_on_account",
    "PHONE_NUMBER_NOT_PORTABLE": "not_portable", "LSR_PENDING": "pending_order",
    "PHONE_NUMBER_HAS_SPECIAL_FEATURE": "special_feature", "PORTING_ORDER_SPLIT_REQUIRED": "must_split",
    "RATE_CENTER_NOT_PORTABLE": "must_split", "FOC_REJECTED": "foc_rejected", "FOC_EXPIRED": "foc_rejected",
    "OSP_IRRESPONSIVE": "losing_carrier_silent",
}
DOCUMENT_SLOT = {"loa": "loa", "bill": "invoice"}


def telnyx_rejection(code: str, description: str) -> Rejection:
    """A Telnyx exception detail on the catalogue; unknown (and retired) codes are `other`."""
    return rejection(REASON.get(code, "other"), code, description or code)


def error_words(answer: Answer) -> str:
    try:
        body = answer.json()
    except TransientCarrierError:
        return answer.text[:200] if not answer.text.lstrip().startswith("<") else ""
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list):
        return ""
    parts = []
    for e in errors[:5]:
        if isinstance(e, dict):
            text = str(e.get("detail") or e.get("title") or "").strip()
            code = e.get("code")
            parts.append(f"{text} ({code})" if code and text else text or str(code or ""))
    return "; ".join(p for p in parts if p)


def _carrier_order(data: dict[str, Any], carrier_id: str, comments: tuple[CarrierNote, ...]) -> CarrierOrder:
    """One Telnyx porting order object (from a single GET or from the list) in the gateway's terms."""
    status = _dict(data.get("status"))
    raw = str(status.get("value") or "")
    neutral = STATUS.get(raw, Status.PENDING)
    if raw == "draft" and data.get("requirements_met") is False:
        neutral = Status.AWAITING_DOCUMENTS
    details = [_dict(d) for d in status.get("details") or []]
    codes = tuple(str(d.get("code") or "OTHER") for d in details)
    rejections = tuple(telnyx_rejection(str(d.get("code") or "OTHER"), str(d.get("description") or ""))
                       for d in details) if raw == "exception" else ()
    foc = parse_time(_dict(data.get("activation_settings")).get("foc_datetime_actual"))
    numbers = tuple(
        NumberState(e164(str(_dict(n).get("phone_number") or "")),
                    NUMBER_STATUS.get(str(_dict(n).get("porting_order_status") or raw), "pending"))
        for n in data.get("phone_numbers") or [])
    history = (CarrierEvent(parse_time(data.get("updated_at")), raw, "; ".join(f"{c}" for c in codes)),)
    return CarrierOrder(str(data.get("id") or carrier_id), neutral, raw, data.get("customer_reference"),
                        codes, rejections, foc.date() if foc else None, numbers, comments, history,
                        parse_time(data.get("updated_at")))


class TelnyxBearer:
    def __init__(self, key: str) -> None:
        self._key = key

    def headers(self, client: HttpClient) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._key}"}

    def renew(self, client: HttpClient) -> bool:
        return False  # an API key does not expire: a 401 means it was refused


def _data(answer: Answer) -> Any:
    body = answer.json()
    if not isinstance(body, dict) or "data" not in body:
        raise TransientCarrierError("Telnyx answered without the expected 'data'", http_status=answer.status)
    return body["data"]


def _holds(current: Any, wanted: Any) -> bool:
    """Whether Telnyx already holds `wanted` (every key of it, times compared as times)."""
    if isinstance(wanted, dict):
        return isinstance(current, dict) and all(_holds(current.get(k), v) for k, v in wanted.items())
    if isinstance(wanted, str) and isinstance(current, str) and wanted != current:
        a, b = parse_time(wanted), parse_time(current)
        return a is not None and a == b
    return bool(current == wanted)


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _date_header(answer: Answer) -> dt.datetime | None:
    """The provider's clock, from the answer's Date header (RFC 9110: every origin server with a clock sends it)."""
    try:
        when = parsedate_to_datetime((answer.headers.get("date") or "")[:64])
    except (TypeError, ValueError, IndexError):
        return None
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class TelnyxGateway:
    type = "telnyx"

    def __init__(self, connection: Connection, secret: str, **http: Any) -> None:
        self.connection = connection
        self.http = HttpClient(connection.url, provider="Telnyx", redactor=Redactor([secret]),
                               auth=TelnyxBearer(secret), **http)

    def close(self) -> None:
        self.http.close()

    def _call(self, method: str, path: str, doing: str, **kwargs: Any) -> Answer:
        return self.http.check(self.http.request(method, path, **kwargs), error_words, doing=doing)

    # -- credentials and portability --------------------------------------------------------------

    def test_credentials(self) -> str:
        _data(self._call("GET", "/porting_orders", "listing porting orders", params={"page[size]": 1}))
        return "Telnyx accepted the API key"

    def check_portability(self, numbers: Sequence[str]) -> Portability:
        answer = self._call("POST", "/portability_checks", "checking portability",
                            json={"phone_numbers": [e164(n) for n in numbers]})
        portable: list[str] = []
        refused: dict[str, str] = {}
        for item in _data(answer) or []:
            item = _dict(item)
            number = e164(str(item.get("phone_number") or ""))
            if item.get("portable"):
                portable.append(number)
            else:
                refused[number] = str(item.get("not_portable_reason") or "not portable")
        return Portability(tuple(portable), refused)

    # -- sending ----------------------------------------------------------------------------------

    def create(self, order: PortOrder, key: str) -> list[CarrierRef]:
        answer = self._call("POST", "/porting_orders", "creating the porting order",
                            json={"phone_numbers": [e164(n) for n in order.numbers], "customer_reference": key})
        parts = [_dict(p) for p in (_data(answer) or [])]
        refs = [self._ref(p) for p in parts if p.get("id")]
        if not refs:
            raise TransientCarrierError("Telnyx answered the create without an order id")
        for ref in refs:
            self._fill(ref.id, order)
        return refs

    def _ref(self, part: dict[str, Any]) -> CarrierRef:
        numbers = tuple(e164(str(_dict(n).get("phone_number") or "")) for n in part.get("phone_numbers") or [])
        return CarrierRef(str(part["id"]), str(_dict(part.get("status")).get("value") or ""), numbers)

    def _fill(self, carrier_id: str, order: PortOrder) -> None:
        self._call("PATCH", f"/porting_orders/{carrier_id}", "filling in the porting order",
                   json=self.fill_body(order, self._foc_request(carrier_id, order)))

    @staticmethod
    def fill_body(order: PortOrder, foc: dt.datetime | None) -> dict[str, Any]:
        acc, addr = order.account, order.account.service_address
        body: dict[str, Any] = {
            "end_user": {
                "admin": {"entity_name": acc.name, "auth_person_name": acc.authorized_user,
                          "billing_phone_number": e164(acc.btn) if acc.btn else None,
                          "account_number": acc.number, "pin_passcode": acc.pin},
                "location": {"street_address": addr.line1, "extended_address": addr.line2,
                             "locality": addr.city, "administrative_area": addr.state,
                             "postal_code": addr.postal_code, "country_code": addr.country or "US"},
            },
        }
        if order.port_type == "partial":
            misc: dict[str, Any] = {"type": "partial", "remaining_numbers_action": "keep"}
            if order.new_btn:
                misc["new_billing_phone_number"] = e164(order.new_btn)
            body["misc"] = misc
        elif order.port_type == "full":
            body["misc"] = {"type": "full"}  # Telnyx: other misc keys are omitted on a full port
        if foc is not None:
            body["activation_settings"] = {"foc_datetime_requested": foc.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")}
        return body

    def _foc_request(self, carrier_id: str, order: PortOrder) -> dt.datetime | None:
        """The requested FOC moved into one of the order's allowed FOC windows, when Telnyx names them."""
        wanted = requested_datetime(order)
        if wanted is None:
            return None
        answer = self.http.request("GET", f"/porting_orders/{carrier_id}/allowed_foc_windows")
        if answer.status == 404:
            return wanted
        self.http.check(answer, error_words, doing="reading the allowed FOC windows")
        windows = []
        for w in _data(answer) or []:
            start, end = parse_time(_dict(w).get("started_at")), parse_time(_dict(w).get("ended_at"))
            if start and end:
                windows.append((start, end))
        if not windows or any(s <= wanted <= e for s, e in windows):
            return wanted
        later = sorted(s for s, e in windows if e >= wanted)
        return later[0] if later else wanted

    def find(self, key: str, numbers: Sequence[str] = ()) -> list[CarrierRef]:
        answer = self._call("GET", "/porting_orders", "looking up orders by reference",
                            params={"filter[customer_reference]": key, "page[size]": PAGE_SIZE})
        return [self._ref(_dict(p)) for p in (_data(answer) or []) if _dict(p).get("id")]

    def upload_document(self, carrier_id: str, document: OutgoingDocument) -> None:
        answer = self._call("POST", "/documents", f"uploading {document.filename}",
                            files={"file": (document.filename, document.data, document.mime)})
        doc_id = _dict(_data(answer)).get("id")
        if not doc_id:
            raise TransientCarrierError("Telnyx answered the upload without a document id")
        slot = DOCUMENT_SLOT.get(document.kind)
        if slot:
            self._call("PATCH", f"/porting_orders/{carrier_id}", f"linking {document.filename}",
                       json={"documents": {slot: doc_id}})
        else:
            self._call("POST", f"/porting_orders/{carrier_id}/additional_documents", f"linking {document.filename}",
                       json={"additional_documents": [{"document_id": doc_id, "document_type": document.kind}]})

    def submit(self, carrier_id: str, *, accept_charges: bool = False) -> None:
        self._call("POST", f"/porting_orders/{carrier_id}/actions/confirm", "submitting the order")

    def supplement(self, carrier_id: str, order: PortOrder, *, accept_charges: bool = False) -> None:
        """PATCH what differs from the order as Telnyx holds it (omitted keys keep their value): once
        the FOC is confirmed Telnyx takes a new date but refuses any end_user/misc key, even unchanged."""
        current = self._order_data(carrier_id)
        body = self.fill_body(order, self._foc_request(carrier_id, order))
        changed = {key: value for key, value in body.items() if not _holds(current.get(key), value)}
        if changed:
            self._call("PATCH", f"/porting_orders/{carrier_id}", "sending the change (PATCH)", json=changed)
        if _dict(current.get("status")).get("value") == "exception":  # a fixed exception is confirmed again
            self.submit(carrier_id)

    def cancel(self, carrier_id: str) -> None:
        data = self._order_data(carrier_id)
        foc = parse_time(_dict(data.get("activation_settings")).get("foc_datetime_actual"))
        confirmed = _dict(data.get("status")).get("value") == "foc-date-confirmed"
        if confirmed and foc is not None and foc - dt.datetime.now(dt.UTC) < CANCEL_CUTOFF:
            raise PermanentCarrierError(
                f"Telnyx does not cancel through the API within 48 hours of the FOC ({foc:%Y-%m-%d %H:%M} UTC); "
                "call Telnyx porting support")
        self._call("POST", f"/porting_orders/{carrier_id}/actions/cancel", "cancelling the order")

    def add_comment(self, carrier_id: str, text: str) -> None:
        self._call("POST", f"/porting_orders/{carrier_id}/comments", "adding a comment", json={"body": text})

    # -- reading ----------------------------------------------------------------------------------

    def _order_data(self, carrier_id: str) -> dict[str, Any]:
        return _dict(_data(self._call("GET", f"/porting_orders/{carrier_id}", "reading the order")))

    def fetch(self, carrier_id: str, *, notes: bool = True) -> CarrierOrder:
        data = self._order_data(carrier_id)
        comments: tuple[CarrierNote, ...] = ()
        if notes:
            answer = self._call("GET", f"/porting_orders/{carrier_id}/comments", "reading comments",
                                params={"page[size]": PAGE_SIZE})
            comments = tuple(
                CarrierNote(str(c.get("body") or ""), str(c.get("user_type") or "telnyx"), parse_time(c.get("created_at")),
                            str(c.get("id") or "") or None, from_us=c.get("user_type") == "user")
                for c in map(_dict, _data(answer) or []))
        return _carrier_order(data, carrier_id, comments)

    def fetch_many(self, carrier_ids: Sequence[str]) -> dict[str, CarrierOrder]:
        """Many orders read from the order list, 250 a page, instead of one GET each (no comments).

        The list answers the same order objects as a single GET, newest first, so the orders a sync
        follows are on its first pages. Reading stops once every id is found or after a few pages
        more than the ids could fill; ids not found are left for `fetch`. Below BULK_FROM ids single
        reads are cheaper than a page of other orders."""
        wanted = set(carrier_ids)
        found: dict[str, CarrierOrder] = {}
        if len(wanted) < BULK_FROM:
            return found
        budget = -(-len(wanted) // PAGE_SIZE) + 2
        page = 1
        while len(found) < len(wanted) and page <= budget:
            answer = self._call("GET", "/porting_orders", "listing porting orders",
                                params={"page[number]": page, "page[size]": PAGE_SIZE})
            body = answer.json()
            rows = body.get("data") if isinstance(body, dict) else None
            if not isinstance(rows, list):
                raise TransientCarrierError("Telnyx answered the order list without 'data'", http_status=answer.status)
            for row in map(_dict, rows):
                if str(row.get("id")) in wanted:
                    found[str(row["id"])] = _carrier_order(row, str(row["id"]), ())
            total_pages = _dict(body.get("meta")).get("total_pages")
            if not rows or not isinstance(total_pages, int) or page >= total_pages:
                break
            page += 1
        return found

    def carrier_documents(self, carrier_id: str) -> list[IncomingDocument]:
        """None to pull: Telnyx keeps no carrier-made documents on a porting order (its LOA template is a blank form)."""
        return []

    def download_document(self, carrier_id: str, document: IncomingDocument) -> bytes:
        raise PermanentCarrierError(f"{document.filename[:80]}: no carrier document to download here")

    def changes_after(self, mark: dict[str, Any] | None) -> FeedChanges:
        """The orders with an event in `/porting/events` since `mark`, and the new mark (the latest
        event's time, with the ids of the events at that very time so they are not counted again).

        A first mark is Telnyx's own clock (the answer's Date header) less a margin: the event times
        are Telnyx's, and PortDesk's clock may be off from it."""
        at = parse_time(str((mark or {}).get("at") or "")) if mark else None
        if at is None:
            answer = self._call("GET", "/porting/events", "reading porting events", params={"page[size]": 1})
            _data(answer)  # an answer without 'data' is no event log to follow
            said = _date_header(answer) or dt.datetime.now(dt.UTC)
            return FeedChanges(set(), set(), {"at": _iso(said - FIRST_MARK_MARGIN), "seen": [], "now": _iso(said)})
        seen = {str(i) for i in (mark or {}).get("seen") or []}
        changed: set[str] = set()
        commented: set[str] = set()
        latest, at_latest = at, set(seen)
        clock: list[dt.datetime] = []
        for event in self._events(at, clock):
            event_id = str(event.get("id") or "")
            if event_id and event_id in seen:
                continue
            order_id = event.get("porting_order_id") or _dict(event.get("payload")).get("id")
            if order_id:
                changed.add(str(order_id))
                if event.get("event_type") == "porting_order.new_comment":
                    commented.add(str(order_id))
            when = parse_time(event.get("created_at"))
            if when is None or not event_id:
                continue
            if when > latest:
                latest, at_latest = when, {event_id}
            elif when == latest:
                at_latest.add(event_id)
        after: dict[str, Any] = {"at": _iso(latest), "seen": sorted(at_latest)[:MARK_SEEN_MAX]}
        if clock:
            after["now"] = _iso(clock[0])
        return FeedChanges(changed, commented, after)

    def _events(self, since: dt.datetime, clock: list[dt.datetime]) -> Iterator[dict[str, Any]]:
        """The events since `since`, page by page; `clock` gets Telnyx's time of the first answer."""
        page = 1
        while True:
            answer = self._call("GET", "/porting/events", "reading porting events",
                                params={"filter[created_at][gte]": _iso(since), "page[number]": page,
                                        "page[size]": PAGE_SIZE})
            body = answer.json()
            events = body.get("data") if isinstance(body, dict) else None
            if not isinstance(events, list):
                raise TransientCarrierError("Telnyx answered the events without 'data'", http_status=answer.status)
            said = _date_header(answer)
            if said is not None and not clock:
                clock.append(said)
            yield from map(_dict, events)
            total_pages = _dict(body.get("meta")).get("total_pages")
            if not events or not isinstance(total_pages, int) or page >= min(total_pages, MAX_EVENT_PAGES):
                return
            page += 1

    def changed_since(self, since: dt.datetime) -> list[str]:
        stamp = since.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
        found: dict[str, None] = {}
        page = 1
        while True:
            answer = self._call("GET", "/porting/events", "reading porting events",
                                params={"filter[created_at][gte]": stamp, "page[number]": page, "page[size]": PAGE_SIZE})
            body = answer.json()
            events = body.get("data") if isinstance(body, dict) else None
            if not isinstance(events, list):
                raise TransientCarrierError("Telnyx answered the events without 'data'")
            for e in map(_dict, events):
                order_id = e.get("porting_order_id") or _dict(e.get("payload")).get("id")
                if order_id:
                    found[str(order_id)] = None
            total_pages = _dict(body.get("meta")).get("total_pages")
            if not events or not isinstance(total_pages, int) or page >= min(total_pages, 1000):
                break
            page += 1
        return list(found)
