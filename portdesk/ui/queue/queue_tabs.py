"""The three queue tabs (Suspended, Progressing, Completed), each a table over its own lazy model.

Tab titles carry the count of orders under the current search; counts and pages are read on the
task runner. The widget remembers the selected order per tab, so a reload (new search, new sort,
an import) puts the selection back when that order is still in the list.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QPoint, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from portdesk.domain.status import Tab
from portdesk.services.queue import QueueRow, QueueService
from portdesk.ui.jobs import JobRunner
from portdesk.ui.queue.columns import COLUMNS, DEFAULT_SORT_COLUMN, STATUS_COLUMN, column_of
from portdesk.ui.queue.queue_model import ORDER_ID_ROLE, STATUS_ROLE, QueueModel
from portdesk.ui.queue.scroll_keeper import ScrollKeeper
from portdesk.ui.widgets import theme
from portdesk.ui.widgets.status_badge import StatusBadgeDelegate

log = logging.getLogger(__name__)
HIDDEN_KEY = "queue/hidden_columns"
# v2: the columns were reordered and two added (carrier, last synced); Qt maps a saved header by column
# number, so an older one would put its widths and order on the wrong columns — it is left unread.
HEADER_KEY = "queue/header_v2_{tab}"
TABS = (Tab.SUSPENDED, Tab.PROGRESSING, Tab.COMPLETED)


class QueueView(QTableView):
    """A tab's table: while its model reads a page into an empty table (the first search of a session
    also loads the SQL stack on the db worker), the empty body says so instead of staying blank."""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if isinstance(model, QueueModel) and model.rowCount() == 0 and model.is_loading():
            painter = QPainter(self.viewport())
            painter.setPen(theme.colour("muted"))
            painter.drawText(self.viewport().rect().adjusted(0, 24, 0, 0),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                             "Searching…" if model.search else "Loading…")
            painter.end()


def _make_view(model: QueueModel, parent: QWidget) -> QTableView:
    view = QueueView(parent)
    view.setObjectName(f"queue-{model.tab.value}")
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setShowGrid(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
    view.setItemDelegateForColumn(STATUS_COLUMN, StatusBadgeDelegate(STATUS_ROLE, view))
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)  # no blank strip right of the last column
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionsMovable(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for i, column in enumerate(COLUMNS):
        header.resizeSection(i, column.width)
        header.setSectionHidden(i, column.hidden)
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    # the indicator first, so turning sorting on does not ask the model for another sort
    header.setSortIndicator(DEFAULT_SORT_COLUMN, Qt.SortOrder.DescendingOrder)
    view.setSortingEnabled(True)
    return view


def fit_columns(view: QTableView) -> None:
    """Each shown column as wide as its title and the rows on screen need, within the column's bounds."""
    header = view.horizontalHeader()
    # the rows on screen, not Qt's default of up to 1,000 loaded rows: asking each of 200 rows' nine
    # cells for their size hint (through the model's Python `data`) was ~40% of the time to the first paint
    header.setResizeContentsPrecision(0)
    for i, column in enumerate(COLUMNS):
        if header.isSectionHidden(i):
            continue
        wanted = max(view.sizeHintForColumn(i), header.sectionSizeHint(i)) + 8
        header.resizeSection(i, max(48, min(wanted, column.max_width)))


