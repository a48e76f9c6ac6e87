"""Script-injection payloads that people could type anywhere Comptoir shows their words.

Each one, if it ever ran, would open a dialog or leave an element with an event handler
or a javascript: URL behind: tests/browser/test_xss_corpus.py listens for both in
Chromium. Drawn from the classic filter-evasion lists (OWASP's cheat sheet and the
like), with a few aimed at Markdown, Jinja and attribute contexts.
"""

from __future__ import annotations

PAYLOADS = [
    '<script>alert("xss-01")</script>',
    '<img src=x onerror=alert("xss-02")>',
    '<svg onload=alert("xss-03")>',
    '"><script>alert("xss-04")</script>',
    "'><img src=x onerror=alert('xss-05')>",
    '<iframe src="javascript:alert(\'xss-06\')"></iframe>',
    '<a href="javascript:alert(\'xss-07\')">clic</a>',
    '<body onload=alert("xss-08")>',
    '<details open ontoggle=alert("xss-09")>',
    '<input autofocus onfocus=alert("xss-10")>',
    '<video><source onerror=alert("xss-11")></video>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert("xss-12")>',
    '<object data="javascript:alert(\'xss-13\')"></object>',
    '<embed src="javascript:alert(\'xss-14\')">',
    '<form action="javascript:alert(\'xss-15\')"><button>envoyer</button></form>',
    '<div style="background:url(javascript:alert(\'xss-16\'))">fond</div>',
    '<IMG SRC=JaVaScRiPt:alert("xss-17")>',
    '<img src="x" onerror="&#97;lert(\'xss-18\')">',
    '<scr<script>ipt>alert("xss-19")</scr</script>ipt>',
    '[clic](javascript:alert("xss-20"))',
    '![image](x" onerror="alert(\'xss-21\'))',
    '[lien](data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzLTIyJyk8L3NjcmlwdD4=)',
    '{{ 7*7 }}{% raw %}<img src=x onerror=alert("xss-23")>',
    '</textarea><script>alert("xss-24")</script>',
    '</title><script>alert("xss-25")</script>',
    '<!--<img src="--><img src=x onerror=alert("xss-26")//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(\'xss-27\')>">',
    '" onmouseover="alert(\'xss-28\')" data-x="',
    "javascript:alert('xss-29')",
    '<base href="javascript:alert(\'xss-30\')//">',
    '<link rel=import href="data:text/html,<script>alert(\'xss-31\')</script>">',
    '<template><script>alert("xss-32")</script></template><marquee onstart=alert("xss-33")>',
    '<a href="&#x6A;avascript:alert(\'xss-34\')">encodé</a>',
    '<select autofocus onfocus=alert("xss-35")></select>',
]

# Elements and attributes that only an injection could have put in Comptoir's pages.
INJECTED = ", ".join([
    "[onerror]", "[onload]", "[onfocus]", "[ontoggle]", "[onmouseover]", "[onstart]",
    "[onclick]", "a[href^='javascript:' i]", "a[href^='data:' i]", "iframe", "object",
    "embed", "base", "link[rel=import]", "form[action^='javascript:' i]", "marquee",
    "img[src=x]", "input[autofocus]", "select[autofocus]",
])
