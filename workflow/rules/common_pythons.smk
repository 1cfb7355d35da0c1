# The interpreter matrix: every experiment under each interpreter of the config
# key `pythons`, each in a pinned environment of its own (.pythons/<label>/),
# its results under a machine label of its own (<machine>-<label>), so that the
# machines comparison sets the interpreters side by side.

INTERPRETER_LABEL = (
    "import sys, platform; "
    "gil = getattr(sys, '_is_gil_enabled', lambda: True)(); "
    "print(platform.python_implementation().lower() + platform.python_version() "
    "+ ('' if gil else 't'))"
)


def interpreter_labels(interpreters):
    """{label: interpreter}, e.g. {'cpython3.12.1': 'python3.12'}; a
    name that does not run is refused before anything runs."""
    labels = {}
    for interpreter in interpreters:
        try:
            answer = subprocess.run(
                [interpreter, "-c", INTERPRETER_LABEL],
                capture_output=True, text=True, timeout=60, check=True,
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
PYTHON_OF_MACHINE = {f"{BASE_MACHINE}-{label}": label for label in PYTHONS}
# The labels measured here: one per interpreter, or the machine's own.
MEASURED = list(PYTHON_OF_MACHINE) or [BASE_MACHINE]


def get_interpreter(wildcards):
    """The interpreter of a measured label's benchmark jobs."""
    label = PYTHON_OF_MACHINE.get(wildcards.machine)
    return f".pythons/{label}/bin/python" if label else BENCHMARK_PYTHON


def get_interpreter_env(wildcards):
    """The environment a label's jobs need built first (none for the default)."""
    label = PYTHON_OF_MACHINE.get(wildcards.machine)
    return [f".pythons/{label}/ready.json"] if label else []
