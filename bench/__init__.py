"""The runtime the experiment scripts share: the catalog of experiments, the
harness around the timed region, the embedded target, and the run record."""
