"""The Help menu: keyboard shortcuts, the user guide and About."""
