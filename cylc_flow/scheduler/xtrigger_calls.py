"""Call xtrigger functions out of process (``cylc function-run`` style)."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

RUNNER = 'cylc_flow.xtriggers.function_run'


async def call_xtrigger(scheduler: Any, effect: Any) -> tuple[bool, dict]:
    """Run the function in a subprocess; return (satisfied, results)."""
    from cylc_flow.config.xtrigger_spec import render_xtrigger_args

    variables = dict(scheduler._xtrigger_vars(), point=str(effect.point),
                     name=effect.task_name, id=f'{effect.point}/{effect.task_name}')
    try:
        args, kwargs = render_xtrigger_args(effect.declaration, variables)
    except Exception as exc:
        scheduler.log.error(f'xtrigger {effect.label}: {exc}')
        return False, {}
    request = json.dumps({
        'function': effect.declaration.function,
        'args': list(args), 'kwargs': kwargs,
        'workflow_dir': str(scheduler.run_dir),
    })
    process = await asyncio.create_subprocess_exec(
        sys.executable, '-m', RUNNER,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        stdout, stderr = await asyncio.wait_for(
            process.communicate(request.encode()), timeout=600)
    except TimeoutError:
        process.kill()
        scheduler.log.error(f'xtrigger {effect.label} timed out')
        return False, {}
    if process.returncode:
        scheduler.log.error(f'xtrigger {effect.label} failed:'
                            f' {stderr.decode(errors="replace").strip()}')
        return False, {}
    try:
        satisfied, results = json.loads(stdout.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        scheduler.log.error(f'xtrigger {effect.label}: bad result {stdout!r}')
        return False, {}
    scheduler.log.debug(f'xtrigger {effect.signature} -> {satisfied}')
    return bool(satisfied), dict(results or {})
