"""What the article and page editors share (``editor.py``, ``page_editor.py``): the body
formats, the notices after a save or a move, and the form's own checks, each an ``N_``
message the page shows in the newsroom's language."""

from __future__ import annotations

from thepost.i18n import N_

# A body is Markdown, or HTML as an import brought it (kept, cleaned at each save).
FORMATS = [("markdown", "Markdown"), ("html", N_("HTML (as imported)"))]
# What the editor says after a save or a move (``?done=``).
MESSAGES = {
    "created": N_("Draft created."),
    "save": N_("Saved."),
    "submit": N_("Submitted for review: an editor will look at it."),
    "publish": N_("Published: it is on the site now."),
    "schedule": N_("Scheduled: it goes out at the time set."),
    "unpublish": N_("Unpublished: readers no longer see it."),
    "private": N_("Private: only the newsroom sees it."),
    "trash": N_("Moved to the trash."),
    "restore": N_("Restored from the trash, as a draft."),
    "correction": N_("The note is on the article."),
    "revision": N_("Earlier version restored, as a new revision."),
    "revoke-previews": N_("Every preview link made so far has stopped working."),
    "taken": N_("You are editing this story now; whoever had it open is told so."),
    "translated": N_("A draft translation: write it in its language, then publish it."),
}
NOT_A_PICTURE = N_("An image is picked by number.")
DESCRIBE_IT = N_("Describe the picture for readers who cannot see it.")
NOT_A_TIME = N_("Give a date and time, like 2026-11-20T14:30.")
NOT_FUTURE = N_("To schedule, give a time in the future.")
NOT_AN_ORIGINAL = N_("Name the original by its number (in the address of its editor).")
# The live preview's headline while there is none yet.
UNTITLED = N_("Untitled")
