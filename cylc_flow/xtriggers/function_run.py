"""Run one xtrigger function in this process and print its result as JSON.

The scheduler starts ``python -m cylc_flow.xtriggers.function_run`` with a
JSON request on stdin (function, args, kwargs, workflow_dir) and reads
``[satisfied, results]`` from the last line of stdout.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> int:
    from cylc_flow.config.xtrigger_spec import find_xtrigger_function

    request = json.loads(sys.stdin.read())
    function = find_xtrigger_function(request['function'],
                                      Path(request['workflow_dir']))
    result = function(*request.get('args', []), **request.get('kwargs', {}))
    if isinstance(result, tuple) and len(result) == 2:
        satisfied, results = result
    else:
        satisfied, results = bool(result), {}
    print(json.dumps([bool(satisfied), results or {}], default=str))
    return 0


if __name__ == '__main__':
    sys.exit(main())
