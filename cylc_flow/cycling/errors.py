"""Cycling errors more specific than those in :mod:`cylc_flow.exceptions`."""

from __future__ import annotations

from cylc_flow.exceptions import CyclingError, SequenceParsingError


class MissingInitialPointError(CyclingError):
    """Date-time cycling needs an initial cycle point."""

    def __init__(self) -> None:
        super().__init__('This workflow requires an initial cycle point.')


class MissingFinalPointError(SequenceParsingError):
    """A recurrence (or ``$``) needs the final cycle point, which is unset."""


class CyclePointBoundsError(CyclingError):
    """The initial point is after the final point, or breaks a constraint."""


class SequenceDegenerateError(SequenceParsingError):
    """The cycle point format cannot tell two adjacent points apart."""
