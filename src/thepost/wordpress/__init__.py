"""Moving in from WordPress, and out again.

``wxr`` reads a WordPress export (WXR) as a stream of ``records`` and writes one;
``convert`` turns post content (Gutenberg blocks, classic HTML and shortcodes) into the
HTML bodies The Post renders; ``uploads`` finds an attachment's file in a copy of
``wp-content/uploads``. The importer and exporter map records onto the domains through
their actions, so an imported story is saved, indexed and rendered like any other.

May import: the foundations, ``db``, ``accounts``, ``comments``, ``content``, ``media``.
"""
