rule runs_table:
    input:
        records=get_run_records,
    output:
        runs="results/{machine}/runs.csv",
    log:
        "logs/{machine}/runs_table.log",
    conda:
        "../envs/analysis.yaml"
    script:
        "../../scripts/aggregate_runs.py"


rule summary_table:
    input:
        runs="results/{machine}/runs.csv",
    output:
        summary="results/{machine}/summary.csv",
    log:
        "logs/{machine}/summary_table.log",
    conda:
        "../envs/analysis.yaml"
    script:
        "../../scripts/summarize.py"


rule plot_times:
    input:
        runs="results/{machine}/runs.csv",
    output:
        io="results/{machine}/plots/times_io.png",
        cpu="results/{machine}/plots/times_cpu.png",
    log:
        "logs/{machine}/plot_times.log",
    conda:
        "../envs/analysis.yaml"
    script:
        "../../scripts/plot_times.py"


rule plot_speedup:
    input:
        summary="results/{machine}/summary.csv",
        article="report/article_figures.yaml",
    output:
        speedup="results/{machine}/plots/speedup.png",
    log:
        "logs/{machine}/plot_speedup.log",
    conda:
        "../envs/analysis.yaml"
    script:
        "../../scripts/plot_speedup.py"
