"""Adding entries from YAML/CSV and extracting them again."""
