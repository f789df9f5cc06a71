"""Local processes: is a job's process alive, and killing its group.

Jobs run detached, so their parent may be an init process that never
reaps them: a zombie counts as exited.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
from collections.abc import Iterable

_PROC = '/proc'


def _state_from_proc(pid: int) -> str | None:
    """The one-letter state of a process from /proc, or None if gone."""
    try:
        with open(f'{_PROC}/{pid}/stat', 'rb') as handle:
            text = handle.read()
    except OSError:
        return None
    # "pid (command) S ...": the command may contain spaces and brackets.
    closing = text.rfind(b')')
    if closing < 0 or closing + 2 >= len(text):
        return None
    return chr(text[closing + 2])


def _states_from_ps(pids: list[int]) -> dict[int, str]:
    """One-letter states of processes from ``ps`` (those still present)."""
    if not pids:
        return {}
    try:
        proc = subprocess.run(
            ['ps', '-o', 'pid=,stat=', '-p', ','.join(map(str, pids))],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return {}
    states = {}
    for line in proc.stdout.splitlines():
        words = line.split()
        if len(words) >= 2 and words[0].isdigit():
            states[int(words[0])] = words[1][0]
    return states


def alive_process_ids(pids: Iterable[str]) -> set[str]:
    """Which of these process IDs are running (not gone, not zombies)."""
    numbers = {}
    for text in pids:
        try:
            number = int(text)
        except (TypeError, ValueError):
            continue
        if number > 0:
            numbers[number] = text
    if os.path.isdir(_PROC):
        states = {pid: _state_from_proc(pid) for pid in numbers}
    else:
        states = _states_from_ps(list(numbers))
    return {
        numbers[pid]
        for pid, state in states.items()
        if state is not None and state not in 'ZX'
    }


def kill_process_group(pid_text: str, signal_number: int = signal.SIGKILL) -> str:
    """Kill the process group a job leads (or just the process).

    Only a process that leads its own group (as detached jobs do) has its
    whole group killed; never the caller's own group.  Returns an error
    message, or '' on success.
    """
    try:
        pid = int(pid_text)
    except (TypeError, ValueError):
        return f'bad process ID: {pid_text!r}'
    if pid <= 1:
        return f'bad process ID: {pid_text!r}'
    if not alive_process_ids([pid_text]):
        # Gone, or a zombie (which a kill would not fail on).
        return str(ProcessLookupError(errno.ESRCH, os.strerror(errno.ESRCH)))
    try:
        group = os.getpgid(pid)
        if group == pid and group != os.getpgrp():
            os.killpg(group, signal_number)
        else:
            os.kill(pid, signal_number)
    except OSError as exc:
        return str(exc)
    return ''
