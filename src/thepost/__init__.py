"""The Post: a self-hosted news publishing platform."""

__version__ = "0.1.0"
