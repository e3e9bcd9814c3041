"""Articles, sections, tags, authors, images and revisions: the newsroom's content.

May import ``thepost.db`` and ``thepost.events``; never ``comments``, ``search``,
``web`` or any web framework. Reactions in other domains are event handlers wired
in ``thepost.app``.
"""
