/*
 * The wegwijzer with the browser's Back button.
 *
 * Without this script every step is a form POST, and Back shows the browser's "Confirm form
 * resubmission" page. With it, a step's form is sent with fetch() to the same address, the
 * answer page replaces the page's <main>, and the page as it was (answers ticked) is kept
 * in the history entry (history.state), so Back and Forward show each step again with its
 * answers. Nothing leaves the page: no URL changes, no cookie, no Web Storage; the history
 * entries are the browser's own and go when the tab is closed. Without JavaScript the
 * forms work as before and the page's own "Terug" is the way back.
 */
(function () {
  "use strict";

  var main = document.querySelector("main");
  if (!main || !window.fetch || !window.DOMParser || !window.history.replaceState) {
    return;
  }

  function snapshot() {
    // A radio's ticked state is a property, not markup: write it into the HTML kept.
    main.querySelectorAll("input[type=radio], input[type=checkbox]").forEach(function (input) {
      if (input.checked) {
        input.setAttribute("checked", "");
      } else {
        input.removeAttribute("checked");
      }
    });
    return { wegwijzer: true, html: main.innerHTML, title: document.title };
  }

  function focusHeading() {
    var target = main.querySelector(".error-summary") || main.querySelector("h1");
    if (target) {
      if (!target.hasAttribute("tabindex")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
    window.scrollTo(0, 0);
  }

  function show(state) {
    main.innerHTML = state.html;
    document.title = state.title;
    focusHeading();
  }

  function intercepted(form, submitter) {
    if (submitter && submitter.name === "switch_language") {
      return false; // a new language is a new page, sent as ever
    }
    var action = (submitter && submitter.getAttribute("formaction")) || form.getAttribute("action");
    return !!action && /^\/wegwijzer\/(stap|advies)$/.test(action);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    if (!intercepted(form, submitter)) {
      return;
    }
    event.preventDefault();
    var data = new FormData(form);
    if (submitter && submitter.name) {
      data.append(submitter.name, submitter.value);
    }
    var action = (submitter && submitter.getAttribute("formaction")) || form.getAttribute("action");
    window.history.replaceState(snapshot(), "");
    fetch(action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        return response.text();
      })
      .then(function (text) {
        var page = new DOMParser().parseFromString(text, "text/html");
        var next = page.querySelector("main");
        if (!next) {
          throw new Error("no page");
        }
        main.innerHTML = next.innerHTML;
        document.title = page.title;
        window.history.pushState(snapshot(), "");
        focusHeading();
      })
      .catch(function () {
        // Whatever went wrong, the form is sent the way it is without JavaScript.
        if (submitter && submitter.name) {
          var field = document.createElement("input");
          field.type = "hidden";
          field.name = submitter.name;
          field.value = submitter.value;
          form.appendChild(field);
        }
        form.setAttribute("action", action);
        form.submit(); // submit() fires no submit event: this handler is not asked again
      });
  });

  window.addEventListener("popstate", function (event) {
    if (event.state && event.state.wegwijzer) {
      show(event.state);
    }
  });

  if (window.history.state && window.history.state.wegwijzer) {
    show(window.history.state); // a reload: the step the asker was on
  } else {
    window.history.replaceState(snapshot(), "");
  }
})();
