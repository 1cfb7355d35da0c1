"""The interpreters of the matrix (config key `pythons`): their labels, and the packages of their environments."""
