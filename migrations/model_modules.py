"""Every package that declares tables, so Alembic and the tests see the whole schema."""

import importlib

MODEL_MODULES = ("social.models",)


def import_all() -> None:
    for module in MODEL_MODULES:
        importlib.import_module(module)
