/* policy-extractor report: unit filter, table sorting, tooltips. Hand-written, inlined, offline.
   Names were folded at build time (Simplified, half-width, no spaces, every known abbreviation);
   here the query is folded the same way with the character map generated from the document. */
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('report-data').textContent);
  var T2S = DATA.t2s || {};
  var UNITS = DATA.units || {};
  var ROLE_ZH = { lead: '牵头', support: '配合', responsible: '责任' };
  var ROLES = ['lead', 'support', 'responsible'];

  function widthFold(s) {
    var out = '';
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i), ch = s.charAt(i);
      if (c >= 0xFF01 && c <= 0xFF5E) ch = String.fromCharCode(c - 0xFEE0);
      if (/\s/.test(ch) || c === 0x3000 || c === 0xFEFF || c === 0x200B) continue;
      out += ch;
    }
    return out;
  }
  function fold(s) {
    var w = widthFold(s), out = '';
    for (var i = 0; i < w.length; i++) { var ch = w.charAt(i); out += (T2S[ch] || ch); }
    return out;
  }

  /* unit ids the query names: exact form first, else forms containing it */
  function matchUnits(q) {
    var qf = fold(q), qw = widthFold(q), ids = [], uid;
    if (!qf) return { ids: ids, exact: false };
    for (uid in UNITS) {
      var f = UNITS[uid].folded;
      if (uid === q || uid === 'unit:' + qf || f.indexOf(qf) >= 0 || f.indexOf(qw) >= 0) ids.push(uid);
    }
    if (ids.length) return { ids: ids, exact: true };
    if (qf.length >= 2) {
      for (uid in UNITS) {
        if (UNITS[uid].folded.some(function (x) { return x.indexOf(qf) >= 0; })) ids.push(uid);
      }
    }
    return { ids: ids, exact: false };
  }

  var input = document.getElementById('unit-filter');
  var status = document.getElementById('filter-status');
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-task-id]'));
  var defaultStatus = status ? status.textContent : '';

  function badge(role) {
    var b = document.createElement('span');
    b.className = 'role-badge role-' + role;
    b.setAttribute('data-role', role);
    b.textContent = ROLE_ZH[role] + ' ' + role;
    return b;
  }

  function setClass(sel, cls, pred) {
    var els = document.querySelectorAll(sel);
    for (var i = 0; i < els.length; i++) els[i].classList.toggle(cls, pred(els[i]));
  }

  function apply() {
    var q = input.value;
    var m = matchUnits(q);
    var set = {}; m.ids.forEach(function (u) { set[u] = true; });
    var filtering = widthFold(q).length > 0;
    document.body.classList.toggle('filtering', filtering);
    var shown = 0, counts = { lead: 0, support: 0, responsible: 0 }, visible = {};
    rows.forEach(function (tr) {
      var cell = tr.querySelector('td.role-col');
      if (cell) cell.textContent = '';
      if (!filtering) { tr.classList.remove('hidden'); tr.removeAttribute('data-match-roles'); visible[tr.dataset.doc + '|' + tr.dataset.taskId] = true; return; }
      var roles = JSON.parse(tr.dataset.roles || '{}'), mine = [];
      Object.keys(roles).forEach(function (u) {
        if (set[u]) roles[u].forEach(function (r) { if (mine.indexOf(r) < 0) mine.push(r); });
      });
      mine.sort(function (a, b) { return ROLES.indexOf(a) - ROLES.indexOf(b); });
      if (mine.length) {
        tr.classList.remove('hidden');
        tr.setAttribute('data-match-roles', mine.join(' '));
        if (cell) mine.forEach(function (r) { cell.appendChild(badge(r)); });
        counts[mine[0]] += 1; shown += 1;
        visible[tr.dataset.doc + '|' + tr.dataset.taskId] = true;
      } else {
        tr.classList.add('hidden');
        tr.removeAttribute('data-match-roles');
      }
    });
    var isSel = function (el) { return filtering && !!set[el.getAttribute('data-unit-id')]; };
    setClass('.chip[data-unit-id], .doctext .u[data-unit-id]', 'sel', isSel);
    setClass('svg .unit-node', 'sel', isSel);
    setClass('svg .unit-node', 'dim', function (el) { return filtering && !set[el.getAttribute('data-unit-id')]; });
    setClass('svg .edge', 'dim', function (el) { return filtering && !set[el.getAttribute('data-unit-id')]; });
    setClass('svg .edge', 'hl', isSel);
    setClass('#align-table tr[data-align-keys]', 'hidden', function (el) {   // alignment: a row stays when one of its tasks does
      return filtering && !JSON.parse(el.getAttribute('data-align-keys')).some(function (k) { return visible[k]; });
    });
    setClass('svg .task-node, svg .chip-deadline', 'dim', function (el) {
      return filtering && !visible[el.getAttribute('data-doc') + '|' + el.getAttribute('data-task-id')];
    });
    if (!status) return;
    status.textContent = '';
    if (!filtering) { status.textContent = defaultStatus; return; }
    if (!m.ids.length) { status.textContent = '没有单位与“' + q + '”相符 (no unit matches)'; return; }
    var b = document.createElement('b'); b.id = 'filter-count'; b.textContent = String(shown);
    status.appendChild(b);
    var names = m.ids.map(function (u) { return UNITS[u].name; });
    status.appendChild(document.createTextNode(' 项任务 tasks · ' + names.slice(0, 4).join('、') +
      (names.length > 4 ? ' …(' + names.length + ')' : '') + (m.exact ? '' : ' (部分匹配 partial)') +
      ' · 牵头 ' + counts.lead + ' · 配合 ' + counts.support + ' · 责任 ' + counts.responsible));
  }

  if (input) {
    input.addEventListener('input', apply);
    input.addEventListener('keydown', function (e) { if (e.key === 'Escape') { input.value = ''; apply(); } });
  }

  function filterTo(uid) {
    if (!input || !UNITS[uid]) return;
    input.value = UNITS[uid].name;
    apply();
    input.scrollIntoView({ block: 'nearest' });
  }
  document.addEventListener('click', function (e) {
    var el = e.target.closest ? e.target.closest('[data-filter-unit]') : null;
    if (el) { e.preventDefault(); filterTo(el.getAttribute('data-filter-unit')); }
    var node = e.target.closest ? e.target.closest('svg .unit-node') : null;
    if (node) filterTo(node.getAttribute('data-unit-id'));
  });
  function fromHash() {
    var h = decodeURIComponent(location.hash || '');
    if (h.indexOf('#unit=') === 0) filterTo(h.slice(6));
    var row = h.indexOf('#task-') === 0 ? document.getElementById(h.slice(1)) : null;
    if (row && row.classList.contains('hidden') && input) { input.value = ''; apply(); row.scrollIntoView(); }
  }
  window.addEventListener('hashchange', fromHash);

  /* sortable tables: click a header; numbers sort as numbers, the rest by text */
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    var ths = table.querySelectorAll('thead th');
    Array.prototype.forEach.call(ths, function (th, col) {
      th.tabIndex = 0;
      var go = function () {
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        Array.prototype.forEach.call(ths, function (o) { o.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir > 0 ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var list = Array.prototype.slice.call(body.rows);
        var key = function (tr) { var td = tr.cells[col]; return td ? (td.getAttribute('data-sort') || td.textContent) : ''; };
        list.sort(function (a, b) {
          var x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y);
          var c = (!isNaN(nx) && !isNaN(ny) && String(nx) === x && String(ny) === y) ? nx - ny : x.localeCompare(y, 'zh');
          return c * dir || (parseInt(a.dataset.order, 10) - parseInt(b.dataset.order, 10));
        });
        list.forEach(function (tr) { body.appendChild(tr); });
      };
      th.addEventListener('click', go);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); } });
    });
  });

  /* tooltips: titles of marks become data-tip, shown in one fixed box */
  Array.prototype.forEach.call(document.querySelectorAll('.doctext [title], table [title]'), function (el) {
    el.setAttribute('data-tip', el.getAttribute('title'));
    el.removeAttribute('title');
  });
  var tip = document.getElementById('tooltip');
  document.addEventListener('mouseover', function (e) {
    var el = e.target.closest ? e.target.closest('[data-tip]') : null;
    if (!el || !tip) { if (tip) tip.style.display = 'none'; return; }
    tip.textContent = el.getAttribute('data-tip');
    tip.style.display = 'block';
    var r = el.getBoundingClientRect();
    var left = Math.min(r.left, window.innerWidth - 430);
    tip.style.left = Math.max(4, left) + 'px';
    tip.style.top = (r.bottom + 6 + 80 > window.innerHeight ? r.top - tip.offsetHeight - 6 : r.bottom + 6) + 'px';
  });
  document.addEventListener('mouseout', function (e) {
    if (tip && e.target.closest && e.target.closest('[data-tip]') && !(e.relatedTarget && e.relatedTarget.closest && e.relatedTarget.closest('[data-tip]'))) tip.style.display = 'none';
  });

  if (input && widthFold(input.value)) apply();
  fromHash();
  document.documentElement.setAttribute('data-ready', '1');
})();
