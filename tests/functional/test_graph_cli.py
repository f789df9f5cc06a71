"""``cylc graph``: the reference format, namespaces and DOT output."""

import shutil

import pytest

FLOW = '''
[scheduler]
    allow implicit tasks = True
[scheduling]
    cycling mode = integer
    initial cycle point = 1
    final cycle point = 10
    [[graph]]
        R1 = "install => run"
        P1 = """
            run[-P1] => run => post?
            post:fail? => !post_ok
            run => post_ok
        """
[runtime]
    [[POST]]
    [[post]]
        inherit = POST
'''


def test_reference_format_is_sorted_edges_graph_nodes_stop(run_cylc, flow):
    result = run_cylc('graph', '--reference', str(flow(FLOW)), '1', '2')
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        'edge "1/install" "1/run"',
        'edge "1/run" "1/post"',
        'edge "1/run" "1/post_ok"',
        'edge "1/run" "2/run"',
        'edge "2/run" "2/post"',
        'edge "2/run" "2/post_ok"',
        'graph',
        'node "1/install" "install\\n1"',
        'node "1/post" "post\\n1"',
        'node "2/post" "post\\n2"',
        'node "1/post_ok" "post_ok\\n1"',
        'node "2/post_ok" "post_ok\\n2"',
        'node "1/run" "run\\n1"',
        'node "2/run" "run\\n2"',
        'stop',
    ]


def test_show_suicide_adds_suicide_edges(run_cylc, flow):
    plain = run_cylc('graph', '--reference', str(flow(FLOW)), '1', '1').stdout
    suicide = run_cylc('graph', '--reference', '--show-suicide', str(flow(FLOW)),
                       '1', '1').stdout
    assert 'edge "1/post" "1/post_ok"' not in plain
    assert 'edge "1/post" "1/post_ok"' in suicide


def test_default_window_is_three_points_after_the_start(run_cylc, flow):
    nodes = [line for line in run_cylc('graph', '-r', str(flow(FLOW))).stdout
             .splitlines() if line.startswith('node "') and '/run"' in line]
    assert [line.split('"')[1] for line in nodes] == [
        '1/run', '2/run', '3/run', '4/run']


def test_namespaces_reference_lists_inheritance_edges(run_cylc, flow):
    result = run_cylc('graph', '-n', '--reference', str(flow(FLOW)))
    assert result.stdout.splitlines() == [
        'edge "POST" "post"',
        'edge "root" "POST"',
        'graph',
        'node "POST" "POST"',
        'node "post" "post"',
        'node "root" "root"',
        'stop',
    ]


def test_output_file_writes_dot(run_cylc, flow, tmp_path):
    target = tmp_path / 'graph.dot'
    result = run_cylc('graph', '-o', str(target), str(flow(FLOW)), '1', '1')
    assert result.returncode == 0, result.stderr
    text = target.read_text()
    assert text.startswith('digraph')
    assert '"1/install" -> "1/run";' in text


@pytest.mark.skipif(shutil.which('dot') is not None,
                    reason='checks the message given when Graphviz is absent')
def test_svg_without_graphviz_is_a_clear_error(run_cylc, flow, tmp_path):
    result = run_cylc('graph', '-o', str(tmp_path / 'g.svg'), str(flow(FLOW)))
    assert result.returncode == 1
    assert 'Graphviz' in result.stderr
