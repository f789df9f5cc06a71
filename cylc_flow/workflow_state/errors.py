"""Errors of workflow state queries."""

from __future__ import annotations

from cylc_flow.exceptions import CylcError


class PollingExhaustedError(CylcError):
    """Every poll ran without the condition being met."""
