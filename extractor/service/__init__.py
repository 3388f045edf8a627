"""``govreport serve``: the pipeline over HTTP (FastAPI + uvicorn, jobs in SQLite).

Importing this package imports neither FastAPI nor uvicorn; ``app`` and ``server`` do, and
only the ``serve`` command imports them, so the other commands start as fast as before.
"""
