"""A logarithmic axis whose labels can be read over whatever it spans: 1, 2
and 5 of each decade over one to three decades, each decade alone beyond,
every digit of a decade over less than one, and round linear steps where
even those leave fewer than three labels in view (12 s to 14 s has no 1, 2
or 5 of a decade in it). Here, below the plots, because the studies'
figures (src/concurrency_bench/workloads/<name>/<study>/plot.py) use it too."""

import math

from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter

# Fewer labels than this in view and the axis falls back to linear steps.
AT_LEAST = 3


class ReadableLogLocator(LogLocator):
    def tick_values(self, vmin, vmax):
        vmin, vmax = sorted((vmin, vmax))
        if vmin <= 0:
            return super().tick_values(vmin, vmax)
        decades = math.log10(vmax / vmin)
        if decades > 3:
            subs = (1.0,)
        elif decades >= 1:
            subs = (1.0, 2.0, 5.0)
        else:
            subs = tuple(float(digit) for digit in range(1, 10))
        self.set_params(subs=subs, numticks=64)
        ticks = super().tick_values(vmin, vmax)
        if sum(vmin <= tick <= vmax for tick in ticks) >= AT_LEAST:
            return ticks
        linear = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(vmin, vmax)
        return [tick for tick in linear if tick > 0]


def readable_log_axis(axis, format_value=None):
    """Make `axis` (ax.xaxis or ax.yaxis, already on a log scale) label each
    decade it spans and between where it spans less than one; `format_value`
    writes a tick's value (default: as %g)."""
    format_value = format_value or (lambda value: f"{value:g}")
    axis.set_major_locator(ReadableLogLocator(base=10))
    axis.set_major_formatter(FuncFormatter(lambda value, _: format_value(value)))
    axis.set_minor_formatter(NullFormatter())
