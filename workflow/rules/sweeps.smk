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
        gil=get_python_gil,
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


rule study:
    input:
        settings=SETTINGS_FILES["analysis"],
        code=ANALYSIS_CODE,
        sweeps=get_study_sweeps,
    output:
        table=report(
            "results/{machine}/studies/{study}.csv",
            caption="../../report/study.rst",
            category="Sweeps",
            subcategory="{study}",
            labels={"machine": "{machine}", "table": "{study}"},
        ),
        plot=report(
            "results/{machine}/plots/study_{study}.png",
            caption="../../report/study.rst",
            category="Sweeps",
            subcategory="{study}",
            labels={"machine": "{machine}", "figure": "{study}"},
        ),
    log:
        "logs/{machine}/studies/{study}.log",
    wildcard_constraints:
        study=STUDY_NAME,
    conda:
        "../envs/analysis.yaml"
    params:
        sweeps=lambda wildcards: STUDIES[wildcards.study],
        caption=get_study_caption,
    script:
        "../scripts/study.py"
