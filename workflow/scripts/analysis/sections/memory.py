"""Memory: each experiment's peak over its whole process tree beside its time
(the Pareto view), what the peak summed, and what the sampler itself cost."""

import pandas as pd

from analysis import memory
from analysis.formatting import format_p, format_seconds
from analysis.sections import Section
from bench import memory as sampling
from bench import workloads


def table_rows(summary):
    """Per workload, each experiment's peak, the sum before it, its USS and
    processes, and how far above the sync loop's it went."""
    ran = summary[summary["memory_peak_kib"].notna()]
    return {
        workloads.label(name): [
            {
                "experiment": row.experiment,
                "peak": memory.format_mib(row.memory_peak_kib),
                "base": memory.format_mib(row.memory_base_kib),
                "uss": memory.format_mib(row.memory_peak_uss_kib),
                "processes": int(row.memory_peak_processes),
                "client": memory.format_mib(row.memory_peak_client_kib),
                "over": memory.format_mib(row.memory_over_baseline_kib),
            }
            for row in ran[ran["workload"] == name].itertuples()
        ]
        for name in workloads.order(ran["workload"])
    }


def cost_rows(path):
    cost = pd.read_csv(path)
    return [
        {
            "experiment": row.experiment,
            "pairs": row.pairs,
            "sampled": format_seconds(row.sampled_median_s),
            "unsampled": format_seconds(row.unsampled_median_s),
            "ratio": f"{row.ratio:.3f}",
            "ci": f"{row.ci_low:.3f}–{row.ci_high:.3f}",
            "p": format_p(row.p_value),
            "job": f"{format_seconds(row.sampled_job_s)} / {format_seconds(row.unsampled_job_s)}",
            "reading": memory.cost_reading(row),
        }
        for row in cost.itertuples()
    ]


def context(report):
    if not report.config.get("memory", {}).get("sampler", True):
        return None
    path = report.inputs.get("sampler_cost")
    return {
        "memory_tables": table_rows(report.summary),
        "memory_unmeasured": ", ".join(f"`{e}`" for e in memory.unmeasured(report.summary)),
        "sample_ms": round(1000 * sampling.INTERVAL_S),
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
