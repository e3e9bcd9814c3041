"""An issue's plain-text part: the lead story whole, its text made from its HTML when the
issue is rendered, a paragraph of the body a paragraph of the mail; the stories after it
as cards."""

from __future__ import annotations

import textwrap

from newsletters.conftest import issue_of, make_newsletter
from thepost.newsletters.models import Issue

BODY = "The council voted **yes** &amp; *no*.\n\n## Next\n\nA second paragraph, with a [link](/x)."


def test_the_lead_story_is_in_the_plain_text_whole(services) -> None:
    issue_id = issue_of(services, make_newsletter(services), stories=2, body=BODY)
    with services.reads() as session:
        text = session.get(Issue, issue_id).text
    assert "STORY 0: THE COUNCIL'S VOTE\nWhat happened, in one sentence.\n\n" in text
    paragraphs = ["The council voted yes & no.", "Next", "A second paragraph, with a link."]
    assert "\n\n".join(textwrap.fill(p, 72) for p in paragraphs) + "\n" in text
    assert text.count("A second paragraph") == 1  # the next story is a card
