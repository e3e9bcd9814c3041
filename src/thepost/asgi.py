"""ASGI entry point for servers that import an app (``uvicorn thepost.asgi:app``),
used by ``thepost serve --workers N``. Settings come from the environment."""

from thepost.app import create_app
from thepost.config import load_settings

app = create_app(load_settings())
