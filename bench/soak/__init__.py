"""The soak: the mixed load for minutes while PostgreSQL restarts and processes die.

    python -m bench soak --duration 600

See bench/soak/runner.py for the run, RELIABILITY.md ("Load with faults") for figures.
"""
