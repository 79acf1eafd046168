"""Where records go: record files (files.py), the SQLite store and search (db.py)."""
