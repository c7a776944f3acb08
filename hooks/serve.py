"""make serve: a rebuild that fails shows its errors in the browser, in Chinese, instead of a page that never loads.

MkDocs' live-reload server holds every request until a rebuild succeeds, so a trainer
who saved a broken file saw a browser that hung and an English line in the terminal.
Here the rebuild's failure is kept, the server is let go, and every page asks for the
error page until the next rebuild succeeds; that page reloads itself every two seconds.
"""
from __future__ import annotations

import logging

from kb.render import environment, macros

log = logging.getLogger("mkdocs.hooks.serve")


def on_serve(server, config, builder):
    failure: dict = {"message": None}
    build = server.builder
    page = macros(environment(), "serve.html")

    def build_or_keep_error():
        # MkDocs logs the hooks' messages and then raises a bare "Aborted with a BuildError!":
        # the messages are what the trainer needs to read.
        heard = _Collector()
        logging.getLogger("mkdocs").addHandler(heard)
        try:
            build()
            failure["message"] = None
        except Exception as error:  # noqa: BLE001 - any failed rebuild is shown, then the server carries on
            failure["message"] = "\n".join(heard.messages) or str(error).strip() or type(error).__name__
            log.info("构建失败（%s）：浏览器里显示这些错误；改好保存后自动恢复预览。", failure["message"].split("\n")[0])
        finally:
            logging.getLogger("mkdocs").removeHandler(heard)

    def app(environ, start_response):
        if failure["message"] is not None and _is_page(environ.get("PATH_INFO", "")):
            body = str(page.error_page(failure["message"])).encode("utf-8")
            # 200, not 500: the server logs any error status as a warning, and strict mode would then fail
            # the very rebuild that fixes the file. The header says what this page is.
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("X-KB-Build-Failed", "1"),
                                                          ("Content-Length", str(len(body))),
                                                          ("Cache-Control", "no-store")])
            return [body]
        return serve(environ, start_response)

    serve = server.serve_request
    server.builder = build_or_keep_error
    server.set_app(app)
    return server


# --- helpers -----------------------------------------------------------------

def _is_page(path: str) -> bool:
    # Pages only: the live-reload poll and the assets keep working.
    return not path.startswith("/livereload/") and (path.endswith("/") or path.endswith(".html"))


class _Collector(logging.Handler):
    """The warnings and errors logged during one rebuild (strict mode fails on either)."""


    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())
