"""``cylc play --reference-log`` and ``--reference-test``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

TRIGGERED = re.compile(r'(\S+ -triggered off \[.*\].*?)\s*$')


def triggered_lines(path: Path) -> list[str]:
    """The sorted ``-triggered off`` messages of a log file."""
    found = []
    with open(path, encoding='utf-8', errors='replace') as handle:
        for line in handle:
            if ' -triggered off [' in line:
                match = TRIGGERED.search(line)
                if match:
                    found.append(match.group(1))
    return sorted(found)


def finish_reference(scheduler: Any) -> bool:
    """Write or check the reference log; False if the test failed."""
    scheduler.log.flush()
    log_path = scheduler.log.path
    reference = scheduler.run_dir / 'reference.log'
    if log_path is None:
        return True
    if scheduler.options.reference_log:
        shutil.copyfile(log_path, reference)
        scheduler.log.info(f'reference log written: {reference}')
        return True
    if not reference.is_file():
        scheduler.log.critical(f'reference test: no {reference}')
        return False
    expected = triggered_lines(reference)
    got = triggered_lines(Path(log_path))
    if expected == got:
        scheduler.log.info('Reference test passed')
        return True
    missing = sorted(set(expected) - set(got))
    extra = sorted(set(got) - set(expected))
    scheduler.log.critical(
        f'Reference test failed: {len(missing)} missing, {len(extra)} unexpected'
        + (f'; first missing: {missing[0]}' if missing else '')
        + (f'; first unexpected: {extra[0]}' if extra else ''))
    return False
