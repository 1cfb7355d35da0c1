"""The workflow's own logic, as plain functions the rules call and the tests
check: which runs a config asks for and with which options, what is refused
before anything runs (naming the config key), what the run will cost at
least, and the settings files that make the analysis follow its config.

Nothing here reads a record or starts a process.
"""

import json
import os
import re
import urllib.parse
from pathlib import Path

from concurrency_bench import workloads
from concurrency_bench.core.declarations import sweep_value_text
from concurrency_bench.workloads.references import check_reference

# What a label (a machine's, an interpreter's) may be: a folder name of
# results/, never one that leaves it or is results/ itself.
LABEL = re.compile(r"^[A-Za-z0-9._-]+$")
# A job's own time besides its timed region (interpreter start, the record,
# Snakemake's scheduling): measured in the default run, about 0.6 s.
JOB_OVERHEAD_S = 0.6


class ConfigError(ValueError):
    """A config the workflow refuses; the message names the key."""


def check_label(value, key):
    """A label becomes a folder of results/: refuse '.', '..' and anything
    with a separator, naming the key."""
    if not LABEL.match(str(value)) or set(str(value)) == {"."}:
        raise ConfigError(
            f"config: {key}: {value!r} cannot label results/<label>/: use letters, digits, "
            "'.', '_' or '-', and not '.' or '..' alone"
        )
    return value


