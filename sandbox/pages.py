"""The sandbox's two pages: a network's "authorize this app" screen, and the timeline.

Jinja templates rendered from strings: Flask autoescapes them, so whatever a
post says is shown as text, never as markup.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterable, Mapping

from flask import render_template_string

from sandbox.little_text import render as render_little_text
from sandbox.store import Account, Post

_STYLE = """<style>
body{font:15px/1.45 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.3rem}h2{font-size:1.1rem;margin-top:2rem}.muted{color:#666;font-size:.85em}
article{border:1px solid #ddd;border-radius:8px;padding:.7rem .9rem;margin:.6rem 0}
article.deleted{opacity:.55}.text{white-space:pre-wrap;margin:.4rem 0}
.card{border-left:3px solid #0a66c2;padding-left:.6rem;margin:.4rem 0}.warn{color:#a40}
label{display:block;margin:.6rem 0}input[type=text]{width:100%;padding:.4rem}
button{padding:.45rem 1rem;margin-right:.5rem}</style>"""

AUTHORIZE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{ label }} sandbox: authorize</title>""" + _STYLE + """</head><body>
<h1>{{ label }} (sandbox)</h1>
<p><strong>{{ client_id }}</strong> wants to use your {{ label }} account:</p>
<ul>{% for scope in scopes %}<li><code>{{ scope }}</code></li>{% endfor %}</ul>
<p class="muted">This is Comptoir's local stand-in for {{ label }}: nothing leaves this machine.
Any name creates a sandbox account.</p>
<form method="post">
{% for name, value in hidden.items() %}<input type="hidden" name="{{ name }}" value="{{ value }}">
{% endfor %}<label>Account handle <input type="text" name="handle" value="{{ handle }}" required
 pattern="[A-Za-z0-9_.\\-]{1,40}"></label>
<label>Display name <input type="text" name="name" value="{{ name }}"></label>
<button name="decision" value="allow">Authorize app</button>
<button name="decision" value="deny" formnovalidate>Cancel</button>
</form></body></html>"""

TIMELINE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Sandbox timeline</title>""" + _STYLE + """</head><body>
<h1>What the sandbox published</h1>
<p class="muted">Comptoir's stand-ins for X and LinkedIn; newest first.
JSON: <code>/_sandbox/ledger</code>.</p>
{% for network in networks %}<section id="{{ network.key }}"><h2>{{ network.label }}
 <span class="muted">({{ network.posts|length }})</span></h2>
{% for post in network.posts %}<article class="{{ 'deleted' if post.deleted }}">
<div><strong>{{ post.name }}</strong> <span class="muted">{{ post.handle }} ·
 {{ post.when }} · {{ post.id }}{% if post.deleted %} · deleted{% endif %}</span></div>
<div class="text">{{ post.text }}</div>
{% if post.shown is not none %}<div class="muted">As LinkedIn shows it:</div>
<div class="text">{{ post.shown }}</div>
{% if post.cut %}<div class="warn">Cut at an unescaped reserved character.</div>{% endif %}
{% endif %}{% if post.link %}<div class="card"><a href="{{ post.link.url }}" rel="nofollow noopener">
{{ post.link.title or post.link.url }}</a><div class="muted">{{ post.link.description }}</div>
</div>{% endif %}</article>
{% else %}<p class="muted">Nothing yet.</p>{% endfor %}</section>{% endfor %}
</body></html>"""


def authorize_page(*, label: str, client_id: str, scopes: Iterable[str],
                   hidden: Mapping[str, str], handle: str = "", name: str = "") -> str:
    return render_template_string(AUTHORIZE, label=label, client_id=client_id,
                                  scopes=list(scopes), hidden=hidden, handle=handle, name=name)


def timeline_page(ledgers: Mapping[str, tuple[str, list[Post], dict[str, Account]]]) -> str:
    networks = []
    for key, (label, posts, accounts) in ledgers.items():
        networks.append({"key": key, "label": label,
                         "posts": [_entry(key, post, accounts) for post in reversed(posts)]})
    return render_template_string(TIMELINE, networks=networks)


def _entry(network: str, post: Post, accounts: Mapping[str, Account]) -> dict:
    member_id = post.author.removeprefix("urn:li:person:")
    account = accounts.get(member_id)
    shown = render_little_text(post.text) if network == "linkedin" else None
    link = post.link if post.link and _safe_href(post.link.get("url", "")) else \
        ({**post.link, "url": ""} if post.link else None)
    return {"id": post.id, "text": post.text, "deleted": post.deleted_at is not None,
            "name": account.name if account else post.author,
            "handle": ("@" + account.handle if network == "x" else account.email)
            if account else "",
            "when": datetime.fromtimestamp(post.created_at, timezone.utc)
            .strftime("%Y-%m-%d %H:%M:%S UTC"),
            "shown": shown.text if shown else None, "cut": bool(shown and shown.cut),
            "link": link}


def _safe_href(url: str) -> bool:
    # Escaping stops markup, not a javascript: URL in an href.
    return url.startswith(("https://", "http://"))
