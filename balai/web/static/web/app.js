// Progressive enhancements only: everything works without this file.
(function () {
  "use strict";
  function updateCounter(textarea) {
    var form = textarea.closest("form");
    var counter = form && form.querySelector("[data-counter]");
    if (!counter) return;
    var max = parseInt(textarea.getAttribute("data-max-chars"), 10) || 0;
    var left = max - Array.from(textarea.value).length;
    counter.textContent = String(left);
    counter.classList.toggle("over", left < 0);
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("textarea[data-max-chars]")) {
      updateCounter(event.target);
    }
  });
  function init(root) {
    root.querySelectorAll("textarea[data-max-chars]").forEach(updateCounter);
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    });
  }
})();
