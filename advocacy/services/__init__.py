"""The gateway's verbs: each checks permission and tenant, and commits one transaction."""
