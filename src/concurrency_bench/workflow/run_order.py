"""How many timed runs each experiment of one label gets, and in what order
they are measured.

Repeats sized to the run: every experiment first gets `repeats` runs (phase
1). From their median time t, the plan gives it n = ceil(min_timed_s / t)
runs in all, never fewer than `repeats` nor more than `max_repeats` (unless
`repeats` is larger): a short experiment gets more runs, until its timed
regions add up to about min_timed_s; phase 2 measures the difference.

Interleaving: within each phase the runs form randomized blocks. The k-th of
an experiment's n runs gets a random target in the k-th n-th of the phase, and
the runs go in the order of their targets; so every experiment's runs are
spread over the whole phase, and a drift of the machine (heat, a background
job) falls on all experiments alike. One experiment never runs twice in a row
while another still has a run to do, unless its runs outnumber all the others
together (plus one). The same seed gives the same order.
"""

import math
import random
import statistics


def planned_repeats(times_s, repeats, min_timed_s, max_repeats):
    """Runs an experiment gets in all, from the times (seconds) of its first runs."""
    times = [t for t in times_s if t is not None and t > 0]
    if not times or min_timed_s <= 0:
        return repeats
    wanted = math.ceil(min_timed_s / statistics.median(times))
    return max(repeats, min(max_repeats, wanted))


def interleave(counts, rng, last=None):
    """Experiment names, each `counts[name]` times, in a randomized order
    (see the module's doc); `last` is the run just before, not repeated first.

    An experiment with more runs than the others can separate has them in as
    many groups as there are gaps, of sizes as equal as can be: the runs that
    must follow each other are spread over the phase, not left to its end."""
    counts = {name: n for name, n in counts.items() if n > 0}
    if not counts:
        return []
    top = max(counts, key=counts.get)
    gaps = max(1, sum(counts.values()) - counts[top] + (top != last))
    if counts[top] <= gaps:
        return spread(counts, rng, last)
    size, larger = divmod(counts[top], gaps)
    bigger = set(rng.sample(range(gaps), larger))
    groups = iter([size + (group in bigger) for group in range(gaps)])
    order = []
    for name in spread({**counts, top: gaps}, rng, last):
        order += [name] * (next(groups) if name == top else 1)
    return order


def spread(counts, rng, last=None):
    """interleave() where no experiment outnumbers the others (plus one)."""
    targets = {name: [(k + rng.random()) / n for k in range(n)] for name, n in counts.items()}
    left = dict(counts)
    order = []
    while left:
        total = sum(left.values())
        candidates = [name for name in left if name != last] or [last]
        # An experiment with more runs left than all the others together must
        # go now, or two of its runs will have to follow each other later.
        urgent = [name for name in candidates if 2 * left[name] > total]
        if urgent:
            pick = urgent[0]
        else:  # the one whose next run's target comes first
            pick = min(candidates, key=lambda n: targets[n][counts[n] - left[n]])
        order.append(pick)
        left[pick] -= 1
        if not left[pick]:
            del left[pick]
        last = pick
    return order


def run_order(experiments, repeats, seed, key="", planned=None):
    """One label's runs in the order they are measured, each as {run_index,
    experiment, repeat, phase}: phase 1, `repeats` runs of each experiment;
    with `planned` ({experiment: runs in all}, the plan), phase 2 after it.
    `key` tells the labels of one config apart (an interpreter's label)."""
    phases = [{name: repeats for name in experiments}]
    if planned is not None:
        phases.append({name: max(0, planned.get(name, repeats) - repeats) for name in experiments})
    done = dict.fromkeys(experiments, 0)
    order, last = [], None
    for phase, counts in enumerate(phases, start=1):
        rng = random.Random(f"{seed}:{key}:{phase}")
        for name in interleave(counts, rng, last):
            done[name] += 1
            order.append(
                {
                    "run_index": len(order) + 1,
                    "experiment": name,
                    "repeat": done[name],
                    "phase": phase,
                }
            )
            last = name
    return order


def make_plan(first_times, experiments, repeats, min_timed_s, max_repeats, seed, key=""):
    """The plan of one label, from {experiment: times of its first runs}: the
    runs each experiment gets in all, why, and the order of every run."""
    planned, medians = {}, {}
    for name in experiments:
        times = [t for t in first_times.get(name, []) if t is not None and t > 0]
        medians[name] = statistics.median(times) if times else None
        planned[name] = planned_repeats(times, repeats, min_timed_s, max_repeats)
    return {
        "repeats": planned,
        "first_median_s": medians,
        "min_repeats": repeats,
        "min_timed_s": min_timed_s,
        "max_repeats": max_repeats,
        "order_seed": seed,
        "order_key": key,
        "order": run_order(experiments, repeats, seed, key, planned),
    }
