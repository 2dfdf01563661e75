"""Qt item models over services (lazy, SQL-backed)."""
