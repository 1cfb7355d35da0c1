"""The machine: its CPU, cores, memory, OS, Python and packages, from the runs
and py-cpuinfo's host.json."""

from concurrency_bench.report.section import Section


def context(report):
    import yaml

    from concurrency_bench.report.machine_description import describe_machine

    with open(report.inputs["host"]) as host_file:
        host = yaml.safe_load(host_file)
    return {"host": describe_machine(report.runs, host)}


SECTION = Section(
    "machine",
    30,
    context,
    inputs=lambda config: {"host": "results/{machine}/host.json"},
)
