rule runs_table:
    input:
        settings=SETTINGS_FILES["disturbance"],
        code=ANALYSIS_CODE,
        catalog=CATALOG_FILE,
        records=get_run_records,
    output:
        runs=report(
            "results/{machine}/runs.csv",
            caption="../../report/runs.rst",
            category="Tables",
            subcategory="{machine}",
            labels={"machine": "{machine}", "table": "every run"},
        ),
    log:
        "logs/{machine}/runs_table.log",
    conda:
        "../envs/analysis.yaml"
    params:
        skip_bad_records=config["analysis"]["skip_bad_records"],
        # Which runs are disturbed (src/concurrency_bench/analysis/noise.py): only these keys
        # (SETTINGS_FILES["disturbance"]).
        analysis={
            key: config["analysis"][key]
            for key in ("max_disturbance", "noise_floor_s", "exclude_disturbed")
        },
    script:
        "../scripts/runs_table.py"


rule summary_table:
    input:
        settings=SETTINGS_FILES["analysis"],
        code=ANALYSIS_CODE,
        catalog=CATALOG_FILE,
        runs="results/{machine}/runs.csv",
    output:
        summary=report(
            "results/{machine}/summary.csv",
            caption="../../report/summary.rst",
            category="Tables",
            subcategory="{machine}",
            labels={"machine": "{machine}", "table": "per experiment"},
        ),
    log:
        "logs/{machine}/summary_table.log",
    conda:
        "../envs/analysis.yaml"
    params:
        analysis=config["analysis"],
    script:
        "../scripts/summary_table.py"


rule plot_times:
    input:
        settings=SETTINGS_FILES["analysis"],
        code=ANALYSIS_CODE,
        runs="results/{machine}/runs.csv",
        summary="results/{machine}/summary.csv",
    output:
        times=report(
            "results/{machine}/plots/times_{workload}.png",
            caption="../../report/times.rst",
            category="Times",
            labels={"machine": "{machine}", "workload": "{workload}"},
        ),
    log:
        "logs/{machine}/plot_times_{workload}.log",
    conda:
        "../envs/analysis.yaml"
    script:
        "../scripts/plot_times.py"


rule plot_parallelism:
    input:
        settings=SETTINGS_FILES["analysis"],
        code=ANALYSIS_CODE,
        runs="results/{machine}/runs.csv",
        summary="results/{machine}/summary.csv",
    output:
        parallelism=report(
            "results/{machine}/plots/parallelism.png",
            caption="../../report/parallelism.rst",
            category="Parallelism",
            labels={"machine": "{machine}", "figure": "parallelism"},
        ),
    log:
        "logs/{machine}/plot_parallelism.log",
    conda:
        "../envs/analysis.yaml"
    script:
        "../scripts/plot_parallelism.py"


rule plot_memory:
    input:
        settings=SETTINGS_FILES["analysis"],
        code=ANALYSIS_CODE,
        runs="results/{machine}/runs.csv",
        summary="results/{machine}/summary.csv",
    output:
        memory=report(
            "results/{machine}/plots/memory.png",
            caption="../../report/memory.rst",
            category="Memory",
            labels={"machine": "{machine}", "figure": "time against memory"},
        ),
    log:
        "logs/{machine}/plot_memory.log",
    conda:
        "../envs/analysis.yaml"
    script:
        "../scripts/plot_memory.py"


# The memory sampler's own cost (config key `memory.ablation`): sampled / unsampled.
rule sampler_cost:
    input:
        unpack(get_unsampled_records),
        settings=SETTINGS_FILES["analysis"],
        code=ANALYSIS_CODE,
    output:
        table=report(
            "results/{machine}/memory_sampler_cost.csv",
            caption="../../report/memory.rst",
            category="Memory",
            labels={"machine": "{machine}", "table": "the sampler's cost"},
        ),
    log:
        "logs/{machine}/sampler_cost.log",
    conda:
        "../envs/analysis.yaml"
    params:
        analysis=config["analysis"],
    script:
        "../scripts/sampler_cost.py"


