#!/usr/bin/env bash
# Set up and run every test: lint, then the pytest suite in parallel.
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bash "$top/etc/dev/setup.sh" tests
bash "$top/etc/dev/services.sh"
export PATH="$top/.venv/bin:$PATH"
cd "$top"
ruff check cylc_flow cylc_uiserver cylc_ui tests bench
workers="${CYLC_TEST_WORKERS:-$(nproc)}"
exec python -m pytest -n "$workers" -p no:cacheprovider "$@" tests
