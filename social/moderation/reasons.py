"""Why someone reports a post or a comment: a few reasons, named in the reader's language."""

from core.i18n import N_
from social.models import ReportReason

REASON_LABELS = {
    ReportReason.SPAM: N_("Spam or advertising"),
    ReportReason.OFFENSIVE: N_("Offensive or hurtful"),
    ReportReason.CONFIDENTIAL: N_("Confidential information shared too widely"),
    ReportReason.OTHER: N_("Something else"),
}
