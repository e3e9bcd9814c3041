"""The demo site's pages beside the news: who we are, how to reach us, how we correct
mistakes, and the terms (with the privacy notice under them). The footer menu lists them
after the sections and Latest."""

from __future__ import annotations

from typing import Any

PAGES: list[dict[str, Any]] = [
    {
        "title": "About us",
        "slug": "about",
        "standfirst": "The Post is an independent newsroom covering the city, the country "
        "and the world, every day.",
        "body": """We report the news that matters to our readers, explain it plainly and
hold the powerful to account. Our journalists work from the newsroom on Harbour Street
and from correspondents' desks abroad.

## What we stand for

- **Accuracy first.** We check before we publish, and we say so when we get it wrong.
- **Independence.** No owner, advertiser or official decides what we report.
- **Fairness.** We seek out the people our stories are about and publish their side.

## Who pays for it

The Post is paid for by its readers and by advertising that is always marked as such.
Advertisers never see a story before it is published.
""",
    },
    {
        "title": "Contact",
        "slug": "contact",
        "standfirst": "News tips, letters, corrections and everything else.",
        "body": """## News tips

Write to [tips@thepost.example](mailto:tips@thepost.example). We protect our sources;
if you need to stay anonymous, say so in your first message.

## Letters to the editor

Send letters of up to 300 words to [letters@thepost.example](mailto:letters@thepost.example)
with your name and town. We may shorten them.

## The newsroom

The Post, 12 Harbour Street. The front desk is open on weekdays from 9:00 to 17:00.
""",
    },
    {
        "title": "Corrections policy",
        "slug": "corrections",
        "standfirst": "When we make a mistake, we correct it openly and quickly.",
        "body": """We correct errors of fact as soon as we know of them. The correction is
dated and shown at the foot of the story, saying what was wrong and what is right; we do
not quietly change a published story.

An **update** adds news to a story; a **correction** fixes something we got wrong. Both
are marked as such.

To report an error, write to
[corrections@thepost.example](mailto:corrections@thepost.example) with the story's
address and what you believe is wrong. An editor answers every message.
""",
    },
    {
        "title": "Terms of use",
        "slug": "terms",
        "standfirst": "The rules for using this site and commenting on it.",
        "body": """By using this site you agree to these terms.

## Our content

The stories, pictures and graphics on this site belong to The Post or to those who made
them. You may quote short passages with a link to the story; anything more needs our
permission.

## Comments

Comments are moderated. Keep to the subject, be civil, and do not post anything unlawful
or anyone's private details. We remove comments that break these rules and may block
those who keep breaking them.

## Changes

We may change these terms; the date of the last change is shown on this page.
""",
        "children": [
            {
                "title": "Privacy",
                "slug": "privacy",
                "standfirst": "What we keep about you, and why.",
                "body": """We keep as little as we can.

- **Readers** are not tracked: the site sets no advertising or analytics cookies.
- **Commenters** give a name and an email address. The address is never shown; it is
  used only to tell you about replies when you ask for it, and you can stop that at any
  time with the link in each message.
- **Our servers** keep a hashed form of addresses that post comments, to hold back
  spam, and nothing else.

To see or delete what we keep about you, write to
[privacy@thepost.example](mailto:privacy@thepost.example).
""",
            }
        ],
    },
]
