"""The demo: its orders and their story (orders.py), the bills they carry (bill_story.py, drawn by
documents/sheet_pdf.py) and the carriers that play their lives (sandbox.py). Qt-free and free of PDF
libraries; the desktop app seeds and starts it."""
