"""Dialogs: the job editor, settings."""
