"""Platform names given as shell command substitutions.

``platform = $(select-platform)`` is evaluated by a shell at job submission,
so the platform cannot be looked up (or checked) before then.  Cylc 8 also
allows a literal prefix or suffix around the substitution
(``$(rose config platform hpc)-bg``).  The backtick form is recognised but
not supported: Cylc 8 asks the user to write ``$()`` instead.
"""

from __future__ import annotations

import re

from cylc_flow.exceptions import PlatformLookupError

_DOLLAR_SUBSHELL = re.compile(r'\$\(.*\)', re.DOTALL)
_BACKTICK_SUBSHELL = re.compile(r'`[^`]*`')


def is_platform_subshell(name: str | None) -> bool:
    """Whether a platform setting is a command substitution.

    True for ``$(cmd)`` and ``` `cmd` ``` forms, with or without a literal
    prefix or suffix.
    """
    if not name:
        return False
    return bool(
        _DOLLAR_SUBSHELL.search(name) or _BACKTICK_SUBSHELL.search(name)
    )


def check_platform_subshell(name: str | None) -> bool:
    """Return True for a ``$(cmd)`` platform setting; reject backticks.

    Raises:
        PlatformLookupError: the setting uses the unsupported backtick form.
    """
    if not name:
        return False
    if _DOLLAR_SUBSHELL.search(name):
        return True
    if _BACKTICK_SUBSHELL.search(name):
        raise PlatformLookupError(
            f'platform = {name}: backticks are not supported; please use $()'
        )
    return False
