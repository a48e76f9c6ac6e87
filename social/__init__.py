"""The social domain: tenants, people, spaces, posts, comments, reactions, feeds.

Framework-free: nothing here imports flask. Services are verb functions that
take a session and the acting person, check permission and tenant, and commit.
"""