rule plot_speedup:
    input:
        settings=SETTINGS_FILES["analysis"],
        code=ANALYSIS_CODE,
        catalog=CATALOG_FILE,
        runs="results/{machine}/runs.csv",
        summary="results/{machine}/summary.csv",
        article="report/article_figures.yaml",
    output:
        speedup=report(
            "results/{machine}/plots/speedup.png",
            caption="../../report/speedup.rst",
            category="Speedups",
            labels={"machine": "{machine}", "figure": "speedup vs the article"},
        ),
    log:
        "logs/{machine}/plot_speedup.log",
    conda:
        "../envs/analysis.yaml"
    script:
        "../scripts/plot_speedup.py"


rule check_claims:
    input:
        settings=SETTINGS_FILES["analysis"],
        code=ANALYSIS_CODE,
        catalog=CATALOG_FILE,
        runs="results/{machine}/runs.csv",
        summary="results/{machine}/summary.csv",
        article="report/article_figures.yaml",
    output:
        claims=report(
            "results/{machine}/claims.csv",
            caption="../../report/claims.rst",
            category="Tables",
            subcategory="{machine}",
            labels={"machine": "{machine}", "table": "the article's claims"},
        ),
    log:
        "logs/{machine}/check_claims.log",
    conda:
        "../envs/analysis.yaml"
    params:
        analysis=config["analysis"],
    script:
        "../scripts/check_claims.py"


rule check_ablations:
    input:
        settings=SETTINGS_FILES["analysis"],
        code=ANALYSIS_CODE,
        catalog=CATALOG_FILE,
        runs="results/{machine}/runs.csv",
    output:
        ablations=report(
            "results/{machine}/ablations.csv",
            caption="../../report/ablations.rst",
            category="Tables",
            subcategory="{machine}",
            labels={"machine": "{machine}", "table": "ablations"},
        ),
    log:
        "logs/{machine}/check_ablations.log",
    conda:
        "../envs/analysis.yaml"
    params:
        analysis=config["analysis"],
    script:
        "../scripts/check_ablations.py"


rule pyperf_suite:
    input:
        settings=SETTINGS_FILES["analysis"],
        code=ANALYSIS_CODE,
        catalog=CATALOG_FILE,
        runs="results/{machine}/runs.csv",
    output:
        suite=report(
            "results/{machine}/pyperf.json",
            caption="../../report/pyperf.rst",
            category="Tables",
            subcategory="{machine}",
            labels={"machine": "{machine}", "table": "pyperf suite"},
        ),
    log:
        "logs/{machine}/pyperf_suite.log",
    conda:
        "../envs/analysis.yaml"
    script:
        "../scripts/pyperf_suite.py"


rule compare_machines:
    input:
        settings=SETTINGS_FILES["machines"],
        code=ANALYSIS_CODE,
        catalog=CATALOG_FILE,
        runs=expand("results/{machine}/runs.csv", machine=MACHINES),
        summaries=expand("results/{machine}/summary.csv", machine=MACHINES),
    output:
        table=report(
            "results/machines.csv",
            caption="../../report/machines.rst",
            category="Machines",
            labels={"table": "machines"},
        ),
        plot=report(
            "results/plots/machines.png",
            caption="../../report/machines.rst",
            category="Machines",
            labels={"figure": "speedups per machine"},
        ),
        interpreters=report(
            "results/interpreters.csv",
            caption="../../report/interpreters.rst",
            category="Machines",
            labels={"table": "interpreters"},
        ),
        # The free-threaded builds against the default ones (null without one).
        free_threading="results/free_threading.json",
    log:
        "logs/compare_machines.log",
    conda:
        "../envs/analysis.yaml"
    params:
        machines=MACHINES,
        # The interpreter matrix's labels (config key `pythons`), compared.
        interpreters=list(PYTHON_OF_MACHINE),
        experiments=EXPERIMENTS,
        analysis=config["analysis"],
    script:
        "../scripts/compare_machines.py"
