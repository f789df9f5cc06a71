"""The GraphQL queries of the information commands (Cylc 8's fields)."""

from __future__ import annotations

META_FIELDS = 'meta { title description URL userDefined }'

WORKFLOW_META = '''
query ($wFlows: [ID]!) {
  workflows(ids: $wFlows, stripNull: false) { @META }
}
'''.replace('@META', META_FIELDS)

TASK_META = '''
query ($wFlows: [ID]!, $taskIds: [ID]) {
  tasks(workflows: $wFlows, ids: $taskIds, stripNull: false) {
    name
    @META
  }
}
'''.replace('@META', META_FIELDS)

TASK_PREREQUISITES = '''
query ($wFlows: [ID]!, $taskIds: [ID]) {
  taskProxies(workflows: $wFlows, ids: $taskIds, stripNull: false) {
    id
    name
    cyclePoint
    state
    isHeld
    isQueued
    isRunahead
    flowNums
    task { @META }
    prerequisites {
      expression
      conditions { exprAlias taskId reqState message satisfied }
      satisfied
    }
    outputs { label message satisfied }
    externalTriggers { id label message satisfied }
    xtriggers { id label satisfied }
    runtime { completion runMode }
  }
}
'''.replace('@META', META_FIELDS)

TASK_SUMMARY = '''
fragment tProxy on TaskProxy {
  id
  name
  cyclePoint
  state
  graphDepth
  isHeld
  isQueued
  isRunahead
  flowNums
  firstParent { id }
  jobSubmits
  jobs(sort: {keys: ["submitNum"], reverse: true}) {
    id
    state
    submitNum
    submittedTime
    startedTime
    finishedTime
    jobLogDir
    platform
    executionTimeLimit
    jobRunnerName
    jobId
  }
}
'''

FAMILY_SUMMARY = '''
fragment fProxy on FamilyProxy { id name cyclePoint state }
'''

WORKFLOW_SUMMARY = '''
fragment wFlow on Workflow {
  name
  oldestActiveCyclePoint
  newestActiveCyclePoint
  timeZoneInfo { hours minutes stringBasic stringExtended }
  lastUpdated
  runMode
  states
  namespaceDefinitionOrder: nsDefOrder
  reloaded
  stateTotals
  @META
  status
  statusMsg
  families { name @META firstParent { name } }
  tasks { name @META meanElapsedTime firstParent { name } }
}
'''.replace('@META', META_FIELDS)


def dump_query(form: str | None) -> str:
    """The ``cylc dump`` query for ``raw``, ``global``, ``tasks`` or both."""
    proxies = ('taskProxies(sort: $sortBy, graphDepth: 0) { ...tProxy }')
    if form == 'raw':
        return (TASK_SUMMARY + FAMILY_SUMMARY + WORKFLOW_SUMMARY + '''
query ($wFlows: [ID]!, $sortBy: SortArgs) {
  workflows(ids: $wFlows, stripNull: false) {
    ...wFlow
    @PROXIES
    familyProxies(sort: $sortBy, graphDepth: 0) { ...fProxy }
  }
}'''.replace('@PROXIES', proxies))
    if form == 'global':
        return WORKFLOW_SUMMARY + '''
query ($wFlows: [ID]!) {
  workflows(ids: $wFlows, stripNull: false) { ...wFlow }
}'''
    if form == 'tasks':
        return TASK_SUMMARY + '''
query ($wFlows: [ID]!, $sortBy: SortArgs) {
  workflows(ids: $wFlows, stripNull: false) { @PROXIES }
}'''.replace('@PROXIES', proxies)
    return TASK_SUMMARY + WORKFLOW_SUMMARY + '''
query ($wFlows: [ID]!, $sortBy: SortArgs) {
  workflows(ids: $wFlows, stripNull: false) { ...wFlow @PROXIES }
}'''.replace('@PROXIES', proxies)


VERSION = '''
query ($wFlows: [ID]) {
  workflows(ids: $wFlows) { id name owner cylcVersion }
}
'''
