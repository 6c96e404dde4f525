"""The demo: its orders and their story (orders.py) and the carriers that play their lives
(sandbox.py). Qt-free; the desktop app seeds and starts it."""
