"""Comparisons with a test: the Mann–Whitney U p-value beside each bootstrap CI
of a ratio (speedups, claims, ablations), Holm's correction over the claims,
and "not significant" where that is the answer."""

import math

import numpy as np
import pytest
import yaml
from concurrency_bench.analysis import ablations, stats, verdicts
from concurrency_bench.analysis.runs import COLUMNS
from concurrency_bench.report.experiment_rows import ablation_rows, claim_rows, table_row
from concurrency_bench.words import format_p

from project import REPO
from script_runner import CATALOG
from synthetic import RESAMPLES, SEED, noisy, row_of, runs_frame, summary_of

ARTICLE = yaml.safe_load((REPO / "report/article_figures.yaml").read_text())
IO_CLAIMS = {
    "io-bound_sync": noisy(10.0, seed=11),
    "io-bound_concurrent_1": noisy(0.2, seed=12),
    "io-bound_concurrent_2": noisy(1.8, seed=13),
    "io-bound_concurrent_3": noisy(0.6, seed=14),
}


def frame(times, **params):
    """synthetic.runs_frame with every other column of runs.csv (empty) and
    each run's outcome ok, as the summary reads them."""
    runs = runs_frame(times, **params)
    missing = [column for column in COLUMNS if column not in runs]
    runs = runs.assign(**dict.fromkeys(missing))
    return runs.assign(outcome="ok")


def check_claims(runs):
    summary = summary_of(runs)
    table = verdicts.check_claims(runs, summary, ARTICLE, CATALOG, seed=SEED, resamples=RESAMPLES)
    return table.set_index("claim")


# --- stats -------------------------------------------------------------------


def test_holm_against_a_worked_example():
    """Sorted 0.005, 0.01, 0.03, 0.04 of m = 4: times 4, 3, 2, 1, then never
    decreasing: 0.02, 0.03, 0.06, 0.06; given back in the input's order."""
    adjusted = stats.holm([0.01, 0.04, 0.03, 0.005])
    assert adjusted == pytest.approx([0.03, 0.06, 0.06, 0.02])


def test_holm_caps_at_one_and_leaves_nan_out_of_the_count():
    adjusted = stats.holm([0.5, math.nan, 0.02])
    assert math.isnan(adjusted[1])
    # m = 2, the NaN being no test: 0.02 x 2, then 0.5 x 1.
    assert adjusted[0] == pytest.approx(0.5) and adjusted[2] == pytest.approx(0.04)
    assert stats.holm([0.6, 0.7]) == [1.0, 1.0]  # 0.6 x 2 capped, and never decreasing
    assert stats.holm([]) == []


def test_holm_never_below_the_raw_p_and_keeps_the_order():
    rng = np.random.default_rng(3)
    p = rng.uniform(0, 0.2, size=12)
    adjusted = np.array(stats.holm(p))
    assert (adjusted >= p).all()
    order = np.argsort(p)
    assert (np.diff(adjusted[order]) >= 0).all()


def test_mann_whitney_exact_p_of_separated_groups():
    """Five runs each, every one of A faster than every one of B: the exact
    two-sided p is 2 / C(10, 5) = 2/252, the smallest there is for 5 and 5."""
    fast, slow = [1.0, 1.1, 1.2, 1.3, 1.4], [2.0, 2.1, 2.2, 2.3, 2.4]
    assert stats.mann_whitney_p(slow, fast) == pytest.approx(2 / 252)
    assert stats.smallest_p(5, 5) == pytest.approx(2 / 252)
    # Too few for Holm over seven claims, whatever the times.
    assert 7 * stats.smallest_p(5, 5) > stats.ALPHA
    assert stats.smallest_p(3, 3) == pytest.approx(0.1)


def test_mann_whitney_of_one_distribution_and_of_nothing():
    assert stats.mann_whitney_p([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]) == 1.0
    assert math.isnan(stats.mann_whitney_p([], [1.0, 2.0]))


def test_mann_whitney_scale_tests_against_the_threshold():
    """`scale` multiplies the second group: a's runs 4% above b's differ from b
    (threshold 1) but not from b scaled by 1.04."""
    b = noisy(1.0, n=8, spread=0.002, seed=5)
    a = [1.04 * t for t in noisy(1.0, n=8, spread=0.002, seed=6)]
    assert stats.mann_whitney_p(a, b) < 0.01
    assert stats.mann_whitney_p(a, b, scale=1.04) > 0.05
    assert stats.mann_whitney_p(a, b, scale=1.04) == stats.mann_whitney_p(a, [1.04 * t for t in b])


