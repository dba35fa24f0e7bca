"""Markdown bodies that once raised, or held a worker for seconds to minutes (issue 14), and our own.

Shared by tests/test_render_limits.py, the property-based tests and `make bench`
(benchmarks/pathological.py). Each: (name, body, words the refusal must contain, or None when
the body only has to answer quickly, rendered or refused).
"""

ISSUE_BODIES = [
    ("5,000 asterisks, a, 5,000 asterisks", "*" * 5000 + "a" + "*" * 5000, "asterisks (*) or underscores (_) in a row"),
    ("lists nested 300 deep", "".join("    " * i + "- x\n" for i in range(300)), "The body nests lists 300 deep; the most is 20."),
    ("600 nested admonitions", "".join("    " * i + '!!! note "t"\n' for i in range(600)), "notes and warnings (!!!)"),
    ("50,000 [", "[" * 50000, "square brackets [ 50,000 deep"),
    ("200,000 backslashes", "\\" * 200000, "200,000 backslashes"),
    ("20,000 [x](", "[x](" * 20000, "round brackets ( 20,000 deep"),
    ("3,000 nested links", "[" * 3000 + "x" + "](http://a)" * 3000, "square brackets [ 3,000 deep"),
    ("40,000 autolinks", "<http://a.b/>" * 40000, "links; the most is 1,000"),
    ("100,000 >", ">" * 100000, "quotes (lines starting with >) 100,000 deep"),
    ("500 lines of 200 pipes", ("|" * 200 + "\n") * 500, "100,000 table borders"),
    ("20,000 headings", "".join(f"## h{i}\n" for i in range(20000)), "20,000 headings"),
]

OUR_BODIES = [
    ("5,000 underscores, a, 5,000 underscores", "_" * 5000 + "a" + "_" * 5000, "in a row"),
    ("emphasis opened 1,000 times, closed 1,000 times", "*a " * 1000 + "b*" * 1000, None),
    ("3,000 list markers on one line", "* " * 3000 + "a", "asterisks (*) and underscores (_)"),
    ("25,000 citations", "[@a]" * 25000, "25,000 citations"),
    ("3,000 lines of ***", "***\n" * 3000, "3,000 lines with no blank line"),
    ("3,000 ![", "![" * 3000, "never closed"),
    ("a body of 60,001 characters", "word " * 12000 + "x", "60,001 characters"),
    ("quotes 20 deep, 2,000 times", (">" * 20 + " x\n\n") * 2000, "40,000 quote marks"),
    ("unclosed [ at the limit, many blocks", ("[" * 20 + "\n\n") * 2, None),
    ("quotes 20 deep, 100 times", (">" * 20 + " x\n\n") * 100, None),
    ("backslashes at the limit", "\\" * 5000, None),
    ("links at the limit", "[a](http://a.b/) " * 1000, None),
    ("plain text at the size limit", ("word " * 20 + "\n\n") * 580, None),
    ("2,000 inline code spans", "`a` " * 2000, None),
    ("10,000 ampersands", "&" * 10000, None),
    ("deep ordered list", "".join("    " * i + "1. x\n" for i in range(25)), "The body nests lists 25 deep"),
]

ALL_BODIES = ISSUE_BODIES + OUR_BODIES
