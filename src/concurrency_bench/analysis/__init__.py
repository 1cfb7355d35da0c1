"""The analysis of the runs: tables, statistics, bounds, verdicts, machines and interpreters side by side."""
