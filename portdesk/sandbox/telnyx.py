"""Telnyx API v2 porting orders under `{base}/telnyx/v2`, JSON, `Authorization: Bearer <key>`.

Covers create (an array: split by number type and losing carrier), PATCH (omitted keys keep, null
clears), documents (multipart or base64 JSON) linked by id within 30 minutes, actions/confirm,
actions/cancel (refused within 48 h of the FOC), listing with page[number]/page[size] and the
documented filters (there is no status filter), comments, allowed_foc_windows, /porting/events,
and errors as {"errors": [{code, title, detail, source}]}.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from portdesk.sandbox import judge as J
from portdesk.sandbox import lifecycle as L
from portdesk.sandbox.common import is_e164, iso, number_type, parse_datetime
from portdesk.sandbox.lifecycle import Lifecycle, Port, RuleError
from portdesk.sandbox.wire import BodyError, Request, Response, json_response, read_json

API_KEY = "sandbox"
USER_ID = "5f2c3a1e-7d4b-4c8e-9a61-2b7d0e4f9c33"
CANCEL_CUTOFF = dt.timedelta(hours=48)
DOCUMENT_WINDOW = dt.timedelta(minutes=30)

CODES = {
    J.NAME: "ENTITY_NAME_MISMATCH", J.AUTH_PERSON: "AUTH_PERSON_MISMATCH", J.ADDRESS: "LOCATION_MISMATCH",
    J.ACCOUNT_NUMBER: "ACCOUNT_NUMBER_MISMATCH", J.PIN: "PASSCODE_PIN_INVALID", J.BTN: "BTN_ATN_MISMATCH",
    J.MAIN_BTN: "MAIN_BTN_PORTING", J.PORT_TYPE: "PORT_TYPE_INCORRECT", J.NOT_ON_ACCOUNT: "PHONE_NUMBER_MISMATCH",
    J.NOT_PORTABLE: "PHONE_NUMBER_NOT_PORTABLE", J.FEATURE: "PHONE_NUMBER_HAS_SPECIAL_FEATURE",
    J.PENDING: "LSR_PENDING",
}
STATUS = {
    L.DRAFT: "draft", L.SUBMITTED: "in-process", L.SUPP_PENDING: "in-process", L.PENDING: "submitted",
    L.FOC: "foc-date-confirmed", L.COMPLETED: "ported", L.EXCEPTION: "exception",
    L.CANCEL_PENDING: "cancel-pending", L.CANCELLED: "cancelled",
}
ACTIVATION = {"pending": "Pending", "foc_confirmed": "Activate RDY", "ported": "Active", "rejected": "Conflict",
              "cancelled": "Cancelled"}
_ADMIN = ("account_number", "auth_person_name", "billing_phone_number", "business_identifier", "entity_name",
          "pin_passcode", "tax_identifier")
_LOCATION = ("administrative_area", "country_code", "extended_address", "locality", "postal_code", "street_address")
_REQUIRED = (("end_user", "admin", "entity_name"), ("end_user", "admin", "auth_person_name"),
             ("end_user", "location", "street_address"), ("end_user", "location", "locality"),
             ("end_user", "location", "administrative_area"), ("end_user", "location", "postal_code"))


class TelnyxError(Exception):
    def __init__(self, status: int, code: str, title: str, detail: str, pointer: str | None = None) -> None:
        super().__init__(detail)
        self.status, self.code, self.title, self.detail, self.pointer = status, code, title, detail, pointer
        self.allow: str | None = None

    def response(self) -> Response:
        error: dict[str, Any] = {"code": self.code, "title": self.title, "detail": self.detail}
        if self.pointer:
            error["source"] = {"pointer": self.pointer}
        return json_response(self.status, {"errors": [error]}, {"Allow": self.allow} if self.allow else None)


def _is_text(value: object) -> bool:
    return isinstance(value, str)


# The settings sections a PATCH may carry, each key's type as Telnyx's schema gives it (null clears):
# a wrong type is a 422 with its pointer, as Telnyx answers, never stored and answered back.
_SETTING_TYPES: dict[str, dict[str, tuple[Callable[[object], bool], str]]] = {
    "phone_number_configuration": {
        **{key: (_is_text, "a string or null")
           for key in ("billing_group_id", "connection_id", "emergency_address_id", "messaging_profile_id")},
        "tags": (lambda v: isinstance(v, list) and all(isinstance(t, str) for t in v), "a list of strings"),
    },
    "user_feedback": {
        "user_comment": (_is_text, "a string or null"),
        "user_rating": (lambda v: isinstance(v, int) and not isinstance(v, bool), "an integer or null"),
    },
    "messaging": {"enable_messaging": (lambda v: isinstance(v, bool), "true or false")},
}


def _invalid(detail: str, pointer: str | None = None) -> TelnyxError:
    return TelnyxError(422, "10015", "Invalid value", detail, pointer)


def _not_found(what: str) -> TelnyxError:
    return TelnyxError(404, "10005", "Resource not found", f"{what} was not found.")


@dataclass
class Order:
    port: Port
    carrier: str
    kind: str
    customer_reference: str | None
    customer_group_reference: str | None
    body: dict[str, Any] = field(default_factory=dict)  # the PATCHable part (end_user, misc, documents, …)
    comments: list[dict[str, Any]] = field(default_factory=list)
    support_key: str = ""


@dataclass
class Document:
    id: str
    filename: str
    content_type: str
    size: int
    sha256: str
    customer_reference: str | None
    created_at: dt.datetime
    uploaded: float  # wall-clock seconds: the 30-minute window is the client's time, not the simulation's
    linked: bool = False


def _empty_body() -> dict[str, Any]:
    return {
        "end_user": {"admin": dict.fromkeys(_ADMIN), "location": dict.fromkeys(_LOCATION)},
        "documents": {"invoice": None, "loa": None},
        "activation_settings": {"foc_datetime_requested": None},
        "misc": None,
        "messaging": {"enable_messaging": False},
        "phone_number_configuration": {"billing_group_id": None, "connection_id": None,
                                       "emergency_address_id": None, "messaging_profile_id": None, "tags": []},
        "user_feedback": {"user_comment": None, "user_rating": None},
        "webhook_url": None,
    }


def _merge(target: dict[str, Any], patch: dict[str, Any]) -> None:
    """Telnyx PATCH: keys left out keep their value, null clears, objects merge key by key."""
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


class TelnyxDialect:
    prefix = "/telnyx/v2"

    def __init__(self, life: Lifecycle) -> None:
        self.life = life
        self.orders: dict[str, Order] = {}
        self.documents: dict[str, Document] = {}
        self.events: list[dict[str, Any]] = []
        life.listeners.append(self._on_change)

    # transport ----------------------------------------------------------------------------------
    def server_error(self) -> Response:
        return TelnyxError(500, "10007", "Unexpected error", "An unexpected error occurred.").response()

    def throttled(self, retry_after: int) -> Response:
        answer = TelnyxError(429, "10011", "Too many requests",
                             "You have exceeded the rate limit; retry after the time in Retry-After.").response()
        answer.headers.update({"Retry-After": str(retry_after), "x-ratelimit-limit": "400",
                               "x-ratelimit-remaining": "0", "x-ratelimit-reset": str(retry_after)})
        return answer

    def handle(self, req: Request) -> Response:
        auth = req.header("Authorization") or ""
        if auth.strip() != f"Bearer {API_KEY}":
            return TelnyxError(401, "10009", "Authentication failed",
                               "The API key in the Authorization header is missing or was not recognised.").response()
        try:
            return self._route(req)
        except TelnyxError as exc:
            return exc.response()
        except BodyError as exc:
            return _invalid(str(exc)).response()

    def _route(self, req: Request) -> Response:
        parts = req.segments
        m = req.method
        if parts == ["porting_orders"]:
            if m == "POST":
                return self._create(req)
            if m == "GET":
                return self._list(req)
        elif parts == ["porting", "events"] and m == "GET":
            return self._list_events(req)
        elif parts == ["porting_orders", "exception_types"] and m == "GET":
            return json_response(200, {"data": [{"code": c, "description": c.replace("_", " ").capitalize()}
                                                for c in sorted(set(CODES.values()) | {"OTHER"})]})
        elif parts == ["documents"] and m == "POST":
            return self._upload(req)
        elif len(parts) == 2 and parts[0] == "documents" and m == "GET":
            return json_response(200, {"data": self._document_json(self._document(parts[1]))})
        elif parts == ["documents"] and m == "GET":
            docs = sorted(self.documents.values(), key=lambda d: d.created_at, reverse=True)
            return self._page(req, docs, self._document_json)
        elif len(parts) >= 2 and parts[0] == "porting_orders":
            rest = parts[2:]
            if (tuple(rest), m) not in _ORDER_CALLS:
                raise self._not_allowed(req, sorted(mm for r, mm in _ORDER_CALLS if r == tuple(rest)))
            order = self._order(parts[1], changing=m != "GET")
            if not rest:
                if m == "GET":
                    return self._one(order, 200)
                if m == "PATCH":
                    return self._patch(order, req)
                if m == "DELETE":
                    return self._delete(order)
            elif rest == ["actions", "confirm"] and m == "POST":
                return self._confirm(order)
            elif rest == ["actions", "cancel"] and m == "POST":
                return self._cancel(order)
            elif rest == ["comments"] and m == "GET":
                return self._page(req, order.comments)
            elif rest == ["comments"] and m == "POST":
                return self._comment(order, req)
            elif rest == ["allowed_foc_windows"] and m == "GET":
                return self._foc_windows(order)
        known = {("porting_orders",): ["GET", "POST"], ("documents",): ["GET", "POST"],
                 ("porting", "events"): ["GET"], ("porting_orders", "exception_types"): ["GET"]}
        allowed = known.get(tuple(parts)) or (["GET"] if len(parts) == 2 and parts[0] == "documents" else [])
        if allowed:
            raise self._not_allowed(req, allowed)
        raise TelnyxError(404, "10005", "Resource not found", f"{m} {req.path[:80]} is not a Telnyx porting call.")

    @staticmethod
    def _not_allowed(req: Request, allowed: list[str]) -> TelnyxError:
        if not allowed:
            return TelnyxError(404, "10005", "Resource not found", f"{req.path[:80]} is not a Telnyx porting call.")
        error = TelnyxError(405, "10006", "Method not allowed", f"{req.method[:10]} is not allowed here.")
        error.allow = ", ".join(allowed)
        return error

    # orders -------------------------------------------------------------------------------------
    def _order(self, order_id: str, changing: bool = False) -> Order:
        order = self.orders.get(order_id)
        if order is None:
            if changing:  # Telnyx's spec documents 422, not 404, for a change it cannot make
                raise TelnyxError(422, "10005", "Resource not found", f"Porting order {order_id[:40]!r} does not exist.",
                                  "/id")
            raise _not_found(f"Porting order {order_id[:40]!r}")
        return order

    def _create(self, req: Request) -> Response:
        body = read_json(req)
        if not isinstance(body, dict):
            raise _invalid("The request body must be a JSON object.")
        numbers = body.get("phone_numbers")
        if not isinstance(numbers, list) or not numbers:
            raise _invalid("phone_numbers must be a non-empty list of +E.164 numbers.", "/phone_numbers")
        for i, number in enumerate(numbers):
            if not is_e164(number):
                raise _invalid(f"{str(number)[:40]!r} is not a +E.164 phone number.", f"/phone_numbers/{i}")
        ref = body.get("customer_reference")
        group = body.get("customer_group_reference")
        if ref is not None and not isinstance(ref, str):
            raise _invalid("customer_reference must be a string.", "/customer_reference")
        if group is not None and not isinstance(group, str):
            raise _invalid("customer_group_reference must be a string.", "/customer_group_reference")
        parts: dict[tuple[str, str], list[str]] = {}
        for number in dict.fromkeys(numbers):  # duplicates once, order kept
            carrier = self.life.world.carrier_of(number) or "Unknown carrier"
            parts.setdefault((number_type(number), carrier), []).append(number)
        created = []
        for (kind, carrier), group_numbers in parts.items():
            port = self.life.create("telnyx", J.OrderFacts(numbers=group_numbers))
            order = Order(port, carrier, kind, ref, group, _empty_body(), support_key=f"sr_{port.id[:6]}")
            self.orders[port.id] = order
            created.append(order)
        if len(created) > 1:
            for order in created:
                self._event("porting_order.split", order, {
                    "from": {"id": created[0].port.id}, "to": {"id": order.port.id},
                    "porting_phone_numbers": [{"id": str(uuid.uuid4())} for _ in order.port.facts.numbers]})
        return json_response(201, {"data": [self._json(order) for order in created]})

    def _list(self, req: Request) -> Response:
        ref = req.arg("filter[customer_reference]")
        group = req.arg("filter[customer_group_reference]")
        contains = req.arg("filter[phone_numbers.phone_number][contains]")
        carrier = req.arg("filter[phone_numbers.carrier_name]")
        misc_type = req.arg("filter[misc.type]")
        rows = [o for o in self.orders.values()
                if (ref is None or o.customer_reference == ref)
                and (group is None or o.customer_group_reference == group)
                and (carrier is None or o.carrier == carrier)
                and (misc_type is None or (o.body.get("misc") or {}).get("type") == misc_type)
                and (contains is None or any(contains in n for n in o.port.facts.numbers))]
        order_by = req.arg("sort[value]", "-created_at")
        if order_by not in ("created_at", "-created_at", "activation_settings.foc_datetime_requested",
                            "-activation_settings.foc_datetime_requested"):
            raise _invalid(f"sort[value] {str(order_by)[:40]!r} is not a sortable field.")
        if order_by.endswith("created_at"):
            rows.sort(key=lambda o: o.port.created_at, reverse=order_by.startswith("-"))
        else:
            rows.sort(key=lambda o: o.body["activation_settings"].get("foc_datetime_requested") or "",
                      reverse=order_by.startswith("-"))
        with_numbers = (req.arg("include_phone_numbers", "true") or "true").lower() != "false"
        return self._page(req, rows, lambda o: self._json(o, with_numbers))

    def _page(self, req: Request, rows: list[Any], render: Any = None) -> Response:
        try:
            number = int(req.arg("page[number]", "1") or "1")
            size = int(req.arg("page[size]", "20") or "20")
        except ValueError:
            raise _invalid("page[number] and page[size] must be whole numbers.") from None
        if number < 1:
            raise _invalid("page[number] must be 1 or more.", None)
        if not 1 <= size <= 250:
            raise _invalid("page[size] must be between 1 and 250.", None)
        chunk = rows[(number - 1) * size: number * size]
        total_pages = max(1, -(-len(rows) // size))
        data = [render(row) for row in chunk] if render else chunk
        return json_response(200, {"data": data, "meta": {"page_number": number, "page_size": size,
                                                          "total_pages": total_pages, "total_results": len(rows)}})

    def _one(self, order: Order, status: int) -> Response:
        return json_response(status, {"data": self._json(order), "meta": {
            "phone_numbers_url": f"/v2/porting_phone_numbers?filter[porting_order_id]={order.port.id}"}})

    def _patch(self, order: Order, req: Request) -> Response:
        body = read_json(req)
        if not isinstance(body, dict):
            raise _invalid("The request body must be a JSON object.")
        self._validate_patch(body)
        state = order.port.state
        changes_order = {k for k in body if k in ("end_user", "misc", "documents")}
        if state in L.FINAL or state == L.CANCEL_PENDING:
            raise _invalid(f"A porting order in status {STATUS[state]!r} cannot be edited.")
        if changes_order and state not in (L.DRAFT, L.EXCEPTION):
            raise _invalid(f"Only the FOC date can change once an order is {STATUS[state]!r}; "
                           "end_user, misc and documents are fixed until an exception.")
        for kind in ("loa", "invoice"):
            doc_id = (body.get("documents") or {}).get(kind)
            if doc_id is not None:
                self._link(doc_id, f"/documents/{kind}")
        fresh = _empty_body()
        for key in ("end_user", "documents", "activation_settings", "phone_number_configuration", "user_feedback",
                    "messaging"):
            if key in body and body[key] is None:
                body[key] = fresh[key]  # null clears the whole section back to its empty shape
        before = order.body["activation_settings"].get("foc_datetime_requested")
        _merge(order.body, {k: v for k, v in body.items() if k in _empty_body()})
        if "customer_reference" in body:
            order.customer_reference = body["customer_reference"]
        if "customer_group_reference" in body:
            order.customer_group_reference = body["customer_group_reference"]
        facts, requested = self._facts(order)
        if state == L.FOC and order.body["activation_settings"].get("foc_datetime_requested") != before:
            self.life.supplement(order.port, facts, requested, date_only=True)
        else:
            order.port.facts, order.port.requested = facts, requested
        order.port.updated_at = self.life.now()
        return self._one(order, 200)

    def _validate_patch(self, body: dict[str, Any]) -> None:
        for section, keys in (("admin", _ADMIN), ("location", _LOCATION)):
            part = (body.get("end_user") or {}).get(section) if isinstance(body.get("end_user"), dict) else None
            if body.get("end_user") is not None and not isinstance(body.get("end_user"), dict):
                raise _invalid("end_user must be an object.", "/end_user")
            if part is None:
                continue
            if not isinstance(part, dict):
                raise _invalid(f"end_user.{section} must be an object.", f"/end_user/{section}")
            for key, value in part.items():
                if key in keys and value is not None and not isinstance(value, str):
                    raise _invalid(f"end_user.{section}.{key} must be a string or null.", f"/end_user/{section}/{key}")
        settings = body.get("activation_settings")
        if settings is not None:
            if not isinstance(settings, dict):
                raise _invalid("activation_settings must be an object.", "/activation_settings")
            foc = settings.get("foc_datetime_requested")
            if foc is not None and parse_datetime(foc) is None:
                raise _invalid("foc_datetime_requested must be an ISO 8601 date-time.",
                               "/activation_settings/foc_datetime_requested")
        misc = body.get("misc")
        if misc is not None:
            if not isinstance(misc, dict):
                raise _invalid("misc must be an object or null.", "/misc")
            if misc.get("type") not in (None, "full", "partial"):
                raise _invalid("misc.type must be full or partial.", "/misc/type")
            if misc.get("remaining_numbers_action") not in (None, "keep", "disconnect"):
                raise _invalid("misc.remaining_numbers_action must be keep or disconnect.",
                               "/misc/remaining_numbers_action")
            nbtn = misc.get("new_billing_phone_number")
            if nbtn is not None and not isinstance(nbtn, str):
                raise _invalid("misc.new_billing_phone_number must be a string or null.",
                               "/misc/new_billing_phone_number")
        documents = body.get("documents")
        if documents is not None and not isinstance(documents, dict):
            raise _invalid("documents must be an object.", "/documents")
        for section, types in _SETTING_TYPES.items():
            part = body.get(section)
            if part is None:
                continue
            if not isinstance(part, dict):
                raise _invalid(f"{section} must be an object.", f"/{section}")
            for key, (allowed, words) in types.items():
                value = part.get(key)
                if value is not None and not allowed(value):
                    raise _invalid(f"{section}.{key} must be {words}.", f"/{section}/{key}")
        for key in ("customer_reference", "customer_group_reference", "webhook_url"):
            if body.get(key) is not None and not isinstance(body[key], str):
                raise _invalid(f"{key} must be a string.", f"/{key}")

    def _link(self, doc_id: object, pointer: str) -> None:
        doc = self.documents.get(doc_id) if isinstance(doc_id, str) else None
        if doc is not None and not doc.linked and time.monotonic() - doc.uploaded > DOCUMENT_WINDOW.total_seconds():
            del self.documents[doc.id]  # not linked within 30 minutes: Telnyx deleted it
            doc = None
        if doc is None:
            raise _invalid(f"Document {str(doc_id)[:40]!r} does not exist (documents must be linked within "
                           "30 minutes of upload).", pointer)
        doc.linked = True

    def _facts(self, order: Order) -> tuple[J.OrderFacts, dt.datetime | None]:
        admin = order.body["end_user"]["admin"]
        loc = order.body["end_user"]["location"]
        misc = order.body.get("misc") or {}
        facts = J.OrderFacts(
            numbers=list(order.port.facts.numbers), name=admin.get("entity_name"),
            account_number=admin.get("account_number"), pin=admin.get("pin_passcode"),
            btn=admin.get("billing_phone_number"), authorized_user=admin.get("auth_person_name"),
            line1=loc.get("street_address"), line2=loc.get("extended_address"), city=loc.get("locality"),
            state=loc.get("administrative_area"), postal_code=loc.get("postal_code"),
            port_type=misc.get("type"), new_btn=misc.get("new_billing_phone_number"))
        return facts, parse_datetime(order.body["activation_settings"].get("foc_datetime_requested"))

    def _missing(self, order: Order) -> list[str]:
        missing = []
        for path in _REQUIRED:
            value: Any = order.body
            for key in path:
                value = (value or {}).get(key)
            if not value:
                missing.append(".".join(path))
        return missing

    def _confirm(self, order: Order) -> Response:
        state = order.port.state
        if state not in (L.DRAFT, L.EXCEPTION):
            raise _invalid(f"Only a draft or an order in exception can be confirmed; this one is {STATUS[state]!r}.")
        missing = self._missing(order)
        if missing:
            raise _invalid(f"The order cannot be submitted until these are filled: {', '.join(missing)}.")
        facts, requested = self._facts(order)
        order.port.facts, order.port.requested = facts, requested
        self.life.submit(order.port, "Order confirmed" if state == L.DRAFT else "Order resubmitted after a fix")
        return self._one(order, 200)

    def _cancel(self, order: Order) -> Response:
        try:
            self.life.cancel(order.port, self._cutoff)
        except RuleError as exc:
            raise _invalid(f"This porting order cannot be cancelled: {exc}.") from None
        return self._one(order, 200)

    @staticmethod
    def _cutoff(port: Port, now: dt.datetime) -> str | None:
        if port.foc is not None and port.state == L.FOC and port.foc - now < CANCEL_CUTOFF:
            return (f"the FOC date {port.foc:%Y-%m-%d %H:%M} UTC is less than 48 hours away; "
                    "cancel with the losing carrier through Telnyx support")
        return None

    def _delete(self, order: Order) -> Response:
        if order.port.state != L.DRAFT:
            raise _invalid("Only a porting order in draft can be deleted; cancel it instead.")
        del self.orders[order.port.id]
        del self.life.ports[order.port.id]
        return Response(204, b"", None)

    # comments, windows, events ------------------------------------------------------------------
    def _comment(self, order: Order, req: Request) -> Response:
        body = read_json(req)
        text = body.get("body") if isinstance(body, dict) else None
        if not isinstance(text, str) or not text.strip():
            raise _invalid("body must be a non-empty string.", "/body")
        comment = self._add_comment(order, text[:5000], "user")
        return json_response(201, {"data": comment})

    def _add_comment(self, order: Order, text: str, user_type: str) -> dict[str, Any]:
        comment = {"id": str(uuid.uuid4()), "body": text, "porting_order_id": order.port.id,
                   "user_type": user_type, "created_at": iso(self.life.now()), "record_type": "porting_comment"}
        order.comments.append(comment)
        self._event("porting_order.new_comment", order, {"comment": {k: comment[k] for k in (
            "id", "body", "user_type", "created_at")}})
        return comment

    def _foc_windows(self, order: Order) -> Response:
        from portdesk.domain.calendar import add_business_days, is_business_day

        account = order.port.account or self.life.world.account_of(order.port.facts.numbers[0])
        interval = account.min_interval_days if account else 3
        day = add_business_days(self.life.now().date(), interval)
        windows: list[dict[str, Any]] = []
        while len(windows) < 10:
            if is_business_day(day):
                start = dt.datetime.combine(day, dt.time(14, 0), tzinfo=dt.UTC)
                windows.append({"started_at": iso(start), "ended_at": iso(start + dt.timedelta(hours=8)),
                                "record_type": "allowed_foc_window"})
            day += dt.timedelta(days=1)
        return json_response(200, {"data": windows, "meta": {"page_number": 1, "page_size": len(windows),
                                                             "total_pages": 1, "total_results": len(windows)}})

    def _on_change(self, port: Port, state: str) -> None:
        order = self.orders.get(port.id)
        if order is None or port.dialect != "telnyx":
            return
        self._event("porting_order.status_changed", order, {
            "id": port.id, "customer_reference": order.customer_reference or "",
            "status": self._status(order), "support_key": order.support_key, "updated_at": iso(port.updated_at),
            "webhook_url": order.body.get("webhook_url") or ""})
        if state == L.EXCEPTION:
            self._add_comment(order, "Rejected by the losing carrier: " + "; ".join(f.text for f in port.failures),
                              "admin")
        elif state == L.FOC and port.foc:
            self._add_comment(order, f"FOC date confirmed: {port.foc:%Y-%m-%d %H:%M} UTC.", "system")

    def _event(self, kind: str, order: Order, payload: dict[str, Any]) -> None:
        now = iso(self.life.now())
        self.events.append({"id": str(uuid.uuid4()), "event_type": kind, "porting_order_id": order.port.id,
                            "payload": payload, "payload_status": "completed",
                            "available_notification_methods": ["email", "webhook"],
                            "created_at": now, "updated_at": now, "record_type": "porting_event"})

    def _list_events(self, req: Request) -> Response:
        order_id = req.arg("filter[porting_order_id]")
        kind = req.arg("filter[type]")
        gte = parse_datetime(req.arg("filter[created_at][gte]"))
        lte = parse_datetime(req.arg("filter[created_at][lte]"))
        if (req.arg("filter[created_at][gte]") and gte is None) or (req.arg("filter[created_at][lte]") and lte is None):
            raise _invalid("filter[created_at] bounds must be ISO 8601 date-times.")

        def keep(e: dict[str, Any]) -> bool:
            at = parse_datetime(e["created_at"])
            return ((order_id is None or e["porting_order_id"] == order_id) and (kind is None or e["event_type"] == kind)
                    and (gte is None or (at is not None and at >= gte)) and (lte is None or (at is not None and at <= lte)))

        return self._page(req, [e for e in self.events if keep(e)])

    # documents ----------------------------------------------------------------------------------
    def _upload(self, req: Request) -> Response:
        ctype = req.content_type
        ref: str | None = None
        if ctype == "multipart/form-data":
            filename, content, part_type, ref = _multipart_file(req)
        elif ctype == "application/json":
            body = read_json(req)
            if not isinstance(body, dict) or not isinstance(body.get("file"), str):
                raise _invalid("file must be the document's bytes in base64.", "/file")
            try:
                content = base64.b64decode(body["file"], validate=True)
            except ValueError:
                raise _invalid("file is not valid base64.", "/file") from None
            filename = str(body.get("filename") or "document.pdf")[:255]
            part_type = "application/pdf" if filename.lower().endswith(".pdf") else "application/octet-stream"
            ref = body.get("customer_reference") if isinstance(body.get("customer_reference"), str) else None
        else:
            raise _invalid("Upload the document as multipart/form-data (field 'file') or JSON with base64 'file'.")
        if not content:
            raise _invalid("The uploaded file is empty.", "/file")
        doc = Document(str(uuid.uuid4()), filename, part_type, len(content), hashlib.sha256(content).hexdigest(),
                       ref, self.life.now(), time.monotonic())
        self.documents[doc.id] = doc
        return json_response(200, {"data": self._document_json(doc)})

    def _document(self, doc_id: str) -> Document:
        doc = self.documents.get(doc_id)
        if doc is None:
            raise _not_found(f"Document {doc_id[:40]!r}")
        return doc

    @staticmethod
    def _document_json(doc: Document) -> dict[str, Any]:
        data = {"id": doc.id, "record_type": "document", "filename": doc.filename, "content_type": doc.content_type,
                "size": {"amount": doc.size, "unit": "bytes"}, "sha256": doc.sha256, "status": "pending",
                "av_scan_status": "scanned", "created_at": iso(doc.created_at), "updated_at": iso(doc.created_at)}
        if doc.customer_reference is not None:
            data["customer_reference"] = doc.customer_reference
        return data

    # rendering ----------------------------------------------------------------------------------
    def _status(self, order: Order) -> dict[str, Any]:
        port = order.port
        details = []
        if port.state == L.EXCEPTION:
            details = [{"code": CODES.get(f.reason, "OTHER"), "description": f.text} for f in port.failures]
        return {"value": STATUS[port.state], "details": details}

    def _json(self, order: Order, with_numbers: bool = True) -> dict[str, Any]:
        port, body = order.port, order.body
        status = self._status(order)
        met = not self._missing(order) and bool(body["documents"].get("loa"))
        data: dict[str, Any] = {
            "id": port.id, "record_type": "porting_order", "customer_reference": order.customer_reference,
            "customer_group_reference": order.customer_group_reference,
            "description": f"{order.carrier} {order.kind.replace('_', '-')} port",
            "status": status, "support_key": order.support_key if port.state != L.DRAFT else None,
            "parent_support_key": None, "old_service_provider_ocn": order.carrier,
            "phone_number_type": order.kind, "porting_phone_numbers_count": len(port.facts.numbers),
            "requirements": [], "requirements_met": met, "user_id": USER_ID,
            "created_at": iso(port.created_at), "updated_at": iso(port.updated_at),
            "activation_settings": {
                "activation_status": None if port.state != L.COMPLETED else "Active",
                "fast_port_eligible": False,
                "foc_datetime_requested": body["activation_settings"].get("foc_datetime_requested"),
                "foc_datetime_actual": iso(port.foc) if port.state in (L.FOC, L.COMPLETED) else None},
            "end_user": copy.deepcopy(body["end_user"]), "documents": dict(body["documents"]),
            "misc": copy.deepcopy(body.get("misc")),
            "messaging": {"enable_messaging": bool((body.get("messaging") or {}).get("enable_messaging")),
                          "messaging_capable": True, "messaging_port_completed": False,
                          "messaging_port_status": "not_applicable"},
            "phone_number_configuration": copy.deepcopy(body["phone_number_configuration"]),
            "user_feedback": copy.deepcopy(body["user_feedback"]), "webhook_url": body.get("webhook_url"),
        }
        if with_numbers:
            data["phone_numbers"] = [self._number_json(order, n, status["value"]) for n in port.facts.numbers[:50]]
        return data

    def _number_json(self, order: Order, number: str, order_status: str) -> dict[str, Any]:
        own = order.port.number_status.get(number)
        status = "ported" if own == "ported" else order_status
        return {"phone_number": number, "phone_number_type": order.kind, "porting_order_id": order.port.id,
                "porting_order_status": status, "record_type": "porting_phone_number",
                "activation_status": ACTIVATION.get(own or "", "New"),
                "portability_status": "confirmed" if self.life.world.account_of(number) else "provisional",
                "requirements_status": "requirement-info-pending" if order.port.state == L.DRAFT else "approved",
                "support_key": order.support_key}


_ORDER_CALLS = {((), "GET"), ((), "PATCH"), ((), "DELETE"), (("actions", "confirm"), "POST"),
                (("actions", "cancel"), "POST"), (("comments",), "GET"), (("comments",), "POST"),
                (("allowed_foc_windows",), "GET")}


def _multipart_file(req: Request) -> tuple[str, bytes, str, str | None]:
    """The `file` part of a multipart/form-data body (and `customer_reference` if sent)."""
    head = f"Content-Type: {req.header('Content-Type')}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + req.body)
    if not message.is_multipart():
        raise _invalid("The multipart body could not be read (boundary missing?).")
    found: tuple[str, bytes, str] | None = None
    ref = None
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        raw = part.get_payload(decode=True)
        payload = raw if isinstance(raw, bytes) else b""
        if name == "file":
            found = (part.get_filename() or "document.pdf", payload, part.get_content_type())
        elif name == "customer_reference":
            ref = payload.decode("utf-8", "replace")
    if found is None:
        raise _invalid("The multipart body has no 'file' part.", "/file")
    filename, content, ctype = found
    return filename[:255], content, ctype, ref
