"""What the bill step says about a file and a date, in words (Qt-free, so it is easy to test)."""

from __future__ import annotations

import datetime as dt

from portdesk.domain.acceptance import bill_size_problem
from portdesk.domain.documents import DocumentFacts
from portdesk.domain.profiles import Profile


def bill_problem(filename: str, data: bytes, facts: DocumentFacts | None, profile: Profile) -> str | None:
    """Why this file cannot be the bill (not a PDF, too large, unreadable), or None when it can."""
    if not data:
        return f"{filename} is empty (0 bytes). Ask the customer for the bill again."
    too_big = bill_size_problem(filename, len(data), profile)
    if too_big:
        return too_big
    if facts is None:
        return None if data[:1024].find(b"%PDF-") >= 0 else f"{filename} is not a PDF."
    if not facts.is_pdf:
        # The measured problem usually says "not a PDF" itself: say it once, with its reason.
        why = (facts.problem or "").removeprefix("not a PDF").strip(" ()") or "whatever its name says"
        return f"{filename} is not a PDF ({why}). Ask for the bill as a PDF."
    if facts.encrypted or not facts.readable:
        why = facts.problem or ("it is password-protected" if facts.encrypted else "it cannot be opened")
        return (f"{filename} cannot be read: {why}. Ask the customer for an unprotected copy "
                "(or print it to PDF) and attach that.")
    return None


def age_text(statement: dt.date, today: dt.date, profile: Profile, found: bool) -> tuple[str, bool]:
    """ "17 days old; 2600Hz accepts bills up to 30 days old", and whether it is at risk or too old."""
    age = (today - statement).days
    origin = "found on the bill" if found else "no date found on the bill: type the statement date"
    rule = profile.bill
    if age < 0:
        return f"{statement:%B %-d, %Y} ({origin}) is in the future: check the date.", True
    text = f"{statement:%B %-d, %Y} ({origin}): {age} day{'s' if age != 1 else ''} old today"
    if not rule.max_age_days:
        return text + f"; {profile.name} sets no age limit.", False
    limit = rule.max_age_days
    if age > limit:
        return text + f". Too old: {profile.name} accepts bills up to {limit} days old. Get the latest one.", True
    if age + rule.review_days > limit:
        return (text + f". {profile.name} accepts up to {limit} days, and the carrier looks at it about "
                f"{rule.review_days} days after submission: submit today or get a newer bill."), True
    return text + f"; {profile.name} accepts bills up to {limit} days old.", False
