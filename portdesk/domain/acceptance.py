"""Whether a provider takes a file as the bill, by the profile's rules (type and size), in words.

One rule for every door that accepts a bill — Attach bill, the wizard's bill step — so a file is
accepted or refused the same way everywhere; the statement's age is judged by the findings
(BILL_TOO_OLD / BILL_AGE_RISK) that lint, the Checks tab and submit share.
"""

from __future__ import annotations

from portdesk.domain.profiles import Profile

MB = 1024 * 1024


def bill_size_problem(filename: str, size: int, profile: Profile) -> str | None:
    """Why a file of `size` bytes is too big to be this provider's bill copy; None when it fits."""
    limit = profile.bill.max_size_bytes
    if limit and size > limit:
        return f"{filename} is {size / MB:.1f} MB; {profile.name} accepts bills up to {limit / MB:g} MB."
    return None


def bill_type_problem(filename: str, is_pdf: bool, profile: Profile) -> str | None:
    """Why a file is not acceptable as this provider's bill by its type; None when it is."""
    if profile.bill.pdf_only and not is_pdf:
        return f"{filename} is not a PDF; {profile.name} takes the bill copy only as a PDF."
    return None
