/* The release page's script (inlined into index.html by render-release-page.ts, after MiniSearch's
 * browser build): full-text search and the article reader over the JSON embedded in the page. Plain
 * ES2018, no modules, no network, and the data is only ever put into the page as text
 * (textContent), never as HTML. Offsets are Unicode code points, as in the tables. */
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

  /* Full-text search over every searchable article's headline, text and facts, with MiniSearch.
   * Chinese has no spaces between words, so Han text is indexed as overlapping character pairs plus
   * each run's last character, and other letters and digits as words. A query is cut the same way,
   * every piece searched as a prefix, and every piece must match. MiniSearch ranks the candidates; a
   * candidate is a hit only when each word of the query occurs as written (its pairs alone could be
   * scattered). The index is built after the page has loaded, in chunks that
   * leave the page responsive (a large release's reader holds up to 1.5 million characters: seconds
   * of work); a search typed before it is ready runs when it is. */
  var HAN = /\p{Script=Han}/u;
  var RUNS = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;
  function tokenize(text) {
    var tokens = [];
    (String(text || '').toLowerCase().match(RUNS) || []).forEach(function (run) {
      if (!HAN.test(run)) { tokens.push(run); return; }
      var cps = codePoints(run);
      for (var i = 0; i + 1 < cps.length; i++) tokens.push(cps[i] + cps[i + 1]);
      tokens.push(cps[cps.length - 1]);
    });
    return tokens;
  }
  function factText(f) {
    var parts = [quoteOf(f)];
    f.values.forEach(function (v) { if (v !== null) parts.push(show(v)); });
    f.names.forEach(function (n) { parts.push(n[1]); });
    return parts.join(' ');
  }
  /* What is searched of headline k: its title lines, and the text, byline and facts when the article is in the reader. */
  function searchable(k) {
    var h = DATA.headlines[k];
    var i = articleIndex[h.id];
    var a = i === undefined ? null : DATA.articles[i];
    return {
      id: k,
      title: [h.kicker, h.headline, h.subtitle].filter(Boolean).join('\n'),
      text: a ? a.text : '',
      byline: a && a.byline ? a.byline : '',
      facts: a ? factsOf[i].map(function (j) { return factText(DATA.facts[j]); }).join('\n') : '',
    };
  }
  var engine = null;
  var engineReady = false;
  function buildSearchIndex() {
    engine = new MiniSearch({
      fields: ['title', 'text', 'byline', 'facts'],
      tokenize: tokenize,
      searchOptions: {
        combineWith: 'AND',
        // Every piece as a prefix: a query's last character alone finds the pairs it begins, and 100 finds 1000.
        prefix: true,
        boost: { title: 3, facts: 1.5 },
      },
    });
    var docs = DATA.headlines.map(function (h, k) { return searchable(k); });
    engine.addAllAsync(docs, { chunkSize: 100 }).then(function () {
      engineReady = true;
      searchBox.setAttribute('data-ready', 'true');
      if (queryWords(searchBox.value).length) search();
    });
  }
  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }
  function queryWords(q) { return q.trim().split(/\s+/).filter(Boolean); }
  /* One regular expression for every occurrence of any of the words, longest first, case-insensitive. */
  function wordsPattern(words) {
    return new RegExp(words.slice().sort(function (x, y) { return y.length - x.length; }).map(escapeRegExp).join('|'), 'giu');
  }
  /* The code-point ranges of text where the words occur. */
  function hitRanges(text, words) {
    if (!text || !words.length) return [];
    var re = wordsPattern(words);
    var out = [];
    var m;
    var at = 0, cp = 0;
    while ((m = re.exec(text)) !== null) {
      if (m[0] === '') { re.lastIndex++; continue; }
      cp += codePoints(text.slice(at, m.index)).length;
      var len = codePoints(m[0]).length;
      out.push([cp, cp + len]);
      cp += len;
      at = m.index + m[0].length;
    }
    return out;
  }
  /* text into node, the occurrences of words marked. */
  function appendMarked(node, text, words) {
    var cps = codePoints(text);
    var at = 0;
    hitRanges(text, words).forEach(function (r) {
      node.appendChild(document.createTextNode(cps.slice(at, r[0]).join('')));
      node.appendChild(el('mark', 'hit', cps.slice(r[0], r[1]).join('')));
      at = r[1];
    });
    node.appendChild(document.createTextNode(cps.slice(at).join('')));
  }
  /* A few words of context around the first occurrence, for the result list. */
  function snippet(text, words, width) {
    var r = hitRanges(text, words)[0];
    if (!r) return null;
    var cps = codePoints(text);
    var from = Math.max(0, r[0] - width), to = Math.min(cps.length, r[1] + width);
    return (from > 0 ? '…' : '') + cps.slice(from, to).join('').replace(/\s+/g, ' ') + (to < cps.length ? '…' : '');
  }
  function continuesLabel(c) {
    return 'continued from ' + (c.page ? 'page ' + c.page : 'another page') + ' · ' + c.marker;
  }
  function label(h) {
    if (h.headline) return h.headline;
    if (h.kicker) return h.kicker;
    return h.continues ? continuesLabel(h.continues) : '(continued from another page, no headline)';
  }
  function search() {
    var q = searchBox.value.trim();
    var words = queryWords(q);
    var hits;
    if (words.length && !engineReady) {
      clear(results);
      status.textContent = 'Indexing the articles for the search…';
      return;
    }
    if (!words.length) hits = DATA.headlines.map(function (h, k) { return k; });
    else {
      var exact = words.map(function (w) { return new RegExp(escapeRegExp(w), 'iu'); });
      hits = engine.search(q).map(function (r) { return r.id; }).filter(function (k) {
        var d = searchable(k);
        var all = [d.title, d.text, d.byline, d.facts].join('\n');
        return exact.every(function (re) { return re.test(all); });
      });
    }
    clear(results);
    hits.slice(0, MAX_RESULTS).forEach(function (k) {
      var h = DATA.headlines[k];
      var li = el('li');
      li.setAttribute('data-article', h.id);
      if (h.id === (DATA.articles[current] || {}).id) li.className = 'current';
      var title;
      if (h.inReader) {
        title = el('a');
        title.href = '#article=' + encodeURIComponent(h.id);
      } else title = el('span');
      appendMarked(title, label(h), words);
      li.appendChild(title);
      if (!h.inReader) li.appendChild(el('span', 'off', ' (not in this page\'s reader; see csv/articles.csv)'));
      var src = DATA.sources[h.source];
      li.appendChild(el('span', 'src', ' · ' + (src ? src.file : h.source) + ' #' + h.seq));
      if (words.length) {
        // Where the words are, beyond the headline: the text, else the byline, else the first fact that has them.
        var d = searchable(k);
        var facts = d.facts ? d.facts.split('\n') : [];
        var where = [['', d.text], ['byline: ', d.byline]].concat(facts.map(function (f) { return ['fact: ', f]; }))
          .filter(function (x) { return hitRanges(x[1], words).length; })[0];
        if (where) {
          var p = el('p', 'snippet');
          if (where[0]) p.appendChild(el('span', 'in', where[0]));
          appendMarked(p, snippet(where[1], words, 18), words);
          li.appendChild(p);
        }
      }
      results.appendChild(li);
    });
    status.textContent = words.length
      ? hits.length + ' of ' + DATA.headlines.length + ' articles match' + (hits.length > MAX_RESULTS ? ' (first ' + MAX_RESULTS + ' shown)' : '')
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

  /* Highlighting: the facts of one field, nested where they nest; a fact that crosses another's end
   * is split. The search's hits (code-point ranges) are marked inside the innermost fact. */
  function highlight(container, text, ids, hits) {
    var cps = codePoints(text);
    var n = cps.length;
    var bounds = [0, n];
    ids.forEach(function (k) { var f = DATA.facts[k]; bounds.push(Math.min(Math.max(f.start, 0), n), Math.min(Math.max(f.end, 0), n)); });
    (hits || []).forEach(function (r) { bounds.push(r[0], r[1]); });
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
      var piece = cps.slice(from, to).join('');
      var hit = (hits || []).some(function (r) { return r[0] <= from && r[1] >= to; });
      stack[stack.length - 1].node.appendChild(hit ? el('mark', 'hit', piece) : document.createTextNode(piece));
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

  /* Where a continued article comes from: the page its marker names, linked when that page of the same issue is in the release. */
  function continuesFrom(a) {
    var c = a.continues;
    var p = el('p', 'continues');
    p.appendChild(document.createTextNode('Continues an article from ' + (c.page ? 'page ' + c.page + ' of the same issue' : 'another page') + ', as its marker ' + c.marker + ' says: '));
    var first = c.source === null ? null : DATA.headlines.filter(function (h) { return h.source === c.source; })[0];
    if (first && first.inReader) {
      var link = el('a', null, 'page ' + c.page + ', ' + fileOf({ source: c.source }));
      link.href = '#article=' + encodeURIComponent(first.id);
      p.appendChild(link);
    } else if (c.source !== null) {
      p.appendChild(document.createTextNode('page ' + c.page + ' is ' + fileOf({ source: c.source }) + ' (not in this page\'s reader).'));
    } else {
      p.appendChild(document.createTextNode('that page is not in this release.'));
    }
    return p;
  }

  function openArticle(i, factK) {
    var a = DATA.articles[i];
    current = i;
    pinned = -1;
    clear(articleBox);
    var ids = factsOf[i];
    var inField = function (field) { return ids.filter(function (k) { return DATA.facts[k].field === field; }); };
    var words = queryWords(searchBox.value);
    if (a.kicker) articleBox.appendChild(el('p', 'kicker', a.kicker));
    var h = el('h3', 'headline');
    if (a.headline) highlight(h, a.headline, inField('headline'), hitRanges(a.headline, words));
    else h.textContent = a.continues ? continuesLabel(a.continues) : '(continued from another page, no headline)';
    articleBox.appendChild(h);
    if (a.continues) articleBox.appendChild(continuesFrom(a));
    if (a.subtitle) articleBox.appendChild(el('p', 'subtitle', a.subtitle));
    if (a.byline) { var by = el('p', 'byline'); highlight(by, a.byline, inField('byline'), hitRanges(a.byline, words)); articleBox.appendChild(by); }
    var src = DATA.sources[a.source] || {};
    articleBox.appendChild(el('p', 'where', [fileOf(a), src.issue_date ? 'issue of ' + src.issue_date : null, src.page ? 'page ' + src.page : null, 'article ' + a.seq + ' on the page', 'raw lines ' + a.lines[0] + '–' + a.lines[1], a.id].filter(Boolean).join(' · ')));
    var body = el('div', 'text');
    highlight(body, a.text, inField('text'), hitRanges(a.text, words));
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
  setTimeout(buildSearchIndex, 0);
  if (!route() && DATA.articles.length) openArticle(0);
})();
