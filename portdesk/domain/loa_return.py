"""An LOA sent to the customer to sign, and the judgement of the copy that comes back.

When PortDesk sends the unsigned LOA it records a fingerprint of what it sent (`SentLoa`): per page,
a digest of everything outside the signature block (words, vector drawing, images, each with its
place) and of the page's drawing instructions. The documents room measures a returned PDF against
that fingerprint (`ReturnedFacts`); `judge_returned` accepts it only when the LOA's own content is
unchanged and a signature was added in the signature box, and says why in words when it is not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import quote

from portdesk.domain.order import PortOrder

_QUOTE = 80  # at most this much of a user value in a message


def _quote(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= _QUOTE else value[: _QUOTE - 1] + "…"


@dataclass(frozen=True)
class PagePrint:
    """One page as sent: its size, digests of what it shows outside the signature block (words, lines
    and shapes, images, each with its place), and a digest (with length and first bytes, to find it
    again) of its drawing instructions."""

    width: float
    height: float
    text_sha256: str
    drawing_sha256: str
    images_sha256: str
    content_sha256: str
    content_length: int
    content_head: str  # hex of the first bytes of the content


@dataclass(frozen=True)
class SentLoa:
    """What was sent for signature, to whom and when (kept in the order's history)."""

    sha256: str
    size: int
    pages: tuple[PagePrint, ...]
    signer: str
    email: str | None
    sent_at: str  # ISO 8601 with offset
    basis: str  # rules_submission.loa_basis of the order the LOA was written from
    filename: str

    def to_data(self) -> dict[str, Any]:
        data = asdict(self)
        data["pages"] = [asdict(p) for p in self.pages]
        return data

    @classmethod
    def from_data(cls, data: Any) -> SentLoa | None:
        """The record as stored; None when it is not one (an older or damaged history entry)."""
        if not isinstance(data, dict):
            return None
        try:
            pages = tuple(PagePrint(**page) for page in data["pages"])
            return cls(**{**data, "pages": pages})
        except (KeyError, TypeError):
            return None


@dataclass(frozen=True)
class SignatureMark:
    """Something a signer's program adds in the signature box."""

    kind: str  # "digital signature", "ink", "stamp", "typed text", "image", "drawing"
    page: int  # 1-based
    when: str | None = None  # ISO 8601, when the program says when it was made


@dataclass(frozen=True)
class ReturnedFacts:
    """A returned PDF as the documents room measured it against what was sent."""

    readable: bool
    problem: str | None = None  # why it cannot be read, in words
    encrypted: bool = False
    pages: int = 0
    resized_pages: tuple[int, ...] = ()  # 1-based
    changed_pages: tuple[int, ...] = ()  # content outside the signature block differs
    difference: str | None = None  # what differs on the first of them, in words
    drawing_kept: bool = False  # every page's own drawing instructions are there byte for byte
    incremental: bool = False  # the sent file is the start of the returned one (added to, not rewritten)
    marks: tuple[SignatureMark, ...] = ()
    stray: tuple[str, ...] = field(default=())  # annotations or fields outside the signature block
    modified_at: str | None = None  # the file's own modification time, ISO 8601


@dataclass(frozen=True)
class ReturnVerdict:
    accepted: bool
    reason: str  # why it was refused, or how it was proven, in words
    signer: str
    signed_at: str | None = None  # ISO 8601 when the file says; else the caller uses the time it came back
    signature: str = ""  # what the signature is ("ink", "digital signature" …)


def judge_returned(sent: SentLoa, facts: ReturnedFacts, filename: str) -> ReturnVerdict:
    """Is the returned file the LOA PortDesk sent, unchanged, with a signature added?"""
    name = _quote(filename)
    sent_on = sent.sent_at[:10]

    def refuse(why: str) -> ReturnVerdict:
        return ReturnVerdict(False, f"{name} was not accepted: {why}", sent.signer)

    if not facts.readable:
        return refuse(f"it is not a PDF PortDesk can open ({facts.problem or 'unreadable'}).")
    if facts.encrypted:
        return refuse("it is protected with a password. Ask the customer for a copy without one.")
    if facts.pages != len(sent.pages):
        return refuse(f"it has {facts.pages} page(s), and the LOA sent on {sent_on} has {len(sent.pages)}. "
                      "It is another document, or pages were added or removed.")
    if facts.resized_pages:
        return refuse(f"page {facts.resized_pages[0]} is not the size of the page PortDesk sent.")
    if facts.stray:
        return refuse(f"it carries {facts.stray[0]} outside the signature block. Ask the customer to sign in the "
                      "signature box only, without notes or other marks.")
    if facts.changed_pages:
        what = f": {facts.difference}" if facts.difference else ""
        return refuse(f"page {facts.changed_pages[0]} is not the page of the LOA sent on {sent_on} outside the "
                      f"signature block{what}. Only the signature may be added; if the letter must change, "
                      "send it again.")
    if not facts.marks:
        return refuse("no signature was added: the signature box on page 1 is empty. Ask the customer to sign "
                      "it and send it back.")
    mark = facts.marks[0]
    times = sorted(m.when for m in facts.marks if m.when and _after(m.when, sent.sent_at))
    modified = facts.modified_at if _after(facts.modified_at, sent.sent_at) else None
    signed_at = times[-1] if times else modified  # a time from before the LOA was sent is a stale stamp
    kept = ("its own text and drawing are there byte for byte" if facts.drawing_kept
            else "its text, drawing and images outside the signature block are unchanged")
    added = " (the signer's program added to the file without rewriting it)" if facts.incremental else ""
    how = (f"it is the LOA sent on {sent_on}: {kept}{added}; a signature ({mark.kind}) was added in the "
           f"signature box on page {mark.page}.")
    return ReturnVerdict(True, how, sent.signer, signed_at, mark.kind)


def _after(when: str | None, sent_at: str) -> bool:
    if not when:
        return False
    try:
        moment, sent = dt.datetime.fromisoformat(when), dt.datetime.fromisoformat(sent_at)
    except ValueError:
        return False
    if moment.tzinfo is None:  # a PDF date without its offset: read it as UTC
        moment = moment.replace(tzinfo=dt.UTC)
    if sent.tzinfo is None:
        sent = sent.replace(tzinfo=dt.UTC)
    return moment >= sent


# -- the e-mail ----------------------------------------------------------------------------------------
def signer_email(order: PortOrder) -> str | None:
    """The authorised user's e-mail: the contact of that name, else the first contact with an address."""
    wanted = " ".join((order.account.authorized_user or "").lower().split())
    with_email = [c for c in order.contacts if c.email and c.email.strip()]
    for contact in with_email:
        if wanted and " ".join((contact.name or "").lower().split()) == wanted:
            return contact.email.strip() if contact.email else None
    return with_email[0].email.strip() if with_email and with_email[0].email else None


def signature_request_mail(order: PortOrder, sent: SentLoa, provider: str, coordinator: str,
                           file_path: str) -> str:
    """A mailto: link for the coordinator's mail program: to the authorised user, subject and body.

    A mailto link cannot attach a file, so the body's first line names the file to attach."""
    customer = order.account.name or order.display_name()
    count = len(order.numbers)
    subject = f"Please sign: Letter of Authorization for {customer}"
    body = "\n".join([
        f"[Attach this file before sending: {file_path}]",
        "",
        f"Dear {sent.signer or 'customer'},",
        "",
        f"attached is the Letter of Authorization that lets {provider} move "
        f"{count} telephone number{'s' if count != 1 else ''} of {customer} to its service.",
        "",
        "Please check the details, sign in the signature box on page 1 (for example Adobe Acrobat Reader: "
        "Fill & Sign; macOS Preview: Markup, Sign), save the file and send it back in reply to this message.",
        "Please do not change anything else in the letter: we check that it is the letter we sent.",
        "",
        "Thank you,",
        coordinator,
    ])
    to = quote(sent.email or "", safe="@")
    return f"mailto:{to}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"

