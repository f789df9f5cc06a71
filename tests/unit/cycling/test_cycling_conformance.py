"""Cycle points of the conformance workflows, checked against the
reference logs real Cylc 8 wrote for them.

For each task, the points of its graph recurrence between the initial and
final cycle points must be exactly the points it ran at, and its
inter-cycle and absolute triggers must name the parents Cylc 8 listed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from cylc_flow.cycling.context import CyclingContext

SHARED = Path(
    os.environ.get(
        'CYLC_SHARED_DIR', Path(__file__).resolve().parents[4] / 'shared'
    )
)
CONFORMANCE = SHARED / 'conformance'
REC_LINE = re.compile(r"^(\S+)/(\S+) -triggered off \[(.*)\] in flow")


def reference(name: str) -> dict[str, dict[str, list[str]]]:
    """task -> point -> prerequisites, from a workflow's reference.log."""
    path = CONFORMANCE / name / 'reference.log'
    if not path.exists():
        pytest.skip(f'no conformance workflow {name}')
    runs: dict[str, dict[str, list[str]]] = {}
    for line in path.read_text().splitlines():
        match = REC_LINE.match(line)
        if match:
            point, task, prerequisites = match.groups()
            runs.setdefault(task, {})[point] = re.findall(
                r"'([^']+)'", prerequisites
            )
    return runs


def check(context, name, icp_text, fcp_text, recurrences, triggers):
    """Compare the recurrences and triggers with a reference log."""
    runs = reference(name)
    icp = context.resolve_initial_point(icp_text)
    fcp = context.resolve_final_point(fcp_text, icp)
    for task, recurrence in recurrences.items():
        expected: set[str] = set()
        for sequence in context.sequences(recurrence, icp, fcp):
            expected.update(
                point.value for point in sequence.iter_points(icp, fcp)
            )
        assert expected == set(runs[task]), (task, recurrence)
    for task, parent, offset in triggers:
        for point_text, prerequisites in runs[task].items():
            point = context.point(point_text)
            if offset.startswith('^'):
                parent_point = icp
            elif offset.startswith('$'):
                parent_point = fcp
            else:
                parent_point = context.offset_point(point, offset)
            assert f'{parent_point}/{parent}' in prerequisites, (
                task, point_text, prerequisites
            )
    return icp, fcp


def test_integer_recurrences_match_cylc8():
    context = CyclingContext.integer()
    check(
        context, '13-int-recurrences', '1', '9',
        {
            'init': 'R1',
            'tick': 'P1',
            'odd': 'P2',
            'every_third': 'R/+P2/P3',
            'early_even': 'R3/+P1/P2',
            'not_four': 'P3!4',
            'sparse': 'R/P2!(3,7)',
            'near_end': 'R1/7',
            'final': 'R1/$',
        },
        [('tick', 'tick', '-P2'), ('final', 'near_end', '-P2')],
    )


def test_integer_offsets_reach_before_the_initial_point():
    context = CyclingContext.integer()
    runs = reference('13-int-recurrences')
    assert '-1/tick' in runs['tick']['1']
    assert context.offset_point(context.point('1'), '-P2').value == '-1'


def test_iso_pt6h_utc_matches_cylc8():
    context = CyclingContext.iso8601(utc_mode=True)
    icp, _ = check(
        context, '15-iso-pt6h-utc', '20250301T00', '20250302T06',
        {
            'prep': 'R1',
            'obs': 'PT6H',
            'model': 'PT6H',
            'long_fc': 'T00, T12',
            'spinup_done': 'R1/^+PT12H',
            'last_long_check': 'R1/$-PT6H',
            'finish': 'R1/$',
        },
        [('obs', 'prep', '^'), ('model', 'model', '-PT6H'),
         ('finish', 'last_long_check', '-PT6H')],
    )
    assert icp.value == '20250301T0000Z'


def test_min_and_point_format_match_cylc8():
    context = CyclingContext.iso8601(
        utc_mode=True, point_format='CCYY-MM-DDThhZ'
    )
    _, fcp = check(
        context, '18-min-and-point-format', '2025-01-01T12Z', '+P1DT12H',
        {
            'init': 'R1',
            'first_main': 'R1/min(T00, T18)',
            'first_aux': 'R1/min(T06, +PT9H)',
            'tick': 'PT6H',
            'half_day': 'R/min(T00, T06)/PT12H',
            'done': 'R1/$',
        },
        [('tick', 'init', '^'), ('done', 'half_day', '-PT12H'),
         ('done', 'first_main', '2025-01-01T18Z')],
    )
    assert fcp.value == '2025-01-03T00Z'
