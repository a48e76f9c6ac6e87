"""Read models: plain, immutable data handed to cards, pages, feeds and e-mails.

They carry no session and no lazy loading, so card builders and templates stay
pure functions of data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from social.pagination import Page


@dataclass(frozen=True)
class PersonRef:
    id: int
    name: str
    handle: str
    avatar_url: str | None = None


@dataclass(frozen=True)
class SpaceRef:
    id: int
    name: str
    visibility: str
    kind: str


@dataclass(frozen=True)
class FileRef:
    """A Drive file as the add-on or a post names it."""

    google_id: str
    title: str
    mime_type: str = ""
    url: str = ""


@dataclass(frozen=True)
class ReactionCount:
    kind: str
    count: int
    mine: bool


@dataclass(frozen=True)
class Reactions:
    counts: tuple[ReactionCount, ...] = ()

    def count(self, kind: str) -> int:
        return next((c.count for c in self.counts if c.kind == kind), 0)

    def mine(self, kind: str) -> bool:
        return any(c.mine for c in self.counts if c.kind == kind)

    @property
    def total(self) -> int:
        return sum(c.count for c in self.counts)


@dataclass(frozen=True)
class PostView:
    id: int
    discussion_id: int
    space: SpaceRef
    author: PersonRef
    body_md: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    pinned: bool
    featured: bool
    files: tuple[FileRef, ...]
    reactions: Reactions
    comment_count: int
    hidden: bool = False  # hidden by a moderator: only moderators are shown it


@dataclass(frozen=True)
class CommentView:
    id: int
    discussion_id: int
    parent_id: int | None
    depth: int
    author: PersonRef | None  # None once deleted
    body_md: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    deleted: bool
    hidden: bool = False  # hidden by a moderator: only moderators are shown it


@dataclass(frozen=True)
class Revision:
    body_md: str
    written_at: datetime
    replaced_at: datetime


@dataclass(frozen=True)
class SpaceView:
    id: int
    name: str
    description: str
    kind: str
    visibility: str
    archived: bool
    member_count: int
    my_role: str | None
    access: int  # policy.Access
    pending_request: bool = False

    @property
    def ref(self) -> SpaceRef:
        return SpaceRef(self.id, self.name, self.visibility, self.kind)


@dataclass(frozen=True)
class MemberView:
    person: PersonRef
    role: str
    joined_at: datetime


@dataclass(frozen=True)
class Placement:
    """Where a Drive file was posted: one post in one space."""

    post_id: int
    space: SpaceRef
    author: PersonRef
    created_at: datetime


@dataclass(frozen=True)
class FileOverview:
    """Everything about one Drive file that the actor may see."""

    file: FileRef
    discussion_id: int | None  # None while nobody has discussed the file yet
    reactions: Reactions
    comment_count: int
    comments: Page[CommentView]
    placements: tuple[Placement, ...]


@dataclass(frozen=True)
class ProfileView:
    person: PersonRef
    email: str
    role: str
    is_active: bool
    job_title: str
    bio: str
    site: str
    team: str
    skills: tuple[str, ...] = ()
    passions: tuple[str, ...] = ()
    locale: str = "fr"
    time_zone: str = "Europe/Paris"


@dataclass(frozen=True)
class DirectoryEntry:
    person: PersonRef
    job_title: str
    site: str
    team: str
    skills: tuple[str, ...] = field(default=())
    passions: tuple[str, ...] = field(default=())
