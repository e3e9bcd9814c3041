"""The size limits of the newsroom's larger forms. The routes table hands them to the
guard (``pages.page``), which refuses a longer body before reading it; the views quote
them. They live apart from the views so that the table is built without importing those
(``web/later.py``)."""

from __future__ import annotations

from thepost.content.menus import MAX_ITEMS
from thepost.media.images import MAX_BYTES

# A WordPress export (``imports.py``): the XML of a large site, pictures not included.
IMPORT_BODY = 512 * 1024 * 1024
# A picture and the form's own fields and multipart framing around it (``media.py``).
MEDIA_BODY = MAX_BYTES + 64 * 1024
# The menu form (``menus.py``): five fields a row, and the form's own.
MENU_FIELDS = 5 * MAX_ITEMS + 10
# A subscribers' CSV (``newsletters.py``).
SUBSCRIBERS_CSV = 10 * 1024 * 1024
