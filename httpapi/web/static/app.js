// ontschot: a little help while typing. Every check is done again on the
// server; without JavaScript the forms work the same.
(function () {
  "use strict";

  // Move focus to an error summary, so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }

  function euroToCents(text) {
    var t = (text || "").replace(/€/g, "").replace(/\s/g, "");
    if (t === "") { return null; }
    if (t.indexOf(",") >= 0) {
      var parts = t.split(",");
      if (parts.length !== 2) { return NaN; }
      var whole = parts[0];
      if (whole.indexOf(".") >= 0) {
        if (!/^\d{1,3}(\.\d{3})+$/.test(whole)) { return NaN; }
        whole = whole.replace(/\./g, "");
      }
      t = whole + "." + parts[1];
    } else if (/\.\d{3}$/.test(t)) {
      return NaN;
    }
    if (!/^\d+(\.\d{1,2})?$/.test(t)) { return NaN; }
    var p = t.split(".");
    var cents = parseInt(p[0], 10) * 100;
    if (p.length === 2) { cents += parseInt((p[1] + "0").slice(0, 2), 10); }
    return cents;
  }

  function euro(cents) {
    var s = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    var c = String(cents % 100);
    return "€ " + s + "," + (c.length < 2 ? "0" + c : c);
  }

  // The IBAN check digits (ISO 13616 mod 97), in chunks.
  function ibanOK(text) {
    var t = (text || "").replace(/\s/g, "").toUpperCase();
    if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(t)) { return false; }
    var r = t.slice(4) + t.slice(0, 4), rest = 0;
    for (var i = 0; i < r.length; i++) {
      var ch = r.charAt(i), v = ch >= "A" ? String(ch.charCodeAt(0) - 55) : ch;
      for (var j = 0; j < v.length; j++) { rest = (rest * 10 + (v.charCodeAt(j) - 48)) % 97; }
    }
    return rest === 1;
  }

  // A nine-digit number that passes the BSN elfproef.
  function hasBSN(text) {
    var m = (text || "").match(/(^|\D)(\d{8,9})(?!\d)/g) || [];
    for (var k = 0; k < m.length; k++) {
      var d = m[k].replace(/\D/g, "");
      if (d.length === 8) { d = "0" + d; }
      var sum = 0;
      for (var i = 0; i < 8; i++) { sum += (9 - i) * (d.charCodeAt(i) - 48); }
      sum -= d.charCodeAt(8) - 48;
      if (sum % 11 === 0 && d !== "000000000") { return true; }
    }
    return false;
  }

  function say(el, text, good) {
    if (!el) { return; }
    el.textContent = text;
    el.className = "live-check" + (text ? (good ? " ok" : " bad") : "");
  }

  // While someone types in a form, keep the session from ending idle:
  // writing a weighing can take longer than the idle limit.
  var typing = false;
  document.addEventListener("input", function (ev) {
    var f = ev.target && ev.target.form;
    if (f && f.method === "post" && f.action.indexOf("/inloggen") < 0) { typing = true; }
  });
  if (window.fetch) {
    window.setInterval(function () {
      if (!typing) { return; }
      typing = false;
      fetch("/sessie", { credentials: "same-origin", redirect: "manual" });
    }, 5 * 60 * 1000);
  }

  var form = document.getElementById("aanvraag");
  if (form) {
    var pot = form.querySelector("#potId"), amount = form.querySelector("#amount");
    var potInfo = document.getElementById("pot-info"), amountCheck = document.getElementById("amount-check");
    var update = function () {
      var opt = pot && pot.options[pot.selectedIndex];
      if (!opt) { return; }
      var available = parseInt(opt.getAttribute("data-available"), 10);
      var limit = opt.getAttribute("data-limit");
      var deciders = opt.getAttribute("data-deciders") || "";
      potInfo.textContent = "Beschikbaar: " + euro(available) + ". Uw mandaat: " + (limit === "" ? "zonder grens" : "tot " + euro(parseInt(limit, 10))) + ".";
      var cents = euroToCents(amount.value);
      if (cents === null) { say(amountCheck, "", true); return; }
      if (isNaN(cents) || cents <= 0) { say(amountCheck, "Schrijf het bedrag als 125,50.", false); return; }
      if (cents > available) { say(amountCheck, "Meer dan er beschikbaar is (" + euro(available) + ").", false); return; }
      if (limit === "" || cents <= parseInt(limit, 10)) { say(amountCheck, "Binnen uw mandaat: wordt meteen goedgekeurd.", true); return; }
      say(amountCheck, "Boven uw mandaat: gaat ter beoordeling naar " + deciders + ".", true);
    };
    if (pot) { pot.addEventListener("change", update); }
    if (amount) { amount.addEventListener("input", update); }
    update();

    var iban = form.querySelector("#payee-iban"), ibanCheck = document.getElementById("iban-check");
    if (iban) {
      iban.addEventListener("input", function () {
        var t = iban.value.replace(/\s/g, "");
        if (t.length < 15) { say(ibanCheck, "", true); return; }
        say(ibanCheck, ibanOK(t) ? "IBAN klopt." : "Dit IBAN klopt niet: controleer de tekens.", ibanOK(t));
      });
    }
    var texts = form.querySelectorAll("input[type=text], textarea");
    Array.prototype.forEach.call(texts, function (el) {
      el.addEventListener("input", function () {
        var note = document.getElementById(el.id + "-bsn");
        if (!note) { return; }
        say(note, hasBSN(el.value) ? "Dit lijkt een BSN; ontschot slaat nooit een BSN op." : "", false);
      });
    });

    var category = form.querySelector("#category"), list = document.getElementById("vergelijkbaar");
    if (category && list && window.fetch) {
      category.addEventListener("change", function () {
        // A session that ended answers with a redirect to the sign-in:
        // then the list stays as it is.
        fetch("/aanvragen/vergelijkbaar?categorie=" + encodeURIComponent(category.value), { credentials: "same-origin", redirect: "manual" })
          .then(function (r) { return r.ok && !r.redirected ? r.text() : ""; })
          .then(function (html) { if (html) { list.innerHTML = html; } });
      });
    }
  }
})();
