'use strict';
// The docsift playground. Calls POST /v1/documents:analyze and renders the
// answer. Every piece of text from the user or the server goes into the page
// as a text node (never as markup).
(() => {
  const $ = (id) => document.getElementById(id);
  const form = $('form'), input = $('input'), mode = $('mode'), explain = $('explain');
  const statusEl = $('status'), results = $('results'), go = $('analyse');
  const TYPES = {
    PERSON: 'Person', ORGANIZATION: 'Organisation', LOCATION: 'Place', MISC: 'Other name', DATE: 'Date',
    TIME: 'Time', MONEY: 'Money', PERCENT: 'Percent', NUMBER: 'Number', UNSPECIFIED: 'Unspecified',
  };
  const typeKey = (t) => (String(t || '').replace(/^ENTITY_TYPE_/, '') || 'UNSPECIFIED');
  const typeName = (k) => TYPES[k] || k.toLowerCase();

  // el builds an element; children that are strings become text nodes.
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') e.className = v;
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const k of kids) if (k != null) e.append(k);
    return e;
  }

  function say(msg, isError) {
    statusEl.textContent = msg;
    statusEl.classList.toggle('error', !!isError);
  }

  const fmt = (x, d = 3) => (typeof x === 'number' && isFinite(x) ? x.toFixed(d) : '—');
  const fmtMs = (ms) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0)) + ' ms';
  const count = (a) => (Array.isArray(a) ? a.length : 0);
  // durations come as protobuf JSON: "0.0012s"
  const durMs = (d) => (typeof d === 'string' && /s$/.test(d) ? parseFloat(d) * 1000 : NaN);
  const looksLikeHTML = (t) => /<(!doctype|html|head|body|article|main|div|p|span|a|h[1-6]|br|section|ul|li|table)\b/i.test(t);

  let busy = false;
  async function analyse() {
    if (busy) return;
    const text = input.value;
    if (!text.trim()) {
      say('Paste an article first, or load the seed article.', true);
      input.focus();
      return;
    }
    const asHTML = mode.value === 'html' || (mode.value === 'auto' && looksLikeHTML(text));
    const req = { document: asHTML ? { html: text } : { text }, topicOptions: { explain: explain.checked } };
    busy = true;
    go.setAttribute('aria-disabled', 'true');
    form.setAttribute('aria-busy', 'true');
    say('Analysing ' + (asHTML ? 'HTML' : 'text') + '…');
    const t0 = performance.now();
    try {
      const resp = await fetch('/v1/documents:analyze', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(req),
      });
      const raw = await resp.text();
      let data = null;
      try { data = JSON.parse(raw); } catch (_) { /* not JSON: reported below */ }
      const ms = performance.now() - t0;
      if (!resp.ok || !data) {
        say(errorText(resp, data, raw), true);
        return;
      }
      render(data, ms);
      const c = data.content || {};
      say(`Analysed in ${fmtMs(ms)}: ${count(data.entities)} entities, ${count(data.topics)} topics, ` +
        `${count(c.removed)} blocks of boilerplate removed.`);
    } catch (err) {
      say('Could not reach the server: ' + err.message, true);
    } finally {
      busy = false;
      go.removeAttribute('aria-disabled');
      form.removeAttribute('aria-busy');
    }
  }

  function errorText(resp, data, raw) {
    let msg = `Error ${resp.status} ${resp.statusText}`;
    if (data && data.message) msg += ': ' + data.message;
    else if (raw) msg += ': ' + raw.slice(0, 300);
    for (const d of (data && data.details) || []) {
      for (const v of d.fieldViolations || []) {
        if (!msg.includes(v.description)) msg += ` (${v.field}: ${v.description})`;
      }
    }
    return msg;
  }

  function render(d, ms) {
    const c = d.content || {};
    const ents = d.entities || [];
    results.hidden = false;
    renderBody(c, ents);
    renderEntities(ents);
    renderPlaces(ents);
    renderTopics(d.topics || []);
    renderMeta(d, c);
    renderRemoved(c.removed || []);
    renderTimings(d.timings || [], d.modelVersions || [], ms);
    $('raw').textContent = JSON.stringify(d, null, 2);
  }

  function tip(e, k) {
    let t = typeName(k) + ': ' + (e.name || '');
    const v = e.value;
    if (v && (v.text || v.number != null)) {
      t += '\nvalue: ' + (v.text || v.number) + (v.currencyCode ? ' ' + v.currencyCode : '');
    }
    if (e.place) t += '\nplace: ' + placeLabel(e.place);
    return t;
  }

  // Places (GeoNames) as text: name, division, country, coordinates. No
  // links and no map tiles: the page stays offline.
  function coord(v, pos, neg) {
    return Math.abs(v || 0).toFixed(2) + '°' + ((v || 0) >= 0 ? pos : neg);
  }
  function placeStatus(p) { return String(p.status || '').replace('PLACE_STATUS_', ''); }
  function placeLabel(p) {
    const st = placeStatus(p);
    if (st === 'NOT_FOUND') return 'not in the gazetteer';
    let t = p.name || '';
    if (p.divisionName && p.divisionName !== p.name) t += ', ' + p.divisionName;
    if (p.countryName && p.countryName !== p.name) t += ', ' + p.countryName;
    t += ' · ' + coord(p.latitude, 'N', 'S') + ' ' + coord(p.longitude, 'E', 'W');
    if (st === 'AMBIGUOUS') t += ' (ambiguous, ' + fmt(p.confidence) + ')';
    return t;
  }
  function placeCell(p) {
    if (!p) return el('td', null, '');
    const st = placeStatus(p);
    if (st === 'NOT_FOUND') return el('td', { class: 'muted' }, 'not in gazetteer');
    const badge = el('span', { class: 'badge' + (st === 'AMBIGUOUS' ? ' ambiguous' : ''), title: p.countryName || p.name || '' },
      p.countryCode || String(p.kind || '').replace('PLACE_KIND_', '').slice(0, 4));
    return el('td', { 'data-place': p.geonamesId || '' }, badge, ' ', placeLabel(p));
  }

  // renderPlaces plots the resolved places on a plain longitude/latitude
  // grid (equirectangular, drawn here: no map data is fetched).
  function renderPlaces(ents) {
    const svg = $('places-map');
    const list = $('places');
    const NS = 'http://www.w3.org/2000/svg';
    const mk = (tag, attrs) => { const n = document.createElementNS(NS, tag); for (const k in attrs) n.setAttribute(k, attrs[k]); return n; };
    svg.replaceChildren(mk('rect', { x: -180, y: -90, width: 360, height: 180, class: 'sea' }));
    for (let lon = -150; lon < 180; lon += 30) svg.append(mk('line', { x1: lon, y1: -90, x2: lon, y2: 90, class: 'grat' }));
    for (let lat = -60; lat < 90; lat += 30) svg.append(mk('line', { x1: -180, y1: -lat, x2: 180, y2: -lat, class: lat === 0 ? 'grat eq' : 'grat' }));
    list.replaceChildren();
    const seen = new Set();
    for (const e of ents) {
      const p = e.place;
      if (!p || placeStatus(p) !== 'RESOLVED' || seen.has(p.geonamesId)) continue;
      seen.add(p.geonamesId);
      const dot = mk('circle', { cx: p.longitude || 0, cy: -(p.latitude || 0), r: 2.5, class: 'dot k-' + String(p.kind || '').replace('PLACE_KIND_', '').toLowerCase() });
      const title = mk('title', {});
      title.textContent = placeLabel(p);
      dot.append(title);
      svg.append(dot);
      list.append(el('li', null, el('span', { class: 'badge', title: p.countryName || '' }, p.countryCode || '··'), ' ', placeLabel(p)));
    }
    $('h-places-count').textContent = seen.size ? '(' + seen.size + ')' : '(none resolved)';
  }

  // renderBody marks every mention in content.body. Spans are UTF-16 offsets,
  // which is how JavaScript strings are indexed.
  function renderBody(c, ents) {
    const box = $('body');
    box.replaceChildren();
    $('title-out').textContent = c.title || '(no title found)';
    const body = c.body || '';
    const types = new Map();
    const ms = [];
    ents.forEach((e, i) => {
      const k = typeKey(e.type);
      types.set(k, (types.get(k) || 0) + 1);
      for (const m of e.mentions || []) {
        const s = m.span || {};
        const b = s.beginUtf16 | 0, en = s.endUtf16 | 0;
        if (en > b && b >= 0 && en <= body.length) ms.push({ b, en, e, i, k });
      }
    });
    const legend = $('legend');
    legend.replaceChildren(...[...types].map(([k, n]) =>
      el('li', null, el('mark', { class: 't-' + k.toLowerCase() }, typeName(k)), ' ' + n)));
    if (!body) {
      box.append(el('p', { class: 'muted' }, c.emptyReason ? 'No body: ' + c.emptyReason : 'No body was extracted.'));
      return;
    }
    ms.sort((x, y) => x.b - y.b || y.en - x.en);
    const frag = document.createDocumentFragment();
    let pos = 0;
    for (const m of ms) {
      if (m.b < pos) continue; // overlaps the mention before it
      if (m.b > pos) frag.append(body.slice(pos, m.b));
      frag.append(el('mark', { class: 't-' + m.k.toLowerCase(), 'data-entity': m.i, 'data-type': m.k, 'data-tip': tip(m.e, m.k) },
        body.slice(m.b, m.en)));
      pos = m.en;
    }
    frag.append(body.slice(pos));
    box.append(frag);
  }

  function renderEntities(ents) {
    const tb = $('entities').tBodies[0];
    tb.replaceChildren();
    if (!ents.length) tb.append(el('tr', null, el('td', { colspan: 6, class: 'muted' }, 'No entities found.')));
    ents.forEach((e, i) => {
      const k = typeKey(e.type);
      const v = e.value;
      const btn = el('button', { type: 'button', 'aria-pressed': 'false', 'data-entity': i }, e.name || '(unnamed)');
      tb.append(el('tr', null,
        el('td', null, btn),
        el('td', null, el('mark', { class: 't-' + k.toLowerCase() }, typeName(k))),
        el('td', null, v && (v.text || v.number != null) ? String(v.text || v.number) + (v.currencyCode ? ' ' + v.currencyCode : '') : ''),
        el('td', { class: 'num' }, fmt(e.salience)),
        el('td', { class: 'num' }, String(count(e.mentions))),
        placeCell(e.place)));
    });
  }

  // Selecting an entity outlines its mentions in the body.
  $('entities').addEventListener('click', (ev) => {
    const btn = ev.target.closest('button[data-entity]');
    if (!btn) return;
    const on = btn.getAttribute('aria-pressed') !== 'true';
    for (const b of document.querySelectorAll('#entities button[aria-pressed=true]')) b.setAttribute('aria-pressed', 'false');
    for (const m of document.querySelectorAll('#body mark.sel')) m.classList.remove('sel');
    if (!on) return;
    btn.setAttribute('aria-pressed', 'true');
    const marks = document.querySelectorAll(`#body mark[data-entity="${btn.dataset.entity}"]`);
    marks.forEach((m) => m.classList.add('sel'));
    say(`${btn.textContent}: ${marks.length} mention${marks.length === 1 ? '' : 's'} outlined in the body.`);
    if (marks[0]) marks[0].scrollIntoView({ block: 'center', behavior: 'smooth' });
  });

  function renderTopics(topics) {
    const ol = $('topics');
    ol.replaceChildren();
    if (!topics.length) ol.append(el('li', { class: 'muted' }, 'No topic scored above its threshold.'));
    for (const t of topics) {
      const score = Math.max(0, Math.min(1, Number(t.score) || 0));
      const fill = el('div');
      fill.style.width = (score * 100).toFixed(1) + '%';
      const li = el('li', null,
        el('div', { class: 'topic-head' },
          el('span', null, el('strong', null, t.name || t.id), ' ', el('span', { class: 'muted' }, t.id || '')),
          el('span', null, 'score ' + fmt(t.score))),
        el('div', { class: 'bar', 'aria-hidden': 'true' }, fill));
      if (count(t.terms)) {
        li.append(el('p', { class: 'terms' }, 'Because of: ',
          ...t.terms.map((w) => el('span', { title: 'weight ' + fmt(w.weight) }, `${w.text} ${fmt(w.weight, 2)}`))));
      }
      ol.append(li);
    }
  }

  function renderMeta(d, c) {
    const rows = [
      ['Title', c.title], ['Byline', c.byline], ['Published', c.publishedTime],
      ['Language', (c.languageCode || d.languageCode || '') + (c.languageConfidence ? ` (confidence ${fmt(c.languageConfidence, 2)})` : '')],
      ['Site', c.siteName], ['Description', c.description], ['Document id', d.documentId],
      ['Body', c.body ? `${c.body.length} characters in ${count(c.blocks)} blocks` : c.emptyReason || 'empty'],
      ['Warnings', (d.warnings || []).map((w) => [w.stage, w.code, w.message].filter(Boolean).join(': ')).join('\n')],
    ];
    $('meta').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', null, k), el('dd', v ? null : { class: 'muted' }, v || '—')]));
  }

  function renderRemoved(removed) {
    const ul = $('removed');
    ul.replaceChildren();
    if (!removed.length) ul.append(el('li', { class: 'muted' }, 'Nothing was removed.'));
    for (const r of removed) {
      ul.append(el('li', null, el('q', null, r.text || ''), ' ',
        el('span', { class: 'muted' }, `${r.reason || 'removed'}, content score ${fmt(r.contentScore, 2)}`)));
    }
  }

  function renderTimings(timings, models, ms) {
    const tb = $('timings').tBodies[0];
    tb.replaceChildren(...timings.map((t) => el('tr', null, el('td', null, t.stage || ''),
      el('td', { class: 'num' }, isNaN(durMs(t.duration)) ? String(t.duration || '') : fmtMs(durMs(t.duration))))),
    el('tr', null, el('td', null, 'round trip (this browser)'), el('td', { class: 'num' }, fmtMs(ms))));
    $('models').replaceChildren(...models.map((m) => el('li', { title: m.description || null },
      el('strong', null, m.stage + ': '), `${m.name} ${m.version}`)));
  }

  form.addEventListener('submit', (ev) => { ev.preventDefault(); analyse(); });
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); analyse(); }
  });
  $('seed-btn').addEventListener('click', () => {
    input.value = JSON.parse($('seed').textContent);
    mode.value = 'text';
    say('Seed article loaded: press Analyse.');
    input.focus();
  });
  $('clear').addEventListener('click', () => {
    input.value = '';
    results.hidden = true;
    say('');
    input.focus();
  });
})();
