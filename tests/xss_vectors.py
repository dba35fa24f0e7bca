"""Hostile input a staff account (or a stolen one) might type into any field: HTML, Markdown, URLs.

Every vector that could run calls `__xss()` or `alert()`; the browser tests define `__xss`
to record a hit and catch every dialog, so a vector that runs is seen, not guessed.
Each is short enough for a 120-character field once the "Hostile " marker is added.
"""

# (name, text). Names say what each tries; they appear in test ids.
VECTORS = [
    # Plain HTML: elements that run script.
    ("script-tag", "<script>__xss()</script>"),
    ("script-src-data", '<script src="data:text/javascript,__xss()"></script>'),
    ("script-uppercase", "<SCRIPT>__xss()</SCRIPT>"),
    ("script-split", "<scr<script>ipt>__xss()</scr</script>ipt>"),
    ("img-onerror", "<img src=x onerror=__xss()>"),
    ("img-onerror-entities", '<img src=x onerror="&#95;&#95;xss()">'),
    ("img-unclosed", "<img src=x onerror=__xss()//"),
    ("img-javascript-src", '<IMG SRC="javascript:__xss();">'),
    ("svg-onload", "<svg onload=__xss()>"),
    ("svg-script", "<svg><script>__xss()</script></svg>"),
    ("svg-xlink", '<svg><a xlink:href="javascript:__xss()"><text y="20">click</text></a></svg>'),
    ("svg-animate", "<svg><animate onbegin=__xss() attributeName=x dur=1s>"),
    ("svg-set-href", '<svg><a><set attributeName="href" to="javascript:__xss()"/><text y="9">x</text></a></svg>'),
    ("iframe-javascript", '<iframe src="javascript:__xss()"></iframe>'),
    ("iframe-srcdoc", '<iframe srcdoc="<script>parent.__xss()</script>"></iframe>'),
    ("object-data", '<object data="javascript:__xss()"></object>'),
    ("embed-src", '<embed src="javascript:__xss()">'),
    ("form-action", '<form action="javascript:__xss()"><button>Send</button></form>'),
    ("button-formaction", '<button form=x formaction="javascript:__xss()">Go</button>'),
    ("input-autofocus", "<input autofocus onfocus=__xss()>"),
    ("details-ontoggle", "<details open ontoggle=__xss()>"),
    ("body-onload", "<body onload=__xss()>"),
    ("video-source", "<video><source onerror=__xss()></video>"),
    ("audio-onerror", "<audio src=x onerror=__xss()>"),
    ("marquee-onstart", "<marquee onstart=__xss()>x</marquee>"),
    ("custom-onclick", "<x onclick=__xss()>click me</x>"),
    ("p-onmouseover", "<p onmouseover=__xss()>hover me</p>"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:__xss()">'),
    ("base-href", '<base href="javascript:__xss()//">'),
    ("link-stylesheet", '<link rel=stylesheet href="javascript:__xss()">'),
    ("style-import", "<style>@import 'javascript:__xss()';</style>"),
    ("style-url", '<div style="background:url(javascript:__xss())">x</div>'),
    ("style-expression", '<div style="width:expression(__xss())">x</div>'),
    # Links and schemes, plain and obfuscated.
    ("a-javascript", '<a href="javascript:__xss()">click</a>'),
    ("a-mixed-case", '<a href="JaVaScRiPt:__xss()">click</a>'),
    ("a-decimal-entities", '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:__xss()">click</a>'),
    ("a-hex-entities", '<a href="&#x6A;avascript&#x3A;__xss()">click</a>'),
    ("a-tab-in-scheme", '<a href="java&#09;script:__xss()">click</a>'),
    ("a-newline-entity", '<a href="java&NewLine;script&colon;__xss()">click</a>'),
    ("a-leading-control", '<a href=" &#14; javascript:__xss()">click</a>'),
    ("a-vbscript", '<a href="vbscript:msgbox(1)">click</a>'),
    ("a-data-html", '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>'),
    ("a-onclick", '<a href="#" onclick="__xss()">click</a>'),
    ("img-data-svg", '<img src="data:image/svg+xml,<svg onload=alert(1)>">'),
    # Bare addresses, for the web-address fields (a publisher's site, a reference's URL).
    ("url-javascript", "javascript:__xss()"),
    ("url-javascript-case-space", " JavaScript:__xss()"),
    ("url-javascript-tab", "java\tscript:__xss()"),
    ("url-javascript-comment", "javascript://example.org/%0A__xss()"),
    ("url-vbscript", "vbscript:msgbox(1)"),
    ("url-data", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    # Breaking out of attributes, titles, textareas, comments and the JSON-LD block.
    ("attr-breakout-double", '"><script>__xss()</script>'),
    ("attr-breakout-single", "'><img src=x onerror=__xss()>"),
    ("attr-breakout-unquoted", "x onmouseover=__xss() y"),
    ("title-breakout", "</title><script>__xss()</script>"),
    ("textarea-breakout", "</textarea><script>__xss()</script>"),
    ("jsonld-breakout", "</script><script>__xss()</script>"),
    ("jsonld-comment", "<!--<script>"),
    ("comment-breakout", "--><img src=x onerror=__xss()>"),
    ("cdata", "<![CDATA[<img src=x onerror=__xss()>]]>"),
    # Mutation XSS: markup a parser re-reads differently once serialised.
    ("mxss-noscript", '<noscript><p title="</noscript><img src=x onerror=__xss()>">'),
    ("mxss-mglyph", "<math><mtext><table><mglyph><style><img src=x onerror=__xss()>"),
    ("mxss-form-math", "<form><math><mtext></form><form><mglyph><style></math><img src onerror=__xss()>"),
    ("mxss-template", "<template><img src=x onerror=__xss()></template>"),
    ("mxss-svg-style", "<svg></p><style><a id=\"</style><img src=1 onerror=__xss()>\">"),
    # Markdown: links, images, references, autolinks, attribute lists, code.
    ("md-link", "[click](javascript:__xss())"),
    ("md-link-upper", "[click](JAVASCRIPT:__xss())"),
    ("md-link-entity", "[click](javascript&#58;__xss())"),
    ("md-link-angle", "[click](<javascript:__xss()>)"),
    ("md-link-spaces", "[click](  javascript:__xss()  )"),
    ("md-link-data", "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    ("md-link-vbscript", "[click](vbscript:msgbox(1))"),
    ("md-image", "![x](javascript:__xss())"),
    ("md-image-quote", '![x](x" onerror="__xss())'),
    ("md-title-breakout", '[click](https://example.org "t\\" onmouseover=\\"__xss()")'),
    ("md-reference-link", "[click][evil]\n\n[evil]: javascript:__xss()"),
    ("md-reference-image", "![x][evil]\n\n[evil]: javascript:__xss()"),
    ("md-autolink", "<javascript:__xss()>"),
    ("md-attr-onclick", 'Click me\n{: onclick="__xss()" }'),
    ("md-attr-href", '[x](https://example.org){: href="javascript:__xss()" }'),
    ("md-attr-onerror", '![x](/media/a.png){: onerror="__xss()" }'),
    ("md-attr-style", 'Text\n{: style="background:url(javascript:__xss())" }'),
    ("md-heading-attr", "## Heading {: onmouseover=__xss() }"),
    ("md-admonition-title", '!!! note "<img src=x onerror=__xss()>"\n    Text.'),
    ("md-admonition-class", '!!! x" onclick="__xss()\n    Text.'),
    ("md-code-fence", "```\n</code></pre><script>__xss()</script>\n```"),
    ("md-inline-code", "`</code><script>__xss()</script>`"),
    ("md-table", "| a |\n|---|\n| <img src=x onerror=__xss()> |"),
    # Unicode tricks.
    ("fullwidth-brackets", "\uff1cscript\uff1e__xss()\uff1c/script\uff1e"),
    ("line-separators", "\u2028\u2029</script><script>__xss()</script>"),
    ("rtl-override", "\u202e<img src=x onerror=__xss()>"),
    ("zero-width-scheme", '<a href="java\u200bscript:__xss()">click</a>'),
    ("nul-entity-in-scheme", '<a href="java&#0;script:__xss()">click</a>'),
]

# Not script, but harm all the same: a request to another site from a patient's browser.
OTHER_ORIGIN = [
    ("md-image-elsewhere", "![tracker](https://tracker.example/pixel.gif)"),
    ("md-image-protocol-relative", "![tracker](//tracker.example/pixel.gif)"),
    ("md-image-backslash", "![tracker](/\\tracker.example/pixel.gif)"),
]

ALL = VECTORS + OTHER_ORIGIN
