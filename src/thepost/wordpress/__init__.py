"""Moving in from WordPress, and out again.

``wxr`` reads a WordPress export (WXR) as a stream of ``records`` and writes one;
``convert`` turns post content (Gutenberg blocks, classic HTML and shortcodes) into the
HTML bodies The Post renders; ``uploads`` finds an attachment's file in a copy of
``wp-content/uploads``.

``importer.run`` imports an export in steps that share a ``context.Context``:
``terms`` (authors, categories, tags), ``attachments`` (pictures), ``posts`` (with their
comments) and ``pages``, then ``navigation`` (menus); each writes through the domains'
actions, so an imported story is saved, indexed and rendered like any other. ``report``
says what was done; ``runs`` keeps the newsroom's imports; ``exporter`` writes the site
back out.

May import: the foundations, ``services``, ``db``, ``accounts``, ``comments``, ``content``,
``media``.
"""
