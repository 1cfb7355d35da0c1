"""The experiment scripts' command line: the options every run has, and its
workload's parameters (concurrency_bench.core.declarations: each declared once, in its workload's package)."""

import argparse

from concurrency_bench.core.declarations import argparse_type


def at_least_one(text):
    return argparse_type({"type": "integer", "minimum": 1}, "a count")(text)


def workload_name(argv=None):
    """--workload NAME, read ahead of the rest: it decides which options exist."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--workload")
    return parser.parse_known_args(argv)[0].workload


def parse_args(experiment, workload, doc, argv=None):
    parser = argparse.ArgumentParser(
        description=doc,
        epilog=f"method (as the report names it): {experiment.method}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--output", "-o", help="write the JSON run record here")
    parser.add_argument("--repeat", type=at_least_one, default=1, help="repeat number")
    parser.add_argument("--machine", help="machine label (default: hostname)")
    parser.add_argument("--host-info", help="cached host description (host.json)")
    parser.add_argument("--run-index", type=at_least_one, help="this run's place in the run order")
    parser.add_argument(
        "--record-failure",
        action="store_true",
        help="a run that fails (errors, deadline, wrong results) is recorded as a failed "
        "outcome instead of failing the job",
    )
    parser.add_argument(
        "--no-memory-sampler",
        dest="memory_sampler",
        action="store_false",
        help="run without the memory sampler (concurrency_bench.run.sampler): the ablation of its own cost",
    )
    group = parser.add_argument_group(f"the workload ({workload.what})")
    names = {parameter.name for parameter in workload.parameters}
    if experiment.is_model and "workload" not in names:  # a built-in workload, by name
        group.add_argument("--workload", help="the workload this model runs")
    for parameter in workload.parameters:
        if not parameter.per_experiment or parameter.name in experiment.params:
            parameter.add_to(group)
    return parser.parse_args(argv)
