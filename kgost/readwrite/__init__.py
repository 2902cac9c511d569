"""RDF in and out: parsing, JSON-LD, N-Quads, exports and atomic files."""
