"""The benchmark harness: `python -m bench run --dataset firm` (see BENCHMARKS.md).

seed/      datasets generated in Python, bulk-loaded (COPY / executemany)
serve.py   Comptoir under gunicorn as in production; fakes.py the loopback Google
events.py  signed add-on events and session cookies; scenarios.py what is loaded
wrk.py     the closed-loop load generator; sqlcount.py statements per request
worker.py  delivery worker throughput; digests.py digest generation time
report.py  the table, the JSON and `compare`
"""
