#!/usr/bin/env bash
# The main job: set up, validate the examples, then install and run the
# forecast example with real background jobs to completion.
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bash "$top/etc/dev/setup.sh"
export PATH="$top/.venv/bin:$PATH"
cd "$top"
for flow in etc/examples/*/flow.cylc; do
    example="$(dirname "$flow")"
    echo "=== validate $example"
    cylc validate "$example"
done
echo "=== graph of etc/examples/pipeline (first cycles)"
cylc graph --reference etc/examples/pipeline
echo "=== install and play etc/examples/forecast"
cd etc/examples/forecast
id="$(cylc install | sed -n 's/^INSTALLED \([^ ]*\) from.*/\1/p')"
cd "$top"
cylc play "$id"
run_dir="$HOME/cylc-run/$id"
while [[ -e "$run_dir/.service/contact" ]]; do
    sleep 1
done
echo "=== $id finished"
grep -E "Workflow shutting down|CRITICAL|ERROR" "$run_dir/log/scheduler/log" || true
python3 - "$run_dir/log/db" <<'PY'
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    'SELECT status, COUNT(*) FROM task_states GROUP BY status').fetchall()
print('task states:', ', '.join(f'{status}={count}' for status, count in rows))
PY
echo "scheduler log: $run_dir/log/scheduler/log"
echo "job logs:      $run_dir/log/job/"
echo "database:      $run_dir/log/db"
