// The partner portal's own behaviour beside htmx: plain JavaScript served by the portal itself
// (the Content-Security-Policy allows no inline script). Every page works without it; this only
// makes the pages kinder.
(function () {
  "use strict";

  // A form that came back with errors opens with focus on its error summary, so the summary is
  // in view at any window height and a screen reader reads it first.
  function focusSummary(root) {
    var summary = root.querySelector("[data-focus-on-load]");
    if (summary) {
      summary.focus();
    }
  }

  // No silent choices: picking a product in a mode's drop-down chooses that mode, and choosing a
  // mode puts the other modes' drop-downs back to "Choose a product…".
  function resetOtherModes(form, modeId) {
    form.querySelectorAll("select[data-mode]").forEach(function (select) {
      if (select.dataset.mode !== modeId) {
        select.value = "";
      }
    });
  }

  function bindModes(root) {
    root.querySelectorAll("select[data-mode]").forEach(function (select) {
      select.addEventListener("change", function () {
        var radio = document.getElementById(select.dataset.mode);
        if (select.value && radio && !radio.disabled) {
          radio.checked = true;
          resetOtherModes(select.form, radio.id);
        }
      });
    });
    root.querySelectorAll("input[type=radio][name=mode]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (radio.checked) {
          resetOtherModes(radio.form, radio.id);
        }
      });
    });
  }

  // The date field shows dates in the browser's format; its hint says which.
  function dateFormat() {
    var names = { year: "yyyy", month: "mm", day: "dd" };
    var parts = new Intl.DateTimeFormat(undefined, {
      year: "numeric",
      month: "2-digit",
      day: "2-digit"
    }).formatToParts(new Date(2026, 11, 31));
    return parts
      .map(function (part) {
        return names[part.type] || part.value;
      })
      .join("");
  }

  function showDateFormats(root) {
    var format = dateFormat();
    root.querySelectorAll("[data-date-format]").forEach(function (hint) {
      hint.textContent = format;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    bindModes(document);
    showDateFormats(document);
    focusSummary(document);
  });

  // A part htmx swapped in (the lead's drop-down after "Create user") may bring its own errors.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    var fresh = target && target.id ? document.getElementById(target.id) : null;
    if (fresh && fresh.id !== "running-total" && fresh.id !== "order-status") {
      focusSummary(fresh);
    }
  });
})();
