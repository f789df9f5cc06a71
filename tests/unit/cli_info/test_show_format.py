"""cylc show's text: metadata, task state, prerequisites, outputs and
output completion."""
# ruff: noqa: RUF001  (the cross is the character Cylc 8 prints)

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cylc_flow.cli.info.completion_display import (
    completion_lines,
    completion_section,
)
from cylc_flow.cli.info.show_format import (
    list_prerequisites,
    meta_lines,
    state_line,
    task_lines,
    wall_clock_label,
)

OUTPUTS = [{'label': label, 'message': label, 'satisfied': label in done}
           for label, done in (
               ('expired', ()), ('submitted', ('submitted',)),
               ('submit-failed', ()), ('started', ('started',)),
               ('succeeded', ()), ('failed', ()))]


def proxy(**changes) -> dict:
    found = {
        'id': '~me/wf//2000/f', 'name': 'f', 'cyclePoint': '2000',
        'state': 'running', 'isHeld': False, 'isQueued': False,
        'isRunahead': False, 'flowNums': '[1]',
        'task': {'meta': {'title': '', 'description': '', 'URL': '',
                          'userDefined': {}}},
        'prerequisites': [{
            'expression': 'c0 & (c1 | c2)', 'satisfied': True,
            'conditions': [
                {'exprAlias': 'c0', 'taskId': '1999/f', 'reqState': 'succeeded',
                 'satisfied': True},
                {'exprAlias': 'c1', 'taskId': '2000/a', 'reqState': 'succeeded',
                 'satisfied': True},
                {'exprAlias': 'c2', 'taskId': '2000/b', 'reqState': 'x',
                 'satisfied': False},
            ]}],
        'outputs': OUTPUTS, 'externalTriggers': [], 'xtriggers': [],
        'runtime': {'completion': 'succeeded', 'runMode': 'live'},
    }
    found.update(changes)
    return found


def test_meta_lines_put_title_first_and_url_last_with_not_given_blanks():
    meta = {'title': 'Workflow Title', 'description': 'My\nmultiline',
            'URL': '', 'userDefined': {'answer': '42'}}
    assert '\n'.join(meta_lines(meta)).splitlines() == [
        'title: Workflow Title', 'description: My', 'multiline',
        'answer: 42', 'URL: (not given)']


def test_task_lines_match_cylc8_layout():
    assert task_lines(proxy()) == [
        'title: (not given)',
        'description: (not given)',
        'URL: (not given)',
        'state: running',
        "prerequisites: ('⨯': not satisfied)",
        '  ✓ 0 & (1 | 2)',
        '  ✓ \t0 = 1999/f succeeded',
        '  ✓ \t1 = 2000/a succeeded',
        '  ⨯ \t2 = 2000/b x',
        "outputs: ('⨯': not completed)",
        '  ⨯ 2000/f expired',
        '  ✓ 2000/f submitted',
        '  ⨯ 2000/f submit-failed',
        '  ✓ 2000/f started',
        '  ⨯ 2000/f succeeded',
        '  ⨯ 2000/f failed',
        'output completion: incomplete',
        '  ⨯ ┆  succeeded',
    ]


def test_a_single_condition_prerequisite_is_shown_without_its_expression():
    prereq = {'expression': 'c0', 'satisfied': False, 'conditions': [
        {'exprAlias': 'c0', 'taskId': '1/c', 'reqState': 'succeeded',
         'satisfied': False}]}
    lines = task_lines(proxy(state='waiting', prerequisites=[prereq]))
    assert lines[lines.index("prerequisites: ('⨯': not satisfied)") + 1] == \
        '  ⨯ 1/c succeeded'


def test_past_tasks_show_no_prerequisite_satisfaction():
    lines = task_lines(proxy(state='succeeded'))
    assert 'prerequisites: (n/a for past tasks)' in lines
    assert 'prerequisites: (None)' in task_lines(proxy(prerequisites=[]))


def test_state_line_lists_held_queued_runahead_and_a_non_live_run_mode():
    assert state_line(proxy()) == 'state: running'
    assert state_line(proxy(state='waiting', isHeld=True, isQueued=True,
                            isRunahead=True,
                            runtime={'runMode': 'simulation'})) == \
        'state: waiting (held,queued,runahead,run mode=Simulation)'


def test_flows_are_shown_only_when_not_just_the_original_flow():
    assert not any(line.startswith('flows:') for line in task_lines(proxy()))
    assert 'flows: [1,2]' in task_lines(proxy(flowNums='[1, 2]'))


def test_xtriggers_and_external_triggers_are_listed_under_other():
    lines = task_lines(proxy(
        xtriggers=[{'id': 'wall_clock(trigger_time=0)', 'label': 'clock',
                    'satisfied': True},
                   {'id': 'echo(succeed=False)', 'label': 'never',
                    'satisfied': False}],
        externalTriggers=[{'label': 'drop', 'satisfied': False}]))
    start = lines.index("other: ('⨯': not satisfied)")
    assert lines[start + 1:start + 4] == [
        '  ⨯ drop ... False',
        '  ✓ xtrigger "clock = wall_clock(trigger_time=1970-01-01T00:00:00Z)"',
        '  ⨯ xtrigger "never = echo(succeed=False)"',
    ]


def test_wall_clock_label_leaves_other_xtriggers_alone():
    assert wall_clock_label('echo(1)') == 'echo(1)'
    assert wall_clock_label('wall_clock(trigger_time=bad)') == \
        'wall_clock(trigger_time=bad)'


def test_list_prereqs_prints_each_upstream_output_only():
    assert list_prerequisites(proxy()) == [
        '1999/f succeeded', '2000/a succeeded', '2000/b x']


def test_completion_lines_nest_brackets_and_carry_operators():
    assert completion_lines('(succeeded and x) or failed', {'succeeded'}) == [
        '  ┆  (',
        '✓ ┆    succeeded',
        '⨯ ┆    and x',
        '  ┆  )',
        '⨯ ┆  or failed',
    ]


def test_completion_section_evaluates_the_expression():
    done = [{'label': 'succeeded', 'satisfied': True},
            {'label': 'submit-failed', 'satisfied': False}]
    assert completion_section('succeeded or submit_failed', done)[0] == \
        'output completion: complete'
    assert completion_section('submit_failed', done)[0] == \
        'output completion: incomplete'
    assert completion_section('succeeded and (', done)[0] == \
        'output completion: incomplete'


NAMES = st.sampled_from(['succeeded', 'failed', 'x', 'submit_failed', 'y'])


def _expressions(children):
    return st.tuples(children, st.sampled_from(['and', 'or']), children).map(
        lambda parts: f'({parts[0]} {parts[1]} {parts[2]})')


@given(expression=st.recursive(NAMES, _expressions, max_leaves=8),
       completed=st.sets(NAMES))
def test_completion_lines_show_every_output_once_with_its_mark(expression,
                                                               completed):
    lines = completion_lines(expression, completed)
    words = [word for word in expression.replace('(', ' ').replace(')', ' ')
             .split() if word not in ('and', 'or')]
    marked = [line for line in lines if not line.startswith(' ')]
    assert len(marked) == len(words)
    for line, word in zip(marked, words, strict=True):
        assert line.endswith(word)
        assert line.startswith('✓' if word in completed else '⨯')
    assert sum(line.rstrip().endswith('(') for line in lines) == \
        expression.count('(')
