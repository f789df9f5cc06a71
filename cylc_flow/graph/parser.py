"""The graph-string parser: one ``[scheduling][graph]`` item at a time.

>>> result = GraphParser().parse('a => b:fail? => c')
>>> [(dep.target, str(dep.expression)) for dep in result.dependencies]
[('b', 'a:succeeded'), ('c', 'b:failed')]
>>> sorted(result.output_optional.items())
[(('a', 'succeeded'), False), (('b', 'failed'), True), (('c', 'succeeded'), False)]
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager

from cylc_flow.config.parameters import Parameters
from cylc_flow.exceptions import GraphParseError
from cylc_flow.graph.builder import GraphBuilder
from cylc_flow.graph.lines import read_lines
from cylc_flow.graph.model import GraphParseResult
from cylc_flow.graph.optional_outputs import merge_output_optional

__all__ = ['GraphParser', 'merge_output_optional']


class GraphParser:
    """Parse graph strings for one workflow.

    ``family_members`` maps each family to its leaf tasks, ``parameters``
    expands ``<param>`` names, and ``task_output_names`` (task -> custom
    output labels), when given, makes ``foo:undefined`` an error.
    """

    def __init__(
        self,
        family_members: Mapping[str, Sequence[str]] | None = None,
        parameters: Parameters | None = None,
        task_output_names: Mapping[str, Collection[str]] | None = None,
    ) -> None:
        self._families: dict[str, tuple[str, ...]] = {
            name: tuple(members) for name, members in (family_members or {}).items()
        }
        self._parameters = parameters
        self._output_names: dict[str, frozenset[str]] | None = None
        if task_output_names is not None:
            self._output_names = {
                task: frozenset(labels) for task, labels in task_output_names.items()
            }

    def parse(self, graph: str) -> GraphParseResult:
        """Parse one graph string; each call returns an independent result."""
        if not isinstance(graph, str):
            raise GraphParseError(f'graph must be text, not {type(graph).__name__}')
        builder = GraphBuilder(self._families, self._parameters, self._output_names)
        with _collection_paused():
            for line in read_lines(graph):
                builder.add_line(line)
            return builder.finish()


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small records.

    The parser allocates only acyclic records; without this, collections
    triggered by the allocation count cost about a quarter of the run time
    on large graphs.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
