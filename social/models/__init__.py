"""All social models, importable from one place (Alembic reads the metadata here)."""

from social.models.audit import AuditEntry
from social.models.digests import DigestItem, DigestState
from social.models.discussions import (Comment, CommentRevision, Discussion, DiscussionKind,
                                       Reaction, ReactionKind, REACTION_EMOJI)
from social.models.feed_tokens import FeedToken
from social.models.files import DriveFile
from social.models.moderation import Report, ReportReason, ReportStatus
from social.models.notifications import (Notification, NotificationKind, NotificationLevel,
                                         SpaceNotificationLevel)
from social.models.oauth_flows import OAuthFlow
from social.models.posts import Mention, Post, PostAttachment, PostRevision, PostTag
from social.models.search import SearchEntry
from social.models.spaces import JoinRequest, Membership, Space, SpaceKind, SpaceRole, Visibility
from social.models.tenancy import (DigestFrequency, Profile, ProfileTag, TagKind, Tenant,
                                   TenantRole, User)

__all__ = [
    "AuditEntry", "Comment", "DigestFrequency", "CommentRevision", "Discussion", "DiscussionKind", "DriveFile",
    "JoinRequest", "Membership", "Mention", "OAuthFlow", "Post", "PostAttachment", "PostRevision", "PostTag",
    "Profile", "ProfileTag", "Reaction", "ReactionKind", "REACTION_EMOJI", "Space", "SpaceKind",
    "SpaceRole", "TagKind", "Tenant", "TenantRole", "User", "Visibility",
    "FeedToken", "SearchEntry",
    "DigestItem", "DigestState",
    "Notification", "NotificationKind", "NotificationLevel", "SpaceNotificationLevel",
    "Report", "ReportReason", "ReportStatus",
]
