"""``cylc get-workflow-contact``: a contact file as sorted ``KEY=VALUE``."""

from __future__ import annotations

from pathlib import Path

from cylc_flow.exceptions import CylcError


class ContactUnavailable(CylcError):
    """The workflow has no (readable) contact file: it is not running."""


def contact_lines(workflow_id: str, run_dir: Path) -> list[str]:
    """The contact file's fields, one ``KEY=VALUE`` line each, sorted."""
    from cylc_flow.network.contact import load_contact

    try:
        fields = load_contact(run_dir)
    except CylcError:
        raise ContactUnavailable(
            f'{workflow_id}: cannot get contact info, workflow not running?'
        ) from None
    return [f'{key}={value}' for key, value in sorted(fields.items())]
