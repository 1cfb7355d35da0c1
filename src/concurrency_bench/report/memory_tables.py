"""The memory section's tables: per workload, each experiment's peak over its
whole process tree and what it summed; what the sampler itself cost."""

import pandas as pd

from concurrency_bench import workloads
from concurrency_bench.analysis import peak_memory
from concurrency_bench.words import format_p, format_seconds


def table_rows(summary):
    """Per workload, each experiment's peak, the sum before it, its USS and
    processes, and how far above the sync loop's it went."""
    ran = summary[summary["memory_peak_kib"].notna()]
    return {
        workloads.label(name): [
            {
                "experiment": row.experiment,
                "peak": peak_memory.format_mib(row.memory_peak_kib),
                "base": peak_memory.format_mib(row.memory_base_kib),
                "uss": peak_memory.format_mib(row.memory_peak_uss_kib),
                "processes": int(row.memory_peak_processes),
                "client": peak_memory.format_mib(row.memory_peak_client_kib),
                "over": peak_memory.format_mib(row.memory_over_baseline_kib),
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
            "reading": peak_memory.cost_reading(row),
        }
        for row in cost.itertuples()
    ]
