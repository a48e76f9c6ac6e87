"""In-app notifications.

The services that act call the hooks exported here, inside their transaction
(`notifications.post_created(...)` before `db.commit()`). Reading them is in
`inbox`, per-space choices in `levels`, their sentences in `text`.
"""

from social.notifications.events import (comment_added, content_moderated, mentions_added,
                                         post_created, post_featured, reacted)

__all__ = ["comment_added", "content_moderated", "mentions_added", "post_created",
           "post_featured", "reacted"]
