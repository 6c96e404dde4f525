"""Secrets in the operating system's keyring: the only room that imports keyring."""
