"""Service functions: verbs on nouns, each checking who acts and committing once."""
