"""Where the project and its shared files are, and how to run our cylc
(importable by any test module: ``from project_paths import ...``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """The read-only ``shared/`` folder beside the checkout."""
    return Path(os.environ.get('CYLC_SHARED_DIR', REPO.parent / 'shared'))


def cylc_command() -> list[str]:
    """The installed ``cylc`` console script beside this Python."""
    script = Path(sys.executable).parent / 'cylc'
    if script.exists():
        return [str(script)]
    return [sys.executable, '-m', 'cylc_flow.scripts.cylc']
