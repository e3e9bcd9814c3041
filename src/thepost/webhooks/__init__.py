"""Webhooks: events told to other systems over HTTP, signed per the Standard Webhooks
specification, from a durable outbox written with the change that caused them."""
