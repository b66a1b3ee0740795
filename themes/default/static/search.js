/* carebook search: finds pages as a patient types, offline and from disk.
 *
 * The search box is in every page's header (base.html, block "search"). Without
 * JavaScript it stays hidden and a "Browse A to Z" list of links shows instead; this
 * script swaps the two. On the first keystroke it loads MiniSearch (vendor/minisearch/,
 * MIT) and the index that `carebook build` wrote (search-index/core.js), with <script>
 * tags, because fetch() of a file is blocked on file:// pages. Body words are in
 * search-index/body-N.js files, by their first letter, loaded when a query needs them.
 * See src/search/mod.rs for the index format.
 *
 * The box is an ARIA 1.2 combobox with a listbox popup: results grouped by kind (a group
 * per kind, the kind of the best result first), the matched words marked; Up and Down
 * choose a result, Enter opens it (or the first), Escape closes the list (and clears the
 * box when the list is already closed). A polite live region says how many results there
 * are. Queries are folded as the index is (lower case, accents removed, then the index's
 * own folding table, core.fold: ß -> ss, ł -> l, ى -> ي…), the index's common words
 * (core.stop) are left out, the last word is matched as a prefix while it is being typed,
 * words of four letters or more allow a typo, and site.yaml's search.synonyms add the
 * words they name. Results in the index's own language come first; after them, the pages
 * that stand in for untranslated ones, in their own groups, each marked as the A-Z pages
 * mark them: lang and hreflang, and the language's name after the title.
 */
