"""The GraphQL queries Tui sends to each scheduler."""

from __future__ import annotations

_PROXY_FIELDS = '''
        state
        isHeld
        isQueued
        isRunahead
        isRetry
        isWallclock
        isXtriggered'''

#: everything the tree shows of one workflow
WORKFLOW_QUERY = f'''
query tui {{
  workflows {{
    id
    name
    status
    statusMsg
    stateTotals
    port
    taskProxies {{
      id
      name
      cyclePoint{_PROXY_FIELDS}
      flowNums
      firstParent {{ id name }}
      task {{ meanElapsedTime }}
      jobs(sort: {{keys: ["submit_num"], reverse: true}}) {{
        id
        submitNum
        state
        platform
        jobRunnerName
        jobId
        submittedTime
        startedTime
        finishedTime
      }}
    }}
    familyProxies(exids: ["*/root"]) {{
      id
      name
      cyclePoint{_PROXY_FIELDS}
      firstParent {{ id name }}
    }}
    cyclePoints: familyProxies(ids: ["*/root"]) {{
      id
      cyclePoint{_PROXY_FIELDS}
    }}
  }}
}}
'''

#: the status line of a workflow whose tree is closed (asked of many at
#: once by ``network.scan_query``, which sends ``ids``)
STATUS_QUERY = '''
query tuiStatus ($ids: [ID]) {
  workflows (ids: $ids) { id name status statusMsg stateTotals }
}
'''
