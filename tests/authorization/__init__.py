"""The authorization matrix: every route of the app, tried by every kind of actor."""
