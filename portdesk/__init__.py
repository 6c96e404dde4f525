"""PortDesk: a desktop workbench for telecom number-porting coordinators."""

__version__ = "0.1.0"
