"""The delivery worker's parts: claiming due rows, publishing, recording outcomes."""
