"""The overwrite guard: which records were measured with other parameters
than the config's."""

from pathlib import Path

from concurrency_bench import workloads
from concurrency_bench.record.run_record import SCHEMA_VERSION, UPGRADES, peek


def option_params():
    """{command-line option: the record's params key that keeps its value}, of
    every workload's parameters the guard compares (concurrency_bench.core.declarations: an option
    means the same in each workload that has it)."""
    return {p.option: p.record for p in workloads.declared() if p.config and p.guarded}


EMBEDDED = "the embedded target"


def same(recorded, wanted):
    """Equal as numbers where both are numbers ('2' == 2, 30 == 30.0), else as text."""
    try:
        return float(recorded) == float(wanted)
    except (TypeError, ValueError):
        return str(recorded) == str(wanted)


def params_differences(params, options):
    """'n_requests 10 (config: 100), ...' where a record's params differ from
    the command-line options a new run would get; '' where they agree."""
    known = option_params()
    wanted = {known[o]: v for o, v in options.items() if o in known}
    if "n_requests" in wanted:  # an I/O run: which target, and how it is emulated
        wanted["url"] = options.get("--url") or EMBEDDED
        if wanted["url"] == EMBEDDED:
            wanted["tls"] = options.get("--tls", False)
        else:
            for emulated in ("delay_s", "rtt_s", "tls"):
                wanted.pop(emulated, None)
    recorded = dict(params)
    if recorded.get("target_embedded"):
        recorded["url"] = EMBEDDED
    return ", ".join(
        f"{key} {recorded.get(key)} (config: {value})"
        for key, value in wanted.items()
        if not same(recorded.get(key), value)
    )


def runs_measured_otherwise(folder, options):
    """(path, differences) of the first record in `folder` measured with other
    parameters than `options`; None if all agree (or there are none)."""
    for path in sorted(Path(folder).glob("*.json")):
        record = peek(path)
        if record is None or record.get("schema_version") not in (*UPGRADES, SCHEMA_VERSION):
            continue  # the aggregation names unreadable records, and those of another version
        differences = params_differences(record.get("params", {}), options)
        if differences:
            return str(path), differences
    return None
