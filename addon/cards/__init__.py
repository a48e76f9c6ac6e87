"""Card builders: pure functions from plain data (and a CardContext) to card dicts."""
