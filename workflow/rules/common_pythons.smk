# The interpreter matrix: every experiment under each interpreter of the config
# key `pythons`, each in a pinned environment of its own (.pythons/<label>/),
# its results under a machine label of its own (<machine>-<label>), so that the
# machines comparison sets the interpreters side by side.

# The label's `t` marks a free-threaded build (3.13t, 3.14t), whatever
# PYTHON_GIL turns on or off at run time: each record keeps gil_enabled and
# python_gil_env, and the analysis reads the GIL from those.
INTERPRETER_LABEL = (
    "import platform, sysconfig; "
    "free = bool(sysconfig.get_config_var('Py_GIL_DISABLED')); "
    "print(platform.python_implementation().lower() + platform.python_version() "
    "+ ('t' if free else ''))"
)


def interpreter_labels(interpreters):
    """{label: interpreter}, e.g. {'cpython3.12.1': 'python3.12'}; a
    name that does not run is refused before anything runs."""
    labels = {}
    for interpreter in interpreters:
        try:
            answer = subprocess.run(
                [interpreter, "-c", INTERPRETER_LABEL],
                capture_output=True,
                text=True,
                timeout=60,
                check=True,
            )
        except (OSError, subprocess.SubprocessError) as error:
            said = getattr(error, "stderr", None) or error
            raise WorkflowError(
                f"config: pythons: {interpreter!r} does not run here: "
                f"{str(said).strip().splitlines()[0] if str(said).strip() else error}"
            )
        label = answer.stdout.strip()
        if label in labels:
            raise WorkflowError(
                f"config: pythons: {interpreter!r} and {labels[label]!r} are the same "
                f"Python ({label})"
            )
        labels[label] = interpreter
    return labels


PYTHONS = interpreter_labels(config["pythons"])
PYTHON_OF_MACHINE = {
    refused(pipeline.check_label, f"{BASE_MACHINE}-{label}", "pythons"): label
    for label in PYTHONS
}
# The labels measured here: one per interpreter, or the machine's own.
MEASURED = list(PYTHON_OF_MACHINE) or [BASE_MACHINE]


def python_of(machine):
    """(major, minor) of a measured label's Python: its interpreter's (named by
    its label, e.g. cpython3.13.0t), or the one running Snakemake."""
    label = PYTHON_OF_MACHINE.get(machine)
    if label is None:
        return tuple(sys.version_info[:2])
    return tuple(int(part) for part in re.search(r"(\d+)\.(\d+)", label).groups())


def experiments_of(machine, names=None):
    """The experiments of `names` (default: the config's) that run on a
    measured label's Python; the others are skipped there, never failed."""
    names = EXPERIMENTS if names is None else names
    return [name for name in names if CATALOG[name].runs_on(python_of(machine))]


def say_what_is_skipped():
    for machine in MEASURED:
        for name in sorted(set(EXPERIMENTS) - set(experiments_of(machine))):
            print(
                f"note: {name} needs Python >= {CATALOG[name].python}: not available "
                f"on {machine} (Python {'.'.join(map(str, python_of(machine)))}), skipped",
                file=sys.stderr,
            )


def get_interpreter(wildcards):
    """The interpreter of a measured label's benchmark jobs."""
    label = PYTHON_OF_MACHINE.get(wildcards.machine)
    return f".pythons/{label}/bin/python" if label else BENCHMARK_PYTHON


def get_interpreter_env(wildcards):
    """The environment a label's jobs need built first (none for the default)."""
    label = PYTHON_OF_MACHINE.get(wildcards.machine)
    return [f".pythons/{label}/ready.json"] if label else []
