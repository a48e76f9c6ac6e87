"""Someone leaves the firm: what the gateway must stop doing in their name.

When an admin deactivates a person, or Google's Directory says their account
is suspended, archived or deleted (seen at their next sign-in, on the web or in
the add-on, or by the worker's periodic check), the person:

- has their X and LinkedIn tokens revoked at the provider (best effort: the
  answer is recorded in the audit log) and deleted from Comptoir;
- has every share still waiting on their accounts cancelled;
- has their standing consents withdrawn.

Their posts and comments stay, attributed (erasing is a separate, explicit act:
advocacy/privacy). Reactivating someone restores none of this: they connect
their accounts and give their consents again.

Why here. Leaving touches both layers: the social one (the person can no longer
sign in) and the gateway (tokens, shares, consents). Dependencies point one
way, advocacy -> social, so the social layer cannot call the gateway; this
package is the one place that does both, in that order:

- offboard.py: `offboard_person`, the gateway's part, for a person already
  deactivated (by `social.services.people.deactivate_user` in the admin's
  route, or by `social.services.departures.mark_departed` here);
- directory.py: the Directory check at sign-in (`check_at_sign_in`), and the
  worker job that re-checks active people in batches and finishes any
  offboarding left half done (a process that died between the two steps).
"""
