rule markdown_report:
    input:
        **get_plots(MACHINE),
        **get_sweep_plots(),
        **get_scale_study(),
        **get_crossover_map(),
        settings=SETTINGS_FILES["report"],
        code=ANALYSIS_CODE,
        runs=f"results/{MACHINE}/runs.csv",
        summary=f"results/{MACHINE}/summary.csv",
        claims=f"results/{MACHINE}/claims.csv",
        ablations=f"results/{MACHINE}/ablations.csv",
        sweeps=get_sweep_summaries(),
        # The start costs of every interpreter, in the Bounds section.
        start_method_sweeps=list(sweep_summaries("start_method")),
        machines="results/machines.csv",
        machines_plot="results/plots/machines.png",
        interpreters="results/interpreters.csv",
        host=f"results/{MACHINE}/host.json",
        article="report/article_figures.yaml",
        template="report/report.md.j2",
        catalog=CATALOG_FILE,
    output:
        report="results/report.md",
    log:
        "logs/markdown_report.log",
    conda:
        "../envs/analysis.yaml"
    params:
        config=config,
        machine=MACHINE,
        # The label of each sweep over start_method, as its summary's.
        start_method_labels=list(sweep_summaries("start_method").values()),
    script:
        "../scripts/markdown_report.py"
