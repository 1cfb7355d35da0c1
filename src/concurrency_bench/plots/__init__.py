"""The figures: times, speedups, parallelism, memory; and what their titles say of the runs."""
