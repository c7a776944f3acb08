"""Data kept for one build (kb.state.kept_for_build): out of the cycle collector's way while the
build runs, and given back to it when the next build under `mkdocs serve` starts."""
from __future__ import annotations

import gc
import weakref

import pytest

from kb import state


class _Node:
    """A plain object that can be in a reference cycle and be watched with a weak reference."""


def _cycle():
    node = _Node()
    node.me = node
    return node


@pytest.fixture(autouse=True)
def _thawed():
    yield
    gc.unfreeze()


def test_loaded_data_is_frozen_and_kept_from_collections():
    with state.kept_for_build():
        loaded = [_cycle() for _ in range(100)]
    assert gc.get_freeze_count() >= 100
    watch = weakref.ref(loaded[0])
    del loaded
    gc.collect()
    # The collector does not walk what was frozen, not even to free it: nothing of the build is freed mid-build.
    assert watch() is not None


def test_the_next_build_gives_the_last_builds_data_back():
    with state.kept_for_build():
        loaded = _cycle()
    watch = weakref.ref(loaded)
    del loaded
    with state.kept_for_build():
        assert watch() is None


def test_collections_are_off_while_loading_and_on_again_after():
    assert gc.isenabled()
    with state.kept_for_build():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_load_that_fails_freezes_nothing_and_leaves_collections_on():
    gc.unfreeze()
    with pytest.raises(ValueError):
        with state.kept_for_build():
            raise ValueError("数据有错误")
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
