"""Outgoing email through a durable outbox: a message is a row first, then an SMTP send
with retries, so nothing queued is lost when a process dies. Imports only ``thepost.db``."""
