// Shared by the kb scripts: asset URLs that work from any page, and a DOM-ready hook.
(function () {
  "use strict";
  // Material's base is "." or ".." on normal pages and "/" (or "/kb/") on 404.html;
  // resolving against the page keeps every URL on this host. It is resolved once, against the
  // page that loaded the scripts: instant navigation (mkdocs.yml, navigation.instant) swaps the
  // page under them and moves the address, but never replaces #__config, whose base is relative
  // to the first page.
  var siteRoot = null;
  function root() {
    if (siteRoot === null) {
      var base = JSON.parse(document.getElementById("__config").textContent).base;
      siteRoot = new URL(base.replace(/\/?$/, "/"), window.location.href).href;
    }
    return siteRoot;
  }
  try { root(); } catch (e) { /* no #__config yet: the first call resolves it */ }
  window.kbAsset = function (path) {
    return new URL(path, root()).href;
  };

  // Browser storage is untrusted: another script, an old version or a person may
  // have left anything there. Return the stored value only when it is a plain
  // object; anything else (bad JSON, a number, a string, null, an array) reads
  // as {} so the feature starts from its defaults instead of breaking.
  function readObject(storage, storeKey) {
    var value;
    try { value = JSON.parse(storage.getItem(storeKey)); } catch (e) { return {}; }
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  }
  window.kbReadObject = function (storeKey) { return readObject(window.localStorage, storeKey); };

  // Writing may fail too (storage full or disabled); the page keeps working without it.
  function writeObject(storage, storeKey, value) {
    try { storage.setItem(storeKey, JSON.stringify(value)); } catch (e) { /* not persisted */ }
  }
  window.kbWrite = function (storeKey, value) { writeObject(window.localStorage, storeKey, value); };

  // Run once the page's DOM is there, whether or not it already is: set-up for the whole visit
  // (the header and its search box stay when instant navigation swaps the page).
  window.kbReady = function (init) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
  };

  // --- the page, once per page shown ------------------------------------------------

  // With instant navigation (mkdocs.yml) a click on a link of the site does not load a page:
  // Material fetches it and swaps its parts in (the content, the navigation, the 我的信息 bar,
  // the title), and the scripts, the header with the search box and its open index stay. So
  // what reads or fills the page runs again for each page shown (kbPage), and listeners on
  // document or window are bound once (kbReady, or at the script's start), never per page.
  // The first page runs its set-up on DOMContentLoaded, as before; each page swapped in after
  // it when Material's document$ says so, after Material has set up its own parts.
  var pageInits = [], shownContainer = null, fromSearch = false, fromHistory = false, shownFromHistory = false;
  window.kbPage = function (init) {
    pageInits.push(init);
    window.kbReady(init);
  };

  function container() {
    return document.querySelector("[data-md-component=container]");
  }

  // An init that fails must not stop the others, nor Material's own subscribers: it is reported
  // as an uncaught error (the console; the browser tests fail on it).
  function runSafely(init) {
    try { init(); } catch (error) { setTimeout(function () { throw error; }, 0); }
  }

  function pageShown() {
    var now = container();
    if (!now || now === shownContainer) return;
    var first = shownContainer === null;
    shownContainer = now;
    if (first) return;  // the first page: its kbPage set-up runs on DOMContentLoaded
    // For tracing (a browser's performance panel, make bench): Material has swapped the page in
    // (kb:page-swapped); our set-up has run (kb:page-shown).
    performance.mark("kb:page-swapped");
    shownFromHistory = fromHistory;
    pageInits.forEach(runSafely);
    focusNewPage();
    performance.mark("kb:page-shown");
    document.dispatchEvent(new CustomEvent("kb:page"));
  }

  // A page load puts the focus at the top of the new page and a screen reader reads its title;
  // a swap leaves the focus on the link that is gone (so on the body) and says nothing. So the
  // focus goes to where a sighted person looks: the part of the page the address names (a card
  // opened from search) or else the page's heading, which a screen reader then reads out. An
  // agent already typing in the search box (which stays) keeps the focus there and hears the
  // page's title instead; a result opened from that box moves the focus like a click does.
  function focusNewPage() {
    var active = document.activeElement;
    var searching = !fromSearch && active && active !== document.body && active.isConnected;
    fromSearch = false;
    var title = document.querySelector(".md-content h1");
    var name = title ? title.textContent.replace("¶", "").trim() : document.title;
    if (searching) {
      window.kbAnnounce("已打开“" + name + "”。", true);
      return;
    }
    var target = null;
    try { target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1))); }
    catch (e) { target = null; }
    target = target || title || document.querySelector(".md-content");
    if (!target) return;
    if (!target.hasAttribute("tabindex") && !target.matches("a[href], button, input, select, textarea")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus({ preventScroll: true });
  }

  // Whether the page shown was brought back by Back or Forward (a popstate), not by a link: a page
  // load then had the browser put back what the agent had typed in its fields, and a swap does not.
  // False on the first page, whose fields the browser restores itself.
  window.kbPageFromHistory = function () { return shownFromHistory; };

  // Going to a page of the site from a script (a search result): through Material's instant
  // navigation when it is on (a click on a link, which it takes), else a page load.
  window.kbNavigate = function (href) {
    if (!window.document$) {
      window.location.href = href;
      return;
    }
    fromSearch = new URL(href, window.location.href).pathname !== window.location.pathname;
    var link = document.createElement("a");
    link.href = href;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
  };

  // Material takes every click on a link of the site, one to a part of the page shown too, and
  // every popstate (which Chromium fires for such a link too), and the first on a page fetches that
  // page again and swaps it in (its address stream starts empty, so the page's own address is news
  // to it): a draft in the checker, the rule filter, the skip link's focus were lost. A move within
  // the page Material shows stays the browser's own: these listeners are bound before Material's
  // (this script runs before its bundle) and keep the event from it. A popstate to another page
  // (the back button) is Material's, even while it is still fetching the page clicked.
  var materialPath = window.location.pathname;
  window.addEventListener("popstate", function (event) {
    if (window.location.pathname === materialPath) event.stopImmediatePropagation();
    else fromHistory = true;
  });
  if (document.body) document.body.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || link.target || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var url = new URL(link.href, window.location.href), here = window.location;
    if (url.hash && url.origin === here.origin && url.pathname === here.pathname && url.search === here.search) {
      event.stopImmediatePropagation();
    } else {
      fromHistory = false;
    }
  });

  window.kbReady(function () {
    // Material's bundle has run by now (it is a script of the page); without it nothing is swapped.
    if (window.document$ && window.document$.subscribe) window.document$.subscribe(pageShown);
    // The page Material fetches or shows: each link it takes and each popstate it is given.
    if (window.location$ && window.location$.subscribe) {
      window.location$.subscribe(function (url) { materialPath = url.pathname; });
    }
  });

  // --- placeholders: the agent's own values, and the current call's --------------

  // The agent's own values (公司名称, 工号, 坐席姓名) stay in localStorage. The customer's
  // belong to one call: sessionStorage, cleared by 新来电, never printed. The same list
  // as AGENT_PLACEHOLDERS and CALL_PLACEHOLDERS in hooks/kb/cards.py (tests/unit/test_cards_loader.py checks).
  // 新来电 in one tab ends the call in every tab: it writes a fresh random id to NEW_CALL in
  // localStorage (an id, never a name), and each tab's call values carry the id they were typed
  // under. Values under another id are the last customer's, whatever tab or page load reads
  // them, even one that missed the storage event (a tab frozen in the background). An id and
  // not a time: a clock set back would otherwise keep the old name or drop the new one.
  var AGENT_STORE = "kb.placeholders", CALL_STORE = "kb.call", NEW_CALL = "kb.newCall", CALL_ID = "call";
  var AGENT_FIELDS = ["公司名称", "工号", "坐席姓名"];
  var CALL_FIELDS = ["客户称呼"];
  window.kbAgentFields = AGENT_FIELDS;
  var printing = false;
  var printMedia = window.matchMedia ? window.matchMedia("print") : { matches: false };

  function isCallField(name) { return CALL_FIELDS.indexOf(name) !== -1; }

  function strings(stored, keep) {
    var values = {};
    Object.keys(stored).forEach(function (name) {
      if (typeof stored[name] === "string" && keep(name)) values[name] = stored[name];
    });
    return values;
  }

  function session() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  // Whatever is stored is only compared, so an odd value there is just another id.
  function currentCallId() {
    try { return window.localStorage.getItem(NEW_CALL) || ""; } catch (e) { return ""; }
  }

  // The call now, for what belongs to it beyond the placeholders (the checker's kept draft).
  window.kbCallId = currentCallId;

  function forgetCall(calls) {
    try { calls.removeItem(CALL_STORE); } catch (e) { /* nothing stored */ }
  }

  // This call's stored values, or {} once a 新来电 (in any tab) has ended the call they belong to.
  function currentCall(calls) {
    var stored = readObject(calls, CALL_STORE);
    if ((typeof stored[CALL_ID] === "string" ? stored[CALL_ID] : "") === currentCallId()) return stored;
    forgetCall(calls);
    return {};
  }

  // Earlier versions kept the customer's name in localStorage, forever: it is the last
  // customer's, so it goes, whatever the page.
  (function forgetStoredCustomer() {
    var stored = readObject(window.localStorage, AGENT_STORE);
    if (CALL_FIELDS.some(function (name) { return name in stored; })) {
      CALL_FIELDS.forEach(function (name) { delete stored[name]; });
      writeObject(window.localStorage, AGENT_STORE, stored);
    }
  })();

  // The values placeholders show and copy: only strings count. While printing, the
  // customer's name is left out, so a printed sheet never carries it.
  window.kbPlaceholders = function () {
    var values = strings(readObject(window.localStorage, AGENT_STORE), function (name) { return !isCallField(name); });
    var calls = session();
    if (calls && !printing && !printMedia.matches) {
      var current = strings(currentCall(calls), isCallField);
      Object.keys(current).forEach(function (name) { values[name] = current[name]; });
    }
    return values;
  };

  window.kbSavePlaceholder = function (name, value) {
    var storage = isCallField(name) ? session() : window.localStorage;
    if (!storage) return;
    var key = isCallField(name) ? CALL_STORE : AGENT_STORE;
    var stored = isCallField(name) ? currentCall(storage) : readObject(storage, key);
    stored[name] = value;
    if (isCallField(name)) stored[CALL_ID] = currentCallId();
    writeObject(storage, key, stored);
    changed();
  };

  function changed() {
    document.dispatchEvent(new CustomEvent("kb:placeholders-changed"));
  }

  // A short message for everyone: shown at the bottom of the window and read out by screen readers.
  // quiet: read out only, for what the page already shows where the agent is looking (a result
  // count, quiz feedback). The region is in the page from the start: a live region that appears
  // together with its first message is not read out.
  var announceTimer = null, repeatTimer = null;
  function announceRegion() {
    var region = document.querySelector(".kb-announce");
    if (!region) {
      region = document.createElement("div");
      region.className = "kb-announce";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    return region;
  }
  window.kbAnnounce = function (text, quiet) {
    var region = announceRegion();
    clearTimeout(repeatTimer);
    if (region.textContent === text) {
      // The same words again (a second copy of the same line) are no change to a screen
      // reader: empty the region first so they are read out again.
      region.textContent = "";
      repeatTimer = setTimeout(function () { region.textContent = text; }, 100);
    } else {
      region.textContent = text;
    }
    clearTimeout(announceTimer);
    region.classList.toggle("kb-announce--shown", !quiet);
    if (!quiet) announceTimer = setTimeout(function () { region.classList.remove("kb-announce--shown"); }, 4000);
  };
  window.kbReady(announceRegion);

  window.kbNewCall = function () {
    var calls = session();
    if (calls) forgetCall(calls);
    var id = Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
    try { window.localStorage.setItem(NEW_CALL, id); } catch (e) { /* this tab only */ }
    changed();
    window.kbAnnounce("新来电：客户称呼已清空。");
  };

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-new-call]")) window.kbNewCall();
  });
  // Alt+N from anywhere, the search box included: the agent's hands stay on the keyboard.
  window.addEventListener("keydown", function (event) {
    if (event.altKey && !event.ctrlKey && !event.metaKey && (event.code === "KeyN" || event.key === "n" || event.key === "N")) {
      // Material's own keys would also read it as n, 下一页, when the focus is on the page.
      event.preventDefault();
      event.stopPropagation();
      window.kbNewCall();
    }
  }, true);

  // Pressed while this script was still on its way (search-boot.js kept it).
  if (window.kbNewCallPressed) {
    window.kbNewCallPressed = false;
    window.kbReady(window.kbNewCall);
  }

  // Another tab changed the agent's details or started a new call (null: it cleared the storage).
  window.addEventListener("storage", function (event) {
    if (event.storageArea !== window.localStorage) return;
    if (event.key === null || event.key === AGENT_STORE || event.key === NEW_CALL) changed();
  });
  // A page back from the history cache, or a tab coming back to the front, shows the values of now.
  window.addEventListener("pageshow", function (event) { if (event.persisted) changed(); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") changed();
  });

  function setPrinting(value) {
    if (printing === value) return;
    printing = value;
    changed();
  }
  window.addEventListener("beforeprint", function () { setPrinting(true); });
  window.addEventListener("afterprint", function () { setPrinting(false); });
  if (printMedia.addEventListener) printMedia.addEventListener("change", changed);

  // --- the navigation drawer from the keyboard ---------------------------------------

  // Below 1220 px, and so at 200% zoom, Material's navigation is a drawer of sliding panels,
  // each opened by a <label> for a hidden checkbox, which the keyboard cannot reach (kb.css
  // takes whatever is not shown out of the tab order). In drawer mode those labels become
  // buttons that Enter and Space work; Escape closes the innermost open panel, then the
  // drawer, and gives the focus back to the button that opened it.
  var DRAWER_MEDIA = "(max-width: 76.234375em)";
  // The menu button and the drawer's checkbox are in the header, which stays; the panels are in
  // the sidebar, which each page swapped in replaces: so the keys are handled once, on the
  // document, and find the labels of the page shown.
  var drawer = null, menu = null, sidebar = null, media = null, openers = [], closers = [];

  function box(label) { return document.getElementById(label.htmlFor); }
  function panelTitle(label) {
    var title = sidebar.querySelector('label.md-nav__title[for="' + label.htmlFor + '"]');
    return title ? title.textContent.trim() : "";
  }
  function opener(id) {
    return id === "__drawer" ? menu : sidebar.querySelector('label.md-nav__link[for="' + id + '"]');
  }
  function sync() {
    if (!sidebar) return;
    openers.concat(closers).forEach(function (label) {
      if (!media.matches && label !== menu) {
        label.removeAttribute("role");
        label.removeAttribute("tabindex");
        return;
      }
      label.setAttribute("role", "button");
      label.setAttribute("tabindex", "0");
      if (closers.indexOf(label) !== -1) {
        label.setAttribute("aria-label", label.htmlFor === "__drawer" ? "关闭导航" : "返回上一级");
      } else {
        label.setAttribute("aria-label", label === menu ? "导航菜单" : "打开“" + panelTitle(label) + "”");
        label.setAttribute("aria-expanded", box(label).checked ? "true" : "false");
      }
    });
  }
  function setOpen(target, open) {
    if (!target || target.checked === open) return;
    target.checked = open;
    // Material follows the boxes' change events (it locks the page's scrolling while open).
    target.dispatchEvent(new Event("change", { bubbles: true }));
    sync();
  }
  // Where the focus goes in a panel just opened: its first link or button that is shown.
  function focusInto(panel) {
    var first = Array.prototype.find.call(panel.querySelectorAll("a[href], label[tabindex]"), function (el) {
      return el.getClientRects().length && getComputedStyle(el).visibility === "visible";
    });
    if (first) first.focus();
  }

  // Enter or Space on a drawer label (the document sees it before Material's listener on window).
  function labelKey(event) {
    var label = event.target;
    if (openers.indexOf(label) === -1 && closers.indexOf(label) === -1) return;
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    // Material clicks whatever label has the focus once Enter reaches the window: by then
    // that is the panel's first stop, which would close what was just opened.
    event.stopPropagation();
    var target = box(label);
    if (closers.indexOf(label) !== -1) {
      setOpen(target, false);
      var back = opener(target.id);
      if (back) back.focus();
      return;
    }
    setOpen(target, !target.checked);
    if (!target.checked) return;
    focusInto(target.id === "__drawer" ? sidebar : target.parentNode.querySelector(".md-nav"));
  }

  function escapeKey(event) {
    if (event.key !== "Escape" || !sidebar || !drawer.checked) return;
    // The innermost open panel first: the one the focus is in, or the last one opened.
    var open = Array.prototype.filter.call(sidebar.querySelectorAll(".md-nav__toggle:checked"), function (toggle) {
      return media.matches && toggle.parentNode.contains(document.activeElement);
    });
    var target = open.length ? open[open.length - 1] : drawer;
    setOpen(target, false);
    var back = opener(target.id);
    if (back) back.focus();
  }

  var drawerKeysBound = false;
  function keyboardDrawer() {
    drawer = document.getElementById("__drawer");
    menu = document.querySelector('.md-header label[for="__drawer"]');
    sidebar = document.querySelector(".md-sidebar--primary");
    if (!drawer || !menu || !sidebar || !window.matchMedia) {
      sidebar = null;
      return;
    }
    // Openers: the header's menu and each section's arrow; closers: each panel's title (back).
    openers = [menu].concat(Array.prototype.slice.call(sidebar.querySelectorAll('label.md-nav__link[for^="__nav_"], label.md-nav__link[for="__toc"]')));
    closers = Array.prototype.slice.call(sidebar.querySelectorAll("label.md-nav__title[for]"));
    if (!drawerKeysBound) {
      drawerKeysBound = true;
      media = window.matchMedia(DRAWER_MEDIA);
      document.addEventListener("keydown", labelKey);
      document.addEventListener("keydown", escapeKey);
      document.addEventListener("change", function (event) {
        if (event.target.classList && event.target.classList.contains("md-toggle")) sync();
      });
      if (media.addEventListener) media.addEventListener("change", sync);
    }
    sync();
  }
  window.kbPage(keyboardDrawer);

  // navigator.clipboard needs a secure context; intranet http:// is not one.
  window.kbCopyText = function (text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      (ok ? resolve : reject)();
    });
  };
})();
