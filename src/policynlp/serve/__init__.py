"""HTTP API and web pages over a store (FastAPI), and the static report."""
