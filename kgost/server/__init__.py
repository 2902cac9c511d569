"""``kgost serve``: the graph as a SPARQL 1.1 endpoint, linked-data pages and a JSON API (needs ``kgost[server]``)."""
