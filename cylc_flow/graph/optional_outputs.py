"""Optional and required outputs, with Cylc 8's consistency rules.

Each ``(task, output)`` the graph uses gets a state
``(optional, family_default, fixed)``:

- a task reference (``foo?``, ``foo:fail``) fixes the optionality;
- a family reference (``FAM:succeed-any?``) only sets a default for its
  members, which a task reference may later override;
- succeeded/failed and submitted/submit-failed are opposites: if both are
  used, both must be optional.
"""

from __future__ import annotations

from collections.abc import Mapping

from cylc_flow.exceptions import GraphParseError
from cylc_flow.graph.model import (
    OUTPUT_FAILED,
    OUTPUT_FINISHED,
    OUTPUT_SUBMIT_FAILED,
    OUTPUT_SUBMITTED,
    OUTPUT_SUCCEEDED,
    OptionalOutputs,
    OutputState,
)

_OPPOSITES = {
    OUTPUT_SUCCEEDED: OUTPUT_FAILED,
    OUTPUT_FAILED: OUTPUT_SUCCEEDED,
    OUTPUT_SUBMITTED: OUTPUT_SUBMIT_FAILED,
    OUTPUT_SUBMIT_FAILED: OUTPUT_SUBMITTED,
}


class OutputOptionality:
    """Record optional/required outputs and reject inconsistent use."""

    __slots__ = ('states',)

    def __init__(
        self, states: dict[tuple[str, str], OutputState] | None = None
    ) -> None:
        self.states: dict[tuple[str, str], OutputState] = (
            {} if states is None else states
        )

    def set(self, task: str, output: str, optional: bool, family: bool) -> None:
        """Record one use of ``task:output``; ``family`` if via a family."""
        if output == OUTPUT_FINISHED:
            if optional:
                raise GraphParseError(
                    f"Pseudo-output {task}:{output} can't be optional"
                )
            self.set(task, OUTPUT_SUCCEEDED, True, family)
            self.set(task, OUTPUT_FAILED, True, family)
            return
        states = self.states
        key = (task, output)
        previous = states.get(key)
        if previous is None:
            states[key] = current = (optional, optional, not family)
        elif previous[2]:
            # Fixed by a task reference; family defaults no longer matter.
            if not family and optional != previous[0]:
                raise GraphParseError(
                    f"Output {task}:{output} can't be both required and optional"
                )
            current = previous
        elif family:
            if optional != previous[1]:
                raise GraphParseError(
                    f"Output {task}:{output} can't default to both optional"
                    " and required (via family trigger defaults)"
                )
            current = previous
        else:
            states[key] = current = (optional, previous[1], True)
        opposite = _OPPOSITES.get(output)
        if opposite is None:
            return
        other = states.get((task, opposite))
        if other is not None:
            self._check_opposites(task, output, opposite, current, other, family)

    @staticmethod
    def _check_opposites(
        task: str,
        output: str,
        opposite: str,
        current: OutputState,
        other: OutputState,
        family: bool,
    ) -> None:
        message = (
            f'Opposite outputs {task}:{output} and {task}:{opposite}'
            ' must both be optional if both are used'
        )
        if family or not other[2]:
            if not current[0] or not other[1]:
                raise GraphParseError(f'{message} (via family trigger defaults)')
            if not other[0]:
                raise GraphParseError(f'{message} (via family trigger)')
        elif not current[0] or not other[0]:
            raise GraphParseError(message)

    def replay(self, task: str, output: str, state: OutputState | bool) -> None:
        """Apply a state recorded elsewhere (another graph string)."""
        if isinstance(state, bool):
            self.set(task, output, state, False)
            return
        optional, default, fixed = state
        if not fixed:
            self.set(task, output, default, True)
            return
        if optional != default:
            # A family default came first, then a task reference fixed it.
            self.set(task, output, default, True)
        self.set(task, output, optional, False)

    def result(self) -> OptionalOutputs:
        """The recorded outputs as ``{(task, output): optional}``."""
        return OptionalOutputs(self.states)


def merge_output_optional(
    first: Mapping[tuple[str, str], bool],
    second: Mapping[tuple[str, str], bool],
) -> OptionalOutputs:
    """Combine the optional outputs of two graph strings.

    Either argument may be a plain ``{(task, output): optional}`` dict (each
    entry then counts as a task reference) or an :class:`OptionalOutputs`
    from a parse result or an earlier merge (family defaults kept apart).
    Raises GraphParseError, with Cylc 8's wording, on a conflict.
    """
    tracker = OutputOptionality()
    for mapping in (first, second):
        states = getattr(mapping, 'states', None)
        try:
            if states is not None:
                for (task, output), state in states.items():
                    tracker.replay(task, output, state)
            else:
                for (task, output), optional in mapping.items():
                    tracker.replay(task, output, bool(optional))
        except (TypeError, ValueError):
            raise GraphParseError(
                'merge_output_optional: keys must be (task, output) pairs'
            ) from None
    return tracker.result()
