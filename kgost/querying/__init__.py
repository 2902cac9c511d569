"""SPARQL: the safety gate, bindings, named queries, results and their formats."""
