"""What makes an answer block or a published question acceptable; one set of rules for the admin and the loader."""
from .models import Kind, Status


def block_problems(*, kind, claim, text, references) -> dict:
    """{field: message} for one answer block; empty when it is fine. `references` is a list of references."""
    problems = {}
    if kind == Kind.CLAIM:
        if claim is None:
            problems["claim"] = "Choose the claim this part shows."
        elif not claim.article.is_published:
            problems["claim"] = (
                f"The claim “{claim}” comes from the draft article “{claim.article}”, which the public cannot read: "
                "publish the article or choose another claim."
            )
        if text.strip():
            problems["text"] = "Leave the words empty: a claim is shown in the article's own words, with its name."
        if references:
            problems["references"] = "Leave this empty: a claim brings the references its article cites."
    elif kind == Kind.SOURCED:
        if not text.strip():
            problems["text"] = "Write the words this part says, in plain words."
        if not references:
            problems["references"] = "Choose at least one verified reference that says this: the site's own words must cite a source."
        if claim is not None:
            problems["claim"] = "Leave this empty, or choose “What an article says” to show the claim instead."
    else:
        for field, given in [("claim", claim is not None), ("text", bool(text.strip())), ("references", bool(references))]:
            if given:
                problems[field] = "Leave this empty: this part is filled in from the articles and the site settings."
    return problems


def question_problems(*, question, status, block_count) -> list:
    """Messages about the question as a whole (a published question needs an answer)."""
    if status == Status.PUBLISHED and block_count == 0:
        return [
            f"“{question}” has no answer yet: add at least one part to its answer before publishing it, "
            "or keep it as a draft."
        ]
    return []
