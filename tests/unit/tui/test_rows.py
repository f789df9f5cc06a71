"""Open/closed nodes, visible rows and where the cursor lands."""

from __future__ import annotations

from cylc_flow.tui.model import build_tree
from cylc_flow.tui.rows import Expansion, ancestors_of, closest_focus, visible_rows

from .sample_data import W, loaded_workflow


def labels(rows):
    return [('  ' * row.depth) + row.node.relative_id or row.node.id
            for row in rows]


def test_workflows_start_closed_and_cycles_families_open_tasks_closed():
    root = build_tree([loaded_workflow()])
    expansion = Expansion()
    assert [row.node.id for row in visible_rows(root, expansion)] == [W]
    expansion.set_open(root.children[0], True)
    rows = visible_rows(root, expansion)
    assert [row.node.relative_id for row in rows] == [
        '', '2', '2/FAM', '2/SUB', '2/baz', '2/bar', '2/foo', '10', '10/FAM',
        '10/bar', '10/foo']
    assert [row.depth for row in rows][:5] == [0, 1, 2, 3, 4]
    foo = next(row for row in rows if row.node.relative_id == '2/foo')
    assert foo.expandable and not foo.is_open


def test_opening_a_task_shows_its_jobs_and_closing_a_cycle_hides_it():
    root = build_tree([loaded_workflow()])
    expansion = Expansion({W})
    expansion.set_open(root.find(f'{W}//2/foo'), True)
    expansion.set_open(root.find(f'{W}//10'), False)
    rows = visible_rows(root, expansion)
    ids = [row.node.relative_id for row in rows]
    assert ids[-4:] == ['2/foo', '2/foo/02', '2/foo/01', '10']
    job_row = rows[ids.index('2/foo/02')]
    assert job_row.parent_id == f'{W}//2/foo' and job_row.selectable


def test_message_and_job_info_rows_are_not_selectable():
    root = build_tree([{'id': '~me/a', 'name': 'a', 'status': 'stopped'}])
    rows = visible_rows(root, Expansion({'~me/a'}))
    assert [row.selectable for row in rows] == [True, False]


def test_focus_stays_on_the_same_node_after_an_update():
    root = build_tree([loaded_workflow()])
    rows = visible_rows(root, Expansion({W}))
    position = [row.node.relative_id for row in rows].index('10/bar')
    rows_after = rows[:2] + rows[5:]  # some rows above went away
    assert rows_after[closest_focus(rows_after, rows[position].node.id,
                                    ancestors_of(rows, position), position)
                      ].node.relative_id == '10/bar'


def test_focus_falls_back_to_the_nearest_shown_ancestor():
    root = build_tree([loaded_workflow()])
    rows = visible_rows(root, Expansion({W}))
    position = [row.node.relative_id for row in rows].index('2/baz')
    assert ancestors_of(rows, position) == [f'{W}//2/SUB', f'{W}//2/FAM',
                                            f'{W}//2', W]
    fewer = [row for row in rows if row.node.relative_id not in ('2/baz', '2/SUB')]
    new = closest_focus(fewer, rows[position].node.id,
                        ancestors_of(rows, position), position)
    assert fewer[new].node.relative_id == '2/FAM'


def test_focus_on_empty_rows_is_zero():
    assert closest_focus([], 'x', [], 5) == 0
