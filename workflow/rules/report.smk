def get_section_inputs():
    """What the report's sections read besides the shared inputs."""
    return report_sections.inputs(config, MACHINE)


# --- what `all` asks for -----------------------------------------------------------------


def get_plots(machine):
    return {
        **{
            f"times_{workload}": f"results/{machine}/plots/times_{workload}.png"
            for workload in workloads_of(machine)
        },
        "parallelism": f"results/{machine}/plots/parallelism.png",
        "speedup": f"results/{machine}/plots/speedup.png",
    }


def get_final_output():
    return [
        "results/report.md",
        *expand("results/{machine}/summary.csv", machine=MEASURED),
        # Every measured label's sweeps (the report shows the main label's).
        *sweep_summaries(),
        # Every label's runs in pyperf's format, for pyperf's own tools.
        *expand("results/{machine}/pyperf.json", machine=MACHINES),
    ]


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
