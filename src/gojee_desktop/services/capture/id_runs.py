"""The ids an import gave the rows it created, by slot (their order), kept as runs of
consecutive ids: a batch's ids are consecutive (after the highest on SQLite, from the table's
sequence on PostgreSQL), so 100,000 created rows take a few hundred numbers, not 100,000."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable


class IdRuns:
    """slot -> id and id -> slot for ascending ids."""

    def __init__(self) -> None:
        self._first_slots = array("q")  # each run's first slot
        self._first_ids = array("q")  # each run's first id
        self._size = 0
        self._last_id = 0

    def __len__(self) -> int:
        return self._size

    def extend(self, ids: Iterable[int]) -> None:
        """The ids of the next slots; each above every id before it."""
        for row_id in ids:
            if not self._size or row_id != self._last_id + 1:
                if self._size and row_id <= self._last_id:
                    raise ValueError(f"ids must ascend: {row_id} after {self._last_id}")
                self._first_slots.append(self._size)
                self._first_ids.append(row_id)
            self._last_id = row_id
            self._size += 1

    def __getitem__(self, slot: int) -> int:
        if not 0 <= slot < self._size:
            raise IndexError(slot)
        run = bisect_right(self._first_slots, slot) - 1
        return self._first_ids[run] + slot - self._first_slots[run]

    def slot_of(self, row_id: int) -> int | None:
        """The slot given `row_id`, or None when the import did not create it."""
        run = bisect_right(self._first_ids, row_id) - 1
        if run < 0:
            return None
        slot = self._first_slots[run] + row_id - self._first_ids[run]
        end = self._first_slots[run + 1] if run + 1 < len(self._first_slots) else self._size
        return slot if slot < end else None
