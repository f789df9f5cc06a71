"""Mutations on tasks: trigger, set, hold, release, remove, kill, poll."""

from __future__ import annotations

from typing import Any

TASK_COMMANDS = ('trigger', 'set', 'hold', 'release', 'remove', 'kill', 'poll')


def task_command(name: str):
    """The handler of the task command ``name``."""

    def handler(scheduler: Any, args: dict) -> tuple[bool, str]:
        tasks = [str(task) for task in args.get('tasks') or []]
        if not tasks:
            return False, 'give at least one task ID'
        scheduler.post(scheduler.run_task_command, name, tasks, dict(args))
        return True, 'Command queued'

    return handler


HANDLERS = {name: task_command(name) for name in TASK_COMMANDS}
