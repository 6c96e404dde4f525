"""Composition for the headless commands: database URL → engine → migrated store → services."""

from __future__ import annotations

from portdesk.cli.common import CliError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: a cold `portdesk lint` never needs it (~1.5 ms)
if TYPE_CHECKING:  # imported where used: `lint` and `loa` need the catalogue, not the queue
    from portdesk.services.ports import NewOrderStore
    from portdesk.services.profile_catalogue import ProfileCatalogue
    from portdesk.services.queue import QueueService
    from portdesk.store.repos import SqlQueueStore


def open_queue(db_url: str | None) -> QueueService:
    """The queue on `db_url` (default: settings), upgraded to this PortDesk's schema.

    Any store problem (locked, read-only, not a database, newer schema) becomes a one-line CliError.
    """
    from portdesk.services.queue import QueueService

    return QueueService(_sql_store(db_url))


def _sql_store(db_url: str | None) -> SqlQueueStore:
    from portdesk.platform.settings import DataFolderError, database_url
    from portdesk.store.db import make_engine, migrate
    from portdesk.store.errors import StoreError
    from portdesk.store.repos import SqlQueueStore

    try:
        engine = make_engine(database_url(db_url))
        migrate(engine)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    except DataFolderError as exc:  # already one line in words
        raise CliError(str(exc)) from None
    except Exception as exc:  # a malformed URL, a missing driver: still one clear line
        raise CliError(f"{db_url or database_url()}: cannot open the database ({exc})") from None
    return SqlQueueStore(engine)


def open_import_store(db_url: str | None) -> NewOrderStore:
    """The store `orders import` writes to: on a SQLite file already at this PortDesk's schema, the stdlib
    writer of store/sqlite_import.py (no SQL stack to import: most of a cold import's time); anywhere
    else the queue's own store, opened (and migrated, or refused) as open_queue does."""
    from portdesk.platform.settings import DataFolderError, database_url

    try:
        url = database_url(db_url)
    except DataFolderError as exc:  # already one line in words
        raise CliError(str(exc)) from None
    from portdesk.store.sqlite_import import open_import_store as open_sqlite_import

    return open_sqlite_import(url) or _sql_store(db_url)


def author() -> str:
    """Who the history names for a change made from the command line: the author in settings."""
    from portdesk.platform.settings import Settings

    return Settings.load().author


def open_engine(db_url: str | None):  # type: ignore[no-untyped-def]
    """The migrated engine on `db_url` (default: settings), for stores other than the queue's."""
    from portdesk.platform.settings import database_url
    from portdesk.store.db import make_engine, migrate
    from portdesk.store.errors import StoreError

    try:
        engine = make_engine(database_url(db_url))
        migrate(engine)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    except Exception as exc:  # a malformed URL, a missing driver: still one clear line
        raise CliError(f"{db_url or database_url()}: cannot open the database ({exc})") from None
    return engine


def profile_catalogue(source: str | None = None, *, default_wanted: bool = True) -> ProfileCatalogue:
    """The profile catalogue of this run (shipped + the data folder's profiles/); a command builds it once.

    A headless command refuses a broken override file (exit 2 naming the file and key, `source` the
    file the command was given when there is one); the app shows it once and carries on.
    `default_wanted=False`: the caller names the profile, so the settings file (the configured default)
    is not read; the catalogue's default is then kazoo's.
    """
    from portdesk.platform.data_folder import user_profiles_dir
    from portdesk.services.profile_catalogue import ProfileCatalogue

    default_id = _configured_default() if default_wanted else None
    catalogue = ProfileCatalogue.build(user_profiles_dir(), default_id=default_id)
    if catalogue.problems:
        raise CliError(catalogue.problems[0] if source is None else f"{source}: {catalogue.problems[0]}")
    return catalogue



def _configured_default() -> str:
    from portdesk.platform.settings import Settings

    return Settings.load().default_profile
