"""SHACL validation of the graph against the kgost shapes."""
