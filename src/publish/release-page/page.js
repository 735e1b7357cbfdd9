/* The release page's script (inlined into index.html by render-release-page.ts): headline search and
 * the article reader over the JSON embedded in the page. Plain ES2017, no modules, no network, and
 * the data is only ever put into the page as text (textContent), never as HTML. Offsets are Unicode
 * code points, as in the tables. */
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('release-data').textContent);
  var reader = document.getElementById('reader');
  var articleBox = document.getElementById('article');
  var details = document.getElementById('fact-details');
  var rawView = document.getElementById('raw-view');
  var filters = document.getElementById('fact-filters');
  var searchBox = document.getElementById('search');
  var results = document.getElementById('search-results');
  var status = document.getElementById('search-status');
  var MAX_RESULTS = 500;

  var articleIndex = {};
  DATA.articles.forEach(function (a, i) { articleIndex[a.id] = i; });
  var factsOf = DATA.articles.map(function () { return []; });
  var factIndex = {};
  DATA.facts.forEach(function (f, i) { factsOf[f.article].push(i); factIndex[f.id] = i; });

  var current = -1;
  var pinned = -1;

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function codePoints(s) { return Array.from(s || ''); }
  function fieldText(a, field) { return field === 'text' ? a.text : field === 'headline' ? a.headline : field === 'byline' ? a.byline : null; }
  function quoteOf(f) { return codePoints(fieldText(DATA.articles[f.article], f.field)).slice(f.start, f.end).join(''); }
  function typeOf(f) { return DATA.factTypes[f.type]; }
  function show(v) { return v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v); }

  /* Headline search */
  function label(h) {
    return h.headline || (h.kicker ? h.kicker : '(continued from another page, no headline)');
  }
  function search() {
    var q = searchBox.value.trim().toLowerCase();
    var hits = DATA.headlines.filter(function (h) {
      if (!q) return true;
      return [h.kicker, h.headline, h.subtitle].some(function (s) { return s && s.toLowerCase().indexOf(q) >= 0; });
    });
    clear(results);
    hits.slice(0, MAX_RESULTS).forEach(function (h) {
      var li = el('li');
      li.setAttribute('data-article', h.id);
      if (h.id === (DATA.articles[current] || {}).id) li.className = 'current';
      if (h.inReader) {
        var a = el('a', null, label(h));
        a.href = '#article=' + encodeURIComponent(h.id);
        li.appendChild(a);
      } else {
        li.appendChild(el('span', null, label(h)));
        li.appendChild(el('span', 'off', ' (not in this page\'s reader; see csv/articles.csv)'));
      }
      var src = DATA.sources[h.source];
      li.appendChild(el('span', 'src', ' · ' + (src ? src.file : h.source) + ' #' + h.seq));
      results.appendChild(li);
    });
    status.textContent = q
      ? hits.length + ' of ' + DATA.headlines.length + ' headlines match' + (hits.length > MAX_RESULTS ? ' (first ' + MAX_RESULTS + ' shown)' : '')
      : DATA.headlines.length + ' articles' + (DATA.headlineTotal > DATA.headlines.length ? ' of ' + DATA.headlineTotal : '');
  }

  /* Fact-type filters */
  DATA.factTypes.forEach(function (t) {
    var lab = el('label', 'f-' + t.table);
    var box = el('input');
    box.type = 'checkbox';
    box.checked = true;
    box.setAttribute('data-type', t.table);
    box.addEventListener('change', function () { reader.classList.toggle('hide-' + t.table, !box.checked); });
    lab.appendChild(box);
    lab.appendChild(document.createTextNode(' ' + t.title));
    var n = el('span', 'n');
    lab.appendChild(n);
    filters.appendChild(lab);
  });
  function countFacts(i) {
    var counts = DATA.factTypes.map(function () { return 0; });
    factsOf[i].forEach(function (k) { counts[DATA.facts[k].type]++; });
    Array.prototype.forEach.call(filters.querySelectorAll('label .n'), function (n, t) { n.textContent = ' (' + counts[t] + ')'; });
  }

  /* Highlighting: the facts of one field, nested where they nest; a fact that crosses another's end is split. */
  function highlight(container, text, ids) {
    var cps = codePoints(text);
    var n = cps.length;
    var bounds = [0, n];
    ids.forEach(function (k) { var f = DATA.facts[k]; bounds.push(Math.min(Math.max(f.start, 0), n), Math.min(Math.max(f.end, 0), n)); });
    bounds = bounds.sort(function (a, b) { return a - b; }).filter(function (b, i, all) { return i === 0 || b !== all[i - 1]; });
    var stack = [{ node: container, fact: -1 }];
    for (var b = 0; b + 1 < bounds.length; b++) {
      var from = bounds[b], to = bounds[b + 1];
      var cover = ids.filter(function (k) { var f = DATA.facts[k]; return f.start <= from && f.end >= to; });
      var keep = 0;
      while (keep < cover.length && keep + 1 < stack.length && stack[keep + 1].fact === cover[keep]) keep++;
      stack.length = keep + 1;
      for (var j = keep; j < cover.length; j++) {
        var f = DATA.facts[cover[j]];
        var m = el('mark', 'fact f-' + typeOf(f).table);
        m.setAttribute('data-fact', String(cover[j]));
        m.setAttribute('data-id', f.id);
        m.tabIndex = 0;
        m.title = typeOf(f).title + ': ' + summary(f);
        stack[stack.length - 1].node.appendChild(m);
        stack.push({ node: m, fact: cover[j] });
      }
      stack[stack.length - 1].node.appendChild(document.createTextNode(cps.slice(from, to).join('')));
    }
  }
  function summary(f) {
    var t = typeOf(f);
    var parts = [];
    t.fields.forEach(function (name, i) { if (f.values[i] !== null) parts.push(name + ' ' + show(f.values[i])); });
    return parts.slice(0, 4).join(', ') + ' · rule ' + f.rule;
  }

  /* Raw positions: each code point of a field maps to a raw line and column through text_segments. */
  function rawRuns(f) {
    var a = DATA.articles[f.article];
    var segs = (DATA.segments[a.id] || []).filter(function (s) { return s[0] === f.field; });
    var runs = [];
    for (var p = f.start; p < f.end; p++) {
      for (var i = 0; i < segs.length; i++) {
        var s = segs[i];
        if (s[1] <= p && p < s[2]) {
          var line = s[3], col = s[4] + (p - s[1]);
          var last = runs[runs.length - 1];
          if (last && last.line === line && last.col + last.len === col) last.len++;
          else runs.push({ line: line, col: col, len: 1 });
          break;
        }
      }
    }
    return runs;
  }
  function fileOf(a) { var s = DATA.sources[a.source]; return s ? s.file : a.source; }

  function showRaw(i, runs) {
    var a = DATA.articles[i];
    clear(rawView);
    var lines = DATA.raw[a.source] || {};
    var numbers = Object.keys(lines).map(Number).filter(function (n) { return n >= a.lines[0] && n <= a.lines[1]; });
    (runs || []).forEach(function (r) { if (numbers.indexOf(r.line) < 0 && lines[r.line] !== undefined) numbers.push(r.line); });
    numbers.sort(function (x, y) { return x - y; });
    rawView.appendChild(el('h4', null, 'Raw page ' + fileOf(a) + ', lines ' + a.lines[0] + '–' + a.lines[1]));
    if (!numbers.length) { rawView.appendChild(el('p', 'hint', 'The raw lines of this article are not in the page.')); return; }
    var box = el('div', 'raw-lines');
    var first = null;
    numbers.forEach(function (n) {
      var row = el('div', 'raw-line');
      row.id = 'raw-' + n;
      row.setAttribute('data-line', String(n));
      row.appendChild(el('span', 'ln', n));
      var textBox = el('span', 'rt');
      var cps = codePoints(lines[n]);
      var here = (runs || []).filter(function (r) { return r.line === n; }).sort(function (x, y) { return x.col - y.col; });
      var at = 0;
      here.forEach(function (r) {
        textBox.appendChild(document.createTextNode(cps.slice(at, r.col).join('')));
        textBox.appendChild(el('mark', null, cps.slice(r.col, r.col + r.len).join('')));
        at = r.col + r.len;
      });
      textBox.appendChild(document.createTextNode(cps.slice(at).join('')));
      row.appendChild(textBox);
      if (here.length) { row.className += ' hit'; if (!first) first = row; }
      box.appendChild(row);
    });
    rawView.appendChild(box);
    if (first) box.scrollTop = Math.max(0, first.offsetTop - box.clientHeight / 3);
    return first;
  }

  function showFact(k, pin) {
    var f = DATA.facts[k];
    var t = typeOf(f);
    if (pin) {
      Array.prototype.forEach.call(articleBox.querySelectorAll('mark.selected'), function (m) { m.classList.remove('selected'); });
      Array.prototype.forEach.call(articleBox.querySelectorAll('mark[data-fact="' + k + '"]'), function (m) { m.classList.add('selected'); });
      pinned = k;
    }
    clear(details);
    var h = el('h4', null, t.title);
    if (f.curated) h.appendChild(el('span', 'badge', 'curated'));
    details.appendChild(h);
    details.appendChild(el('p', 'quote', '«' + quoteOf(f) + '»'));
    var dl = el('dl');
    function row(name, value) { dl.appendChild(el('dt', null, name)); dl.appendChild(el('dd', null, value)); }
    t.fields.forEach(function (name, i) {
      var named = f.names.filter(function (x) { return x[0] === name; })[0];
      row(name, show(f.values[i]) + (named ? ' (' + named[1] + ')' : ''));
    });
    row('rule', f.rule);
    row('in', f.field + ', code points ' + f.start + '–' + f.end);
    var runs = rawRuns(f);
    var where = runs.length
      ? 'raw page ' + fileOf(DATA.articles[f.article]) + ' line ' + runs[0].line + ', column ' + runs[0].col +
        (runs.length > 1 ? ' (to line ' + runs[runs.length - 1].line + ', column ' + (runs[runs.length - 1].col + runs[runs.length - 1].len - 1) + ')' : '')
      : 'no raw position recorded for the ' + f.field;
    row('raw', where);
    details.appendChild(dl);
    details.setAttribute('data-fact-id', f.id);
    if (runs.length) {
      var jump = el('button', null, 'Show the raw line');
      jump.type = 'button';
      jump.addEventListener('click', function () {
        showRaw(f.article, runs);
      });
      details.appendChild(jump);
    }
    var others = factsOf[f.article].filter(function (j) { var g = DATA.facts[j]; return j !== k && g.field === f.field && g.start < f.end && f.start < g.end; });
    if (others.length) {
      details.appendChild(el('p', 'hint', 'Overlapping facts:'));
      others.forEach(function (j) {
        var b = el('button', null, typeOf(DATA.facts[j]).title + ' «' + quoteOf(DATA.facts[j]) + '»');
        b.type = 'button';
        b.addEventListener('click', function () { showFact(j, true); });
        details.appendChild(b);
      });
    }
  }

  function openArticle(i, factK) {
    var a = DATA.articles[i];
    current = i;
    pinned = -1;
    clear(articleBox);
    var ids = factsOf[i];
    var inField = function (field) { return ids.filter(function (k) { return DATA.facts[k].field === field; }); };
    if (a.kicker) articleBox.appendChild(el('p', 'kicker', a.kicker));
    var h = el('h3', 'headline');
    if (a.headline) highlight(h, a.headline, inField('headline'));
    else h.textContent = '(continued from another page, no headline)';
    articleBox.appendChild(h);
    if (a.subtitle) articleBox.appendChild(el('p', 'subtitle', a.subtitle));
    if (a.byline) { var by = el('p', 'byline'); highlight(by, a.byline, inField('byline')); articleBox.appendChild(by); }
    var src = DATA.sources[a.source] || {};
    articleBox.appendChild(el('p', 'where', [fileOf(a), src.issue_date ? 'issue of ' + src.issue_date : null, src.page ? 'page ' + src.page : null, 'article ' + a.seq + ' on the page', 'raw lines ' + a.lines[0] + '–' + a.lines[1], a.id].filter(Boolean).join(' · ')));
    var body = el('div', 'text');
    highlight(body, a.text, inField('text'));
    articleBox.appendChild(body);
    articleBox.setAttribute('data-article', a.id);
    countFacts(i);
    clear(details);
    details.appendChild(el('p', 'hint', ids.length ? 'Point at or click a highlighted fact.' : 'No facts were extracted from this article.'));
    showRaw(i, null);
    Array.prototype.forEach.call(results.querySelectorAll('li'), function (li) { li.classList.toggle('current', li.getAttribute('data-article') === a.id); });
    if (factK !== undefined) {
      showFact(factK, true);
      var m = articleBox.querySelector('mark[data-fact="' + factK + '"]');
      if (m) m.scrollIntoView({ block: 'center' });
    }
  }

  articleBox.addEventListener('mouseover', function (e) {
    var m = e.target.closest && e.target.closest('mark.fact');
    if (m && pinned < 0) showFact(Number(m.getAttribute('data-fact')), false);
  });
  articleBox.addEventListener('click', function (e) {
    var m = e.target.closest && e.target.closest('mark.fact');
    if (m) showFact(Number(m.getAttribute('data-fact')), true);
  });
  articleBox.addEventListener('keydown', function (e) {
    var m = e.target.closest && e.target.closest('mark.fact');
    if (m && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); showFact(Number(m.getAttribute('data-fact')), true); }
  });

  /* Routing: #article=<article_id> or #fact=<fact_id>, so a fact or article can be linked to. */
  function route() {
    var m = /^#(article|fact)=(.+)$/.exec(location.hash);
    if (!m) return false;
    var id = decodeURIComponent(m[2]);
    if (m[1] === 'article' && articleIndex[id] !== undefined) { openArticle(articleIndex[id]); return true; }
    if (m[1] === 'fact' && factIndex[id] !== undefined) { openArticle(DATA.facts[factIndex[id]].article, factIndex[id]); return true; }
    return false;
  }
  window.addEventListener('hashchange', function () { if (route()) document.getElementById('articles').scrollIntoView(); });
  searchBox.addEventListener('input', search);
  search();
  if (!route() && DATA.articles.length) openArticle(0);
})();