@pytest.mark.parametrize(
    "ci_verdict, p_holm, said",
    [
        ("holds", 0.01, "holds"),
        ("holds", 0.2, "not significant"),
        ("does not hold", 0.04, "does not hold"),
        ("does not hold", 0.06, "not significant"),
        ("inconclusive", 0.001, "inconclusive"),
        ("holds", math.nan, "not significant"),
    ],
)
def test_a_verdict_needs_its_corrected_p(ci_verdict, p_holm, said):
    assert stats.significant_verdict(ci_verdict, p_holm) == said


def test_p_values_are_written_with_two_digits():
    assert format_p(2 / 252) == "0.0079"
    assert format_p(0.0002) == "<0.001"
    assert format_p(1.0) == "1"
    assert format_p(math.nan) == "–"


# --- speedups ----------------------------------------------------------------


def test_every_speedup_has_its_p_value_but_the_baselines():
    runs = frame(IO_CLAIMS)
    summary = summary_of(runs)
    assert math.isnan(row_of(summary, "io-bound_sync")["speedup_p"])
    threads = row_of(summary, "io-bound_concurrent_1")
    # 7 runs each, completely apart: the smallest exact p there is.
    assert threads["speedup_p"] == pytest.approx(stats.smallest_p(7, 7))
    assert table_row(next(summary.itertuples()))["speedup_p"] == "–"
    row = table_row(summary[summary["experiment"] == "io-bound_concurrent_1"].iloc[0])
    assert row["speedup_p"] == "<0.001"


# --- claims --------------------------------------------------------------------


def test_claims_carry_p_values_corrected_by_holm():
    table = check_claims(frame(IO_CLAIMS))
    assert {"p_value", "p_holm", "ci_verdict"} <= set(table.columns)
    assert (table["p_holm"] >= table["p_value"]).all()
    expected = stats.holm(table["p_value"])
    assert list(table["p_holm"]) == pytest.approx(expected)
    threads = table.loc["Threads speed up I/O over sync"]
    assert threads["verdict"] == threads["ci_verdict"] == "holds"
    assert threads["p_holm"] <= stats.ALPHA


def test_a_claim_the_ci_supports_with_too_few_runs_is_not_significant():
    """Three runs each: the CI lies far above 1, but no Mann–Whitney p-value
    can be below 0.1, so the verdict is "not significant", both numbers kept."""
    runs = frame({e: times[:3] for e, times in IO_CLAIMS.items()})
    table = check_claims(runs)
    threads = table.loc["Threads speed up I/O over sync"]
    assert threads["ci_low"] > 1
    assert threads["ci_verdict"] == "holds"
    assert threads["verdict"] == "not significant"
    assert threads["p_value"] == pytest.approx(0.1)
    assert threads["p_holm"] > stats.ALPHA
    assert "Holm" in threads["why"] and "no p-value is below 0.1" in threads["why"]
    shown = {row["claim"]: row for row in claim_rows(table.reset_index())}
    assert shown["Threads speed up I/O over sync"]["p"] == "0.1"


def test_a_several_way_claim_holds_on_its_largest_p():
    """ "Fastest" holds only if it beats every competitor: its p is the largest."""
    assert verdicts.claim_p(["holds", "holds"], [0.001, 0.02], closest=0) == 0.02
    # Refuted by one comparison: that one's p, times the claim's comparisons.
    assert verdicts.claim_p(["holds", "does not hold"], [0.001, 0.02], 0) == pytest.approx(0.04)
    assert verdicts.claim_p(["holds", "inconclusive"], [0.001, 0.3], closest=1) == 0.3


# --- ablations -----------------------------------------------------------------


def test_ablations_carry_a_p_value_and_the_report_shows_it():
    runs = frame(
        {
            "cpu-bound_parallel_2": noisy(6.0, seed=31),
            "cpu-bound_parallel_3": noisy(4.0, seed=32),
        },
        cpu_bound_parallel_3={"work_items": 8},
    )
    table = ablations.check_ablations(runs, CATALOG, seed=SEED, resamples=RESAMPLES)
    assert table["p_value"].iloc[0] == pytest.approx(stats.smallest_p(7, 7))
    comparison = ablation_rows(table)[0]["comparisons"][0]
    assert comparison["p"] == "<0.001"
