"""The words the newsroom shows for what it stores as codes: a status, a role. Each is an
``N_`` message, which the page shows in the newsroom's language (``|translated``)::

    <span class="status status-{{ s }}">{{ labels.status(s) | translated }}</span>

A code without a word here is shown as it is stored.
"""

from __future__ import annotations

from thepost.i18n import N_

# Lower case, as the status badges show them. One word per code, whatever has it: an
# article, a page, a comment, a live entry, an issue, a recipient, a subscription, a
# webhook delivery or an import.
STATUSES = {
    "draft": N_("draft"),
    "pending": N_("pending"),
    "scheduled": N_("scheduled"),
    "published": N_("published"),
    "unpublished": N_("unpublished"),
    "trashed": N_("trashed"),
    "private": N_("private"),
    "approved": N_("approved"),
    "spam": N_("spam"),
    "trash": N_("in the trash"),
    "posted": N_("posted"),
    "sending": N_("sending"),
    "sent": N_("sent"),
    "queued": N_("queued"),
    "failed": N_("failed"),
    "suppressed": N_("suppressed"),
    "active": N_("active"),
    "left": N_("left"),
    "unconfirmed": N_("unconfirmed"),
    "delivered": N_("delivered"),
    "waiting": N_("waiting"),
    "running": N_("running"),
    "done": N_("done"),
    "stopped": N_("stopped"),
}
# What a WordPress import counts, by the kinds its report and progress name.
IMPORT_KINDS = {
    "post": N_("Post"),
    "page": N_("Page"),
    "comment": N_("Comment"),
    "author": N_("Author"),
    "category": N_("Category"),
    "tag": N_("Tag"),
    "menu": N_("Menu"),
    "picture": N_("Picture"),
    "posts": N_("Posts"),
    "pictures": N_("Pictures"),
}
IMPORT_OUTCOMES = {
    "imported": N_("Imported"),
    "updated": N_("Updated"),
    "unchanged": N_("Unchanged"),
    "skipped": N_("Skipped"),
}
ROLES = {
    "contributor": N_("contributor"),
    "author": N_("author"),
    "editor": N_("editor"),
    "admin": N_("admin"),
}


def status(code: str) -> str:
    return STATUSES.get(code, code)


def role(code: str) -> str:
    return ROLES.get(code, code)


def import_kind(code: str) -> str:
    return IMPORT_KINDS.get(code, code)


def import_outcome(code: str) -> str:
    return IMPORT_OUTCOMES.get(code, code)
