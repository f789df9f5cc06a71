"""The ``global.cylc [install]`` settings that installation reads."""

from __future__ import annotations

import os
from typing import Any

DEFAULT_MAX_DEPTH = 4


def _global_config():
    from cylc_flow.config.global_config import GlobalConfig

    return GlobalConfig.get_inst()


def expand_path(text: str | os.PathLike[str]) -> str:
    """Expand ``~``, ``~user`` and ``$VARIABLES`` in a path."""
    return os.path.expanduser(os.path.expandvars(str(text)))


def source_dirs() -> list[str]:
    """``[install]source dirs``: where source names are looked up."""
    return list(_global_config().get(['install', 'source dirs'], ['~/cylc-src']))


def max_depth() -> int:
    """``[install]max depth``: the deepest workflow ID below ``~/cylc-run``."""
    value = _global_config().get(['install', 'max depth'], DEFAULT_MAX_DEPTH)
    return int(value) if value is not None else DEFAULT_MAX_DEPTH


def symlink_dirs_config() -> dict[str, dict[str, Any]]:
    """``[install][symlink dirs]``, by install target."""
    return dict(_global_config().get(['install', 'symlink dirs'], {}) or {})


def localhost_install_target() -> str:
    """The install target of the ``localhost`` platform."""
    target = _global_config().get(['platforms', 'localhost', 'install target'])
    return target or 'localhost'


def localhost_platform() -> dict[str, Any]:
    """The ``localhost`` platform's settings (with defaults)."""
    return dict(_global_config().get(['platforms', 'localhost'], {}) or {})
