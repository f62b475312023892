// Size advisor widget: asks POST /api/v1/fit/advice for the pinned product and remembers the
// viewer's answers for the show (localStorage, keyed by show slug), so the next product
// needs no retyping. All text goes in with textContent: nothing from the server is HTML.
(function () {
  "use strict";
  var FIELDS = ["height_cm", "weight_kg", "bust_cm", "waist_cm", "hips_cm", "age", "body_type",
                "usual_system", "usual_size", "preference"];
  var NUMBERS = ["height_cm", "weight_kg", "bust_cm", "waist_cm", "hips_cm", "age"];

  // The page's words in the viewer's language (<body data-strings>, web/js_strings.py).
  var STRINGS = null;
  function t(message, values) {
    if (STRINGS === null) {
      try { STRINGS = JSON.parse(document.body.dataset.strings || "{}"); } catch (e) { STRINGS = {}; }
    }
    return (STRINGS[message] || message).replace(/%\((\w+)\)s/g, function (whole, name) {
      return values && name in values ? String(values[name]) : whole;
    });
  }

  function storageKey(root) { return "crosslive.fit." + root.dataset.showSlug; }

  function readForm(form) {
    var data = new FormData(form), out = {};
    FIELDS.forEach(function (name) {
      var value = data.get(name);
      if (value === null || String(value).trim() === "") { return; }
      out[name] = NUMBERS.indexOf(name) >= 0 ? Number(value) : String(value).trim();
    });
    return out;
  }

  function fillForm(form, saved) {
    FIELDS.forEach(function (name) {
      if (saved[name] === undefined) { return; }
      var inputs = form.querySelectorAll("[name='" + name + "']");
      inputs.forEach(function (input) {
        if (input.type === "radio") { input.checked = input.value === saved[name]; }
        else { input.value = saved[name]; }
      });
    });
  }

  function remembered(root) {
    try { return JSON.parse(window.localStorage.getItem(storageKey(root)) || "null"); }
    catch (e) { return null; }
  }

  function remember(root, profile) {
    try { window.localStorage.setItem(storageKey(root), JSON.stringify(profile)); }
    catch (e) { /* private mode: the form still works, it just forgets */ }
  }

  function errorText(body, status) {
    if (body && typeof body.detail === "string") { return body.detail; }
    if (body && Array.isArray(body.detail) && body.detail.length) {
      var first = body.detail[0], where = (first.loc || []).slice(-1)[0];
      // The body checks ("body_...") name what they refuse, in the viewer's language.
      var named = String(first.type || "").indexOf("body_") === 0;
      return (where && !named ? where + ": " : "") + first.msg;
    }
    return t("Size advice is unavailable right now (%(status)s).", { status: status });
  }

  // "38 (JP 11)": the seller's label, then the viewer's size system when it differs.
  function withLocal(label, local) { return local ? label + " (" + local + ")" : label; }

  // "Between M (48% fit) and L (41% fit)": the model is too unsure to name one size.
  function betweenText(advice) {
    if (!advice.between || advice.between.length !== 2) return "";
    var parts = advice.between.map(function (option) {
      return t("%(size)s (%(percent)s fit)",
        { size: option.size, percent: Math.round(option.confidence * 100) + "%" });
    });
    return t("Between %(first)s and %(second)s: neither size is a sure fit for you; check the size chart for the one you prefer.",
      { first: parts[0], second: parts[1] });
  }

  function show(root, advice) {
    root.querySelector("[data-fit-error]").hidden = true;
    root.querySelector("[data-fit-size]").textContent = withLocal(advice.size, advice.size_local);
    root.querySelector("[data-fit-confidence]").textContent =
      Math.round(advice.confidence * 100) + "%";
    root.querySelector("[data-fit-runner-up]").textContent =
      advice.runner_up ? withLocal(advice.runner_up, advice.runner_up_local) : "none";
    root.querySelector("[data-fit-reason]").textContent = advice.reason;
    var sharpen = root.querySelector("[data-fit-sharpen]");
    sharpen.textContent = advice.sharpen ? t("To be surer, %(hint)s.", { hint: advice.sharpen }) : "";
    sharpen.hidden = !advice.sharpen;
    var between = root.querySelector("[data-fit-between]");
    between.textContent = betweenText(advice);
    between.hidden = !between.textContent;
    root.querySelector("[data-fit-result]").hidden = false;
  }

  function fail(root, message) {
    var box = root.querySelector("[data-fit-error]");
    box.textContent = message;
    box.hidden = false;
    root.querySelector("[data-fit-result]").hidden = true;
  }

  function ask(root, profile) {
    if (!root.dataset.productId) { return Promise.resolve(); }
    var body = Object.assign({ product_id: Number(root.dataset.productId) }, profile);
    if (root.dataset.sizeSystem) { body.viewer_system = root.dataset.sizeSystem; }
    var identity = window.crossliveViewer ? window.crossliveViewer.headers() : {};
    return fetch("/api/v1/fit/advice", {
      method: "POST",
      headers: Object.assign({ "Content-Type": "application/json" }, identity),
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        if (response.ok) { show(root, data); } else { fail(root, errorText(data, response.status)); }
      });
    }).catch(function () { fail(root, t("Network problem: try again.")); });
  }

  function setup(root) {
    var form = root.querySelector("[data-fit-form]");
    var saved = remembered(root);
    if (saved) { fillForm(form, saved); ask(root, saved); }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var profile = readForm(form);
      remember(root, profile);
      ask(root, profile);
    });
    return {
      setProduct: function (productId) {
        root.dataset.productId = String(productId);
        var profile = remembered(root);
        if (profile) { ask(root, profile); } else { root.querySelector("[data-fit-result]").hidden = true; }
      }
    };
  }

  function init() {
    var root = document.querySelector("[data-fit-advisor]");
    if (root && !window.crossliveFitAdvisor) { window.crossliveFitAdvisor = setup(root); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
}());
