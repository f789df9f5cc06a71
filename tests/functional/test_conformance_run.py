"""Every conformance workflow runs with our scheduler and reproduces real
Cylc 8's triggering record (``../shared/conformance/run_conformance.py``)."""

import subprocess
import sys

import pytest
from project_paths import cylc_command, shared_dir

CONFORMANCE = shared_dir() / 'conformance'


@pytest.mark.slow
def test_all_conformance_workflows_pass(tmp_path, isolated_env):
    workflows = sorted(str(path) for path in CONFORMANCE.glob('[0-9]*')
                       if path.is_dir())
    assert len(workflows) >= 15
    cylc = cylc_command()
    if len(cylc) > 1:
        pytest.fail('the cylc console script is not installed beside python')
    result = subprocess.run(
        [sys.executable, str(CONFORMANCE / 'run_conformance.py'),
         '--conf', str(CONFORMANCE / 'conf'), '--home', str(tmp_path / 'home'),
         cylc[0], *workflows],
        env=isolated_env, capture_output=True, text=True, timeout=900,
        check=False,
    )
    summary = result.stdout.strip().splitlines()[-1:]
    assert result.returncode == 0, result.stdout + result.stderr
    assert summary == [f'{len(workflows)} passed, 0 failed']
