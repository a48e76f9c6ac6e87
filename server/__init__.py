"""The Flask application: factory, per-request database sessions, errors, health."""
