rule run_sweep_point:
    input:
        get_interpreter_env,
        get_workload_profile,
        script=get_script,
        host=ancient("results/{machine}/host.json"),
    output:
        protected("results/{machine}/sweeps/{sweep}/{experiment}/{point}/{repeat}.json"),
    log:
        "logs/{machine}/sweeps/{sweep}/{experiment}/{point}/{repeat}.log",
    wildcard_constraints:
        machine=MEASURED_LABEL,
        sweep=SWEEP_NAME,
        experiment=EXPERIMENT_NAME,
        point=r"[a-z_]+=[a-z0-9.]+",
        repeat=r"\d+",
    conda:
        "../envs/benchmark.yaml"
    resources:
        benchmark_slot=1,
    params:
        py=get_interpreter,
        args=get_sweep_point_args,
    shell:
        BENCHMARK_COMMAND


rule summarize_sweep:
    input:
        settings=SETTINGS_FILES["analysis"],
        code=ANALYSIS_CODE,
        records=get_sweep_records,
        summary="results/{machine}/summary.csv",
        catalog=CATALOG_FILE,
    output:
        summary=report(
            "results/{machine}/sweeps/{sweep}/summary.csv",
            caption="../../report/sweep.rst",
            category="Sweeps",
            subcategory="{sweep}",
            labels={"machine": "{machine}", "sweep": "{sweep}", "table": "per point"},
        ),
        plot=report(
            "results/{machine}/plots/sweep_{sweep}.png",
            caption="../../report/sweep.rst",
            category="Sweeps",
            subcategory="{sweep}",
            labels={"machine": "{machine}", "sweep": "{sweep}", "figure": "sweep"},
        ),
    log:
        "logs/{machine}/sweeps/{sweep}/summarize.log",
    wildcard_constraints:
        sweep=SWEEP_NAME,
    conda:
        "../envs/analysis.yaml"
    params:
        sweep=lambda wildcards: SWEEPS[wildcards.sweep],
        analysis=config["analysis"],
    script:
        "../scripts/summarize_sweep.py"


rule scale_study:
    input:
        settings=SETTINGS_FILES["analysis"],
        code=ANALYSIS_CODE,
        sweeps=expand(
            "results/{{machine}}/sweeps/{sweep}/summary.csv", sweep=SCALE_SWEEPS
        ),
    output:
        table=report(
            "results/{machine}/scale.csv",
            caption="../../report/scale.rst",
            category="Sweeps",
            subcategory="scale",
            labels={"machine": "{machine}", "table": "scale study"},
        ),
        plot=report(
            "results/{machine}/plots/scale.png",
            caption="../../report/scale.rst",
            category="Sweeps",
            subcategory="scale",
            labels={"machine": "{machine}", "figure": "scale study"},
        ),
    log:
        "logs/{machine}/scale_study.log",
    conda:
        "../envs/analysis.yaml"
    script:
        "../scripts/scale_study.py"


rule crossover_map:
    input:
        settings=SETTINGS_FILES["analysis"],
        code=ANALYSIS_CODE,
        sweeps=expand(
            "results/{{machine}}/sweeps/{sweep}/summary.csv", sweep=CROSSOVER_SWEEPS
        ),
    output:
        table=report(
            "results/{machine}/crossover.csv",
            caption="../../report/crossover.rst",
            category="Sweeps",
            subcategory="crossover",
            labels={"machine": "{machine}", "table": "crossover map"},
        ),
        plot=report(
            "results/{machine}/plots/crossover.png",
            caption="../../report/crossover.rst",
            category="Sweeps",
            subcategory="crossover",
            labels={"machine": "{machine}", "figure": "crossover map"},
        ),
    log:
        "logs/{machine}/crossover_map.log",
    conda:
        "../envs/analysis.yaml"
    params:
        sweeps=CROSSOVER_SWEEPS,
    script:
        "../scripts/crossover_map.py"
