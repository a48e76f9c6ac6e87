"""A person's own data (GDPR): the export of everything Comptoir holds of them, and
the admin's erasure of a person. Both span the two layers, so they live here, where
the gateway may call the social layer (advocacy -> social), as offboarding does:

- export.py: `export_person`, the social layer's data (social/privacy/export.py) and
  the gateway's (accounts without their tokens, consents, proposals, offers, shares);
- erasure.py: `erase_person`, deactivation and offboarding first (advocacy/offboarding),
  then the gateway's rows, then the social layer's (social/privacy/erasure.py), in one
  transaction, audited without naming the person.
"""
