from admin.conftest import staff  # noqa: F401  (a fixture)
