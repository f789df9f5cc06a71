"""Task states (exactly Cylc 8's eight) and the outputs jobs report."""

from __future__ import annotations

WAITING = 'waiting'
EXPIRED = 'expired'
PREPARING = 'preparing'
SUBMIT_FAILED = 'submit-failed'
SUBMITTED = 'submitted'
RUNNING = 'running'
FAILED = 'failed'
SUCCEEDED = 'succeeded'

ALL_STATES = (WAITING, EXPIRED, PREPARING, SUBMIT_FAILED, SUBMITTED, RUNNING,
              FAILED, SUCCEEDED)
ACTIVE_STATES = frozenset({PREPARING, SUBMITTED, RUNNING})
FINAL_STATES = frozenset({EXPIRED, SUBMIT_FAILED, FAILED, SUCCEEDED})

OUTPUT_EXPIRED = 'expired'
OUTPUT_SUBMITTED = 'submitted'
OUTPUT_SUBMIT_FAILED = 'submit-failed'
OUTPUT_STARTED = 'started'
OUTPUT_SUCCEEDED = 'succeeded'
OUTPUT_FAILED = 'failed'

# Outputs implied by a later one (a job that succeeded was submitted and started).
IMPLIED_OUTPUTS: dict[str, tuple[str, ...]] = {
    OUTPUT_STARTED: (OUTPUT_SUBMITTED,),
    OUTPUT_SUCCEEDED: (OUTPUT_SUBMITTED, OUTPUT_STARTED),
    OUTPUT_FAILED: (OUTPUT_SUBMITTED, OUTPUT_STARTED),
}


def format_flows(flow_nums: frozenset[int]) -> str:
    """``1``, ``1,2`` or ``none``, as scheduler log lines print flows."""
    if not flow_nums:
        return 'none'
    return ','.join(str(num) for num in sorted(flow_nums))
