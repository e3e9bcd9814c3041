"""Reader comments: storage, threading and the actions moderation uses.

May import ``thepost.db``, ``thepost.events`` and ``thepost.content.models`` (a comment
belongs to an article); never ``web`` or a web framework.
"""
