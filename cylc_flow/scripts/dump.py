"""cylc dump (placeholder: being written)."""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    from cylc_flow.exceptions import CylcError

    raise CylcError('cylc dump is not available yet')
