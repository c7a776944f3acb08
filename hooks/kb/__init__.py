"""Loading and validation of the knowledge base's YAML data, importable without a build."""
