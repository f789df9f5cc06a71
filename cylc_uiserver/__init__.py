"""The Cylc UI Server: a per-user Tornado server (built in a later stage)."""
