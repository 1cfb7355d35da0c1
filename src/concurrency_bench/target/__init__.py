"""The embedded HTTP target: its server, its pages, and starting and stopping it around a run."""
