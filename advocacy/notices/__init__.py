"""Telling people about the gateway, in the app and by e-mail: the notices job.

Three things are told, each at most once:
- approvers, when a proposal waits for their decision (approvals.py);
- people whose standing consent shared a post, afterwards (consents.py);
- people whose LinkedIn connection ends within 7 days (reminders.py).

The job (job.py, registered in server/jobs.py) writes the in-app notification
and the fact that it was told in one transaction, commits, and only then hands
the e-mail to the mailer: like the digests, at most once. A worker that dies
between the two loses an e-mail, never sends one twice; the in-app
notification stays. Without a mailer (production without SMTP) only the in-app
notification is written.
"""
