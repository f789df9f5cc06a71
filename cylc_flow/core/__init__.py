"""The pure scheduling core: events in, effects out.

Nothing here reads the clock, touches files or sockets, or awaits: every
event carries the time it happened, and every consequence is returned as an
effect for the shell (``cylc_flow.scheduler``) to carry out in batches.
"""
