"""Built-in xtrigger functions and the search for user ones.

Each built-in is a module named after its function, with an optional
``validate(arguments)`` hook that checks the declared arguments at
validation time:

* ``wall_clock``: real time past the cycle point plus an offset (evaluated
  by the scheduler itself, never run out of process);
* ``xrandom``: succeed at random, for testing;
* ``echo``: print the arguments and succeed if ``succeed=True``;
* ``workflow_state``: another workflow's task state (argument checks only
  for now: see :mod:`cylc_flow.xtriggers.workflow_state`).
"""

from __future__ import annotations

BUILTIN_XTRIGGERS: frozenset[str] = frozenset(
    {'wall_clock', 'xrandom', 'echo', 'workflow_state'}
)
