"""The ``echo`` xtrigger: print the arguments, succeed if ``succeed=True``.

Useful to see how xtriggers work: the keyword arguments are the results
(broadcast to dependent tasks as ``<label>_<key>`` environment variables).
"""

from __future__ import annotations

from typing import Any

from cylc_flow.exceptions import WorkflowConfigError


def echo(*args: Any, **kwargs: Any) -> tuple[bool, dict[str, Any]]:
    """Print args and kwargs to stdout; return ``(kwargs['succeed'], kwargs)``."""
    print('echo: ARGS:', args)
    print('echo: KWARGS:', kwargs)
    return kwargs['succeed'], kwargs


def validate(args: dict[str, Any]) -> None:
    """Require ``succeed=True`` or ``succeed=False``.

    With ``(*args, **kwargs)`` the arguments arrive as
    ``{'args': (...), 'kwargs': {...}}``.
    """
    succeed = (args.get('kwargs') or {}).get('succeed')
    if not isinstance(succeed, bool):
        raise WorkflowConfigError("Requires 'succeed=True/False' arg")
