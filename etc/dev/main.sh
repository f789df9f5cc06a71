#!/usr/bin/env bash
# The main job: set up, then validate, list and graph every example workflow.
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bash "$top/etc/dev/setup.sh"
export PATH="$top/.venv/bin:$PATH"
cd "$top"
for flow in etc/examples/*/flow.cylc; do
    example="$(dirname "$flow")"
    echo "=== $example"
    cylc validate "$example"
    echo "--- tasks"
    cylc list "$example"
    echo "--- graph (reference format, first cycles)"
    cylc graph --reference "$example"
done
