"""concurrency-bench: which concurrency model makes a piece of work fastest on
this machine, by how much, and why. One package in layers that point one way
(pyproject.toml: [tool.importlinter]), highest first: workflow, report, plots,
analysis, run, record, workloads, words, models | target, interpreters,
core | tasks. Kept empty: a worker process that unpickles a task imports it."""
