"""Search backends: one small interface (``base.SearchBackend``), one file per engine."""
