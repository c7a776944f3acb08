// Shared by the kb scripts: asset URLs that work from any page, and a DOM-ready hook.
(function () {
  "use strict";
  // Material's base is "." or ".." on normal pages and "/" (or "/kb/") on 404.html;
  // resolving against the page keeps every URL on this host.
  window.kbAsset = function (path) {
    var base = JSON.parse(document.getElementById("__config").textContent).base;
    return new URL(base.replace(/\/?$/, "/") + path, window.location.href).href;
  };

  // Run once the page's DOM is there, whether or not it already is.
  window.kbReady = function (init) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
  };
})();
