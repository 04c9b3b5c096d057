"""Alembic migrations of the store, run programmatically on start (`store.migrate`)."""
