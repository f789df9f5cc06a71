"""What a workflow state query looks for, parsed from a Cylc ID.

``workflow//cycle/task:selector``: cycle and task may hold ``*`` wildcards;
the selector (on the task, or on the cycle for every task in it) is

* a task status (``succeeded``, ``failed``...), matched against the latest
  state of each task;
* an output trigger name (``succeeded``, ``x``), with ``is_trigger`` (or, on
  the command line, any selector that is not a status); ``finished`` means
  succeeded or failed;
* an output message, with ``is_message``.

A selector may be quoted (``:"file ready"``) to keep spaces together.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from cylc_flow.core.states import (
    ALL_STATES,
    OUTPUT_FAILED,
    OUTPUT_STARTED,
    OUTPUT_SUBMITTED,
    OUTPUT_SUCCEEDED,
    PREPARING,
    RUNNING,
    SUBMITTED,
    WAITING,
)
from cylc_flow.exceptions import InputError
from cylc_flow.id import Tokens

TASK_STATUSES = frozenset(ALL_STATES)
# Pseudo-output: the task succeeded or failed.
FINISHED_SELECTORS = frozenset({'finished', 'finish'})
FINISHED_OUTPUTS = (OUTPUT_SUCCEEDED, OUTPUT_FAILED)
WILDCARD = '*'

# Statuses that pass too quickly to poll for, and the output to poll instead.
TRANSIENT_STATUSES = {SUBMITTED: OUTPUT_SUBMITTED, RUNNING: OUTPUT_STARTED}
# Statuses with no output at all: a poll may never see them.
UNPOLLABLE_STATUSES = frozenset({WAITING, PREPARING})


class QueryMode(Enum):
    """What the selector is matched against."""

    STATUS = 'status'
    TRIGGER = 'trigger'
    MESSAGE = 'message'


@dataclass(frozen=True, slots=True)
class StateQuery:
    """One parsed query.

    ``workflow`` is the ID as given (``runN`` not yet resolved); ``cycle``
    and ``task`` are None for "any"; ``selector`` None matches any status
    (or, for output queries, any task with outputs).
    """

    workflow: str
    user: str | None
    cycle: str | None
    task: str | None
    selector: str | None
    mode: QueryMode
    offset: str | None = None
    flow_num: int | None = None

    @property
    def is_output_query(self) -> bool:
        """True if the outputs table is searched (trigger or message)."""
        return self.mode is not QueryMode.STATUS

    @property
    def condition(self) -> str:
        """The query written back as an ID, for messages."""
        text = self.workflow
        if self.user:
            text = f'~{self.user}/{text}'
        if self.cycle is not None:
            text += f'//{self.cycle}'
            if self.task is not None:
                text += f'/{self.task}'
        if self.selector is not None:
            text += f':{self.selector}'
        return text


def unquote(text: str) -> str:
    """Strip one pair of matching surrounding quotes (``"a b"`` -> ``a b``)."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in '"\'':
        return text[1:-1]
    return text


def resolve_mode(
    selector: str | None,
    is_trigger: bool,
    is_message: bool,
    infer_trigger: bool,
) -> QueryMode:
    """Decide what the selector means.

    ``infer_trigger`` (the command line): a selector that is not a task
    status is an output trigger.  Otherwise it is an error.
    """
    if is_trigger and is_message:
        raise InputError('a selector cannot be both a trigger and a message')
    if is_message:
        return QueryMode.MESSAGE
    if is_trigger:
        return QueryMode.TRIGGER
    if selector is None or selector in TASK_STATUSES:
        return QueryMode.STATUS
    if infer_trigger:
        return QueryMode.TRIGGER
    raise InputError(f'No such task state "{selector}"')


def check_polling_config(selector: str, mode: QueryMode) -> None:
    """Reject status selectors that a poll cannot see reliably (xtriggers)."""
    if mode is not QueryMode.STATUS:
        return
    if selector not in TASK_STATUSES:
        raise InputError(f'No such task state "{selector}"')
    if selector in UNPOLLABLE_STATUSES:
        raise InputError(f'Cannot poll for the "{selector}" task state')
    if selector in TRANSIENT_STATUSES:
        raise InputError(
            f'Polling for the "{selector}" task status is not reliable as it'
            ' is a transient state: poll for the'
            f' "{TRANSIENT_STATUSES[selector]}" trigger instead'
            ' (is_trigger=True)'
        )


def build_query(
    workflow_task_id: str,
    *,
    default_status: str | None = None,
    is_trigger: bool = False,
    is_message: bool = False,
    infer_trigger: bool = False,
    offset: str | None = None,
    flow_num: int | None = None,
) -> StateQuery:
    """Parse ``workflow//cycle/task:selector`` into a query."""
    if not isinstance(workflow_task_id, str):
        raise InputError(f'invalid ID: {workflow_task_id!r}')
    text = workflow_task_id.strip().rstrip('/')  # completion adds a '/'
    if not text:
        raise InputError(f'invalid ID: {workflow_task_id!r}')
    tokens = Tokens.parse(text)
    if not tokens.workflow:
        raise InputError(f'no workflow in ID: {workflow_task_id}')
    if tokens.workflow_sel:
        raise InputError(
            f'selectors go on the cycle or task, not the workflow:'
            f' {workflow_task_id}'
        )
    if tokens.job is not None:
        raise InputError(f'give a cycle or task ID, not a job: {workflow_task_id}')
    selector = tokens.cycle_sel or tokens.task_sel
    selector = default_status if selector is None else unquote(selector)
    if selector == '':
        raise InputError(f'empty selector in ID: {workflow_task_id}')
    if flow_num is not None and (
        isinstance(flow_num, bool) or not isinstance(flow_num, int)
    ):
        raise InputError(f'flow number must be an integer: {flow_num!r}')
    if offset is not None and not (isinstance(offset, str) and offset.strip()):
        raise InputError(f'invalid offset: {offset!r}')
    return StateQuery(
        workflow=tokens.workflow,
        user=tokens.user,
        cycle=tokens.cycle,
        task=tokens.task,
        selector=selector,
        mode=resolve_mode(selector, is_trigger, is_message, infer_trigger),
        offset=None if offset is None else offset.strip(),
        flow_num=flow_num,
    )
