"""An erased person's @handle in others' texts: replaced exactly where the renderer reads a
mention of them, nowhere else."""

from __future__ import annotations

import pytest

from social.privacy.mentions import replace_handle


@pytest.mark.parametrize("before, after", [
    ("Merci @lea.martin !", "Merci @former-member-7 !"),
    ("Merci @lea.martin.", "Merci @former-member-7."),            # the full stop ends it
    ("@Lea.Martin et @lea.martin", "@former-member-7 et @former-member-7"),
    ("@lea.martinez a raison", "@lea.martinez a raison"),          # someone else
    ("écrire à lea.martin@atelier.fr", "écrire à lea.martin@atelier.fr"),  # not a mention
    ("pas de mention", "pas de mention"),
])
def test_only_mentions_of_that_handle_change(before, after):
    assert replace_handle(before, "lea.martin", "former-member-7") == after
