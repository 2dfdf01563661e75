"""The import's slot <-> id table, kept as runs of consecutive ids."""

from __future__ import annotations

import random

import pytest

from gojee_desktop.services.capture.id_runs import IdRuns


def test_slots_and_ids_map_both_ways_across_runs_and_gaps():
    rng = random.Random(3)
    runs, ids, next_id = IdRuns(), [], 500
    for _batch in range(40):
        batch = []
        for _ in range(rng.randint(1, 60)):
            next_id += 1 if rng.random() < 0.9 else rng.randint(2, 9)  # gaps: another session's ids
            batch.append(next_id)
        runs.extend(batch)
        ids += batch
    assert len(runs) == len(ids)
    assert [runs[slot] for slot in range(len(ids))] == ids
    slot_of = {row_id: slot for slot, row_id in enumerate(ids)}
    for row_id in range(400, next_id + 20):
        assert runs.slot_of(row_id) == slot_of.get(row_id)


def test_consecutive_ids_take_one_run_and_bad_input_is_refused():
    runs = IdRuns()
    runs.extend(range(1001, 3001))
    runs.extend(range(3001, 5001))
    assert len(runs._first_ids) == 1 and (runs[0], runs[3999]) == (1001, 5000)
    with pytest.raises(IndexError):
        runs[4000]
    with pytest.raises(ValueError, match="ascend"):
        runs.extend([4000])
    assert IdRuns().slot_of(7) is None
