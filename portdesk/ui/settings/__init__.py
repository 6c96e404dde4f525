"""The Settings dialog: one page per file, registered in `pages.PAGES`."""
