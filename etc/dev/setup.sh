#!/usr/bin/env bash
# Create .venv in the checkout and install cylc into it (with test extras when
# asked: setup.sh tests).  Safe to run again: it only installs what changed.
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$top"
python="${PYTHON:-python3}"
if [[ ! -x .venv/bin/python ]]; then
    "$python" -m venv .venv
fi
extras=""
if [[ "${1:-}" == "tests" ]]; then
    extras="[tests]"
fi
stamp=".venv/.installed${extras}"
if [[ ! -f "$stamp" || setup.cfg -nt "$stamp" || pyproject.toml -nt "$stamp" ]]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    # compat mode: a plain path entry, not an import hook that every
    # short-lived command (cylc message) would pay for at start-up
    .venv/bin/python -m pip install --quiet -e ".${extras}" \
        --config-settings editable_mode=compat
    touch "$stamp"
fi
# byte-compile once, so that short commands (cylc message) start fast even
# where PYTHONDONTWRITEBYTECODE is set
.venv/bin/python -m compileall -q cylc_flow >/dev/null
