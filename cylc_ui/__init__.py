"""The Cylc browser UI: its build and the assets the UI Server serves."""
