# concurrency-bench: the article "Parallelism, Concurrency, and AsyncIO in Python
# by example", measured on this machine. Run: snakemake --cores 1 all


from snakemake.utils import min_version

min_version("9.0")


configfile: "config.yaml"


report: "report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/settings.smk"
include: "workflow/rules/inputs.smk"
include: "workflow/rules/run_order.smk"
include: "workflow/rules/benchmark.smk"
include: "workflow/rules/aggregate.smk"
include: "workflow/rules/sweeps.smk"
include: "workflow/rules/report.smk"
include: "workflow/rules/before_any_job.smk"


rule all:
    default_target: True
    input:
        get_final_output(),


# The answer, in the terminal: the verdict card, then where the reports are.
onsuccess:
    finish.show_card(CARD_FILE)
