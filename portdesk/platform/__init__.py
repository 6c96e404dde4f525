"""The process and the machine it runs on: settings and data paths, safe file reads and writes,
log redaction, garbage-collection pauses. Used by every room; imports no room but the domain."""
