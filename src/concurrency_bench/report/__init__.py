"""The report: its sections (one plug-in each), their text, and its rendering."""
