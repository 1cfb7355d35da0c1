"""A pure-Python CPU task: the edit distance of two strings (Levenshtein).

Every step is Python bytecode, which holds the GIL: threads take turns on one
core, and only processes (or sub-interpreters) use more.
"""

import itertools
import random


def task(pair):
    a, b = pair
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def inputs():
    rng = random.Random(1)
    words = ["".join(rng.choice("acgt") for _ in range(150)) for _ in range(121)]
    return list(itertools.pairwise(words))
