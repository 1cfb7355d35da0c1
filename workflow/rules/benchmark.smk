# Only this machine's runs are measured here; other machines' records are read.
# Every value reaches the shell quoted ({...:q}); the repeat is digits only.
BENCHMARK_COMMAND = (
    "{params.py:q} {input.script:q} {params.args:q}"
    " --repeat {wildcards.repeat} --machine {wildcards.machine:q}"
    " --host-info {input.host:q} --output {output:q} > {log:q} 2>&1"
)


rule describe_host:
    output:
        "results/{machine}/host.json",
    log:
        "logs/{machine}/describe_host.log",
    wildcard_constraints:
        machine=re.escape(MACHINE),
    conda:
        "../envs/benchmark.yaml"
    resources:
        benchmark_slot=1,  # py-cpuinfo busies the CPU for about a second
    params:
        py=BENCHMARK_PYTHON,
    shell:
        "{params.py:q} scripts/metadata.py --output {output:q} 2> {log:q}"


rule run_experiment:
    # ancient(): a newer script or host description never reruns, and so
    # never deletes, a run already measured.
    input:
        script=ancient("scripts/{experiment}.py"),
        host=ancient("results/{machine}/host.json"),
    output:
        # Read-only once written: Snakemake refuses to overwrite a measured run.
        protected("results/{machine}/runs/{experiment}/{repeat}.json"),
    log:
        "logs/{machine}/runs/{experiment}/{repeat}.log",
    wildcard_constraints:
        machine=re.escape(MACHINE),
    conda:
        "../envs/benchmark.yaml"
    resources:
        benchmark_slot=1,
    params:
        py=BENCHMARK_PYTHON,
        args=get_experiment_args,
    shell:
        BENCHMARK_COMMAND
