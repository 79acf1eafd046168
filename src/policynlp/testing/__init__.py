"""Helpers for testing policynlp and programs built on it."""
