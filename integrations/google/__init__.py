"""Google: ID token verification, Drive and Gmail metadata, OpenID Connect."""
