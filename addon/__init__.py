"""The Google Workspace add-on over HTTP: verified requests in, cards out."""
