"""What a workload says: the `say` module of its package (its sentences, its
plot's tasks, its claims' reason, what was measured), loaded by name here, in
the layer that reads it, so that no workload reaches up to load its own words."""

import importlib

from concurrency_bench import workloads


def says(name):
    """The `say` module of the package of the workload `name`."""
    return importlib.import_module(f"{type(workloads.family(name)).__module__}.say")
