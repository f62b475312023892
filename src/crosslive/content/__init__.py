"""Catalog, credential and show content per language: the translations, their import and drafts."""
