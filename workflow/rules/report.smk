rule markdown_report:
    input:
        **get_plots(MACHINE),
        **get_sweep_plots(),
        **get_section_inputs(),
        settings=SETTINGS_FILES["report"],
        code=ANALYSIS_CODE,
        runs=f"results/{MACHINE}/runs.csv",
        summary=f"results/{MACHINE}/summary.csv",
        sweeps=get_sweep_summaries(),
        # The start costs of every interpreter, in the Bounds section.
        start_method_sweeps=list(sweep_summaries("start_method")),
        article="report/article_figures.yaml",
        template="report/report.md.j2",
        fragments=REPORT_TEMPLATES,
        catalog=CATALOG_FILE,
    output:
        report="results/report.md",
        # The verdict card in plain text, for the terminal (onsuccess).
        card=CARD_FILE,
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
