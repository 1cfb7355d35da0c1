# Only this machine's runs are measured here; other machines' records are read.
# Every value reaches the shell quoted ({...:q}); the repeat is digits only.
BENCHMARK_COMMAND = (
    "{params.py:q} {input.script:q} {params.args:q}"
    " --repeat {wildcards.repeat} --machine {wildcards.machine:q}"
    " --host-info {input.host:q} --output {output:q} > {log:q} 2>&1"
)


rule describe_host:
    input:
        get_interpreter_env,
    output:
        "results/{machine}/host.json",
    log:
        "logs/{machine}/describe_host.log",
    wildcard_constraints:
        machine="|".join(map(re.escape, MEASURED)),
    conda:
        "../envs/benchmark.yaml"
    resources:
        benchmark_slot=1,  # py-cpuinfo busies the CPU for about a second
    params:
        py=get_interpreter,
    shell:
        "{params.py:q} -m bench.environment --output {output:q} 2> {log:q}"


rule run_experiment:
    # ancient(): a newer script or host description never reruns, and so
    # never deletes, a run already measured.
    input:
        get_interpreter_env,
        script=ancient("scripts/{experiment}.py"),
        host=ancient("results/{machine}/host.json"),
    output:
        # Read-only once written: Snakemake refuses to overwrite a measured run.
        protected("results/{machine}/runs/{experiment}/{repeat}.json"),
    log:
        "logs/{machine}/runs/{experiment}/{repeat}.log",
    wildcard_constraints:
        machine="|".join(map(re.escape, MEASURED)),
    conda:
        "../envs/benchmark.yaml"
    resources:
        benchmark_slot=1,
    params:
        py=get_interpreter,
        args=get_experiment_args,
    shell:
        BENCHMARK_COMMAND


# A pinned environment for one interpreter of the matrix (config key `pythons`):
# the benchmark's packages, at the versions of requirements.txt.
rule python_env:
    input:
        packages="workflow/envs/benchmark.txt",
        pins="requirements.txt",
    output:
        ".pythons/{python}/ready.json",
    log:
        "logs/pythons/{python}.log",
    wildcard_constraints:
        python="|".join(map(re.escape, PYTHONS)) or "(?!)",
    conda:
        "../envs/benchmark.yaml"
    params:
        interpreter=lambda wildcards: PYTHONS[wildcards.python],
        venv=".pythons/{python}",
    shell:
        "({params.interpreter:q} -m venv --clear {params.venv:q}"
        " && {params.venv:q}/bin/python -m pip install --disable-pip-version-check"
        " -r {input.packages:q} -c {input.pins:q}"
        " && {params.venv:q}/bin/python -m pip install --disable-pip-version-check"
        " --no-deps -e ."
        " && {params.venv:q}/bin/python -c 'import json, sys, platform;"
        ' json.dump({{"python": sys.version, "executable": sys.executable}},'
        ' open(sys.argv[1], "w"))\' {output:q}) > {log:q} 2>&1'
