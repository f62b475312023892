"""Sellers, their staff accounts and login sessions."""
