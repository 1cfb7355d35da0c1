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
