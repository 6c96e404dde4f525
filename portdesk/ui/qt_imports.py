"""Modules imported after Qt without PySide6's source scan.

Once Qt is imported, PySide6's import hook asks of every module imported afterwards whether it "uses
PySide" (for `from __feature__ import …`) by reading its whole source with `inspect.getsource`, which
also keeps that source in `linecache`. PortDesk imports the SQL stack, phonenumbers and its own tools
after Qt: the scan cost about 200 ms and 18 MB there. PortDesk selects no `__feature__` anywhere
(tests/ui/test_qt_imports.py holds it to that), and a module whose answer is "no" then behaves exactly
as one whose answer is "yes" (it runs with the feature set last selected, which is none), so the
answer is given without reading the source for every module outside PySide6 itself — PortDesk's own
Qt modules included: reading the ~30 of them before the first paint was ~10 ms of the start.
"""

from __future__ import annotations

import sys
from types import ModuleType

_MAY_USE_FEATURES = ("PySide6",)


def skip_feature_source_scan() -> bool:
    """Answer the hook's question by module name; False when this PySide6 has no such hook."""
    feature = sys.modules.get("shibokensupport.feature")
    scan = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or scan is None or getattr(scan, "portdesk_by_name", False):
        return False

    def uses_pyside(module: ModuleType) -> bool:
        name = getattr(module, "__name__", "")
        return bool(name.startswith(_MAY_USE_FEATURES) and scan(module))

    uses_pyside.portdesk_by_name = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]
    return True
