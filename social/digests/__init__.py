"""E-mail digests: per person, daily or weekly, at 8:00 in their own time zone.

schedule.py    when: the slots (pure)
scheduling.py  who is due, found with SQL
compose.py     what: chosen at send time with what the reader may see now
awaiting.py    mentions of the reader and replies to them
render.py      the e-mail: Jinja2 templates in templates/, gettext, the reader's zone
sending.py     one digest, at most once, with a ledger of what was sent
tokens.py      signed one-click unsubscribe links
unsubscribe.py what the unsubscribe page does
job.py         the worker job ("digests")
"""
