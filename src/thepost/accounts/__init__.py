"""Newsroom accounts: users, roles and password hashing. Imports only ``thepost.db``."""
