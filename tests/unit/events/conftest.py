"""Shared event contexts for the event tests."""

from __future__ import annotations

import pytest

from cylc_flow.events import TaskEventContext, WorkflowEventContext


@pytest.fixture
def workflow_context() -> WorkflowEventContext:
    return WorkflowEventContext(
        workflow='flow/run1',
        uuid='0b1e-uuid',
        host='sched.example.org',
        port=43001,
        owner='alice',
        meta={'title': 'My flow', 'URL': 'https://example.org/flow',
              'rating': 'five stars'},
    )


@pytest.fixture
def task_context(workflow_context: WorkflowEventContext) -> TaskEventContext:
    return TaskEventContext(
        workflow=workflow_context,
        point='20250101T0000Z',
        name='model',
        submit_num=3,
        try_num=2,
        platform_name='hpc',
        job_runner_name='slurm',
        job_id='98765',
        submit_time='2025-01-01T00:00:01Z',
        start_time='2025-01-01T00:01:00Z',
        finish_time='2025-01-01T00:02:00Z',
        meta={'title': 'The model', 'URL': 'https://example.org/model',
              'importance': 'high'},
    )
