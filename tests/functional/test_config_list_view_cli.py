"""``cylc config``, ``cylc list`` and ``cylc view`` against small workflows."""

import textwrap

FAMILY_FLOW = '''
[meta]
    title = families
[scheduler]
    UTC mode = True
[scheduling]
    initial cycle point = 2025-01-01T00Z
    final cycle point = 2025-01-01T12Z
    [[graph]]
        PT6H = """
            prep[-PT6H] => prep => OBS
            OBS:succeed-all => model
        """
[runtime]
    [[root]]
        script = echo root
        [[[environment]]]
            LEVEL = root
    [[OBS]]
        script = echo obs
        [[[environment]]]
            LEVEL = obs
    [[SURFACE]]
        [[[meta]]]
            title = surface obs
    [[obs_land]]
        inherit = OBS, SURFACE
    [[obs_ship]]
        inherit = OBS
    [[prep, model]]
    [[unused]]
'''


def test_config_prints_inherited_settings_of_a_task(run_cylc, flow):
    directory = flow(FAMILY_FLOW)
    result = run_cylc('config', '-i', '[runtime][obs_land]script', str(directory))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == 'echo obs'
    env = run_cylc('config', '-i', '[runtime][obs_land][environment]',
                   str(directory))
    assert env.stdout.strip() == 'LEVEL = obs'


def test_config_defaults_include_unset_items(run_cylc, flow):
    directory = flow(FAMILY_FLOW)
    sparse = run_cylc('config', str(directory)).stdout
    dense = run_cylc('config', '-d', str(directory)).stdout
    assert 'execution time limit' not in sparse
    assert 'execution time limit' in dense
    assert '[scheduling]' in sparse and '[[graph]]' in sparse


def test_config_one_line_prints_values_together(run_cylc, flow):
    directory = flow(FAMILY_FLOW)
    result = run_cylc('config', '-o', '-i', '[scheduler]UTC mode',
                      '-i', '[meta]title', str(directory))
    assert result.stdout.strip() == 'True families'


def test_config_unknown_item_is_one_error_line(run_cylc, flow):
    result = run_cylc('config', '-i', '[runtime][nope]script', str(flow(FAMILY_FLOW)))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1


def test_global_config_platforms_and_hierarchy(run_cylc, isolated_env, tmp_path):
    conf_dir = tmp_path / 'global-conf'
    (conf_dir / 'global.cylc').write_text(textwrap.dedent('''
        [platforms]
            [[hpc\\d+]]
                job runner = slurm
            [[desk]]
                hosts = desk1
        [platform groups]
            [[hpc]]
                platforms = hpc1, hpc2
    '''))
    names = run_cylc('config', '--platform-names').stdout.split()
    assert names[0] == 'localhost'
    assert {'hpc\\d+', 'desk', 'hpc'} <= set(names)
    item = run_cylc('config', '-i', '[platforms][desk]hosts')
    assert item.stdout.strip() == 'desk1'
    hierarchy = run_cylc('config', '--print-hierarchy').stdout.split()
    assert hierarchy == [str(conf_dir / 'global.cylc')]
    dense = run_cylc('config', '-d', '-i', '[platforms][desk]job runner')
    assert dense.stdout.strip() == 'background'


def test_list_default_all_tasks_and_namespaces(run_cylc, flow):
    directory = flow(FAMILY_FLOW)
    assert run_cylc('list', str(directory)).stdout.split() == [
        'model', 'obs_land', 'obs_ship', 'prep']
    assert run_cylc('list', '-a', str(directory)).stdout.split() == [
        'model', 'obs_land', 'obs_ship', 'prep', 'unused']
    everything = run_cylc('list', '-n', str(directory)).stdout.split()
    assert {'OBS', 'SURFACE', 'root', 'unused'} <= set(everything)


def test_list_mro_shows_c3_order(run_cylc, flow):
    lines = run_cylc('list', '-m', str(flow(FAMILY_FLOW))).stdout.splitlines()
    land = next(line for line in lines if line.startswith('obs_land'))
    assert land.split() == ['obs_land', 'obs_land', 'OBS', 'SURFACE', 'root']


def test_list_tree_shows_first_parent_hierarchy(run_cylc, flow):
    lines = run_cylc('list', '-t', str(flow(FAMILY_FLOW))).stdout.splitlines()
    assert lines[0] == 'root'
    obs_line = next(i for i, line in enumerate(lines) if line.endswith('OBS'))
    assert lines[obs_line + 1].strip(' |`-') == 'obs_land'
    assert lines[obs_line + 2].strip(' |`-') == 'obs_ship'
    assert not any(line.endswith('-obs_land') for line in lines
                   if 'SURFACE' in line)


def test_list_points_prints_task_ids_in_range(run_cylc, flow):
    result = run_cylc('list', '-p', '20250101T0000Z,20250101T0600Z',
                      str(flow(FAMILY_FLOW)))
    assert result.returncode == 0, result.stderr
    ids = result.stdout.split()
    assert '20250101T0000Z/prep' in ids and '20250101T0600Z/model' in ids
    assert not any(i.startswith('20250101T1200Z') for i in ids)


def test_view_processes_includes_jinja2_and_continuations(run_cylc, flow):
    directory = flow('''#!Jinja2
{% set N = 2 %}
%include inc.cylc
[scheduling]
    [[graph]]
        R1 = a => \\
             b{{ N }}
''')
    (directory / 'inc.cylc').write_text('[meta]\n    title = included\n')
    raw = run_cylc('view', str(directory)).stdout
    assert '%include inc.cylc' in raw and '{{ N }}' in raw
    inlined = run_cylc('view', '-i', '-m', str(directory)).stdout
    assert 'title = included' in inlined and '{{ N }}' in inlined
    processed = run_cylc('view', '-p', str(directory)).stdout
    assert 'title = included' in processed
    assert 'b2' in processed and '\\' not in processed
