"""The table of built-in ``cylc`` sub-commands, their aliases and dead ends.

Built-in commands are listed here so that dispatch needs no entry-point scan
(``cylc message`` must start fast); they are also registered as entry points in
the ``cylc.command`` group, where plugins add their own.
"""

from __future__ import annotations


class Command:
    """One sub-command: where its ``main`` lives and what it does.

    (A plain class: ``dataclasses`` would add to every command's start-up.)
    """

    __slots__ = ('name', 'summary', 'target')

    def __init__(self, name: str, target: str, summary: str) -> None:
        self.name = name
        self.target = target  # "module:function"
        self.summary = summary


def _table(*rows: tuple[str, str, str]) -> dict[str, Command]:
    return {name: Command(name, target, summary) for name, target, summary in rows}


BUILTIN_COMMANDS: dict[str, Command] = _table(
    ('client', 'cylc_flow.scripts.client:main',
     'Send a raw request (e.g. graphql) to a running workflow.'),
    ('kill', 'cylc_flow.scripts.kill:main',
     'Kill the jobs of active tasks.'),
    ('poll', 'cylc_flow.scripts.poll:main',
     'Poll the jobs of active tasks.'),
    ('workflow-state', 'cylc_flow.scripts.workflow_state:main',
     "Poll a workflow's database for task statuses or outputs."),
    ('hold', 'cylc_flow.scripts.hold:main',
     'Hold tasks: held tasks are not submitted.'),
    ('release', 'cylc_flow.scripts.release:main',
     'Release held tasks.'),
    ('remove', 'cylc_flow.scripts.remove:main',
     'Remove tasks from the active window.'),
    ('set', 'cylc_flow.scripts.set:main',
     'Complete task outputs or satisfy prerequisites.'),
    ('trigger', 'cylc_flow.scripts.trigger:main',
     'Run tasks now, whatever their prerequisites.'),
    ('cat-log', 'cylc_flow.scripts.cat_log:main',
     "Print or list a workflow's scheduler log or a task job's logs."),
    ('clean', 'cylc_flow.scripts.clean:main',
     "Delete an installed workflow's run directory (stopped workflows only)."),
    ('install', 'cylc_flow.scripts.install:main',
     'Install a workflow into ~/cylc-run.'),
    ('message', 'cylc_flow.scripts.message:main',
     'Report task messages (started, succeeded, custom outputs) to the scheduler.'),
    ('pause', 'cylc_flow.scripts.pause:main',
     'Pause a workflow: submit no new jobs.'),
    ('ping', 'cylc_flow.scripts.ping:main',
     'Check that a workflow is running.'),
    ('play', 'cylc_flow.scripts.play:main',
     'Start, restart or resume a workflow.'),
    ('reinstall', 'cylc_flow.scripts.reinstall:main',
     'Reinstall a workflow from its source directory.'),
    ('stop', 'cylc_flow.scripts.stop:main',
     'Stop a running workflow.'),
    ('config', 'cylc_flow.scripts.config:main',
     'Parse and print workflow or global configuration.'),
    ('cycle-point', 'cylc_flow.scripts.cycle_point:main',
     'Cycle point date-time offset computations, and filename templating.'),
    ('graph', 'cylc_flow.scripts.graph:main',
     'Plot the workflow graph, or print it in a reference format.'),
    ('help', 'cylc_flow.scripts.cylc:help_main',
     'Print the main help or the help of a sub-command.'),
    ('jobs-kill', 'cylc_flow.scripts.jobs_kill:main',
     '(Internal) Kill task jobs.'),
    ('jobs-poll', 'cylc_flow.scripts.jobs_poll:main',
     '(Internal) Retrieve status for task jobs.'),
    ('jobs-submit', 'cylc_flow.scripts.jobs_submit:main',
     '(Internal) Submit task jobs.'),
    ('list', 'cylc_flow.scripts.list:main',
     'List tasks and families defined in a workflow.'),
    ('validate', 'cylc_flow.scripts.validate:main',
     'Validate a workflow configuration.'),
    ('version', 'cylc_flow.scripts.version:main',
     'Print the Cylc version.'),
    ('view', 'cylc_flow.scripts.view:main',
     'Print a processed workflow configuration (Jinja2, includes).'),
    ('broadcast', 'cylc_flow.scripts.broadcast:main',
     'Override [runtime] settings in a running workflow.'),
    ('reload', 'cylc_flow.scripts.reload:main',
     'Reload the workflow configuration in a running workflow.'),
    ('ext-trigger', 'cylc_flow.scripts.ext_trigger:main',
     'Report an external event to a running workflow.'),
    ('verbosity', 'cylc_flow.scripts.verbosity:main',
     'Change the logging severity level of a running workflow.'),
    ('scan', 'cylc_flow.scripts.scan:main',
     'List running workflows.'),
    ('show', 'cylc_flow.scripts.show:main',
     'Show workflow or task information (meta, prerequisites, outputs).'),
    ('dump', 'cylc_flow.scripts.dump:main',
     'Print the state of a running workflow.'),
    ('get-workflow-contact', 'cylc_flow.scripts.get_workflow_contact:main',
     "Print a running workflow's contact information."),
    ('get-workflow-version', 'cylc_flow.scripts.get_workflow_version:main',
     'Print the Cylc version of a running workflow.'),
    ('subscribe', 'cylc_flow.scripts.subscribe:main',
     '(Internal) Print the data-store deltas a running workflow publishes.'),
    ('tui', 'cylc_flow.scripts.tui:main',
     'A terminal user interface to view and control workflows.'),
    ('vip', 'cylc_flow.scripts.vip:main',
     'Validate, install and play a workflow.'),
    ('vr', 'cylc_flow.scripts.vr:main',
     'Validate and reinstall a workflow, then reload or play it.'),
)

ALIASES: dict[str, str] = {
    'bcast': 'broadcast',
    'compare': 'diff',
    'cyclepoint': 'cycle-point',
    'cycletime': 'cycle-point',
    'datetime': 'cycle-point',
    'external-trigger': 'ext-trigger',
    'get-contact': 'get-workflow-contact',
    'get-cylc-version': 'get-workflow-version',
    'log': 'cat-log',
    'ls': 'list',
    'shutdown': 'stop',
    'task-message': 'message',
    'suite-state': 'workflow-state',
    'unhold': 'release',
    'validate-install-play': 'vip',
    'validate-reinstall': 'vr',
}

DEAD_ENDS: dict[str, str] = {
    'checkpoint': 'cylc checkpoint has been removed: the database records every change',
    'documentation': 'cylc documentation has been removed: see the Cylc web site',
    'edit': 'cylc edit has been removed: edit flow.cylc with a text editor',
    'insert': 'cylc insert has been removed: use cylc trigger',
    'jobscript': 'cylc jobscript has been removed',
    'monitor': 'cylc monitor has been removed: use cylc tui',
    'nudge': 'cylc nudge has been removed: it is no longer needed',
    'register': 'cylc register has been removed: use cylc install or cylc play',
    'reset': 'cylc reset has been removed: use cylc set',
    'restart': 'cylc restart has been replaced by cylc play',
    'run': 'cylc run has been replaced by cylc play',
    'submit': 'cylc submit has been removed',
    'gscan': 'cylc gscan has been removed: use the web UI (cylc gui)',
    'print': 'cylc print has been removed: use cylc scan --states=all',
    'set-outputs': 'cylc set-outputs has been replaced by cylc set',
}
