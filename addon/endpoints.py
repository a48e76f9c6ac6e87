"""Every add-on endpoint path, in one place: routes, cards and deployment.json use these.

Triggers are named in deployment.json; actions are the URLs card buttons call.
Widget actions are routed by these paths and their parameters, never by
`invokedFunction`.
"""

# Triggers (deployment.json)
HOMEPAGE = "/addon/homepage"
DRIVE_ITEMS_SELECTED = "/addon/drive/items-selected"
GMAIL_MESSAGE = "/addon/gmail/message"
SETTINGS = "/addon/settings"  # universal action

# Drive file actions: parameter fileId (plus title and mimeType as a fallback)
DRIVE_COMMENT = "/addon/drive/comment"          # form input "comment"; optional parentId
DRIVE_LIKE = "/addon/drive/like"
DRIVE_UNLIKE = "/addon/drive/unlike"
DRIVE_MORE_COMMENTS = "/addon/drive/comments"   # parameter cursor
DRIVE_REQUEST_ACCESS = "/addon/drive/request-access"
DRIVE_COMPOSE = "/addon/drive/compose"          # post the selected file(s) into a space

# Posts, comments and spaces
POST_OPEN = "/addon/posts/open"                 # postId, optional cursor
POST_LIKE = "/addon/posts/like"                 # postId
POST_UNLIKE = "/addon/posts/unlike"             # postId
POST_COMMENT = "/addon/posts/comment"           # postId, form input "comment"
REPLY_COMPOSE = "/addon/comments/reply-form"    # discussionId, parentId (+ fileId or postId)
REPLY = "/addon/comments/reply"                 # discussionId, parentId, form input "reply"
SPACE_OPEN = "/addon/spaces/open"               # spaceId, optional cursor
SPACE_JOIN = "/addon/spaces/join"               # spaceId
COMPOSE = "/addon/compose"                      # optional spaceId
PUBLISH = "/addon/publish"                      # form inputs space, body; files; confirm
PROFILE = "/addon/profile"                      # optional userId
SETTINGS_SAVE = "/addon/settings/save"          # form inputs language, digest

# Gmail
GMAIL_PUBLISH = "/addon/gmail/publish"          # messageId, threadId; form inputs space, body

# More of the home feed: parameter cursor
# The homepage card, from a button (a widget action, unlike the trigger)
HOME = "/addon/home"
FEED = "/addon/feed"
# Back to the previous card (Cancel buttons)
BACK = "/addon/back"

# Sharing on X and LinkedIn (the gateway)
SHARING_READY = "/addon/sharing/ready"              # the offers open to me
SHARING_OFFER = "/addon/sharing/offer"              # proposalId
SHARING_SHARE_NOW = "/addon/sharing/share-now"      # proposalId, network
SHARING_SLOTS = "/addon/sharing/slots"              # proposalId, network
SHARING_SHARE_AT = "/addon/sharing/share-at"        # proposalId, network, at (ISO 8601)
SHARING_SKIP = "/addon/sharing/skip"                # proposalId
SHARING_NOTE = "/addon/sharing/note"                # proposalId, form input "note"
SHARING_APPROVALS = "/addon/sharing/approvals"      # optional cursor
SHARING_PROPOSAL = "/addon/sharing/proposal"        # proposalId
SHARING_APPROVE = "/addon/sharing/approve"          # proposalId
SHARING_REJECT = "/addon/sharing/reject"            # proposalId, form input "reason"
SHARING_REQUEST_CHANGES = "/addon/sharing/request-changes"  # proposalId, form input "reason"

# The benchmark's floor: verifies the token, answers a fixed card
FLOOR = "/addon/floor"

TRIGGERS = (HOMEPAGE, DRIVE_ITEMS_SELECTED, GMAIL_MESSAGE, SETTINGS)
