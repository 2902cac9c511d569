"""Storage engines behind one protocol: rdflib in memory, Oxigraph, remote SPARQL servers."""
