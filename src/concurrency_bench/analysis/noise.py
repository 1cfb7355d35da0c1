"""Noise judged per run: what disturbed each timed region, read from its record.

A run's *disturbance* is the CPU time that something else took while it ran,
per second of its timed region: the CPU time of every other process on the
machine (record noise.other_processes_cpu_s: the machine's busy time minus the
run's own, its workers' and its target's) plus the time a hypervisor stole
for its other guests (noise.steal_s), less `analysis.noise_floor_s` of
rounding (/proc/stat counts in 10 ms ticks, read at both ends), over
elapsed_s. 0.05 means that, on average, 5% of one core's time went to
something other than the run: one core-second per second is a whole core.

A run whose disturbance exceeds `analysis.max_disturbance` is marked in
runs.csv (`disturbed`, with the reason); with `analysis.exclude_disturbed` it
is also `excluded` from every statistic (summary.succeeded drops it), and the
report lists it. For the experiments too spread to trust, `run_causes` names
what disturbed each run: steal, other processes, involuntary context switches
well above the experiment's usual, a CPU frequency that differed.
"""

import math

import pandas as pd

from concurrency_bench.record.parameters import config_default

# The config's defaults (src/concurrency_bench/record/schemas/config.schema.yaml, `analysis`).
DEFAULT_MAX_DISTURBANCE = config_default("analysis.max_disturbance")
DEFAULT_NOISE_FLOOR_S = config_default("analysis.noise_floor_s")
# The columns noise adds to runs.csv, after the record's own.
COLUMNS = ("disturbance", "disturbed", "excluded")
# Named as a cause from this share of a core (below it, a run was quiet).
NOTABLE_SHARE = 0.01
# Involuntary context switches are named beyond this many times the
# experiment's median, and at least this many more than it.
CTX_FACTOR = 2
CTX_MIN_EXTRA = 10
# A CPU frequency this far from the experiment's median is named.
FREQUENCY_CHANGE = 0.05


def settings(analysis):
    """mark()'s keyword arguments from the config's `analysis` block."""
    analysis = analysis or {}
    return {
        "max_disturbance": analysis.get("max_disturbance", DEFAULT_MAX_DISTURBANCE),
        "floor_s": analysis.get("noise_floor_s", DEFAULT_NOISE_FLOOR_S),
        "exclude": analysis.get("exclude_disturbed", False),
    }


def _column(runs, name):
    """A numeric column of the runs table; all NaN where the records lack it."""
    if name not in runs:
        return pd.Series(math.nan, index=runs.index, dtype=float)
    return pd.to_numeric(runs[name], errors="coerce").astype(float)


def shares(runs, floor_s=DEFAULT_NOISE_FLOOR_S):
    """Per run, the other processes' and the steal's CPU time over its elapsed
    time (shares of one core), the floor taken from the other processes' first;
    NaN where the record has no noise block."""
    elapsed = _column(runs, "elapsed_s").where(lambda s: s > 0)
    other = _column(runs, "noise_other_processes_cpu_s")
    steal = _column(runs, "noise_steal_s")
    left = (other.fillna(0) + steal.fillna(0) - floor_s).clip(lower=0)
    steal_kept = steal.fillna(0).clip(upper=left)
    measured = other.notna() | steal.notna()
    return pd.DataFrame(
        {
            "other_share": ((left - steal_kept) / elapsed).where(measured),
            "steal_share": (steal_kept / elapsed).where(measured),
        },
        index=runs.index,
    )


def percent_of_core(share):
    """'39%', '6.7%': a digit more below 10%."""
    return f"{100 * share:.0f}%" if share >= 0.1 else f"{100 * share:.1f}%"


def disturbance_reason(other, steal, max_disturbance):
    """'other processes 39% of a core, steal 6.7%: 45% in all > 5% (...)'."""
    said = f"other processes {percent_of_core(other)} of a core"
    if steal > 0:
        said += f", steal {percent_of_core(steal)}: {percent_of_core(other + steal)} in all"
    return f"{said} > {percent_of_core(max_disturbance)} (analysis.max_disturbance)"


def mark(
    runs,
    max_disturbance=DEFAULT_MAX_DISTURBANCE,
    floor_s=DEFAULT_NOISE_FLOOR_S,
    exclude=False,
):
    """`runs` with COLUMNS: the disturbance (a share of one core, NaN when not
    measured), the reason a run is disturbed beyond `max_disturbance` (empty
    otherwise), and whether it is excluded from the statistics."""
    measured = shares(runs, floor_s)
    disturbance = measured["other_share"] + measured["steal_share"]
    over = disturbance > max_disturbance
    reasons = [
        disturbance_reason(other, steal, max_disturbance) if beyond else ""
        for other, steal, beyond in zip(
            measured["other_share"], measured["steal_share"], over, strict=True
        )
    ]
    return runs.assign(
        disturbance=disturbance,
        disturbed=reasons,
        excluded=over & bool(exclude),
    )


def reason_of(value):
    """The `disturbed` cell as text: "" for a quiet run (NaN once read back)."""
    return value if isinstance(value, str) else ""


def flag(value):
    """The `excluded` cell as a bool (missing: False)."""
    return False if value is None or pd.isna(value) else bool(value)


def _usual(values):
    """The experiment's median of a column, NaN when nothing was measured."""
    values = values.dropna()
    return float(values.median()) if len(values) else math.nan


def run_causes(runs, floor_s=DEFAULT_NOISE_FLOOR_S):
    """One row per run of `runs` (one experiment's), with its measures and
    what disturbed it, named: steal, other processes, involuntary context
    switches well above the experiment's median, a frequency that differed."""
    measured = shares(runs, floor_s)
    ctx = _column(runs, "ctx_involuntary")
    mhz = _column(runs, "noise_cpu_mhz")
    usual_ctx, usual_mhz = _usual(ctx), _usual(mhz)
    rows = []
    for i, run in runs.iterrows():
        other, steal = measured.at[i, "other_share"], measured.at[i, "steal_share"]
        causes = []
        if not math.isnan(steal) and steal >= NOTABLE_SHARE:
            causes.append(f"steal {percent_of_core(steal)} of a core")
        if not math.isnan(other) and other >= NOTABLE_SHARE:
            causes.append(f"other processes {percent_of_core(other)} of a core")
        if ctx[i] > max(CTX_FACTOR * usual_ctx, usual_ctx + CTX_MIN_EXTRA):
            causes.append(f"{ctx[i]:.0f} involuntary context switches (median {usual_ctx:.0f})")
        if abs(mhz[i] / usual_mhz - 1) > FREQUENCY_CHANGE:
            causes.append(f"CPU at {mhz[i]:.0f} MHz (median {usual_mhz:.0f} MHz)")
        if math.isnan(other) and math.isnan(steal):
            cause = "not measured (a record without noise)"
        else:
            cause = "; ".join(causes) or "nothing measured"
        rows.append(
            {
                "experiment": run["experiment"],
                "repeat": run["repeat"],
                "run_index": run.get("run_index"),
                "elapsed_s": run["elapsed_s"],
                "other_share": other,
                "steal_share": steal,
                "ctx_involuntary": ctx[i],
                "cpu_mhz": mhz[i],
                "disturbed": reason_of(run.get("disturbed")),
                "excluded": flag(run.get("excluded")),
                "cause": cause,
                "named": bool(causes),
            }
        )
    return rows