(function () {
  'use strict';

  var form = document.getElementById('page--search');
  var fallback = document.getElementById('page--search-fallback');
  if (!form || !window.Promise || !window.Map || !String.prototype.normalize) return;
  var root = form.getAttribute('data-root') || '';
  // The index of the page's language (es/search-index/ on a Spanish page).
  var index = form.getAttribute('data-index') || root + 'search-index/';
  var input = document.getElementById('page--search-q');
  var popup = document.getElementById('page--search-popup');
  var list = document.getElementById('page--search-list');
  var note = document.getElementById('page--search-note');
  var status = document.getElementById('page--search-status');
  // The interface's words in the page's language (data-texts, from the theme's strings
  // files): {name} parts are filled in here, and a text by number is chosen by the
  // language's plural rules.
  var texts = {};
  try { texts = JSON.parse(form.getAttribute('data-texts') || '{}'); } catch (e) { texts = {}; }
  var lang = document.documentElement.lang || 'en';
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  var numbers = window.Intl && Intl.NumberFormat ? new Intl.NumberFormat(lang) : null;
  function phrase(key, parts, count) {
    var t = texts[key] || '';
    if (typeof t === 'object') t = t[plurals ? plurals.select(count) : 'other'] || t.other || '';
    return t.replace(/\{(\w+)\}/g, function (all, name) {
      return parts && name in parts ? String(parts[name]) : all;
    });
  }
  function number(n) {
    return numbers ? numbers.format(n) : String(n);
  }
  form.hidden = false;
  if (fallback) fallback.hidden = true;

  var LIMIT = 20;
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  var received = {};
  var core = null; // the index's core data
  var engine = null; // MiniSearch over title, aliases, summary, tags, headings
  var shards = {}; // body file number -> MiniSearch over body, or a Promise while loading
  var loading = null; // Promise of the engine
  var failed = false;
  var results = []; // what the list shows, in order
  var active = -1;
  var timer = 0;
  var statusTimer = 0;
  var told = false;

  // The index files call this.
  window.CarebookSearch = {
    data: function (name, payload) {
      received[name] = payload;
    },
  };

  // ---- loading ------------------------------------------------------------------------

  function script(src, name) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = src;
      s.async = true;
      s.onload = function () {
        if (name && !(name in received)) reject(new Error(src + ' did not register ' + name));
        else resolve(name ? received[name] : null);
      };
      s.onerror = function () {
        reject(new Error('cannot load ' + src));
      };
      document.head.appendChild(s);
    });
  }

  // A term's postings: document numbers as differences, a negative number the count of
  // the document before it (src/search/mod.rs). MiniSearch's serialized form: {doc: count}.
  function postings(numbers) {
    var out = {};
    var doc = 0;
    for (var i = 0; i < numbers.length; i++) {
      var n = numbers[i];
      if (n < 0) out[doc] = -n;
      else {
        doc += n;
        out[doc] = 1;
      }
    }
    return out;
  }

  var options = {
    tokenize: function (text) {
      return text.split(' ');
    },
    processTerm: function (term) {
      return term;
    },
  };

  // A MiniSearch made from the build's index: `fields` (numbered from `first` in the
  // index's field list) and `terms` as [term, fieldNumber, postings, ...].
  function load(first, count, terms) {
    var n = core.docs.length;
    var ids = {};
    var lengths = {};
    for (var d = 0; d < n; d++) {
      ids[d] = d;
      var l = [];
      for (var f = 0; f < count; f++) l.push(core.lengths[first + f][d]);
      lengths[d] = l;
    }
    var fieldIds = {};
    for (var g = 0; g < count; g++) fieldIds[core.fields[first + g]] = g;
    var index = terms.map(function (t) {
      var data = {};
      for (var i = 1; i < t.length; i += 2) data[t[i]] = postings(t[i + 1]);
      return [t[0], data];
    });
    return window.MiniSearch.loadJS(
      {
        documentCount: n,
        nextId: n,
        documentIds: ids,
        fieldIds: fieldIds,
        fieldLength: lengths,
        averageFieldLength: core.average.slice(first, first + count),
        storedFields: {},
        dirtCount: 0,
        index: index,
        serializationVersion: 2,
      },
      Object.assign({ fields: core.fields.slice(first, first + count) }, options)
    );
  }

  function start() {
    if (!loading) {
      form.setAttribute('data-state', 'loading');
      loading = Promise.all([
        window.MiniSearch ? null : script(root + 'vendor/minisearch/minisearch.js', null),
        script(index + 'core.js', 'core'),
      ]).then(function (loaded) {
        core = loaded[1];
        core.stopSet = new Set(core.stop);
        core.foldMap = new Map(Object.entries(core.fold || {}));
        core.languages = core.languages || [];
        engine = load(0, core.fields.length - 1, core.terms);
        form.setAttribute('data-state', 'ready');
      });
      loading.catch(function () {
        failed = true;
        form.setAttribute('data-state', 'error');
        show();
      });
    }
    return loading;
  }

  function shard(n) {
    if (!shards[n]) {
      var name = 'body-' + n;
      shards[n] = script(index + name + '.js', name).then(function (terms) {
        var body = core.fields.length - 1;
        shards[n] = load(body, 1, terms.map(function (t) {
          return [t[0], 0, t[1]];
        }));
        delete received[name];
        schedule(0);
      }, function () {
        failed = true;
        show();
      });
    }
    return shards[n];
  }

  // ---- queries ------------------------------------------------------------------------

  // As src/search/words.rs folds: lower case, decomposed, no combining marks, then each
  // character of the index's table (none is ASCII) as the table says.
  function fold(text) {
    var folded = text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
    var table = core && core.foldMap;
    if (!table || !table.size || !/[^\x00-\x7f]/.test(folded)) return folded;
    var out = '';
    for (var c of folded) out += table.has(c) ? table.get(c) : c;
    return out;
  }

  // Which of core.languages document `id` is in: 0 for the index's own language.
  function languageOf(id) {
    return core.docs[id][4] || 0;
  }

  function words(text) {
    return fold(text).match(WORD) || [];
  }

  // The query's terms, common words left out (but for the word being typed).
  function queryTerms(text) {
    var all = words(text);
    var typing = /[\p{Alphabetic}\p{N}]$/u.test(text);
    return all.filter(function (w, i) {
      return !core.stopSet.has(w) || (typing && i === all.length - 1);
    });
  }

  // Synonyms whose words the query has in a row: each names the words it also finds. The
  // last query word may be the start of the synonym's last word (it is being typed).
  function expansions(terms, typing) {
    var out = [];
    core.synonyms.forEach(function (syn) {
      var key = syn[0];
      for (var i = 0; i + key.length <= terms.length; i++) {
        var ok = key.every(function (k, j) {
          var t = terms[i + j];
          var last = i + j === terms.length - 1;
          return t === k || (typing && last && j === key.length - 1 && t.length >= 3 && k.indexOf(t) === 0);
        });
        if (ok) {
          out.push.apply(out, syn.slice(1));
          return;
        }
      }
    });
    return out;
  }

  function initial(term) {
    return String.fromCodePoint(term.codePointAt(0));
  }

  function search(text) {
    var typing = /[\p{Alphabetic}\p{N}]$/u.test(text);
    var terms = queryTerms(text);
    if (!terms.length) return { results: [], busy: false };
    var extra = expansions(terms, typing);
    var query = {
      combineWith: 'OR',
      queries: [
        {
          combineWith: 'OR',
          queries: [terms.join(' ')],
          prefix: function (term, i, all) {
            return term.length >= 3 || (typing && i === all.length - 1);
          },
          fuzzy: function (term) {
            return term.length >= 4 ? 0.2 : false;
          },
        },
      ].concat(extra.map(function (words) {
        return { combineWith: 'OR', queries: [words.join(' ')], prefix: false, fuzzy: false };
      })),
    };
    // The body files the query's words need, by their initials.
    var needed = [];
    terms.concat.apply(terms, extra).forEach(function (t) {
      var n = core.shards[initial(t)];
      if (n !== undefined && needed.indexOf(n) < 0) needed.push(n);
    });
    var busy = false;
    var boost = {};
    core.fields.forEach(function (f, i) {
      boost[f] = core.boost[i];
    });
    var engines = [engine];
    needed.forEach(function (n) {
      var s = shard(n);
      if (s instanceof window.MiniSearch) engines.push(s);
      else busy = true;
    });
    // MiniSearch scores a document by the sum over matched words, times the number of
    // query words matched; the engines' sums are added, then multiplied the same way.
    var merged = new Map();
    engines.forEach(function (e) {
      e.search(query, { boost: boost }).forEach(function (r) {
        var m = merged.get(r.id);
        if (!m) {
          m = { id: r.id, sum: 0, queryTerms: new Set(), terms: new Set() };
          merged.set(r.id, m);
        }
        m.sum += r.score / (r.queryTerms.length || 1);
        r.queryTerms.forEach(function (t) {
          m.queryTerms.add(t);
        });
        r.terms.forEach(function (t) {
          m.terms.add(t);
        });
      });
    });
    var found = Array.from(merged.values());
    found.forEach(function (m) {
      m.score = m.sum * m.queryTerms.size;
    });
    // The index's own language first, then the pages standing in for untranslated ones.
    found.sort(function (a, b) {
      return languageOf(a.id) - languageOf(b.id) || b.score - a.score || a.id - b.id;
    });
    return { results: found.slice(0, LIMIT), busy: busy, total: found.length };
  }

  // ---- showing ------------------------------------------------------------------------

  // `text` with the words in `terms` (folded) marked.
  function marked(parent, text, terms) {
    var at = 0;
    var hit = false;
    var re = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
    var m;
    while ((m = re.exec(text))) {
      if (!terms.has(words(m[0]).join(''))) continue;
      if (m.index > at) parent.appendChild(document.createTextNode(text.slice(at, m.index)));
      var mark = document.createElement('mark');
      mark.textContent = m[0];
      parent.appendChild(mark);
      at = m.index + m[0].length;
      hit = true;
    }
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
    return hit;
  }

  function span(className) {
    var s = document.createElement('span');
    s.className = className;
    return s;
  }

  // A group per kind and language, in the order of their best results (which are in the
  // index's own language first).
  function render(found) {
    var groups = new Map();
    found.forEach(function (r) {
      var key = languageOf(r.id) + ' ' + core.docs[r.id][0];
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(r);
    });
    list.textContent = '';
    results = [];
    var g = 0;
    groups.forEach(function (members) {
      var kind = core.docs[members[0].id][0];
      var other = core.languages[languageOf(members[0].id)];
      var group = document.createElement('div');
      group.setAttribute('role', 'group');
      var label = document.createElement('div');
      label.setAttribute('role', 'presentation');
      label.id = 'page--search-group-' + g;
      label.className = 'search-group';
      label.textContent = (texts.kinds && texts.kinds[kind]) || core.kinds[kind];
      // Pages in another language: "Técnicas (English)", as the A-Z pages name them.
      if (languageOf(members[0].id) && other) label.textContent += ' (' + other[1] + ')';
      group.setAttribute('aria-labelledby', label.id);
      group.appendChild(label);
      members.forEach(function (r) {
        var doc = core.docs[r.id];
        var a = document.createElement('a');
        a.setAttribute('role', 'option');
        a.id = 'page--search-option-' + results.length;
        a.href = root + doc[1];
        a.tabIndex = -1;
        a.setAttribute('aria-selected', 'false');
        a.className = 'search-option';
        var title = span('search-title');
        var summary = span('search-summary');
        var titleText = title;
        var language = languageOf(r.id) ? core.languages[languageOf(r.id)] : null;
        if (language) {
          // In its own language, as the A-Z pages show an untranslated entry: the link
          // says where it goes (hreflang), its words are read in their language (lang),
          // and the language's name follows the title.
          a.setAttribute('hreflang', language[0]);
          titleText = document.createElement('span');
          titleText.setAttribute('lang', language[0]);
          title.appendChild(titleText);
          summary.setAttribute('lang', language[0]);
        }
        var shown = marked(titleText, doc[2], r.terms);
        shown = marked(summary, doc[3], r.terms) || shown;
        if (language) {
          var inLanguage = span('in-language');
          inLanguage.textContent = '(' + language[1] + ')';
          title.appendChild(document.createTextNode(' '));
          title.appendChild(inLanguage);
        }
        a.appendChild(title);
        a.appendChild(summary);
        if (!shown && r.terms.size) {
          var also = span('search-also');
          also.textContent = phrase('search_mentions') + ' ';
          Array.from(r.terms).slice(0, 4).forEach(function (t, i) {
            if (i) also.appendChild(document.createTextNode(', '));
            var mark = document.createElement('mark');
            mark.textContent = t;
            also.appendChild(mark);
          });
          a.appendChild(also);
        }
        group.appendChild(a);
        results.push(a);
      });
      list.appendChild(group);
      g++;
    });
    // An empty listbox is hidden: a listbox must have options.
    list.hidden = !results.length;
  }

  // Tells screen readers, after a pause (so they are not interrupted at every keystroke).
  // How to choose a result is said once, with the first count of results.
  function say(text, now, count) {
    clearTimeout(statusTimer);
    statusTimer = setTimeout(function () {
      if (count && !told) {
        text += ' ' + texts.search_keys;
        told = true;
      }
      status.textContent = text;
    }, now ? 0 : 700);
  }

  function browseLinks() {
    var links = fallback ? fallback.querySelectorAll('a') : [];
    var p = document.createElement('span');
    Array.prototype.forEach.call(links, function (link, i) {
      if (i) p.appendChild(document.createTextNode(' · '));
      p.appendChild(link.cloneNode(true));
    });
    return p;
  }

  function setActive(i) {
    if (active >= 0 && results[active]) results[active].setAttribute('aria-selected', 'false');
    active = i;
    if (i >= 0 && results[i]) {
      results[i].setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', results[i].id);
      results[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function open(yes) {
    popup.hidden = !yes;
    input.setAttribute('aria-expanded', yes && results.length ? 'true' : 'false');
    if (!yes) setActive(-1);
  }

  // Runs the query in the box and shows what it finds.
  function show() {
    var query = input.value;
    if (!query.trim()) {
      list.textContent = '';
      results = [];
      note.textContent = '';
      open(false);
      form.setAttribute('data-query', query);
      say('');
      return;
    }
    if (failed) {
      list.textContent = '';
      results = [];
      note.textContent = phrase('search_failed') + ' ';
      note.appendChild(browseLinks());
      open(true);
      say(phrase('search_failed_short'), true);
      return;
    }
    if (!engine) {
      start().then(show, function () {});
      list.setAttribute('aria-busy', 'true');
      return;
    }
    var found = search(query);
    setActive(-1);
    render(found.results);
    list.setAttribute('aria-busy', found.busy ? 'true' : 'false');
    note.textContent = '';
    if (!found.results.length && !found.busy) {
      note.appendChild(document.createTextNode(phrase('search_none', { query: query.trim() }) + ' '));
      note.appendChild(browseLinks());
      say(phrase('search_none_short'));
    } else if (!found.busy) {
      var n = found.total;
      var shown = found.results.length;
      var parts = { count: number(n), shown: number(shown) };
      say(phrase(n > shown ? 'search_count_best' : 'search_count', parts, n), false, true);
    }
    open(true);
    if (!found.busy) form.setAttribute('data-query', query);
  }

  function schedule(delay) {
    clearTimeout(timer);
    form.removeAttribute('data-query');
    timer = setTimeout(show, delay);
  }

  function go(i) {
    var a = results[i];
    if (a) window.location.href = a.href;
  }

  // ---- events -------------------------------------------------------------------------

  input.addEventListener('input', function () {
    start();
    schedule(60);
  });
  input.addEventListener('pointerdown', function () {
    start();
  });
  input.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var n = results.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (popup.hidden) {
        if (input.value.trim()) {
          open(true);
          if (!n) show();
        }
        return;
      }
      if (!n) return;
      var down = e.key === 'ArrowDown';
      setActive(active < 0 ? (down ? 0 : n - 1) : (active + (down ? 1 : n - 1)) % n);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (!popup.hidden && n) go(active >= 0 ? active : 0);
    } else if (e.key === 'Escape') {
      if (!popup.hidden) {
        e.preventDefault();
        open(false);
        say('');
      } else if (input.value) {
        e.preventDefault();
        input.value = '';
        show();
      }
    }
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    if (results.length) go(active >= 0 ? active : 0);
  });
  // Keep the focus in the box while a result is clicked, so the list stays open.
  list.addEventListener('mousedown', function (e) {
    e.preventDefault();
  });
  form.addEventListener('focusout', function (e) {
    if (!e.relatedTarget || !form.contains(e.relatedTarget)) open(false);
  });
  input.addEventListener('focus', function () {
    if (input.value.trim() && results.length) open(true);
  });
})();
