// Moderator console keyboard shortcuts. Keys act on elements marked data-key, and on queue rows.
(function () {
  "use strict";
  var rows = function () { return Array.prototype.slice.call(document.querySelectorAll(".mod-row")); };
  var current = -1;
  function focusRow(i) {
    var all = rows();
    if (!all.length) { return; }
    current = Math.max(0, Math.min(all.length - 1, i));
    all.forEach(function (r, n) { r.classList.toggle("mod-current", n === current); });
    all[current].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    if (/INPUT|TEXTAREA|SELECT/.test(tag) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var key = event.key;
    if (key === "j") { focusRow(current + 1); return; }
    if (key === "k") { focusRow(current - 1); return; }
    var row = rows()[current];
    if ((key === "o" || key === "Enter") && row) { window.location.href = row.getAttribute("data-href"); return; }
    if (key === "x" && row) { var box = row.querySelector("input[type=checkbox]"); if (box) { box.checked = !box.checked; } return; }
    if (key === "?") { var hint = document.querySelector(".mod-nav .hint"); if (hint) { hint.classList.toggle("shown"); } return; }
    var target = document.querySelector('[data-key="' + key + '"]');
    if (target) { event.preventDefault(); target.click(); }
  });
})();
