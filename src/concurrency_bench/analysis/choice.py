"""Which model a workload's measurements point to, as one decision that both
a workload's recommendation (concurrency_bench.report.workload_pages) and the
verdict card (concurrency_bench.report.verdict_card) word: the fastest model,
the models that tie with it (CIs overlapping, or medians within
`analysis.practical_tie`: concurrency_bench.analysis.ties), or the sync loop
that nothing beat."""

from dataclasses import dataclass

import pandas as pd

from concurrency_bench.analysis import ties

# What a decision can be, as the recommendation's sentences tell them apart.
ONLY_ONE = "only one"  # fewer than two models measured: nothing to compare
ONE_FAMILY = "one family"  # the tied models are all of the winner's family
NO_DIFFERENCE = "no difference"  # the practical tie's models, CIs all overlapping
PRACTICAL_TIE = "practical tie"  # medians within the tie, CIs apart
OVERLAP = "overlap"  # the fastest and the runner-up, CIs overlapping
KEEP_SYNC = "keep sync"  # the sync loop is the fastest, beyond the others' CIs
USE = "use"  # one model, faster beyond the runner-up's CI


def by_speed(rows):
    return rows.sort_values("median_s", kind="stable")


def overlap(a, b):
    """Whether two medians' CIs overlap; an unknown CI cannot tell them apart."""
    if any(pd.isna(v) for v in (a.ci_low_s, a.ci_high_s, b.ci_low_s, b.ci_high_s)):
        return True
    return a.ci_low_s <= b.ci_high_s and b.ci_low_s <= a.ci_high_s


@dataclass
class Choice:
    case: str
    ranked: list  # the measured rows, fastest first
    chosen: list  # the models the decision names, fastest first
    close: list  # the fastest and the models within the practical tie of it
    tied: list  # the models after the fastest that tie with it either way

    @property
    def winner(self):
        return self.ranked[0] if self.ranked else None

    @property
    def runner_up(self):
        return self.ranked[1] if len(self.ranked) > 1 else None

    @property
    def sync_unbeaten(self):
        """Whether no model beat the sync loop: it is the fastest, or among
        the models named as tied."""
        return any(row.experiment == row.baseline for row in self.chosen)


def decide(rows, practical_tie=ties.DEFAULT):
    """The decision on a workload's summary rows (those with a median)."""
    rows = rows[rows["median_s"].notna()]
    ranked = [row for _, row in by_speed(rows).iterrows()]
    if len(ranked) < 2:
        return Choice(ONLY_ONE, ranked, ranked, ranked, [])
    winner, runner_up = ranked[:2]
    close = ties.close(ranked, practical_tie)
    near = {row.experiment for row in close}
    tied = [row for row in ranked[1:] if overlap(winner, row) or row.experiment in near]
    if tied and {row.family for row in tied} == {winner.family} != {"sync"}:
        return Choice(ONE_FAMILY, ranked, [winner, *tied], close, tied)
    if len(close) > 1:
        alike = all(overlap(winner, row) for row in close[1:])
        return Choice(NO_DIFFERENCE if alike else PRACTICAL_TIE, ranked, close, close, tied)
    if overlap(winner, runner_up):
        return Choice(OVERLAP, ranked, [winner, runner_up], close, tied)
    if winner.experiment == winner.baseline:
        return Choice(KEEP_SYNC, ranked, [winner], close, tied)
    return Choice(USE, ranked, [winner], close, tied)


def first(choice, practical_tie=ties.DEFAULT):
    """The model the decision puts first: the cheaper of a practical tie
    (concurrency_bench.analysis.ties.first_of), else the fastest."""
    if len(choice.close) > 1:
        return ties.first_of(choice.close, practical_tie)[0]
    return choice.winner
