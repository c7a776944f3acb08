"""Work whose result the build needs only at its end, run beside it on another core.

MkDocs renders pages on one core. The search index (hooks/search.py) needs the
cards and rules, which exist before any page is converted, and every page's
sections, but nothing the page templates produce: a forked child cuts the cards
while the parent converts the pages, and packs the index while it renders the
templates; on a two-core machine that takes most of its cost off the build's
wall clock.

The child is forked, so it reads the parent's data without copying or pickling
it, and sends back one picklable result through a pipe. A child that needs
something the parent has only later (the pages' text, for the index) is started
with `takes_input`: it can do all the work that does not need it first, then
waits for the parent's `send()`. It must not log: a warning in the child would
not reach MkDocs' strict-mode count in the parent.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import queue
import signal
import threading
import traceback
from typing import Callable

from mkdocs.exceptions import PluginError


# Children of builds that stopped on an error: `mkdocs serve` goes on running after one.
_running: set = set()


def cancel_all() -> None:
    for later in list(_running):
        later.cancel()


class Later:
    """`function(*args)` started now in a forked child; `result()` waits for it and returns its value.

    With `takes_input`, the child runs `function(receive, *args)`: `receive()` waits for the one
    value the parent gives to `send()`, or for each of the values given to `feed()` in turn, and then
    None once `result()` is asked for."""

    def __init__(self, function: Callable, *args, takes_input: bool = False):
        self._process = None
        self._input = [] if takes_input else None
        self._series = None
        if "fork" not in multiprocessing.get_all_start_methods():
            # No fork (not Linux): the same work, at the end, in this process.
            self._function, self._args = function, args
            return
        context = multiprocessing.get_context("fork")
        self._reader, writer = context.Pipe(duplex=False)
        inbox = self._outbox = self._sender = None
        if takes_input:
            inbox, self._outbox = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(writer, inbox, self._outbox, os.getpid(), function, args),
                                        daemon=True)
        self._process.start()
        writer.close()
        if inbox is not None:
            inbox.close()
        _running.add(self)

    def send(self, value) -> None:
        """The child's input. Sent from a thread: the child may still be busy with its first part,
        and a value larger than the pipe's buffer would hold the build until it reads."""
        if self._process is None:
            self._input.append(value)
            return
        self._sender = threading.Thread(target=_send, args=(self._outbox, value), daemon=True)
        self._sender.start()

    def feed(self, value) -> None:
        """One of a series of values for the child, which works through them while the parent makes more.
        One thread writes them all, in order: a child still busy with the last one never holds up the build."""
        if self._process is None:
            self._input.append(value)
            self._series = True
            return
        if self._series is None:
            self._series = queue.SimpleQueue()
            self._sender = threading.Thread(target=_feed, args=(self._outbox, self._series), daemon=True)
            self._sender.start()
        self._series.put(value)

    def result(self):
        if self._process is None:
            if self._series:
                return self._function(iter([*self._input, None]).__next__, *self._args)
            if self._input is not None:
                return self._function(self._input.pop, *self._args)
            return self._function(*self._args)
        if self._series is not None:
            self._series.put(_END)  # the child's receive() gives None after the last value
        elif self._outbox is not None and self._sender is None:
            self._outbox.close()  # nothing will be sent: the child's receive() ends instead of waiting forever
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
            if self._series is not None:
                self._series.put(_END)  # a sender waiting for the next value ends too
            if self._sender is not None:
                # It ends on the broken pipe and closes its end itself: closing it here, under its write,
                # made it fail with a traceback, and it must be gone before the next build forks.
                self._sender.join()
            elif self._outbox is not None:
                self._outbox.close()
            _running.discard(self)


def value_or(later: Later, here: Callable):
    """The child's value, or, if the child failed in any way, `here()`: the same work done in this
    process, so whatever error it has is raised here as it would have been without a child."""
    try:
        return later.result()
    except Exception:  # noqa: BLE001 (here() does the work again and raises its own error, if any)
        return here()


def _send(outbox, value) -> None:
    try:
        outbox.send(value)
    except OSError:
        pass  # the child has ended (an error, or cancel()); result() reports why
    finally:
        outbox.close()


# Ends a series of values: the child is sent None, and the sending thread stops.
_END = object()


def _feed(outbox, values: queue.SimpleQueue) -> None:
    try:
        while (value := values.get()) is not _END:
            outbox.send(value)
        outbox.send(None)
    except OSError:
        pass  # the child has ended (an error, or cancel()); result() reports why
    finally:
        outbox.close()


def _run(writer, inbox, outbox, parent: int, function: Callable, args: tuple) -> None:
    _die_with(parent)
    if outbox is not None:
        outbox.close()  # the parent's end: a parent that stops sending is then an EOF here, not a hang
    try:
        message = (True, function(inbox.recv, *args) if inbox is not None else function(*args))
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
