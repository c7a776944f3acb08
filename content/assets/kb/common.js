// Shared by the kb scripts: asset URLs that work from any page, and a DOM-ready hook.
(function () {
  "use strict";
  // Material's base is "." or ".." on normal pages and "/" (or "/kb/") on 404.html;
  // resolving against the page keeps every URL on this host.
  window.kbAsset = function (path) {
    var base = JSON.parse(document.getElementById("__config").textContent).base;
    return new URL(base.replace(/\/?$/, "/") + path, window.location.href).href;
  };

  // localStorage is untrusted: another script, an old version or a person may
  // have left anything there. Return the stored value only when it is a plain
  // object; anything else (bad JSON, a number, a string, null, an array) reads
  // as {} so the feature starts from its defaults instead of breaking.
  window.kbReadObject = function (storeKey) {
    var value;
    try { value = JSON.parse(localStorage.getItem(storeKey)); } catch (e) { return {}; }
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  };

  // Writing may fail too (storage full or disabled); the page keeps working without it.
  window.kbWrite = function (storeKey, value) {
    try { localStorage.setItem(storeKey, JSON.stringify(value)); } catch (e) { /* not persisted */ }
  };

  // Run once the page's DOM is there, whether or not it already is.
  window.kbReady = function (init) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
  };
  // The agent's saved placeholders (公司名称, 工号…), shared by cards, search and print.
  // The store may hold anything: only string values count.
  window.kbPlaceholders = function () {
    var stored = window.kbReadObject("kb.placeholders"), values = {};
    Object.keys(stored).forEach(function (name) {
      if (typeof stored[name] === "string") values[name] = stored[name];
    });
    return values;
  };

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
