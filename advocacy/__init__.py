"""The advocacy gateway: approved posts shared on employees' own X and LinkedIn accounts.

rules/     the publication rules as data, and the one pure check of a share against them
models/    rule versions, accounts, proposals and offers, consents, the outbox, links, pauses
services/  the verbs the web pages and the add-on call (they never import flask)
worker.py  the delivery job: claims due deliveries with a lease and publishes them
"""
