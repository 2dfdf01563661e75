"""Printable documents (quotes) rendered with reportlab from plain data; no Qt here."""
