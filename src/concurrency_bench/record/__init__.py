"""The run record and what declares it: the catalog of experiments, the parameters, the schemas (package data)."""
