"""NetworkX views of the graph, connections, centrality, shared members, formats and drawing."""
