"""The words bills print before each account value: shared by bill intake and the viewer's candidates.

Lower case, one word per item, without the colon ("Account Number:" is ("account", "number")). Most
specific first: a reader tries them in order.
"""

from __future__ import annotations

Label = tuple[str, ...]

FIELD_LABELS: dict[str, tuple[Label, ...]] = {
    "account.name": (("account", "name"), ("customer", "name"), ("business", "name"), ("company",),
                     ("company", "name"), ("name", "on", "account"), ("account", "holder")),
    "account.number": (("account", "number"), ("account", "no."), ("account", "#"), ("acct",),
                       ("account", "no"), ("billing", "account", "number"), ("ban",)),
    "account.btn": (("billing", "telephone", "number"), ("btn",), ("main", "number"),
                    ("billing", "telephone", "no."), ("billing", "phone", "number"), ("billing", "number"),
                    ("main", "billing", "number")),
    "account.authorized_user": (("authorized",), ("contact",), ("attention",), ("attn",)),
    "account.service_address.line1": (("service", "address"), ("service", "location")),
    "account.service_address.city": (),
    "account.service_address.state": (),
    "account.service_address.postal_code": (),
    "account.service_address.line2": (),
}

# Headings of address blocks, by what the address is.
SERVICE_ADDRESS_LABELS: tuple[Label, ...] = (
    ("service", "address"), ("service", "location"), ("location", "of", "service"), ("service", "at"),
    ("premises", "address"), ("installation", "address"), ("site", "address"),
)
REMIT_LABELS: tuple[Label, ...] = (
    ("remit",), ("remittance",), ("payment", "address"), ("make", "checks", "payable"),
    ("checks", "payable"), ("send", "payment"), ("send", "payments"), ("mail", "payment"),
    ("mail", "payments"), ("pay", "by", "mail"), ("payable", "to"),
)
MAILING_LABELS: tuple[Label, ...] = (("bill", "to"), ("billing", "address"), ("mailing", "address"), ("sold", "to"))
# The person the bill is addressed to inside a mailing block ("ATTN Jane Doe", "Attention: Jane Doe").
ATTENTION_WORDS = ("attn", "attention")


def fold(word: str) -> str:
    """A bill's word as labels are written: lower case, without the colon after it."""
    return word.casefold().rstrip(":")


def label_at(words: list[str], start: int, labels: tuple[Label, ...]) -> Label | None:
    """The first of `labels` whose words begin at `words[start]` (already folded), else None."""
    for label in labels:
        if tuple(words[start:start + len(label)]) == label:
            return label
    return None
