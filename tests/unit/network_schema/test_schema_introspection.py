"""Introspection lists the public names of Cylc 8's GraphQL API."""

from __future__ import annotations

import pytest

from cylc_flow.network.schema import build_schema, execute

TYPE_FIELDS = {
    'Workflow': (
        'id name status statusMsg host port pubPort owner tasks families '
        'taskProxies familyProxies jobs edges nodesEdges apiVersion '
        'cylcVersion lastUpdated meta newestActiveCyclePoint '
        'oldestActiveCyclePoint reloaded runMode isHeldTotal isQueuedTotal '
        'isRunaheadTotal containsHeld containsRetry stateTotals '
        'latestStateTasks workflowLogDir timeZoneInfo treeDepth nsDefOrder '
        'jobLogNames states broadcasts pruned nEdgeDistance logRecords'),
    'TaskProxy': (
        'id task runtime state name cyclePoint namespace isHeld isQueued '
        'isRunahead isRetry isWallclock isXtriggered flowNums flowWait depth '
        'graphDepth jobSubmits outputs externalTriggers xtriggers extras '
        'prerequisites jobs parents firstParent ancestors'),
    'Job': (
        'id submitNum state name cyclePoint taskProxy submittedTime '
        'startedTime finishedTime estimatedFinishTime jobId jobRunnerName '
        'executionTimeLimit platform jobLogDir messages runtime'),
    'Task': ('id name meta runtime meanElapsedTime depth parents namespace '
             'firstParent'),
    'FamilyProxy': (
        'id cyclePoint name family runtime state states stateTotals isHeld '
        'isHeldTotal isQueued isQueuedTotal isRunahead isRunaheadTotal '
        'isRetry isWallclock isXtriggered depth graphDepth childTasks '
        'childFamilies firstParent ancestors'),
    'Family': 'id name meta runtime depth parents childTasks childFamilies',
    'Edge': 'id source sourceNode target targetNode suicide cond',
    'NodesEdges': 'nodes edges',
    'Prerequisite': 'expression conditions cyclePoints satisfied',
    'Output': 'label message satisfied time',
    'XTrigger': 'id label message satisfied time',
    'NodeMeta': 'title description URL userDefined',
    'TimeZone': 'hours minutes stringBasic stringExtended',
    'Runtime': 'platform script directives environment outputs '
               'executionRetryDelays executionTimeLimit',
    'LogRecord': 'level message',
    'Queries': 'workflows job jobs task tasks taskProxy taskProxies family '
               'families familyProxy familyProxies edges nodesEdges',
    'Mutations': 'broadcast extTrigger message pause resume reload '
                 'setVerbosity setGraphWindowExtent stop setHoldPoint '
                 'releaseHoldPoint hold release kill poll remove set trigger',
}

MUTATION_ARGUMENTS = {
    'broadcast': 'workflows mode cyclePoints namespaces settings cutoff',
    'extTrigger': 'workflows message id',
    'message': 'workflows taskJob eventTime messages',
    'reload': 'workflows reloadGlobal',
    'setVerbosity': 'workflows level',
    'setGraphWindowExtent': 'workflows nEdgeDistance',
    'stop': 'workflows mode cyclePoint clockTime task flowNum',
    'setHoldPoint': 'workflows point',
    'remove': 'workflows tasks flow',
    'set': 'workflows tasks outputs prerequisites flow flowWait flowDescr',
    'trigger': 'workflows tasks flow flowWait flowDescr onResume',
    'hold': 'workflows tasks',
}


@pytest.fixture(scope='module')
def types():
    reply = execute(build_schema(), '''{ __schema {
        queryType { name } mutationType { name }
        types { name kind enumValues { name }
            fields { name args { name } } } } }''')
    assert 'errors' not in reply
    schema = reply['data']['__schema']
    assert schema['queryType'] == {'name': 'Queries'}
    assert schema['mutationType'] == {'name': 'Mutations'}
    return {item['name']: item for item in schema['types']}


@pytest.mark.parametrize('type_name', sorted(TYPE_FIELDS))
def test_introspection_lists_the_public_fields(types, type_name):
    fields = {field['name'] for field in types[type_name]['fields']}
    assert set(TYPE_FIELDS[type_name].split()) <= fields


@pytest.mark.parametrize('mutation', sorted(MUTATION_ARGUMENTS))
def test_mutations_take_the_public_arguments(types, mutation):
    [field] = [item for item in types['Mutations']['fields']
               if item['name'] == mutation]
    assert {arg['name'] for arg in field['args']} == \
        set(MUTATION_ARGUMENTS[mutation].split())


def test_query_fields_take_the_filter_arguments(types):
    fields = {item['name']: {arg['name'] for arg in item['args']}
              for item in types['Queries']['fields']}
    assert {'workflows', 'exworkflows', 'ids', 'exids', 'states',
            'exstates', 'mindepth', 'maxdepth', 'sort', 'stripNull'} <= \
        fields['taskProxies']
    assert {'ids', 'exids', 'stripNull'} <= fields['workflows']


def test_scalars_and_enums_are_public(types):
    for name in ('WorkflowID', 'CyclePoint', 'CyclePointGlob',
                 'NamespaceIDGlob', 'TaskID', 'JobID', 'TimePoint', 'Flow',
                 'BroadcastSetting'):
        assert types[name]['kind'] == 'SCALAR'
    values = {name: {value['name'] for value in types[name]['enumValues']}
              for name in ('WorkflowStopMode', 'BroadcastMode', 'LogLevels')}
    assert values['WorkflowStopMode'] == {'Clean', 'Kill', 'Now', 'NowNow'}
    assert values['BroadcastMode'] == {'Set', 'Clear', 'Expire'}
    assert {'INFO', 'WARNING', 'ERROR', 'DEBUG'} <= values['LogLevels']
