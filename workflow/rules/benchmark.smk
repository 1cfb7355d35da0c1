# Only this machine's runs are measured here; other machines' records are read.
# Every value reaches the shell quoted ({...:q}); the repeat is digits only.
# A job that fails repeats its reason on the terminal: its log's `fatal:` line, or
# the first line of a crash's traceback (faulthandler's).
BENCHMARK_COMMAND = (
    "env {params.gil:q} {params.py:q} {input.script:q} {params.args:q}"
    " --repeat {wildcards.repeat} --machine {wildcards.machine:q}"
    " --host-info {input.host:q} --output {output:q} > {log:q} 2>&1"
    " || {{ grep -E '^(fatal: |Fatal Python error: )' {log:q} >&2; exit 1; }}"
)


rule describe_host:
    input:
        get_interpreter_env,
    output:
        "results/{machine}/host.json",
    log:
        "logs/{machine}/describe_host.log",
    wildcard_constraints:
        machine=MEASURED_LABEL,
    priority: RUN_PRIORITY  # before any run: every label's runs can then interleave
    conda:
        "../envs/benchmark.yaml"
    resources:
        benchmark_slot=1,  # py-cpuinfo busies the CPU for about a second
    params:
        py=get_interpreter,
        gil=get_python_gil,
    shell:
        "env {params.gil:q} {params.py:q} -m concurrency_bench.core.environment --output {output:q} 2> {log:q}"


rule run_experiment:
    # ancient(): a newer script or host description never reruns, and so
    # never deletes, a run already measured.
    input:
        get_interpreter_env,
        get_workload_profile,
        script=get_script,
        host=ancient("results/{machine}/host.json"),
    output:
        # Read-only once written: Snakemake refuses to overwrite a measured run.
        protected("results/{machine}/runs/{experiment}/{repeat}.json"),
    log:
        "logs/{machine}/runs/{experiment}/{repeat}.log",
    wildcard_constraints:
        machine=MEASURED_LABEL,
    # The run order (common.smk): of the ready runs, the first in the
    # order gets the benchmark_slot; its place reaches it as --run-index.
    priority: get_run_priority
    conda:
        "../envs/benchmark.yaml"
    resources:
        benchmark_slot=1,
    params:
        py=get_interpreter,
        gil=get_python_gil,
        args=get_run_args,
    shell:
        BENCHMARK_COMMAND


# The memory sampler's own cost (config key `memory.ablation`): the twin of a
# run with the sampler off. Its priority is its twin's, so the two run side by
# side in the order and any drift of the machine falls on both alike.
rule run_unsampled:
    input:
        get_interpreter_env,
        get_workload_profile,
        script=get_script,
        host=ancient("results/{machine}/host.json"),
    output:
        protected(UNSAMPLED),
    log:
        "logs/{machine}/unsampled/{experiment}/{repeat}.log",
    wildcard_constraints:
        machine=MEASURED_LABEL,
        experiment=pipeline.one_of(SAMPLER_ABLATION),
    priority: get_run_priority
    conda:
        "../envs/benchmark.yaml"
    resources:
        benchmark_slot=1,
    params:
        gil=get_python_gil,
        py=get_interpreter,
        args=lambda wildcards: [*get_run_args(wildcards), "--no-memory-sampler"],
    shell:
        BENCHMARK_COMMAND


# A workload of the config's, profiled by one sync pass before its models run:
# its time and CPU share per task, what processes pay to send its items, and
# the results every model must return (expected.pickle), and which items or
# results cannot be pickled (the models that pickle them are then skipped).
# Refuses, naming the config key, a task or inputs that cannot be loaded or a
# task that raises.
rule profile_workload:
    input:
        get_interpreter_env,
        host=ancient("results/{machine}/host.json"),
    output:
        profile=PROFILE,
        expected="results/{machine}/workloads/{workload}/expected.pickle",
    log:
        "logs/{machine}/workloads/{workload}/profile.log",
    wildcard_constraints:
        machine=MEASURED_LABEL,
        workload=WORKLOAD_NAME,
    priority: RUN_PRIORITY  # before the runs: they check their results against it
    conda:
        "../envs/benchmark.yaml"
    resources:
        benchmark_slot=1,
    params:
        py=get_interpreter,
        gil=get_python_gil,
        args=get_profile_args,
    shell:
        "env {params.gil:q} {params.py:q} -m concurrency_bench.run.calibration {params.args:q} --output {output.profile:q}"
        " > {log:q} 2>&1 || {{ grep -E '^(fatal: |Fatal Python error: )' {log:q} >&2; exit 1; }}"


# How many runs each experiment of a measured label gets (config keys
# min_timed_s, max_repeats), from the times of its first `repeats` runs, and
# the order of the extra ones: results/<machine>/plan.json. A checkpoint: the
# aggregation knows its records once the plan exists.
checkpoint plan_repeats:
    input:
        records=get_first_records,
    output:
        plan=PLAN,
    log:
        "logs/{machine}/plan_repeats.log",
    wildcard_constraints:
        machine=MEASURED_LABEL,
    conda:
        "../envs/analysis.yaml"
    params:
        experiments=lambda wildcards: experiments_of(wildcards.machine),
        key=lambda wildcards: order_key(wildcards.machine),
        repeats=config["repeats"],
        min_timed_s=config["min_timed_s"],
        max_repeats=config["max_repeats"],
        seed=config["order_seed"],
    script:
        "../scripts/plan_repeats.py"


# A pinned environment for one interpreter of the matrix (config key `pythons`):
# the benchmark's packages, one by one, at the versions of requirements.txt
# (or of the interpreter's own constraints); what pip cannot install there is
# recorded with its reason in packages.json, and the runs that need it are
# skipped with that reason (concurrency_bench.interpreters.packages).
rule python_env:
    input:
        packages="workflow/envs/benchmark.txt",
        pins=get_constraints,
    output:
        ".pythons/{python}/ready.json",
    log:
        "logs/pythons/{python}.log",
    wildcard_constraints:
        python=PYTHON_LABEL,
    conda:
        "../envs/benchmark.yaml"
    params:
        interpreter=lambda wildcards: PYTHONS[wildcards.python].path,
        venv=".pythons/{python}",
    shell:
        "(env -u PYTHON_GIL {params.interpreter:q} -m venv --clear {params.venv:q}"
        " && {params.venv:q}/bin/python -m pip install --disable-pip-version-check"
        " --no-deps -e ."
        " && {params.venv:q}/bin/python -m concurrency_bench.interpreters.packages --requirements {input.packages:q}"
        " --constraints {input.pins:q} --output {params.venv:q}/packages.json"
        " && {params.venv:q}/bin/python -m concurrency_bench.interpreters.matrix --output {output:q})"
        " > {log:q} 2>&1"
