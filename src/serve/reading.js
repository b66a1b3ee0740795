// carebook serve: the "Reading check" switch. Only the preview loads this script; the
// page's findings are the JSON in #carebook-reading (code, message, help, the text to
// find, the word inside it to mark, whether to mark the paragraph). Switched on, each
// finding's text in the page's body is wrapped in <mark tabindex="0">, described by a
// tooltip shown on hover and on focus (Escape hides it). The switch stays on across the
// reload after an edit (sessionStorage), so the new findings show at once.
(function () {
  var data = document.getElementById("carebook-reading");
  if (!data) return;
  var findings = [];
  try { findings = JSON.parse(data.textContent); } catch (e) { return; }
  var KEY = "carebook-reading-check";
  var LABELS = {
    "hard-sentence": "Hard sentence",
    "long-paragraph": "Long paragraph",
    "plain-words": "Plainer word",
    "claim": "Claim without a source",
    "never-claim": "Claim no source supports"
  };
  var root = document.querySelector("main .body") || document.querySelector("main") || document.body;
  var style = document.createElement("style");
  style.textContent =
    ".cb-rc-switch{position:fixed;left:1rem;bottom:1rem;z-index:2147483646;font:600 16px/1.2 system-ui,sans-serif;" +
    "background:#1d2b3a;color:#fff;border:2px solid #fff;border-radius:6px;padding:.6rem .9rem;cursor:pointer;min-height:44px}" +
    ".cb-rc-switch[aria-pressed=true]{background:#7a3d00}" +
    ".cb-rc-switch:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}" +
    "mark.cb-rc{background:#ffe680;color:#111;border-bottom:2px solid #7a3d00;cursor:help}" +
    "mark.cb-rc[data-code=claim],mark.cb-rc[data-code=never-claim]{background:#ffd0d0;border-bottom-color:#8b0000}" +
    "mark.cb-rc[data-code=plain-words]{background:#d6ecff;border-bottom-color:#004a80}" +
    ".cb-rc-block{outline:3px dashed #7a3d00;outline-offset:4px}" +
    "mark.cb-rc:focus,.cb-rc-block:focus{outline:3px solid #ffbf47;outline-offset:2px}" +
    ".cb-rc-tip{position:absolute;z-index:2147483647;max-width:28rem;background:#111;color:#fff;" +
    "font:15px/1.4 system-ui,sans-serif;padding:.5rem .7rem;border-radius:6px;box-shadow:0 2px 8px rgba(0,0,0,.4)}" +
    ".cb-rc-tip strong{color:#ffe680}";
  document.head.appendChild(style);

  var button = document.createElement("button");
  button.type = "button";
  button.className = "cb-rc-switch";
  button.setAttribute("aria-pressed", "false");
  button.textContent = "Reading check (" + findings.length + ")";
  // The switch and the tooltips are a landmark of their own, so all of the page's
  // content stays inside landmarks.
  var aside = document.createElement("aside");
  aside.setAttribute("aria-label", "Reading check");
  aside.appendChild(button);
  var tips = document.createElement("div");
  tips.className = "cb-rc-tips";
  aside.appendChild(tips);
  document.body.appendChild(aside);

  // The page's text: its text nodes (not footnote numbers, scripts or our tooltips), and
  // the text they make with white space made single spaces, with where each character is.
  function index() {
    var nodes = [], text = "", at = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        var p = n.parentElement;
        if (!p || p.closest("script,style,sup.footnote-reference,.cb-rc-tips,.cb-rc-switch")) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var space = true;
    while (walker.nextNode()) {
      var n = walker.currentNode, s = n.data;
      for (var i = 0; i < s.length; i++) {
        var c = s[i];
        if (/\s/.test(c)) {
          if (space) continue;
          c = " ";
          space = true;
        } else {
          space = false;
        }
        text += c;
        at.push([n, i]);
      }
      nodes.push(n);
    }
    return { text: text, at: at };
  }

  function norm(s) { return s.replace(/\s+/g, " ").trim(); }

  // Wraps characters [from, to) of the index in marks, one per text node; the first is
  // the one keyboard focus reaches.
  function wrap(ix, from, to, finding, tipId) {
    var pieces = [];
    for (var i = from; i < to; i++) {
      var node = ix.at[i][0], offset = ix.at[i][1];
      var last = pieces[pieces.length - 1];
      if (last && last.node === node) last.end = offset + 1;
      else pieces.push({ node: node, start: offset, end: offset + 1 });
    }
    var first = null;
    pieces.reverse().forEach(function (p) {
      var range = document.createRange();
      range.setStart(p.node, p.start);
      range.setEnd(p.node, p.end);
      var mark = document.createElement("mark");
      mark.className = "cb-rc";
      mark.dataset.code = finding.code;
      mark.setAttribute("aria-describedby", tipId);
      range.surroundContents(mark);
      first = mark;
    });
    return first;
  }

  function tipFor(finding, id) {
    var tip = document.createElement("div");
    tip.className = "cb-rc-tip";
    tip.id = id;
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    var label = document.createElement("strong");
    label.textContent = (LABELS[finding.code] || finding.code) + ": ";
    tip.appendChild(label);
    tip.appendChild(document.createTextNode(finding.message));
    if (finding.help) {
      var help = document.createElement("span");
      help.textContent = " — " + finding.help;
      tip.appendChild(help);
    }
    tips.appendChild(tip);
    return tip;
  }

  function attach(target, tip) {
    function show() {
      var r = target.getBoundingClientRect();
      tip.hidden = false;
      tip.style.left = Math.max(8, r.left + window.scrollX) + "px";
      tip.style.top = (r.bottom + window.scrollY + 6) + "px";
    }
    function hide() { tip.hidden = true; }
    target.addEventListener("mouseenter", show);
    target.addEventListener("mouseleave", hide);
    target.addEventListener("focus", show);
    target.addEventListener("blur", hide);
    target.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
  }

  var shown = [];
  function on() {
    findings.forEach(function (finding, n) {
      var id = "carebook-rc-tip-" + n;
      var ix = index();
      var hay = ix.text.toLowerCase();
      var text = norm(finding.text).toLowerCase();
      if (!text) return;
      var from = hay.indexOf(text);
      // A list item without a full stop is read as a sentence that has one.
      if (from < 0 && /\.$/.test(text)) { text = text.slice(0, -1); from = hay.indexOf(text); }
      if (from < 0) return;
      var to = from + text.length;
      var target;
      if (finding.block) {
        var node = ix.at[from][0].parentElement;
        target = node && node.closest("p,li,blockquote");
        if (!target) return;
        target.classList.add("cb-rc-block");
        target.setAttribute("tabindex", "0");
        target.setAttribute("aria-describedby", id);
        target.dataset.cbRc = finding.code;
      } else {
        var word = norm(finding.word || "").toLowerCase();
        if (word) {
          var inside = hay.slice(from, to).indexOf(word);
          if (inside < 0) return;
          from += inside;
          to = from + word.length;
        }
        target = wrap(ix, from, to, finding, id);
        if (!target) return;
        target.setAttribute("tabindex", "0");
      }
      var tip = tipFor(finding, id);
      attach(target, tip);
      shown.push(target);
    });
    button.setAttribute("aria-pressed", "true");
    document.documentElement.dataset.readingCheck = "on";
  }

  function off() {
    document.querySelectorAll("mark.cb-rc").forEach(function (m) {
      var parent = m.parentNode;
      while (m.firstChild) parent.insertBefore(m.firstChild, m);
      parent.removeChild(m);
      parent.normalize();
    });
    document.querySelectorAll(".cb-rc-block").forEach(function (b) {
      b.classList.remove("cb-rc-block");
      b.removeAttribute("tabindex");
      b.removeAttribute("aria-describedby");
      delete b.dataset.cbRc;
    });
    tips.textContent = "";
    shown = [];
    button.setAttribute("aria-pressed", "false");
    document.documentElement.dataset.readingCheck = "off";
  }

  button.addEventListener("click", function () {
    var turnOn = button.getAttribute("aria-pressed") !== "true";
    try { sessionStorage.setItem(KEY, turnOn ? "on" : "off"); } catch (e) { /* private mode */ }
    if (turnOn) on(); else off();
  });
  var remembered = null;
  try { remembered = sessionStorage.getItem(KEY); } catch (e) { /* private mode */ }
  if (remembered === "on") on();
  else document.documentElement.dataset.readingCheck = "off";
})();
