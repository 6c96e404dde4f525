"""`portdesk loa ORDER.json -o OUT.pdf [--sign-as NAME] [--signature IMAGE] [--today D]`.

Writes the order's Letter of Authorization; with --sign-as it is signed (the image of --signature,
else the name typed in a script font) and carries a signing record. --today sets the signing date
(the time of day is the current one) so a scripted run can date its LOAs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
from pathlib import Path

from portdesk.cli.common import CliError, emit_json, load_order_file, parse_today, read_input_bytes
from portdesk.platform.safe_files import (
    MAX_IMAGE_BYTES,
    FileRefused,
    refuse_unwritable_target,
    write_private_atomically,
)


def _provider_name(args: argparse.Namespace, order_profile: str | None) -> str:
    """--profile, else the order's, else the configured default, else kazoo; exit 2 when unknown."""
    from portdesk.cli.wiring import profile_catalogue
    from portdesk.domain.profiles import ProfileError

    catalogue = profile_catalogue(args.order)
    try:
        profile = catalogue.for_order(order_profile, getattr(args, "profile", None))
        return profile.name or profile.id
    except ProfileError as exc:
        where = "--profile" if getattr(args, "profile", None) else args.order
        raise CliError(f"{where}: {exc}") from None


def _signing_time(today: str | None) -> dt.datetime:
    now = dt.datetime.now().replace(microsecond=0)
    day = parse_today(today) if today else now.date()
    return dt.datetime.combine(day, now.time()).astimezone()  # local offset of that day (DST)


def run_loa(args: argparse.Namespace) -> int:
    from portdesk.documents.loa import render_loa

    order = load_order_file(args.order)
    signer = args.sign_as
    if args.signature and signer is None:
        signer = order.account.authorized_user  # an image alone is signed in the authorized person's name
        if not signer:
            raise CliError(f"{args.order}: --signature needs --sign-as NAME (the order has no authorized person)")
    if signer is not None and not signer.strip():
        raise CliError("--sign-as: the signer's name is empty")
    signed_at = _signing_time(args.today) if signer else None
    png: bytes | None = None
    if signer is not None:
        # Signing needs PyMuPDF; an unsigned LOA is reportlab alone, so it is imported only here.
        from portdesk.documents.loa_signing import SigningError, sign_loa, signature_image_png
    if args.signature:
        raw = read_input_bytes(args.signature, MAX_IMAGE_BYTES, "a signature image")
        try:
            png = signature_image_png(raw)
        except SigningError as exc:
            raise CliError(f"{args.signature}: {exc}") from None
    provider = _provider_name(args, order.profile)
    output = Path(args.output)
    try:
        refuse_unwritable_target(args.output)  # before the work: a folder or a device is refused at once
    except FileRefused as exc:
        raise CliError(str(exc)) from None

    loa = render_loa(order, provider)
    data = loa.data
    if signer and signed_at is not None:
        try:
            data = sign_loa(
                loa.data,
                signer,
                signed_at,
                signature_png=png,
                typed=png is None,
                method="image" if png is not None else None,
            )
        except SigningError as exc:
            raise CliError(f"{args.order}: cannot sign the LOA ({exc})") from None
    try:
        write_private_atomically(args.output, data)  # 0600: an LOA names the account
    except FileRefused as exc:
        raise CliError(str(exc)) from None

    if args.json:
        emit_json(
            {
                "path": str(output),
                "pages": loa.pages,
                "numbers": loa.numbers,
                "signed": signed_at is not None,
                "sha256": hashlib.sha256(data).hexdigest(),
                "unsigned_sha256": hashlib.sha256(loa.data).hexdigest(),
                "signed_at": signed_at.isoformat(timespec="seconds") if signed_at else None,
                "signer": signer,
            }
        )
    else:
        print(output)
    return 0
