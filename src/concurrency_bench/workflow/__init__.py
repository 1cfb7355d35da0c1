"""What only the Snakemake rules call: the config's checks and the runs it asks for, the run order, the overwrite guard, a rule's log."""
