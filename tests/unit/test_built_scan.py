"""hooks/kb/built_scan.py: built pages scanned in a forked child give the messages, in the order, that
scanning each page in the build's own process gave."""
from kb import background, built_scan

NAV = '<nav class="md-nav"><a href="../a/" class="md-nav__link">第1章</a></nav>'
HOSTILE_NAV = NAV.replace("第1章", '第1章 <img src=x onerror="alert(1)">')


def _page(nav: str, body: str = "<p>您好</p>") -> str:
    return f"<!doctype html>\n<html><head><title>手册</title></head>\n<body>\n{nav}\n<article>\n{body}\n</article>\n</body></html>\n"


PAGES = [
    (_page(NAV), "a/index.html", "content/a.md", ""),
    # The navigation differs on one page only: that page is named, and only it.
    (_page(HOSTILE_NAV), "b/index.html", "content/b.md", ""),
    (_page(NAV, '<img src="https://example.com/x.png">'), "c/index.html", "content/c.md", "https://kb.example/"),
    (_page(NAV, "<script>steal()</script>"), "d/index.html", "content/d.md", ""),
]


def test_pages_scanned_in_the_child_give_the_messages_of_scanning_here_in_the_same_order():
    later = background.Later(built_scan.pages, takes_input=True)
    for page in PAGES:
        later.feed(page)
    here = [message for page in PAGES for message in built_scan.page_problems(*page)]
    assert later.result() == here
    assert here == [
        '构建结果 b/index.html:4（来源：content/b.md）：<img> 的事件属性 onerror="alert(1)" 不是主题模板里的脚本，'
        "会在页面上运行；页面内容、标题和导航里都不能有脚本或事件属性",
        "构建结果 c/index.html:6（来源：content/c.md）：<img> 的属性 src=\"https://example.com/x.png\" 带有协议（https:），指向站外；"
        "页面只能加载本站的文件（内网没有外网）",
        "构建结果 d/index.html:6（来源：content/d.md）：内联 <script> 不是主题模板里的脚本，会在页面上运行；"
        "页面内容、标题和导航里都不能有脚本或事件属性",
    ]
