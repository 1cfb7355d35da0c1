"""A timed run: the harness around the timed region, its costs, the memory sampler, the profile of a workload."""