def check_url(url, key="target.url"):
    """A URL that urllib can split and that names a host, or None."""
    if url is None:
        return None
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 (a bad port raises only when read)
    except ValueError as error:
        raise ConfigError(f"config: {key}: {url!r} is not a URL ({error})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"config: {key}: {url!r} names no http(s) host")
    return url


def check_workloads(specs, root="."):
    """Every workload's files and functions, read (not run) before anything
    runs; a built-in workload is named only (its settings are its sections')."""
    for name, spec in (specs or {}).items():
        if name in workloads.BUILT_IN:
            if spec:
                declared = workloads.BUILT_IN[name].parameters
                sections = dict.fromkeys(p.config.split(".")[0] for p in declared if p.config)
                raise ConfigError(
                    f"config: workloads.{name}: the built-in workload {name} takes no "
                    f"settings here ({', '.join(spec)}): list it as `{name}: {{}}`; "
                    f"its parameters are those of its own sections ({', '.join(sections)})"
                )
            continue
        for field in ("task", "task_async", "inputs"):
            if spec.get(field):
                try:
                    check_reference(
                        spec[field],
                        f"workloads.{name}.{field}",
                        root,
                        coroutine=field == "task_async",
                        async_key=f"workloads.{name}.task_async" if field == "task" else None,
                    )
                except workloads.WorkloadError as error:
                    raise ConfigError(str(error)) from None


def expand_models(names, catalog, specs):
    """`names`, each model of `any` as <workload>/<model> for every workload
    of the config whose task it can call."""
    expanded = []
    for name in names:
        if catalog[name].workload != workloads.ANY:
            expanded.append(name)
        else:
            expanded += [f"{w}/{name}" for w in specs or {} if f"{w}/{name}" in catalog.experiments]
    return expanded


def experiments_to_run(names, catalog, specs):
    """The config's experiments; refused where models and workloads do not meet."""
    models = [n for n in names if catalog[n].workload == workloads.ANY]
    if models and not specs:
        raise ConfigError(
            f"config: experiments: {', '.join(models)} run your workloads, and "
            "the config has none (key `workloads`; see examples/workloads/)"
        )
    if specs and not models:
        every = ", ".join(e.name for e in catalog if e.workload == workloads.ANY)
        raise ConfigError(
            f"config: workloads: {', '.join(specs)} would run under no model: add models "
            f"of workload `any` to `experiments` ({every})"
        )
    return expand_models(names, catalog, specs)


def experiment_options(row, config, given):
    """{option: value} of an experiment's command line: each parameter its
    workload declares that it takes, from the config, or from `given` (what
    the workflow itself gives: the target's interpreter, the profile...)."""
    # A model of `any` names its workload (a built-in one declares no such option).
    options = {"--workload": row.workload} if row.is_model else {}
    for parameter in workloads.parameters_of(row.workload):
        if parameter.per_experiment and parameter.name not in row.params:
            continue
        value = (
            parameter.config_value(config, row.workload)
            if parameter.config
            else given.get(parameter.name)
        )
        if value is not None and value is not False:
            options[parameter.option] = value
    return options


def one_of(names):
    """A wildcard constraint matching exactly `names` (nothing when there are none)."""
    return "|".join(map(re.escape, names)) or "(?!)"


def command_line(options):
    """{option: value} as separate words; a flag (True) stands alone."""
    words = []
    for option, value in options.items():
        words += [option] if value is True else [option, str(value)]
    return words


def check_sweeps(sweeps, catalog, url, specs=None):
    """Each sweep's parameter applies to each of its experiments (a model of
    `any`: as it runs each workload of `specs`); delay_s is the embedded
    target's, and cannot be swept against a real URL."""
    for name, sweep in sweeps.items():
        param = sweep["param"]
        for experiment in sweep["experiments"]:
            if experiment not in catalog:
                raise ConfigError(
                    f"config: sweeps.{name}: unknown experiment {experiment!r}; the catalog "
                    f"(src/concurrency_bench/record/experiments.yaml) has: {', '.join(catalog.names())}"
                )
        for experiment in expand_models(sweep["experiments"], catalog, specs):
            if param not in catalog[experiment].params:
                raise ConfigError(
                    f"config: sweeps.{name}: {param} does not apply to {experiment}; "
                    f"it applies to {catalog.taking(param)}"
                )
        if param == "delay_s" and url:
            raise ConfigError(
                f"config: sweeps.{name}: delay_s is the embedded target's; target.url is set ({url})"
            )


def studies_on(studies, sweeps):
    """{study: its sweeps} of the studies the config switches on (`studies`),
    each checked: a study a workload has, sweeps the config has, each over
    the study's parameter (and only one where the study reads one axis)."""
    known, on = workloads.studies(), {}
    for name, study in (studies or {}).items():
        key = f"config: studies.{name}"
        if name not in known:
            raise ConfigError(
                f"{key}: no workload has this study; the studies are: {', '.join(known) or 'none'}"
            )
        if not study.get("activate", True):
            continue
        param = known[name].param
        for sweep in study["sweeps"]:
            if sweep not in sweeps:
                raise ConfigError(
                    f"{key}.sweeps: {sweep!r} is not a sweep of the config's `sweeps`"
                )
            if sweeps[sweep]["param"] != param:
                raise ConfigError(
                    f"{key}.sweeps: {sweep} sweeps {sweeps[sweep]['param']}; "
                    f"the {name} study reads sweeps over {param}"
                )
        if known[name].one_sweep and len(study["sweeps"]) > 1:
            raise ConfigError(
                f"{key}.sweeps: {', '.join(study['sweeps'])} each sweep {param}; the {name} "
                f"study reads one sweep over {param}: keep one (it can have every experiment)"
            )
        on[name] = list(study["sweeps"])
    return on


def sweep_points(sweep):
    """{'workers=4': ('workers', 4), ...}: each point of one sweep (the
    config's `sweeps.<name>`) by its folder's name, with what it sets."""
    return {f"{sweep['param']}={sweep_value_text(v)}": (sweep["param"], v) for v in sweep["values"]}


def least_s(row, options):
    """The least time one run of `row` can take from its options, as its
    workload knows it (0 for work whose time is only known once measured)."""
    return workloads.family(row.workload).least_s(row, options)


def least_duration(runs):
    """{'seconds', 'runs', 'unknown'}: what `runs` ((row, options, count), one
    per experiment or sweep point) take at least: their bounds plus each job's
    own cost; `unknown` counts the runs whose time only a measurement tells."""
    seconds = runs_total = unknown = 0
    for row, options, count in runs:
        least = least_s(row, options)
        seconds += count * (least + JOB_OVERHEAD_S)
        runs_total += count
        unknown += count if least == 0 else 0
    return {"seconds": seconds, "runs": runs_total, "unknown": unknown}


def cost_said(estimate, budget_s, force):
    """The estimate as one line, and ConfigError above the budget without `force`."""
    said = (
        f"estimated least duration: {estimate['seconds'] / 60:.1f} min for {estimate['runs']} timed runs "
        f"(the I/O runs' bounds and about {JOB_OVERHEAD_S} s a job"
        + (
            f"; {estimate['unknown']} runs' own time is known only once measured"
            if estimate["unknown"]
            else ""
        )
        + ")"
    )
    if estimate["seconds"] > budget_s and str(force).lower() != "true":
        raise ConfigError(
            f"config: max_estimated_s: {said}, above the budget of {budget_s / 60:.0f} min; "
            "reduce repeats, io.n_requests or the sweeps, or go on with --config force=true"
        )
    return said


def oversubscribed(config, usable_cpus):
    """Notes on worker counts above the usable CPUs (allowed, but said)."""
    notes = []
    wanted = [("cpu.workers", config["cpu"]["workers"])]
    wanted += [
        (f"workloads.{n}.workers", (s or {}).get("workers", "auto"))
        for n, s in config["workloads"].items()
    ]
    for key, workers in wanted:
        if str(workers) != "auto" and int(workers) > usable_cpus:
            notes.append(
                f"note: {key} is {workers}, {usable_cpus} CPUs are usable here: the processes "
                "will take turns (oversubscribed)"
            )
    return notes


def write_settings(path, settings):
    """Write `settings` (JSON) to `path` only if they differ from what it holds:
    its time then says when they last changed, and the rules that take it as
    input rerun (the workflow's rerun trigger is a file's time only)."""
    text = json.dumps(settings, sort_keys=True, indent=2, default=str) + "\n"
    path = Path(path)
    if not path.exists() or path.read_text() != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text)
        os.replace(tmp, path)
    return str(path)


def sampler_ablation(memory, experiments, catalog, repeats):
    """{experiment: pairs} of the ablation of the memory sampler's cost (config
    key `memory.ablation`): each of its experiments that the run has, with
    `repeats` pairs at most (the twins of the first runs); none with the
    sampler off. A name the catalog lacks is refused, naming the key."""
    ablation = memory.get("ablation", {})
    for name in ablation.get("experiments", []):
        if name not in catalog:
            raise ConfigError(
                f"config: memory.ablation.experiments: no experiment {name!r} in the catalog"
            )
    if not memory.get("sampler", True):
        return {}
    pairs = min(ablation.get("repeats", 4), repeats)
    return {name: pairs for name in ablation.get("experiments", []) if name in experiments}
