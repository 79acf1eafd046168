"""Integrations with other libraries (spaCy)."""
