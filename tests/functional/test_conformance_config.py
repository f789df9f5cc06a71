"""Every conformance workflow validates, and graphs in the reference format."""

import os

import pytest
from project_paths import shared_dir

CONFORMANCE = shared_dir() / 'conformance'
WORKFLOWS = sorted(
    path for path in CONFORMANCE.glob('[0-9]*') if path.is_dir()
) if CONFORMANCE.is_dir() else []


def test_conformance_workflows_are_present():
    assert len(WORKFLOWS) >= 10, f'no conformance workflows under {CONFORMANCE}'


def _args(workflow):
    import json

    conf = workflow / 'conformance.json'
    if conf.is_file():
        plays = json.loads(conf.read_text()).get('plays') or [[]]
        return list(plays[-1])
    return []


@pytest.mark.parametrize('workflow', WORKFLOWS, ids=lambda p: p.name)
def test_conformance_workflow_validates_and_graphs(workflow, run_cylc):
    env = {'CYLC_CONF_PATH': str(CONFORMANCE / 'conf')}
    args = _args(workflow)
    result = run_cylc('validate', *args, str(workflow), env=env)
    assert result.returncode == 0, result.stderr
    graph = run_cylc('graph', '--reference', *args, str(workflow), env=env)
    assert graph.returncode == 0, graph.stderr
    lines = graph.stdout.splitlines()
    assert 'graph' in lines and lines[-1] == 'stop'
    assert any(line.startswith('node "') for line in lines)
    assert os.path.basename(str(workflow))  # the id is readable


def _reference_triggers(workflow):
    """``(task_id, [prerequisite ids])`` from the reference log."""
    import ast
    import re

    found = []
    pattern = re.compile(r'(\S+) -triggered off (\[.*?\])')
    for line in (workflow / 'reference.log').read_text().splitlines():
        match = pattern.search(line)
        if match:
            found.append((match.group(1), ast.literal_eval(match.group(2))))
    return found


@pytest.mark.parametrize('workflow', WORKFLOWS, ids=lambda p: p.name)
def test_graph_has_every_edge_that_real_cylc_triggered_on(workflow, run_cylc):
    """Every prerequisite real Cylc 8 logged is an edge of our graph."""
    env = {'CYLC_CONF_PATH': str(CONFORMANCE / 'conf')}
    triggers = _reference_triggers(workflow)
    points = sorted({task.split('/')[0] for task, _ in triggers},
                    key=lambda p: (len(p), p))
    graph = run_cylc('graph', '--reference', *_args(workflow), str(workflow),
                     points[0], points[-1], env=env)
    assert graph.returncode == 0, graph.stderr
    edges = {line for line in graph.stdout.splitlines() if line.startswith('edge')}
    nodes = {line.split('"')[1] for line in graph.stdout.splitlines()
             if line.startswith('node')}
    for task, prerequisites in triggers:
        assert task in nodes, f'{task} missing from the graph'
        for prerequisite in prerequisites:
            if prerequisite.split('/')[0] not in points and \
                    prerequisite not in nodes:
                continue  # a pre-initial prerequisite: not drawn
            assert f'edge "{prerequisite}" "{task}"' in edges
