"""Static HTML views of the graph: pages, charts and the data they embed."""
