"""Memory: each experiment's peak over its whole process tree beside its time
(the Pareto view), what the peak summed, and what the sampler itself cost."""

from concurrency_bench.report.section import Section


def context(report):
    if not report.config.get("memory", {}).get("sampler", True):
        return None
    from concurrency_bench.analysis import peak_memory
    from concurrency_bench.report.memory_tables import cost_rows, table_rows
    from concurrency_bench.run import sampler

    path = report.inputs.get("sampler_cost")
    return {
        "memory_tables": table_rows(report.summary),
        "memory_unmeasured": ", ".join(f"`{e}`" for e in peak_memory.unmeasured(report.summary)),
        "sample_ms": round(1000 * sampler.INTERVAL_S),
        "sampler_cost": cost_rows(path) if path else None,
        "sampler_ablation": report.config["memory"].get("ablation", {}).get("experiments", []),
    }


def inputs(config):
    memory_config = config.get("memory", {})
    if not memory_config.get("sampler", True):
        return {}
    found = {"memory": "results/{machine}/plots/memory.png"}
    if memory_config.get("ablation", {}).get("experiments"):
        found["sampler_cost"] = "results/{machine}/memory_sampler_cost.csv"
    return found


SECTION = Section("memory", 80, context, inputs=inputs, plots=("memory",))
