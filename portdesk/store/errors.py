"""Store errors. The classes shared with callers are defined with the service ports (so the UI and
the services can catch them without importing SQL code) and re-exported here."""

from __future__ import annotations

from portdesk.services.ports import ConcurrentEdit, DocumentNotFound, OrderNotFound, StoreError

__all__ = ["ConcurrentEdit", "DocumentNotFound", "OrderNotFound", "SchemaTooNew", "StoreError"]


class SchemaTooNew(StoreError):
    """The database was migrated by a newer PortDesk: refuse rather than damage it."""

    def __init__(self, where: str, revision: str) -> None:
        super().__init__(
            f"{where}: this database was written by a newer PortDesk (schema revision {revision!r}); "
            "update PortDesk to open it"
        )
        self.revision = revision
