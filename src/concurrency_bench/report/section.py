"""What a report section declares (concurrency_bench.report.sections holds them).

Light on purpose: the workflow reads every section's inputs when Snakemake
parses the rules, so a section module imports what its context needs inside
its functions, never at its top."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    name: str
    order: int  # where the report gives it: 10 the title ... 160 the config
    # context(report) -> what its fragment names (report.Report has the runs,
    # the summary, the config, the inputs), or None: the section is left out.
    context: object
    # inputs(config) -> {input name: path with {machine}}: the files it reads
    # besides the report's shared ones (runs.csv, summary.csv, the plots).
    inputs: object = field(default=lambda config: {})
    # Its inputs that are plots, shown in the report relative to it.
    plots: tuple = ()
    template: str = ""  # its fragment, as the report's loader names it

    @property
    def fragment(self):
        return self.template or f"{self.name}.md.j2"
