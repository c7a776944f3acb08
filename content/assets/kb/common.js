// Shared by the kb scripts: where the site's own assets are, from any page.
(function () {
  "use strict";
  // Material's base is "." or ".." on normal pages and "/" (or "/kb/") on 404.html;
  // resolving against the page keeps every URL on this host.
  window.kbAsset = function (path) {
    var base = JSON.parse(document.getElementById("__config").textContent).base;
    return new URL(base.replace(/\/?$/, "/") + path, window.location.href).href;
  };
})();
