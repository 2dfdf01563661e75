"""Capture and exchange: phones and emails, duplicate matching, file readers, column mapping,
import, export, vCards and business cards.

The pure modules (`phones`, `emails`, `duplicates`, `readers`, `mapping`, `rows`, `vcards`,
`card_fields`) take and return plain data; `importer` and `exporter` are the services that
touch the database, one transaction per call. Import the module you need directly
(`from gojee_desktop.services.capture.importer import run_import`), so `contacts` can use
`phones` without importing the importer.
"""
