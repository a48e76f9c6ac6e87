"""The plain data each card is built from (besides the social read models)."""

from __future__ import annotations

from dataclasses import dataclass, field

from social.pagination import Page
from social.views import (CommentView, FileOverview, FileRef, PersonRef, PostView, SpaceView)


@dataclass(frozen=True)
class SelectedFile:
    """A Drive item as the add-on sees it, with what Drive says of its sharing."""

    ref: FileRef
    icon_url: str = ""
    has_file_scope: bool = False
    # "public", "domain", "restricted", or None when Comptoir may not read it
    audience: str | None = None
    domains: tuple[str, ...] = ()


@dataclass(frozen=True)
class SharingHome:
    """The homepage's sharing section: cheap to gather (no rule check runs for it)."""

    networks: tuple[str, ...]            # enabled by the firm's rules
    account_states: dict[str, str]       # network -> connected | reconnect_needed
    may_approve: bool


@dataclass(frozen=True)
class HomeData:
    feed: Page[PostView]
    spaces: list[SpaceView]
    firm_name: str = ""
    sharing: SharingHome | None = None  # None: not for this person (a guest)


@dataclass(frozen=True)
class FileCardData:
    selected: SelectedFile
    overview: FileOverview


@dataclass(frozen=True)
class SpaceCardData:
    space: SpaceView
    pinned: list[PostView]
    feed: Page[PostView]


@dataclass(frozen=True)
class ThreadCardData:
    post: PostView
    comments: Page[CommentView]


@dataclass(frozen=True)
class ReplyFormData:
    discussion_id: int
    parent: CommentView
    # where to come back to: a post's thread or a file's card
    post_id: int | None = None
    file: FileRef | None = None


@dataclass(frozen=True)
class ComposerData:
    spaces: list[SpaceView]
    files: tuple[SelectedFile, ...] = ()
    body: str = ""
    space_id: int | None = None


@dataclass(frozen=True)
class AudienceGapData:
    """People of the chosen space who cannot open one of the files being posted."""

    file: FileRef
    people: tuple[PersonRef, ...]
    total: int


@dataclass(frozen=True)
class WarningData:
    composer: ComposerData
    space: SpaceView
    gaps: tuple[AudienceGapData, ...] = ()
    unchecked: tuple[FileRef, ...] = ()  # files whose sharing Comptoir could not read


@dataclass(frozen=True)
class GmailData:
    message_id: str
    thread_id: str
    subject: str
    sender: str
    thread_url: str
    spaces: list[SpaceView] = field(default_factory=list)
    readable: bool = True  # False when Gmail would not tell us the subject


@dataclass(frozen=True)
class SettingsData:
    preferred_language: str | None  # None: follow Google's language
    digest_frequency: str
    profile_url: str
