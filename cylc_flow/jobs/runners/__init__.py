"""Job runners by name: built-ins from a static table, plugins by entry point.

A plugin registers a :class:`~cylc_flow.jobs.runners.base.JobRunner`
subclass (or an instance) in the ``cylc.job_runners`` entry-point group::

    [options.entry_points]
    cylc.job_runners =
        my_runner = my_package.my_runner:MyRunner

Entry points are only scanned for names that are not built in.
"""

from __future__ import annotations

from importlib import import_module

from cylc_flow.jobs.errors import JobRunnerError
from cylc_flow.jobs.runners.base import JobRunner

ENTRY_POINT_GROUP = 'cylc.job_runners'

#: Built-in runners: name -> "module:class".
BUILTIN_RUNNERS: dict[str, str] = {
    'at': 'cylc_flow.jobs.runners.at:AtRunner',
    'background': 'cylc_flow.jobs.runners.background:BackgroundRunner',
}

_INSTANCES: dict[str, JobRunner] = {}


def _instantiate(name: str, found: object) -> JobRunner:
    runner = found() if isinstance(found, type) else found
    if not isinstance(runner, JobRunner):
        raise JobRunnerError(f'job runner {name!r} is not a JobRunner')
    return runner


def _load_target(name: str, target: str) -> JobRunner:
    module_name, _, attribute = target.partition(':')
    try:
        module = import_module(module_name)
        found = getattr(module, attribute)
    except (ImportError, AttributeError) as exc:
        raise JobRunnerError(f'cannot load job runner {name!r}: {exc}') from exc
    return _instantiate(name, found)


def _load_plugin(name: str) -> JobRunner | None:
    from importlib.metadata import entry_points

    for entry in entry_points(group=ENTRY_POINT_GROUP):
        if entry.name == name:
            try:
                found = entry.load()
            except Exception as exc:  # a broken plugin: report, don't crash
                raise JobRunnerError(
                    f'cannot load job runner {name!r}: {exc}'
                ) from exc
            return _instantiate(name, found)
    return None


def get_runner(name: str) -> JobRunner:
    """The job runner called ``name`` (one shared instance per name)."""
    runner = _INSTANCES.get(name)
    if runner is not None:
        return runner
    if name in BUILTIN_RUNNERS:
        runner = _load_target(name, BUILTIN_RUNNERS[name])
    else:
        runner = _load_plugin(name)
    if runner is None:
        raise JobRunnerError(f'unknown job runner: {name!r}')
    _INSTANCES[name] = runner
    return runner

