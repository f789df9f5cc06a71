"""``cylc tui``: a terminal view of the user's workflows.

Pure modules (tree building, filtering, rendering, menu actions, key
bindings) are kept apart from the thin urwid layer (``app``, ``widgets``)
and the data poller (``updater``) so they can be tested without a terminal.
"""
