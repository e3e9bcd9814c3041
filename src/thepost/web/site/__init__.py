"""The reader's site: views that gather a page's data in one query set and render it."""
