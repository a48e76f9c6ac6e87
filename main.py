"""Comptoir.

Production: `gunicorn 'main:create_app()'`, configured from COMPTOIR_* variables.
Everything else: `python main.py --help` (serve, db upgrade, seed-demo, worker, ...).
"""

from server.factory import create_app

__all__ = ["create_app"]

if __name__ == "__main__":
    from cli import main

    main()
