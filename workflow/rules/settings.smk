# What the analysis follows: its config and its code, though a measured run is
# never rerun (the default profile's rerun trigger is a file's time only): each
# analysis rule takes as input the settings it reads, written under .snakemake/
# only when they change (concurrency_bench.workflow.pipeline.write_settings),
# and the analysis code.

# The package's folder (src/concurrency_bench in this checkout).
PACKAGE = os.path.relpath(os.path.dirname(workloads.__path__[0]))
ANALYSIS_CODE = sorted(
    glob.glob("workflow/scripts/*.py")
    + [f"{PACKAGE}/words.py"]
    # The analysis, its plots and report, and what the workloads say.
    + [
        path
        for layer in ("analysis", "plots", "report", "workloads")
        for path in glob.glob(f"{PACKAGE}/{layer}/**/*.py", recursive=True)
    ]
)
# The report's fragments: its sections' and the workloads'.
REPORT_TEMPLATES = sorted(
    glob.glob(f"{PACKAGE}/report/**/*.j2", recursive=True)
    + glob.glob(f"{PACKAGE}/workloads/**/*.j2", recursive=True)
)
DISTURBANCE_KEYS = (
    "max_disturbance",
    "noise_floor_s",
    "exclude_disturbed",
    "skip_bad_records",
)
SETTINGS = {
    # which runs are disturbed: runs.csv (another bootstrap seed leaves it be)
    "disturbance": {key: config["analysis"][key] for key in DISTURBANCE_KEYS},
    "analysis": config["analysis"],
    # the report quotes the whole config (but the switch to go on past the budget)
    "report": {key: value for key, value in config.items() if key != "force"},
}
SETTINGS_FILES = {
    name: pipeline.write_settings(f".snakemake/settings/{name}.json", values)
    for name, values in SETTINGS.items()
}

# The comparison of labels follows which labels there are and which of them
# this config measures (its interpreters), as the analysis follows its settings.
SETTINGS_FILES["machines"] = pipeline.write_settings(
    ".snakemake/settings/machines.json",
    {
        "machines": MACHINES,
        "interpreters": list(PYTHON_OF_MACHINE),
        "experiments": EXPERIMENTS,
        "analysis": config["analysis"],
    },
)
