"""The carrier sandbox: KAZOO, Bandwidth and Telnyx on 127.0.0.1, and the losing carriers behind them.

Qt-free and client-free: it is the carriers' counterpart, so it imports nothing from the adapters,
the store or the UI (an import-linter contract holds it to the standard library and the domain).
Only `portdesk sandbox` and the demo import it, never the desktop start-up.
"""
