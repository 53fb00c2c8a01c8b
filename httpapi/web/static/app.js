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

  // The IBAN check digits (ISO 13616): 02 to 98 (00, 01 and 99 are never
  // issued, even where mod 97 passes), and the mod-97 test, in chunks. The
  // same rule as ledger.ParseIBAN.
  function ibanOK(text) {
    var t = (text || "").replace(/\s/g, "").toUpperCase();
    if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(t)) { return false; }
    var cd = t.slice(2, 4);
    if (cd === "00" || cd === "01" || cd === "99") { return false; }
    var r = t.slice(4) + t.slice(0, 4), rest = 0;
    for (var i = 0; i < r.length; i++) {
      var ch = r.charAt(i), v = ch >= "A" ? String(ch.charCodeAt(0) - 55) : ch;
      for (var j = 0; j < v.length; j++) { rest = (rest * 10 + (v.charCodeAt(j) - 48)) % 97; }
    }
    return rest === 1;
  }

  // The BSN rule of ledger.FindBSN (ledger/bsn.go, where it is explained),
  // so the page warns about what the server will refuse;
  // ledger/testdata/bsn-vectors.json holds both to the same answers.
  // Normalised (NFKC, every decimal digit to its value, invisible characters
  // dropped), a text is read as numbers of digit groups that letters end and
  // anything else joins. Found: nine digits in whole groups of one number;
  // one group of eight digits, or eight grouped 2-3-3 by one separator (a
  // BSN that lost its leading zero). A group of more than nine digits is a
  // longer number. Returns the BSN's nine digits, or "".
  var DIGIT = /\p{Nd}/u, LETTER = /\p{L}/u, SPACE = /\p{White_Space}/u, CONTROL = /\p{Cc}/u,
    INVISIBLE = /[\p{M}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

  function elfproef(d) {
    var sum = 0;
    for (var i = 0; i < 8; i++) { sum += (9 - i) * (d.charCodeAt(i) - 48); }
    sum -= d.charCodeAt(8) - 48;
    return sum !== 0 && sum % 11 === 0;
  }

  // A decimal digit's value: its distance from the zero that starts its
  // run of ten.
  function digitValue(c) {
    var cp = c.codePointAt(0), zero = cp;
    while (DIGIT.test(String.fromCodePoint(zero - 1))) { zero--; }
    return String((cp - zero) % 10);
  }

  function findBSN(text) {
    var groups = [], cur = "", sep = "", seps = 0, found = "";
    function test(d) { if (!found && elfproef(d)) { found = d; } }
    function endGroup() {
      if (cur === "") { return; }
      var g = { digits: cur, sep: seps === 1 && groups.length > 0 ? sep : null };
      cur = ""; seps = 0;
      if (g.digits.length > 9) { groups = []; return; }
      groups.push(g);
      if (groups.length > 9) { groups.shift(); }
      var d = "";
      for (var i = groups.length - 1; i >= 0 && d.length < 9; i--) {
        d = groups[i].digits + d;
        if (d.length === 9) { test(d); }
      }
      if (g.digits.length === 8) { test("0" + g.digits); }
      var k = groups.length - 3;
      if (k >= 0 && groups[k].digits.length === 2 && groups[k + 1].digits.length === 3 && g.digits.length === 3 &&
          groups[k + 1].sep !== null && groups[k + 1].sep === g.sep) {
        test("0" + groups[k].digits + groups[k + 1].digits + g.digits);
      }
    }
    var chars = Array.from((text || "").normalize("NFKC"));
    for (var i = 0; i < chars.length && !found; i++) {
      var c = chars[i];
      if (INVISIBLE.test(c) || CONTROL.test(c) && !SPACE.test(c)) { continue; }
      if (DIGIT.test(c)) { cur += digitValue(c); continue; }
      endGroup();
      if (LETTER.test(c)) { groups = []; seps = 0; continue; }
      if (seps === 0) { sep = c; }
      seps++;
    }
    endGroup();
    return found;
  }

  // A case reference is read without the UUID at the end of a zaak URL, as
  // written and with its percent-escapes decoded (ledger.CaseRefHasBSN).
  // textBSN is ledger.TextHasBSN: also with percent-escapes decoded.
  function textBSN(text) {
    var found = findBSN(text);
    if (!found && (text || "").indexOf("%") >= 0) {
      try { found = findBSN(decodeURIComponent(text)); } catch (e) { /* not percent-encoded */ }
    }
    return found;
  }

  function caseRefBSN(text) {
    var t = (text || "").replace(/\/zaken\/api\/v1\/zaken\/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\/?$/, "/zaken/api/v1/zaken/");
    var found = findBSN(t);
    if (!found) {
      try { found = findBSN(decodeURIComponent(t)); } catch (e) { /* not percent-encoded */ }
    }
    return found;
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

  // liveChecks checks a form's IBAN and watches its text fields for a
  // BSN while someone types: the request form's, and the corrected payee
  // of a returned payout.
  function liveChecks(form) {
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
        var bsn = el.id === "caseRef" ? caseRefBSN(el.value) : textBSN(el.value);
        // Each field's own advice, in the server's words for that field.
        var advice = el.getAttribute("data-bsn") || "Dit lijkt een burgerservicenummer (BSN), en dat slaat ontschot nooit op.";
        say(note, bsn ? advice : "", false);
      });
    });
  }
  var corrected = document.getElementById("opnieuw-betalen");
  if (corrected) { liveChecks(corrected); }

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

    liveChecks(form);

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

  // The allocation form: a row's taakveld list holds the codes of the law
  // chosen in that row (the booking year's, as the server lists them in
  // the template #taakvelden), none for a party or maatwerk. The server
  // checks the code against the law and year again.
  var allocationForm = document.getElementById("toerekening"), codes = document.getElementById("taakvelden");
  if (allocationForm && codes && codes.content) {
    var laws = ["wmo", "jeugdwet", "participatiewet", "wgs"];
    var fill = function (target) {
      var row = target.closest(".line-row"), select = row && row.querySelector("select.taakveld");
      if (!select) { return; }
      var law = target.value, chosen = select.value;
      var isLaw = laws.indexOf(law) >= 0;
      while (select.options.length > 1) { select.remove(1); }
      Array.prototype.forEach.call(codes.content.querySelectorAll("option"), function (o) {
        var of = (o.getAttribute("data-laws") || "").split(" ");
        if (law === "" || isLaw && of.indexOf(law) >= 0) {
          var copy = o.cloneNode(true);
          copy.selected = copy.value === chosen;
          select.appendChild(copy);
        }
      });
    };
    Array.prototype.forEach.call(allocationForm.querySelectorAll("select.target"), function (target) {
      target.addEventListener("change", function () { fill(target); });
    });
  }
})();
