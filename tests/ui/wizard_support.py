"""Real adapters for the wizard tests: a SQLite file, the shipped profiles, the real PDF code.

What app.py does for the GUI, done here for the tests (with the synchronous PDF runner).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from portdesk.documents.bill_intake import intake_bill
from portdesk.documents.facts import inspect_document
from portdesk.documents.loa import generate_loa
from portdesk.documents.loa_signing import sign_loa
from portdesk.documents.loa_text import read_loa_text
from portdesk.documents.match import check_bill
from portdesk.documents.render import PdfBillReader
from portdesk.documents.spreadsheet import read_xlsx_rows
from portdesk.documents.summary import generate_summary
from portdesk.domain.documents import DocumentFacts
from portdesk.domain.profiles import load_profiles
from portdesk.services.drafts import DraftService
from portdesk.services.package import PackageService
from portdesk.store.db import make_engine, migrate
from portdesk.store.repos import SqlQueueStore
from portdesk.ui.jobs import JobRunner, SyncJobRunner
from portdesk.ui.wizard.context import WizardAdapters
from tests.sqlite_template import migrated_url

NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)  # a Friday; the sample bill is dated 2026-11-03


def inspect_bytes(kind: str, filename: str, data: bytes) -> DocumentFacts:
    """The documents room measures files by path: hand it the bytes in a temporary file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (Path(filename).name or "document.pdf")
        path.write_bytes(data)
        facts = inspect_document(path, kind)
    facts.path = filename
    return facts


def open_drafts(db_url: str, clock: object = None) -> DraftService:
    engine = make_engine(migrated_url(db_url))  # see tests/sqlite_template.py
    migrate(engine)
    return DraftService(SqlQueueStore(engine), "tester", clock=clock or (lambda: NOW))  # type: ignore[arg-type]


def make_adapters(db_url: str, pdf: JobRunner | None = None, clock: object = None,
                  settings_path: Path | None = None) -> WizardAdapters:
    drafts = open_drafts(db_url, clock)
    return WizardAdapters(
        drafts=drafts,
        profiles=load_profiles(),
        jobs=pdf or SyncJobRunner(),
        inspect_document=inspect_bytes,
        generate_loa=generate_loa,
        sign_loa=sign_loa,
        reader=PdfBillReader(),
        check_bill=check_bill,
        read_spreadsheet=read_xlsx_rows,
        package=PackageService(drafts.store, generate_summary),
        read_loa_text=read_loa_text,
        read_intake=intake_bill,
        settings_path=settings_path,
    )
