"""Work whose result the build needs only at its end, run beside it on another core.

MkDocs renders pages on one core. The search index (hooks/search.py) needs every
page's text but nothing the page templates produce, so it can be packed in a
forked child while the parent renders the templates; on a two-core machine that
takes most of its cost off the build's wall clock.

The child is forked, so it reads the parent's data without copying or pickling
it, and sends back one picklable result through a pipe. It must not log: a
warning in the child would not reach MkDocs' strict-mode count in the parent.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import traceback
from typing import Callable

from mkdocs.exceptions import PluginError


# Children of builds that stopped on an error: `mkdocs serve` goes on running after one.
_running: set = set()


def cancel_all() -> None:
    for later in list(_running):
        later.cancel()


class Later:
    """`function(*args)` started now in a forked child; `result()` waits for it and returns its value."""

    def __init__(self, function: Callable, *args):
        self._process = None
        if "fork" not in multiprocessing.get_all_start_methods():
            # No fork (not Linux): the same work, at the end, in this process.
            self._function, self._args = function, args
            return
        context = multiprocessing.get_context("fork")
        self._reader, writer = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(writer, os.getpid(), function, args), daemon=True)
        self._process.start()
        writer.close()
        _running.add(self)

    def result(self):
        if self._process is None:
            return self._function(*self._args)
        try:
            ok, value = self._reader.recv()
        except EOFError:
            value = None
            ok = False
        finally:
            self._reader.close()
            self._process.join()
            _running.discard(self)
        if ok:
            return value
        if isinstance(value, BaseException):
            raise value
        if value:
            raise PluginError(f"后台构建步骤出错：\n{value}")
        raise PluginError(f"后台构建步骤意外退出（退出码 {self._process.exitcode}）")

    def cancel(self) -> None:
        """Stop the child if its result is not wanted (a failed or abandoned build)."""
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join()
            self._reader.close()
            _running.discard(self)


def _run(writer, parent: int, function: Callable, args: tuple) -> None:
    _die_with(parent)
    try:
        message = (True, function(*args))
    except PluginError as error:
        message = (False, error)
    except BaseException:  # noqa: BLE001 (any failure goes back to the parent, which reports it)
        message = (False, traceback.format_exc())
    try:
        writer.send(message)
    finally:
        writer.close()
        # Leave without the parent's atexit handlers and buffered output.
        os._exit(0)


PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """A build killed outright (scripts/build.py's mkdocs, kill -9) takes its packing child with it."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return  # not Linux: the child ends when it has sent its result, or fails to
    if os.getppid() != parent:
        os._exit(1)
