"""Loading page after page costs work in proportion to the rows loaded, not to their square."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QModelIndex

from portdesk.domain.status import Tab
from portdesk.services.queue import QueueRow, QueueService
from portdesk.ui.queue.queue_model import ORDER_ID_ROLE, QueueModel


class CountingRow(QueueRow):
    """A real row that counts how often anyone reads its id."""

    reads = 0

    def __getattribute__(self, name: str) -> Any:
        if name == "id":
            CountingRow.reads += 1
        return super().__getattribute__(name)


class CountingQueue:
    """The real service, its pages handed out as CountingRows."""

    def __init__(self, queue: QueueService) -> None:
        self._queue = queue

    def page(self, *args: Any, **kwargs: Any) -> Any:
        rows, cursor = self._queue.page(*args, **kwargs)
        fields = [f.name for f in dataclasses.fields(QueueRow)]
        return [CountingRow(*(getattr(r, f) for f in fields)) for r in rows], cursor


def _load_all(model: QueueModel) -> None:
    model.reload()
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())


def test_loading_n_pages_reads_each_row_id_a_bounded_number_of_times(queue, runner, add_orders):
    pages, size = 30, 10
    add_orders(pages * size)
    model = QueueModel(CountingQueue(queue), Tab.SUSPENDED, runner, page_size=size)  # type: ignore[arg-type]
    CountingRow.reads = 0
    _load_all(model)
    assert model.rowCount() == pages * size
    # Rebuilding a set of every loaded id on each page reads ~ size * pages² / 2 ids (4,800 here).
    assert CountingRow.reads <= 3 * pages * size


def test_the_model_still_passes_qtmodeltester_after_many_pages(qtmodeltester, queue, runner, add_orders):
    add_orders(95)
    model = QueueModel(queue, Tab.SUSPENDED, runner, page_size=10)
    _load_all(model)
    qtmodeltester.check(model, force_py=True)
    ids = [model.index(r, 0).data(ORDER_ID_ROLE) for r in range(model.rowCount())]
    assert len(ids) == len(set(ids)) == 95
