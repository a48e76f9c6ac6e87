"""Moderation after the fact: reports, the moderators' queue, hiding and restoring.

- `visibility`: the one predicate every read path applies to hidden content;
- `reports`: reporting a post or a comment, and the queue of open reports;
- `decisions`: hide, restore, dismiss (audited; the author is told);
- `notice`: the polite e-mail that tells an author, in their language.
"""
