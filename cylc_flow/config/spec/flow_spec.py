"""The complete flow.cylc spec."""

from __future__ import annotations

from cylc_flow.config.spec.flow_runtime import FLOW_RUNTIME
from cylc_flow.config.spec.flow_scheduler import (
    FLOW_META,
    FLOW_SCHEDULER,
    FLOW_TASK_PARAMETERS,
)
from cylc_flow.config.spec.flow_scheduling import FLOW_SCHEDULING
from cylc_flow.config.spec.model import conf

FLOW_SPEC = conf(
    'flow.cylc',
    'A Cylc workflow configuration.',
    [FLOW_META, FLOW_SCHEDULER, FLOW_TASK_PARAMETERS, FLOW_SCHEDULING,
     FLOW_RUNTIME],
)
