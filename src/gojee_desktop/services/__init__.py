"""Use cases. Each public function is one unit of work on a session factory and returns plain
dataclasses, never live ORM objects. No Qt here."""
