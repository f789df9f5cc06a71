"""Cylc: a workflow engine for cycling systems (Cylc 8 compatible)."""

__version__ = "8.6.0"
API = 5  # network API version, as Cylc 8 reports it in the contact file
