"""A person's own data (GDPR), the social layer's side: what they can take away, and
what erasing them removes.

- export.py: `social_data`, everything the social layer holds of one person, as plain
  JSON-ready data (their profile, memberships, posts and comments with their edit
  history, reactions, notifications, settings, feed links, audit entries about them);
- erasure.py: `erase_social_data`, which removes it and turns their row into a
  pseudonym, keeping their posts and comments under "Former member" or deleting them;
- pseudonyms.py: what an erased person's row becomes;
- mentions.py: their @handle in other people's texts, rewritten to the pseudonym.

The gateway's side (accounts, consents, proposals, deliveries) and the act itself,
which needs both layers, are in advocacy/privacy (advocacy -> social, never back).
"""