class QueueTabs(QWidget):
    order_selected = Signal(object)  # order id, or None when nothing is selected
    order_activated = Signal(int)  # double-click or Enter on a row: open the order
    counts_changed = Signal(object)  # dict[Tab, int]
    load_failed = Signal(object)  # the exception

    def __init__(self, queue: QueueService, jobs: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._queue, self._runner = queue, jobs.lane("db")
        self._search: str | None = None
        self._counts: dict[Tab, int] = {}
        self._count_generation = 0
        self._follow_matches = False
        self._fitted: set[Tab] = set()  # tabs whose columns were sized to their first rows
        self._restored_widths = False  # the coordinator's own widths came from the settings file
        self._settings: QSettings | None = None
        self._pending_ids: set[int] = set()  # changed orders waiting for the next refresh
        self._refreshing = False
        self._applying = False
        self._selected: dict[Tab, int | None] = dict.fromkeys(TABS)
        self._tabs = QTabWidget(self)
        self._tabs.setDocumentMode(True)
        # New port, import, refresh … : whoever owns those actions adds them (the window, the wizard)
        self.toolbar = QToolBar("Queue", self)
        self.toolbar.setObjectName("queue-toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # The row's menu: the window says which actions it offers (resume, bill beside, export, cancel …)
        self.context_actions: Callable[[], Sequence[QAction | None]] = lambda: ()
        self._models: dict[Tab, QueueModel] = {}
        self._views: dict[Tab, QTableView] = {}
        for tab in TABS:
            model = QueueModel(queue, tab, jobs, parent=self)
            view = _make_view(model, self)
            ScrollKeeper(view)
            self._models[tab], self._views[tab] = model, view
            self._tabs.addTab(view, tab.label)
            selection = view.selectionModel()
            selection.selectionChanged.connect(lambda *_a, t=tab: self._on_selection_changed(t))
            model.page_loaded.connect(lambda _n, t=tab: self._on_page_loaded(t))
            model.page_loaded.connect(lambda _n, v=view: v.viewport().update())  # an empty page: no "Searching…"
            model.load_failed.connect(lambda _e, v=view: v.viewport().update())
            model.load_failed.connect(self.load_failed)
            view.activated.connect(lambda index: self._on_activated(index))
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(lambda pos, v=view, t=tab: self._on_row_menu(t, v, pos))
            header = view.horizontalHeader()
            header.customContextMenuRequested.connect(lambda pos, v=view: self._on_header_menu(v, pos))
            header.sortIndicatorChanged.connect(lambda column, order, t=tab: self._on_sort_indicator(t, column, order))
        self._tabs.currentChanged.connect(self._on_current_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self._tabs)

    # -- public ------------------------------------------------------------------------------
    def model(self, tab: Tab) -> QueueModel:
        return self._models[tab]

    def view(self, tab: Tab) -> QTableView:
        return self._views[tab]

    def current_tab(self) -> Tab:
        return TABS[self._tabs.currentIndex()]

    def set_current_tab(self, tab: Tab) -> None:
        self._tabs.setCurrentIndex(TABS.index(tab))

    def tab_title(self, tab: Tab) -> str:
        return self._tabs.tabText(TABS.index(tab))

    def counts(self) -> dict[Tab, int]:
        return dict(self._counts)

    def current_order_id(self) -> int | None:
        return self._selected[self.current_tab()]

    def follow_selection(self, slot: Callable[[int | None], object]) -> None:
        """Call `slot` with the selected order now and on every change: a tool installed after the first
        rows were shown (app.py installs them then) starts from the order already on show."""
        self.order_selected.connect(slot)
        slot(self.current_order_id())

    def start(self) -> None:
        """First load: every tab's first page and the counts."""
        for model in self._models.values():
            model.reload()
        self.refresh_counts()

    def set_search(self, text: str | None) -> None:
        self._search = (text or "").strip() or None
        for model in self._models.values():
            model.set_search(self._search)
        self._follow_matches = self._search is not None  # once the counts are in: go where the matches are
        self.refresh_counts()

    def reload_all(self) -> None:
        for model in self._models.values():
            model.reload()
        self.refresh_counts()

    def refresh_orders(self, order_ids: Sequence[int]) -> None:
        """Orders changed: one read of their rows and the counts for all three tabs, applied as one batch
        (an order may move between tabs). A burst while a read is under way waits for it and goes next."""
        self._pending_ids.update(order_ids)
        if not self._refreshing:
            self._start_refresh()

    def is_refreshing(self) -> bool:
        return self._refreshing or bool(self._pending_ids)

    def show_new_orders(self, order_ids: list[int]) -> None:
        """New orders (an import) are drafts: show Suspended from the top with the first one selected."""
        if order_ids:
            self._selected[Tab.SUSPENDED] = order_ids[0]
        self._models[Tab.SUSPENDED].reload()
        self.set_current_tab(Tab.SUSPENDED)
        self.refresh_counts()

    def refresh_counts(self) -> None:
        self._count_generation += 1
        generation, search = self._count_generation, self._search
        self._runner.submit(lambda: self._queue.counts(search),
                            lambda counts: self._on_counted(generation, counts),
                            self.load_failed.emit)

    def select_order(self, order_id: int) -> bool:
        """Select the order in the current tab if it is loaded there."""
        tab = self.current_tab()
        row = self._models[tab].row_of(order_id)
        if row < 0:
            return False
        view = self._views[tab]
        view.selectRow(row)
        view.scrollTo(self._models[tab].index(row, 0))
        return True

    def hidden_columns(self) -> list[str]:
        header = self._views[TABS[0]].horizontalHeader()
        return [c.title for i, c in enumerate(COLUMNS) if header.isSectionHidden(i)]

    def set_column_hidden(self, column: int, hidden: bool) -> None:
        """Show or hide a column in every tab, and remember the choice at once."""
        if not COLUMNS[column].hideable:
            return
        for view in self._views.values():
            view.horizontalHeader().setSectionHidden(column, hidden)
        if self._settings is not None:
            self._settings.setValue(HIDDEN_KEY, self.hidden_columns() or "")
            self._settings.sync()

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(HIDDEN_KEY, self.hidden_columns() or "")
        settings.setValue("queue/current_tab", self.current_tab().value)
        for tab, view in self._views.items():
            settings.setValue(HEADER_KEY.format(tab=tab.value), view.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        self._settings = settings
        for tab, view in self._views.items():
            state = settings.value(HEADER_KEY.format(tab=tab.value))
            # a header saved with other columns (an older PortDesk) is not restored: Qt would map it wrongly
            if isinstance(state, QByteArray) and not state.isEmpty() and view.horizontalHeader().restoreState(state):
                self._restored_widths = True
                header = view.horizontalHeader()
                # the restored indicator is the sort to use: tell the model before its first page
                self._models[tab].set_sort(header.sortIndicatorSection(), header.sortIndicatorOrder(),
                                           reload=False)
        hidden = settings.value(HIDDEN_KEY)
        if hidden is not None:  # the coordinator chose: that wins over the defaults and any header state
            chosen = {str(t) for t in ([hidden] if isinstance(hidden, str) else hidden) if t}
            for i, column in enumerate(COLUMNS):
                for view in self._views.values():
                    view.horizontalHeader().setSectionHidden(i, column.hideable and column.title in chosen)
        with contextlib.suppress(ValueError):
            self.set_current_tab(Tab(str(settings.value("queue/current_tab", Tab.SUSPENDED.value))))

    # -- a row's menu and activation ----------------------------------------------------------
    def row_menu(self) -> QMenu:
        """The actions the window offers for the selected order (disabled ones show their reason)."""
        menu = QMenu(self)
        menu.setObjectName("queue-row-menu")
        menu.setToolTipsVisible(True)
        for action in self.context_actions():
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        return menu

    def _on_row_menu(self, tab: Tab, view: QTableView, pos: QPoint) -> None:
        index = view.indexAt(pos)
        if not index.isValid():
            return
        view.selectRow(index.row())  # the menu is about the row under the pointer
        self._on_selection_changed(tab)
        menu = self.row_menu()
        if menu.actions():
            menu.popup(view.viewport().mapToGlobal(pos))

    def _on_activated(self, index: QModelIndex) -> None:
        order_id = index.data(ORDER_ID_ROLE)
        if order_id is not None:
            self.order_activated.emit(int(order_id))

    # -- the header --------------------------------------------------------------------------
    def header_menu(self, view: QTableView) -> QMenu:
        """Every column with a tick; Name and Status always stay."""
        header = view.horizontalHeader()
        menu = QMenu(self)
        menu.setObjectName("queue-columns-menu")
        for i, column in enumerate(COLUMNS):
            action = menu.addAction(column.title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(i))
            action.setEnabled(column.hideable)
            action.toggled.connect(lambda shown, i=i: self.set_column_hidden(i, not shown))
        menu.addSeparator()
        fit = menu.addAction("Fit columns to their contents")
        fit.triggered.connect(lambda: [fit_columns(v) for v in self._views.values()])
        return menu

    def _on_header_menu(self, view: QTableView, pos: QPoint) -> None:
        self.header_menu(view).popup(view.horizontalHeader().mapToGlobal(pos))

    def _on_sort_indicator(self, tab: Tab, column: int, _order: Qt.SortOrder) -> None:
        if 0 <= column < len(COLUMNS) and COLUMNS[column].sort_key is None:
            # a column the store cannot sort by: put the indicator back on the sort in use
            key, descending = self._models[tab].sort_key
            header = self._views[tab].horizontalHeader()
            blocked = header.blockSignals(True)
            header.setSortIndicator(column_of(key), Qt.SortOrder.DescendingOrder if descending
                                    else Qt.SortOrder.AscendingOrder)
            header.blockSignals(blocked)

    # -- live rows ---------------------------------------------------------------------------
    def _start_refresh(self) -> None:
        ids, self._pending_ids = sorted(self._pending_ids), set()
        if not ids:
            return
        self._refreshing = True
        search = self._search
        generations = {tab: model.generation for tab, model in self._models.items()}
        self._count_generation += 1
        count_generation = self._count_generation

        def job() -> tuple[list[QueueRow], dict[Tab, int]]:
            return self._queue.rows(ids, search=search), self._queue.counts(search)

        self._runner.submit(job, lambda result: self._on_refreshed(ids, generations, count_generation, result),
                            self._on_refresh_failed)

    def _on_refresh_failed(self, exc: BaseException) -> None:
        self._refreshing = False
        self.load_failed.emit(exc)

    def _on_refreshed(self, ids: list[int], generations: dict[Tab, int], count_generation: int,
                      result: tuple[list[QueueRow], dict[Tab, int]]) -> None:
        self._refreshing = False
        rows, counts = result
        current = self.current_tab()
        selected = self._selected[current]
        old_row = self._models[current].row_of(selected) if selected is not None else -1
        self._applying = True  # rows leaving take their selection with them: decided below, not per signal
        try:
            for tab, model in self._models.items():
                model.apply_rows(ids, rows, generations[tab])
        finally:
            self._applying = False
        if selected is not None and old_row >= 0 and self._models[current].row_of(selected) < 0:
            self._selected_left(current, selected, old_row, {r.id: r for r in rows}.get(selected))
        self._on_counted(count_generation, counts)
        if self._pending_ids:
            self._start_refresh()

    def _selected_left(self, tab: Tab, order_id: int, old_row: int, row: QueueRow | None) -> None:
        """The order on show left the current tab: follow it to its new tab (the detail pane stays on it);
        when it is gone (deleted, or no longer matching the search) select the row that took its place."""
        if row is not None and row.tab is not tab:
            self._settle_left_behind(tab, old_row)
            self._selected[row.tab] = order_id
            self._views[row.tab].clearSelection()
            self.set_current_tab(row.tab)  # tells the detail pane: the same order, in its new tab
            self.select_order(order_id)
            return
        model = self._models[tab]
        if model.rowCount():
            self._views[tab].selectRow(min(old_row, model.rowCount() - 1))
        else:
            self._selected[tab] = None
            self.order_selected.emit(None)

    def _settle_left_behind(self, tab: Tab, old_row: int) -> None:
        """The tab an order was followed out of: the row that took its place is its selection, quietly
        (the detail pane goes with the order), so coming back shows and acts on the row highlighted there."""
        model, view = self._models[tab], self._views[tab]
        self._applying = True
        try:
            if model.rowCount():
                row = min(old_row, model.rowCount() - 1)
                view.selectRow(row)
                self._selected[tab] = model.index(row, 0).data(ORDER_ID_ROLE)
            else:
                view.clearSelection()
                self._selected[tab] = None
        finally:
            self._applying = False

    # -- slots -------------------------------------------------------------------------------
    def _on_counted(self, generation: int, counts: dict[Tab, int]) -> None:
        if generation != self._count_generation:
            return
        self._counts = dict(counts)
        for tab in TABS:
            self._tabs.setTabText(TABS.index(tab), f"{tab.label} ({counts.get(tab, 0):,})")
        if self._follow_matches:
            self._follow_matches = False
            # a search with no match here but matches on another tab: show them rather than an empty table
            if not counts.get(self.current_tab(), 0):
                found = next((t for t in TABS if counts.get(t, 0)), None)
                if found is not None:
                    self.set_current_tab(found)
        self.counts_changed.emit(self.counts())

    def _on_selection_changed(self, tab: Tab) -> None:
        if self._applying:
            return
        rows = self._views[tab].selectionModel().selectedRows()
        order_id = rows[0].data(ORDER_ID_ROLE) if rows else None
        model = self._models[tab]
        if order_id is None and (model.is_loading() or model.rowCount() == 0):
            return  # a reload cleared the selection; _on_page_loaded puts it back
        self._selected[tab] = order_id
        if tab is self.current_tab():
            self.order_selected.emit(order_id)

    def _on_page_loaded(self, tab: Tab) -> None:
        view = self._views[tab]
        if tab is self.current_tab():  # a tab not on show is fitted when it is first shown, to its rows on screen
            self._fit_once(tab)
        if view.selectionModel().hasSelection():
            return
        model = self._models[tab]
        wanted = self._selected[tab]
        row = model.row_of(wanted) if wanted is not None else -1
        if row < 0 and wanted is None and model.rowCount() > 0:
            row = 0  # nothing chosen yet: show the first order rather than an empty pane
        if row >= 0:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            view.selectionModel().setCurrentIndex(model.index(row, 0), flags)
        elif wanted is not None and not model.canFetchMore():
            self._selected[tab] = None
            if tab is self.current_tab():
                self.order_selected.emit(None)

    def _fit_once(self, tab: Tab) -> None:
        if tab not in self._fitted and self._models[tab].rowCount():
            self._fitted.add(tab)
            if not self._restored_widths:
                fit_columns(self._views[tab])

    def _on_current_changed(self, _index: int) -> None:
        self._fit_once(self.current_tab())
        self.order_selected.emit(self._selected[self.current_tab()])
