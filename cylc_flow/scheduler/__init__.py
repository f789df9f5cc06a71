"""The imperative shell around the pure core: event loop, jobs, DB, network."""
