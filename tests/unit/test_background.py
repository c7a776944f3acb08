"""hooks/kb/background.py: a forked child's value, its errors as messages, and no child left behind."""
import os
import time

import pytest
from mkdocs.exceptions import PluginError

from kb import background


def _sum(numbers):
    return sum(numbers)


def _data_error():
    raise PluginError("content/x.yml:3 字段“title”不能为空")


def _bug():
    return {}["missing"]


def _dies():
    os._exit(3)


def _sleeps():
    time.sleep(60)
    return "never"


def test_the_childs_value_comes_back_through_the_pipe():
    # Large enough to fill a pipe's buffer many times over: the child must not block on it.
    numbers = list(range(200_000))
    assert background.Later(_sum, numbers).result() == sum(numbers)
    assert background.Later(bytes, 5_000_000).result() == bytes(5_000_000)


def _doubled_input(receive, first):
    # The part that needs no input is done before waiting for it, as the search index's child does.
    return first, receive() * 2


def test_a_child_that_takes_input_gets_what_the_parent_sends_later():
    later = background.Later(_doubled_input, "cards first", takes_input=True)
    time.sleep(0.2)
    # Larger than a pipe's buffer: the parent must not wait for the child to read it.
    sections = ["小节"] * 300_000
    later.send(sections)
    assert later.result() == ("cards first", sections * 2)


def test_a_child_whose_input_never_comes_is_a_message_not_a_hang():
    with pytest.raises(PluginError) as error:
        background.Later(_doubled_input, "cards first", takes_input=True).result()
    assert str(error.value).startswith("后台构建步骤出错：\nTraceback")
    assert "EOFError" in str(error.value)


def _fails_before_input(receive):
    raise PluginError("content/x.yml:3 字段“title”不能为空")


def test_input_sent_to_a_child_that_has_failed_still_gives_its_message():
    later = background.Later(_fails_before_input, takes_input=True)
    later._process.join()
    later.send(["小节"] * 300_000)
    with pytest.raises(PluginError) as error:
        later.result()
    assert str(error.value) == "content/x.yml:3 字段“title”不能为空"


def test_a_data_error_in_the_child_is_the_same_message_in_the_parent():
    with pytest.raises(PluginError) as error:
        background.Later(_data_error).result()
    assert str(error.value) == "content/x.yml:3 字段“title”不能为空"


def test_a_bug_in_the_child_names_its_traceback():
    with pytest.raises(PluginError) as error:
        background.Later(_bug).result()
    assert str(error.value).startswith("后台构建步骤出错：\nTraceback")
    assert "KeyError: 'missing'" in str(error.value)


def test_a_child_that_dies_is_a_message_not_a_hang():
    with pytest.raises(PluginError) as error:
        background.Later(_dies).result()
    assert str(error.value) == "后台构建步骤意外退出（退出码 3）"


def test_a_failed_build_leaves_no_child_running():
    later = background.Later(_sleeps)
    process = later._process
    assert process.is_alive()
    background.cancel_all()
    assert not process.is_alive()
    assert later not in background._running


def test_a_child_dies_with_its_parent_even_when_the_parent_is_killed(tmp_path):
    import subprocess
    import sys
    # A parent process that starts a slow child, prints its pid, and is then killed with SIGKILL.
    script = tmp_path / "parent.py"
    script.write_text(
        "import sys, time\n"
        f"sys.path.insert(0, {str(background.__file__.rsplit('/kb/', 1)[0])!r})\n"
        "from kb import background\n"
        "def slow():\n    time.sleep(60)\n"
        "later = background.Later(slow)\n"
        "print(later._process.pid, flush=True)\n"
        "time.sleep(60)\n", encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    parent.kill()
    parent.wait()
    for _ in range(50):
        if not _running(child):
            return
        time.sleep(0.1)
    os.kill(child, 9)
    raise AssertionError("the child outlived its killed parent")


def _running(pid: int) -> bool:
    # A dead child that nobody has reaped yet (a zombie) is not running.
    try:
        stat = open(f"/proc/{pid}/stat", encoding="ascii").read()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _waits_before_reading(receive):
    time.sleep(60)
    return receive()


def test_cancelling_while_the_input_is_still_being_sent_leaves_no_sender_behind(monkeypatch):
    # A build that fails after on_env (a template error), or whose early sections disagree with Material's
    # index, cancels a child that may not have read its input yet: the sending thread is then still in the
    # pipe. It must be over when cancel() returns (the next `mkdocs serve` build forks), and must not trip
    # over its end of the pipe being closed under it (a traceback in the terminal, or a double close).
    import threading
    failures = []
    monkeypatch.setattr(threading, "excepthook", lambda hook: failures.append(hook.exc_value))
    send = background._send

    def slow_send(outbox, value):
        time.sleep(0.3)  # the pipe is full: the child reads nothing before its first part is done
        send(outbox, value)

    monkeypatch.setattr(background, "_send", slow_send)
    later = background.Later(_waits_before_reading, takes_input=True)
    later.send(["小节"] * 300_000)
    later.cancel()
    assert not later._sender.is_alive()
    later._sender.join()
    assert failures == []


def _each_doubled(receive):
    values = []
    while (value := receive()) is not None:
        values.append(value * 2)
    return values


def test_a_fed_child_gets_every_value_in_order_and_then_none():
    # The page scan's child (hooks/safety.py): one value per built page, each larger than a pipe's
    # buffer, given while the child is still busy with the earlier ones.
    later = background.Later(_each_doubled, takes_input=True)
    pages = [f"第{n}页" * 40_000 for n in range(20)]
    for page in pages:
        later.feed(page)
    assert later.result() == [page * 2 for page in pages]


def test_a_fed_child_without_fork_gets_the_same_values_in_the_same_order(monkeypatch):
    import multiprocessing
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    later = background.Later(_each_doubled, takes_input=True)
    assert later._process is None
    for value in ("甲", "乙", "丙"):
        later.feed(value)
    assert later.result() == ["甲甲", "乙乙", "丙丙"]


@pytest.mark.parametrize("value", [["小节"] * 300_000, "小节"])
def test_cancelling_a_fed_child_leaves_no_child_and_no_sender_behind(value):
    # A large value: the sender is still writing into the pipe. A small one: it waits for the next value.
    later = background.Later(_waits_before_reading, takes_input=True)
    later.feed(value)
    time.sleep(0.2)
    process, sender = later._process, later._sender
    import threading
    cancelling = threading.Thread(target=background.cancel_all, daemon=True)
    cancelling.start()
    cancelling.join(10)
    assert not cancelling.is_alive(), "cancel() waits for a sender that never ends"
    assert not process.is_alive() and not sender.is_alive()
    assert later not in background._running
