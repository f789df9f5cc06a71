"""Errors raised while writing or handling jobs."""

from __future__ import annotations

from cylc_flow.exceptions import CylcError, InputError


class JobFileError(CylcError):
    """A job script cannot be written (bad environment name, bad syntax)."""


class JobRunnerError(CylcError):
    """A job runner is unknown or cannot be loaded."""


class JobCommandInputError(InputError):
    """Bad arguments to ``cylc jobs-submit``, ``jobs-poll`` or ``jobs-kill``."""
