"""Development without SMTP: every message becomes an .eml file that any mail client opens."""

from __future__ import annotations

import os
import uuid
from datetime import datetime, timezone
from email.message import EmailMessage
from pathlib import Path


class FolderMailer:
    def __init__(self, folder: Path | str):
        self.folder = Path(folder)

    def send(self, message: EmailMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        name = f"{stamp}-{uuid.uuid4().hex[:12]}.eml"
        # Written under a temporary name then renamed: a reader never sees half a message.
        partial = self.folder / f".{name}.part"
        partial.write_bytes(message.as_bytes(policy=message.policy.clone(linesep="\r\n")))
        os.replace(partial, self.folder / name)

    def messages(self) -> list[Path]:
        """The .eml files written so far, oldest first."""
        if not self.folder.exists():
            return []
        return sorted(self.folder.glob("*.eml"))
