"""The analysis and the report of the runs: a library for the rule scripts beside it."""
