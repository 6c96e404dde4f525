"""`portdesk loa ORDER.json -o OUT.pdf [--sign-as NAME] [--signature IMAGE] [--today D]`.

Writes the order's Letter of Authorization; with --sign-as it is signed (the image of --signature,
else the name typed in a script font) and carries a signing record. --today sets the signing date
(the time of day is the current one) so a scripted run can date its LOAs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import tempfile
from pathlib import Path

from portdesk.cli.common import CliError, emit_json, load_order_file, parse_today, read_input_bytes


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


def _write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so a failed write never leaves half a PDF behind."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise CliError(f"{path}: the folder {folder} does not exist") from None
    except OSError as exc:
        raise CliError(f"{path}: cannot write ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CliError(f"{path}: cannot write ({exc.strerror})") from None


def run_loa(args: argparse.Namespace) -> int:
    from portdesk.documents.loa import render_loa
    from portdesk.documents.loa_signing import SigningError, sign_loa, signature_image_png

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
    if args.signature:
        raw = read_input_bytes(args.signature)
        try:
            png = signature_image_png(raw)
        except SigningError as exc:
            raise CliError(f"{args.signature}: {exc}") from None
    provider = _provider_name(args, order.profile)
    output = Path(args.output)
    if output.is_dir():
        raise CliError(f"{output}: is a folder, not a file")

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
    _write_atomically(output, data)

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
