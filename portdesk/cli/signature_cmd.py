"""`portdesk orders loa-send ID [-o FOLDER]` and `portdesk orders loa-return ID SIGNED.pdf`: the LOA
sent to the customer to sign, and the signed copy taken back (services.signature_requests).

loa-send writes the LOA to sign (into FOLDER, default "LOAs to sign" in the data folder) and prints
it with the e-mail draft as a mailto: link. loa-return exits 1 when the copy is not the LOA that was
sent with a signature added (the reason on stderr), 2 when it cannot be read or nothing was sent.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from portdesk.cli.common import EXIT_FOUND_ERRORS, CliError, emit_json, fail
from portdesk.cli.wiring import author, open_engine, profile_catalogue
from portdesk.platform.safe_files import MAX_DOCUMENT_BYTES, read_regular_file
from portdesk.services.signature_requests import (
    SEND_FOLDER,
    NothingSent,
    ReturnedLoaRefused,
    SignatureRequests,
)
from portdesk.store.errors import StoreError


def _requests(db_url: str | None) -> SignatureRequests:
    from portdesk.app import pdf_adapters
    from portdesk.store.repos import SqlQueueStore

    catalogue = profile_catalogue()

    def write_loa(order):  # type: ignore[no-untyped-def]
        return pdf_adapters.generate_loa(order, catalogue.provider_name(order.profile))

    return SignatureRequests(SqlQueueStore(open_engine(db_url)), author(), write_loa=write_loa,
                             prepare=pdf_adapters.prepare_for_signature, examine=pdf_adapters.examine_returned_loa,
                             provider_name=lambda order: catalogue.provider_name(order.profile))


def run_send(args: argparse.Namespace) -> int:
    from portdesk.platform.settings import data_dir

    folder = Path(args.output) if args.output else data_dir() / SEND_FOLDER
    try:
        out = _requests(args.db).send(args.id, folder)
    except (StoreError, ValueError, OSError) as exc:
        raise CliError(f"order {args.id}: {exc}") from None
    if args.json:
        emit_json({"id": args.id, "file": str(out.path), "mailto": out.mailto, "signer": out.sent.signer,
                   "email": out.sent.email, "sha256": out.sent.sha256, "sent_at": out.sent.sent_at})
    else:
        print(f"LOA to sign: {out.path}")
        print(f"Send it to {out.sent.signer} <{out.sent.email or 'no e-mail on the order'}>; e-mail draft:")
        print(out.mailto)
    return 0


def run_return(args: argparse.Namespace) -> int:
    data = read_regular_file(args.file, MAX_DOCUMENT_BYTES, "the signed LOA")
    try:
        received = _requests(args.db).receive(args.id, data, Path(args.file).name)
    except ReturnedLoaRefused as exc:
        if args.json:
            emit_json({"id": args.id, "accepted": False, "reason": str(exc)})
        return fail(str(exc), EXIT_FOUND_ERRORS)
    except (NothingSent, StoreError) as exc:
        raise CliError(f"order {args.id}: {exc}") from None
    verdict = received.verdict
    if args.json:
        emit_json({"id": args.id, "accepted": True, "signer": verdict.signer, "signed_at": verdict.signed_at,
                   "signed_on": received.signed_on.isoformat(), "signature": verdict.signature,
                   "document_id": received.document.id, "reason": verdict.reason})
    else:
        print(f"Accepted: signed by {verdict.signer} on {received.signed_on.isoformat()}; {verdict.reason}")
    return 0
