"""Gojee Desktop: leads, customer jobs, boards and quotes for small trade businesses."""

__version__ = "0.1.0"
