"""Building the Tui tree from GraphQL data."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cylc_flow.cli.info.scan_format import natural_key
from cylc_flow.tui.filters import TaskFilter, WorkflowFilter
from cylc_flow.tui.model import (
    CYCLE,
    FAMILY,
    JOB,
    JOB_INFO,
    LOADING,
    MESSAGE,
    NOT_RUNNING,
    TASK,
    WORKFLOW,
    build_tree,
    state_totals,
    workflow_name,
)

from .sample_data import W, loaded_workflow


def outline(node, depth=0):
    """``kind:label`` lines, indented, for the whole tree."""
    lines = []
    for child in node.children:
        label = child.data.get('name') or child.data.get('cyclePoint') or child.id
        if child.kind == JOB:
            label = child.data['submitNum']
        if child.kind in (JOB_INFO, MESSAGE):
            label = child.data.get('text', 'info')
        lines.append(f'{"  " * depth}{child.kind}:{label}')
        lines += outline(child, depth + 1)
    return lines


def test_tree_nests_cycles_families_tasks_and_jobs_in_natural_order():
    root = build_tree([loaded_workflow()])
    assert outline(root) == [
        'workflow:flow',
        '  cycle:2',
        '    family:FAM',
        '      family:SUB',
        '        task:baz',
        '      task:bar',
        '        job:1',
        '          job_info:info',
        '    task:foo',
        '      job:2',
        '        job_info:info',
        '      job:1',
        '        job_info:info',
        '  cycle:10',
        '    family:FAM',
        '      task:bar',
        '    task:foo',
    ]


def test_node_ids_and_workflow_names_are_kept_for_commands():
    root = build_tree([loaded_workflow()])
    flow = root.children[0]
    assert (flow.kind, flow.id, flow.workflow) == (WORKFLOW, W, 'flow')
    cycle = flow.children[0]
    assert (cycle.kind, cycle.id, cycle.relative_id) == (CYCLE, f'{W}//2', '2')
    task = root.find(f'{W}//2/foo')
    assert task is not None and task.kind == TASK
    assert task.relative_id == '2/foo' and task.workflow == 'flow'
    assert root.find(f'{W}//2/FAM').kind == FAMILY


def test_stopped_and_unloaded_workflows_get_one_message_row():
    root = build_tree([
        {'id': '~me/b', 'name': 'b', 'status': 'stopped'},
        {'id': '~me/a', 'name': 'a', 'status': 'running'},
        {'id': '~me/c', 'name': 'c', 'status': 'running',
         '_message': 'Error - boom'},
    ])
    assert outline(root) == [
        'workflow:a', f'  message:{LOADING}',
        'workflow:b', f'  message:{NOT_RUNNING}',
        'workflow:c', '  message:Error - boom',
    ]


def test_state_filter_prunes_empty_families_and_cycles():
    root = build_tree([loaded_workflow()], TaskFilter(frozenset({'running'})))
    assert outline(root) == [
        'workflow:flow', '  cycle:2', '    task:foo',
        '      job:2', '        job_info:info', '      job:1',
        '        job_info:info',
    ]


def test_name_filter_matches_substring_glob_cycle_id_and_family():
    def tasks(pattern):
        root = build_tree([loaded_workflow()], TaskFilter(name=pattern))
        return sorted(node.relative_id for node in root.walk() if node.kind == TASK)

    assert tasks('BA') == ['10/bar', '2/bar', '2/baz']
    assert tasks('b?r') == ['10/bar', '2/bar']
    assert tasks('10/*') == ['10/bar', '10/foo']
    assert tasks('sub') == ['2/baz']
    assert tasks('nothing') == []


def test_workflow_filter_hides_other_workflows_and_statuses():
    flows = [{'id': '~me/a', 'name': 'a', 'status': 'stopped'},
             {'id': '~me/b', 'name': 'b', 'status': 'paused'}]
    only_b = build_tree(flows, workflow_filter=WorkflowFilter(workflow='b'))
    assert [node.workflow for node in only_b.children] == ['b']
    active = WorkflowFilter()
    active.only_active()
    assert [node.workflow for node in build_tree(flows, None, active).children] == ['b']


def test_task_without_parent_or_cycle_record_still_appears():
    flow = {'id': W, 'name': 'flow', 'status': 'running',
            'taskProxies': [{'id': f'{W}//5/orphan', 'name': 'orphan',
                             'cyclePoint': '5', 'state': 'waiting',
                             'firstParent': None}],
            'familyProxies': [], 'cyclePoints': []}
    assert outline(build_tree([flow])) == ['workflow:flow', '  cycle:5',
                                           '    task:orphan']


def test_natural_key_orders_numbers_numerically():
    points = ['10', '2', '1', '20250101T00Z', 'a10', 'a9']
    assert sorted(points, key=natural_key) == ['1', '2', '10', '20250101T00Z',
                                               'a9', 'a10']


def test_workflow_name_strips_user_and_relative_part():
    assert workflow_name('~me/a/run1//1/foo') == 'a/run1'
    assert workflow_name('a/run1') == 'a/run1'


def test_state_totals_sum_over_workflows_ignoring_zero_and_junk():
    totals = state_totals([{'stateTotals': {'waiting': 2, 'failed': 0}},
                           {'stateTotals': {'waiting': 1, 'running': 'x'}},
                           {'stateTotals': None}])
    assert totals == {'waiting': 3}


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(['id', 'name', 'state', 'cyclePoint',
                                       'firstParent', 'jobs', 'taskProxies',
                                       'familyProxies', 'cyclePoints', 'status',
                                       'submitNum', '_message']),
                      inner, max_size=6),
    max_leaves=20)


@settings(max_examples=100, deadline=None)
@given(st.lists(JSON, max_size=3), st.text(max_size=4))
def test_malformed_data_never_raises(workflows, pattern):
    build_tree(workflows, TaskFilter(name=pattern))


NAMES = st.sampled_from(['root', 'A', 'B', 'C', 'x', 'y'])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(NAMES, NAMES, st.sampled_from(['1', '2'])), max_size=6),
       st.lists(st.tuples(NAMES, NAMES, st.sampled_from(['1', '2', '3'])),
                max_size=6),
       st.booleans())
def test_any_family_parent_links_give_a_finite_tree(families, tasks, filtered):
    from .sample_data import family, proxy

    flow = {'id': W, 'name': 'flow', 'status': 'running',
            'familyProxies': [family(point, name, 'waiting', parent)
                              for name, parent, point in families],
            'taskProxies': [proxy(point, name, 'waiting', parent)
                            for name, parent, point in tasks],
            'cyclePoints': []}
    task_filter = TaskFilter(frozenset({'waiting'})) if filtered else None
    root = build_tree([flow], task_filter)
    seen = [node.id for node in root.walk()]
    assert len(seen) < 100
    shown_tasks = {node.relative_id for node in root.walk() if node.kind == TASK}
    # every task whose family chain reaches a cycle is shown exactly once
    assert len(shown_tasks) == len([node for node in root.walk()
                                    if node.kind == TASK])
