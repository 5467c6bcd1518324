// errbook serve: reloads the page when the site is rebuilt, and shows build errors over it.
// Served only by `errbook serve`, never part of a built site.
(function () {
  "use strict";
  var seen = null;
  var overlay = null;

  function show(error) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "errbook-build-error";
      overlay.setAttribute("role", "alert");
      Object.assign(overlay.style, {
        position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto", padding: "2rem",
        background: "rgba(20, 20, 24, 0.94)", color: "#ffd7d7", font: "14px/1.5 ui-monospace, monospace"
      });
      var title = document.createElement("h2");
      title.textContent = "errbook: the book does not build";
      Object.assign(title.style, { color: "#ff8080", marginTop: "0" });
      var text = document.createElement("pre");
      Object.assign(text.style, { whiteSpace: "pre-wrap", margin: "0" });
      var hint = document.createElement("p");
      hint.textContent = "The last good build is still served. Fix the file and save: this page reloads.";
      overlay.append(title, text, hint);
      document.body.append(overlay);
    }
    overlay.querySelector("pre").textContent = error;
  }

  function poll() {
    fetch("/__errbook/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (status) {
        if (seen !== null && status.version !== seen && !status.error) {
          location.reload();
          return;
        }
        seen = status.version;
        if (status.error) {
          show(status.error);
        } else if (overlay) {
          overlay.remove();
          overlay = null;
        }
      })
      .catch(function () { /* the server is restarting or gone: try again */ })
      .finally(function () { setTimeout(poll, 400); });
  }
  poll();
})();
