/**
 * The review console: one HTML page with its CSS and script inline, served as is (no build step, no
 * dependency fetched by the browser). It reads and writes only the JSON API of review-routes.ts, found
 * relative to the page's own URL, so the page works under any prefix the server registers it with.
 * Every text from the data goes in through textContent, never innerHTML: merchant names are user input.
 *
 * Keys: queue — j/k or ↓/↑ move, Enter opens, / filters by city, p toggles clusters/pairs;
 * cluster — h/l or ←/→ pick a member, j/k pick a pair, c confirms the cluster, s splits the member out,
 * m makes it canonical, n marks the pair not duplicate, Esc goes back; ? shows the keys.
 */
import { HIGH_CONFIDENCE_SCORE, MID_CONFIDENCE_SCORE } from './score-bands.js';
import { HISTOGRAM_BINS } from './review-queue.js';

const STYLE = `
:root { --fg:#1d2430; --mute:#647084; --line:#d9dee7; --bg:#f6f7f9; --card:#fff; --accent:#2357d9; --low:#c0392b; --mid:#d68910; --high:#1e8449; --diff:#fde2e1; --same:#e3f4e8; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color:var(--fg); background:var(--bg); }
header { display:flex; gap:24px; align-items:center; padding:12px 20px; background:var(--card); border-bottom:1px solid var(--line); flex-wrap:wrap; }
header h1 { font-size:17px; margin:0; }
.counts { display:flex; gap:16px; color:var(--mute); }
.counts b { color:var(--fg); font-size:16px; display:block; }
main { padding:16px 20px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px 14px; margin-bottom:14px; }
.filters { display:flex; gap:10px; flex-wrap:wrap; align-items:end; }
.filters label { display:flex; flex-direction:column; font-size:12px; color:var(--mute); }
input, select, button, textarea { font:inherit; }
input, select, textarea { padding:4px 6px; border:1px solid var(--line); border-radius:4px; background:#fff; }
button { padding:5px 10px; border:1px solid var(--line); border-radius:4px; background:#fff; cursor:pointer; }
button.primary { background:var(--accent); color:#fff; border-color:var(--accent); }
button.primary kbd { color:var(--fg); }
button:focus, tr:focus, input:focus, select:focus { outline:2px solid var(--accent); outline-offset:1px; }
kbd { border:1px solid var(--line); border-bottom-width:2px; border-radius:3px; padding:0 4px; font-size:11px; background:#fafbfc; }
table { border-collapse:collapse; width:100%; }
th, td { text-align:left; padding:5px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-weight:600; color:var(--mute); font-size:12px; }
tbody tr.sel { background:#eaf0ff; }
tbody tr[tabindex] { cursor:pointer; }
.band { display:inline-block; padding:0 6px; border-radius:9px; color:#fff; font-size:12px; }
.band.low { background:var(--low); } .band.mid { background:var(--mid); } .band.high { background:var(--high); }
.mute { color:var(--mute); }
.side td.diff { background:var(--diff); }
.side th.member { min-width:180px; }
.side th.member.sel { background:#eaf0ff; }
.side .canon { color:var(--high); font-weight:700; }
.side .gone { text-decoration:line-through; color:var(--low); }
mark { background:#f9c6c3; padding:0; }
.pair { border:1px solid var(--line); border-radius:6px; padding:8px; margin:6px 0; }
.pair.sel { border-color:var(--accent); box-shadow:0 0 0 1px var(--accent); }
.pair.apart { opacity:.6; }
.chips span { display:inline-block; margin:2px 4px 2px 0; padding:0 6px; background:#eef1f6; border-radius:4px; font-size:12px; }
.same { background:var(--same); } .differ { background:var(--diff); }
#status { position:fixed; bottom:12px; right:12px; max-width:480px; padding:8px 12px; border-radius:6px; background:#1d2430; color:#fff; display:none; }
#status.err { background:var(--low); }
.grid { display:grid; grid-template-columns: minmax(0,3fr) minmax(260px,1fr); gap:14px; }
#help { display:none; }
#help.on { display:block; }
`;

const SCRIPT = `
'use strict';
const API = location.pathname.replace(/\\/review\\/?$/, '') + '/v1/review';
const HIGH = ${HIGH_CONFIDENCE_SCORE}, MID = ${MID_CONFIDENCE_SCORE}, BINS = ${HISTOGRAM_BINS};
const FIELDS = { name:'名称 name', legal_person:'法人 legal person', phone:'电话 phone', uscc:'信用代码 USCC', id_number:'身份证 id', bank_account:'账户 account', province:'省 province', city:'市 city', district:'区 district', address:'地址 address', lat:'lat', lng:'lng', mcc:'MCC', terminal_sns:'终端 terminals', created_at:'注册 created', channel:'渠道 channel' };
const state = { view:'queue', mode:'clusters', rows:[], sel:0, cluster:null, member:0, pair:0, filter:{ sort:'min_score', order:'asc', band:'', city:'', risk:false, status:'all', min_size:'' } };

function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const k of kids.flat()) if (k !== null && k !== undefined && k !== false) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
}
const bandOf = (s) => s >= HIGH ? 'high' : s >= MID ? 'mid' : 'low';
const band = (s) => s === null || s === undefined ? h('span', { class:'mute' }, '–') : h('span', { class:'band ' + bandOf(s) }, Number(s).toFixed(3));
function status(msg, err) {
  const s = document.getElementById('status');
  s.textContent = msg; s.className = err ? 'err' : ''; s.style.display = 'block';
  clearTimeout(status.t); status.t = setTimeout(() => (s.style.display = 'none'), err ? 8000 : 3000);
}
async function api(path, init) {
  const r = await fetch(API + path, init);
  const body = await r.json();
  if (!r.ok) throw Object.assign(new Error(body.error ? body.error.message : r.statusText), { status: r.status });
  return body;
}
function reviewer() {
  const input = document.getElementById('reviewer');
  const v = input.value.trim();
  if (v) localStorage.setItem('review.reviewer', v);
  return v;
}

async function loadSummary() {
  const s = await api('/summary');
  const c = document.getElementById('counts');
  c.replaceChildren(
    ...[['generation', s.generation ?? '–'], ['clusters', s.clusters], ['merchants', s.clustered_merchants], ['pairs', s.pairs], ['decided clusters', s.decided_clusters], ['decisions', s.decisions]]
      .map(([k, v]) => h('div', { 'data-count': k }, h('b', {}, typeof v === 'number' ? v.toLocaleString() : v), k)),
    h('div', {}, h('b', {}, s.bands.low + ' / ' + s.bands.mid + ' / ' + s.bands.high), 'low / mid / high'),
  );
  document.getElementById('chart').replaceChildren(histogram(s.histogram));
}

function histogram(bins) {
  const W = 320, H = 90, pad = 14, max = Math.max(1, ...bins), bw = (W - 2 * pad) / BINS;
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + (H + 16)); svg.setAttribute('width', W); svg.setAttribute('height', H + 16);
  svg.setAttribute('role', 'img'); svg.setAttribute('aria-label', 'pair score distribution');
  const el = (t, a, text) => { const e = document.createElementNS(NS, t); for (const k in a) e.setAttribute(k, a[k]); if (text !== undefined) e.textContent = text; svg.append(e); return e; };
  bins.forEach((n, i) => {
    const hgt = n === 0 ? 0 : Math.max(1, (n / max) * (H - pad));
    const lo = i / BINS;
    const r = el('rect', { x: pad + i * bw + 1, y: H - hgt, width: bw - 2, height: hgt, fill: lo >= HIGH ? '#1e8449' : lo >= MID ? '#d68910' : '#c0392b' });
    const t = document.createElementNS(NS, 'title'); t.textContent = lo.toFixed(2) + '–' + (lo + 1 / BINS).toFixed(2) + ': ' + n + ' pairs'; r.append(t);
  });
  el('line', { x1: pad, x2: W - pad, y1: H, y2: H, stroke: '#647084' });
  for (const x of [0, 0.5, MID, HIGH, 1]) el('text', { x: pad + x * (W - 2 * pad), y: H + 12, 'font-size': 10, 'text-anchor': 'middle', fill: '#647084' }, String(x));
  return svg;
}

function queryString() {
  const f = state.filter, q = new URLSearchParams();
  if (state.mode === 'pairs') { if (f.band) q.set('band', f.band); q.set('order', f.order); q.set('limit', '100'); return q.toString(); }
  q.set('sort', f.sort); q.set('order', f.order); q.set('limit', '100');
  if (f.band) q.set('band', f.band); if (f.city) q.set('city', f.city); if (f.risk) q.set('risk', 'true');
  if (f.status !== 'all') q.set('status', f.status); if (f.min_size) q.set('min_size', f.min_size);
  return q.toString();
}

// Each change of a filter starts a fetch; only the latest one may fill the table (an older answer arriving
// last would show the queue as it was before the change).
let queueRequest = 0;
async function loadQueue() {
  const mine = ++queueRequest;
  const data = await api('/' + state.mode + '?' + queryString());
  if (mine !== queueRequest) return;
  state.rows = data.rows; state.sel = Math.min(state.sel, Math.max(0, data.rows.length - 1));
  const riskBox = document.getElementById('f-risk');
  if (riskBox && data.risk_available === false) riskBox.title = 'no risk alert tables in this schema';
  document.getElementById('total').textContent = data.total + ' ' + state.mode + (data.total > data.rows.length ? ' (first ' + data.rows.length + ')' : '');
  const body = document.getElementById('queue-body');
  const head = document.getElementById('queue-head');
  if (state.mode === 'clusters') {
    head.replaceChildren(h('tr', {}, ...['cluster', 'size', 'canonical record', 'city', 'lowest pair', 'highest pair', 'pairs', 'decisions', 'risk'].map((t) => h('th', {}, t))));
    body.replaceChildren(...data.rows.map((r, i) => h('tr', { tabindex: 0, 'data-cluster': r.cluster_id, class: i === state.sel ? 'sel' : null, onclick: () => openCluster(r.cluster_id), onfocus: () => select(i) },
      h('td', {}, h('code', {}, r.cluster_id)), h('td', {}, r.size), h('td', {}, r.canonical_name ?? r.canonical_id), h('td', {}, r.city ?? ''),
      h('td', {}, band(r.min_score)), h('td', {}, band(r.max_score)), h('td', {}, r.pairs), h('td', {}, r.decisions ? r.decisions + ' (' + r.last_decision + ')' : ''),
      h('td', {}, r.risk === null ? '' : h('span', { class: 'band low' }, 'risk ' + r.risk.toFixed(2))))));
  } else {
    head.replaceChildren(h('tr', {}, ...['score', 'merchant A', 'merchant B', 'cluster', 'decision'].map((t) => h('th', {}, t))));
    body.replaceChildren(...data.rows.map((r, i) => h('tr', { tabindex: 0, 'data-cluster': r.cluster_id, class: i === state.sel ? 'sel' : null, onclick: () => r.cluster_id && openCluster(r.cluster_id), onfocus: () => select(i) },
      h('td', {}, band(r.score)), h('td', {}, r.a_id + ' ', h('span', { class: 'mute' }, r.a_name ?? '')), h('td', {}, r.b_id + ' ', h('span', { class: 'mute' }, r.b_name ?? '')),
      h('td', {}, r.cluster_id ? h('code', {}, r.cluster_id) : ''), h('td', {}, r.decided ? 'not duplicate' : ''))));
  }
}

function select(i) {
  state.sel = i;
  document.querySelectorAll('#queue-body tr').forEach((tr, k) => tr.classList.toggle('sel', k === i));
}

function showQueue() {
  state.view = 'queue';
  document.getElementById('queue').hidden = false; document.getElementById('cluster').hidden = true;
  return Promise.all([loadSummary(), loadQueue()]).then(() => { const tr = document.querySelectorAll('#queue-body tr')[state.sel]; if (tr) tr.focus(); }).catch((e) => status(e.message, true));
}

function backToQueue() {
  if (location.hash === '' || location.hash === '#/') showQueue(); else location.hash = '#/';
}

function openCluster(id) {
  location.hash = '#/cluster/' + encodeURIComponent(id);
}

/** Characters of b not found, in order, in a (a longest-common-subsequence diff), wrapped in <mark>. */
function diffText(a, b) {
  if (a === null || b === null || a === b) return [b ?? ''];
  a = String(a); b = String(b);
  if (a.length * b.length > 40000) return [h('mark', {}, b)];
  const n = a.length, m = b.length, L = Array.from({ length: n + 1 }, () => new Int16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i][j] = a[i] === b[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  const out = []; let i = 0, j = 0, run = '', marked = '';
  const flush = () => { if (run) out.push(run); if (marked) out.push(h('mark', {}, marked)); run = ''; marked = ''; };
  while (j < m) {
    if (i < n && a[i] === b[j]) { if (marked) flush(); run += b[j]; i++; j++; }
    else if (i < n && L[i + 1][j] >= L[i][j + 1]) i++;
    else { if (run) { out.push(run); run = ''; } marked += b[j]; j++; }
  }
  flush();
  return out;
}

function distancePlot(members) {
  const pts = members.map((m, i) => ({ i, id: m.merchant_id, lat: m.record && m.record.lat, lng: m.record && m.record.lng })).filter((p) => typeof p.lat === 'number' && typeof p.lng === 'number');
  if (pts.length < 2) return h('p', { class: 'mute' }, 'fewer than two members have coordinates');
  const lat0 = pts.reduce((s, p) => s + p.lat, 0) / pts.length, lng0 = pts.reduce((s, p) => s + p.lng, 0) / pts.length;
  const R = 6371000, rad = Math.PI / 180;
  for (const p of pts) { p.x = (p.lng - lng0) * rad * R * Math.cos(lat0 * rad); p.y = (p.lat - lat0) * rad * R; }
  const span = Math.max(20, ...pts.map((p) => Math.max(Math.abs(p.x), Math.abs(p.y)))) * 1.25;
  const S = 220, c = S / 2, k = (S / 2 - 18) / span;
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 ' + S + ' ' + S); svg.setAttribute('width', S); svg.setAttribute('height', S); svg.setAttribute('data-testid', 'distance-plot');
  const el = (t, a, text) => { const e = document.createElementNS(NS, t); for (const key in a) e.setAttribute(key, a[key]); if (text !== undefined) e.textContent = text; svg.append(e); return e; };
  el('rect', { x: 0, y: 0, width: S, height: S, fill: '#fafbfc', stroke: '#d9dee7' });
  for (const a of pts) for (const b of pts) if (a.i < b.i) el('line', { x1: c + a.x * k, y1: c - a.y * k, x2: c + b.x * k, y2: c - b.y * k, stroke: '#c5ccd8' });
  for (const p of pts) {
    el('circle', { cx: c + p.x * k, cy: c - p.y * k, r: 6, fill: p.i === 0 ? '#1e8449' : '#2357d9' });
    el('text', { x: c + p.x * k + 8, y: c - p.y * k + 4, 'font-size': 11 }, String(p.i + 1));
  }
  const bar = Math.pow(10, Math.floor(Math.log10(span)));
  el('line', { x1: 10, x2: 10 + bar * k, y1: S - 10, y2: S - 10, stroke: '#1d2430', 'stroke-width': 2 });
  el('text', { x: 10, y: S - 14, 'font-size': 10 }, bar >= 1000 ? bar / 1000 + ' km' : bar + ' m');
  return svg;
}

async function loadCluster(id) {
  state.view = 'cluster';
  document.getElementById('queue').hidden = true; document.getElementById('cluster').hidden = false;
  let v;
  try { v = await api('/clusters/' + encodeURIComponent(id)); }
  catch (e) { document.getElementById('cluster-body').replaceChildren(h('p', { class: 'card' }, e.message, ' ', h('button', { onclick: backToQueue }, 'back to the queue'))); return; }
  state.cluster = v; state.member = Math.min(state.member, v.members.length - 1); state.pair = Math.min(state.pair, Math.max(0, v.pairs.length - 1));
  renderCluster();
}

function renderCluster() {
  const v = state.cluster, canon = v.members[0];
  const side = h('table', { class: 'side', 'data-testid': 'members' },
    h('thead', {}, h('tr', {}, h('th', {}, 'field'), ...v.members.map((m, i) => h('th', { class: 'member' + (i === state.member ? ' sel' : ''), 'data-member': m.merchant_id, onclick: () => { state.member = i; renderCluster(); } },
      h('div', {}, (i + 1) + '. ', h('code', { class: m.split ? 'gone' : null }, m.merchant_id)),
      m.is_canonical ? h('div', { class: 'canon', 'data-canonical': '' }, '★ canonical') : null,
      m.chosen_canonical && !m.is_canonical ? h('div', { class: 'canon' }, '★ chosen, from the next rebuild') : null,
      m.split ? h('div', { class: 'gone', 'data-split': '' }, 'split out, from the next rebuild') : null)))),
    h('tbody', {}, ...Object.keys(FIELDS).map((f) => h('tr', {}, h('th', {}, FIELDS[f]),
      ...v.members.map((m, i) => {
        const val = m.record ? m.record[f] : null, base = canon.record ? canon.record[f] : null;
        const differs = i > 0 && val !== null && base !== null && String(val) !== String(base);
        return h('td', { class: differs ? 'diff' : null }, (f === 'name' || f === 'address') && i > 0 ? diffText(base, val) : val ?? '');
      })))));
  const pairs = v.pairs.map((p, k) => h('div', { class: 'pair' + (k === state.pair ? ' sel' : '') + (p.not_duplicate ? ' apart' : ''), 'data-pair': p.a_id + '|' + p.b_id, onclick: () => { state.pair = k; renderCluster(); } },
    h('div', {}, band(p.score), ' ', h('code', {}, p.a_id), ' ↔ ', h('code', {}, p.b_id), p.not_duplicate ? h('b', { class: 'mute' }, '  not a duplicate (decided)') : '',
      ' ', h('button', { onclick: (e) => { e.stopPropagation(); state.pair = k; decide('not_duplicate'); } }, 'not a duplicate ', h('kbd', {}, 'n'))),
    h('div', { class: 'chips' }, ...Object.entries(p.evidence).filter(([, x]) => x !== null && x !== '' && x !== 'missing' && x !== 'none').map(([key, x]) => h('span', {}, key + ': ' + (typeof x === 'number' ? (key === 'distance_m' ? x + ' m' : x.toFixed(3)) : x)))),
    h('div', { class: 'chips' }, ...p.fields.filter((f) => f.same !== null).map((f) => h('span', { class: f.same ? 'same' : 'differ', title: (f.a ?? '') + ' | ' + (f.b ?? '') }, FIELDS[f.field] + (f.same ? ' =' : ' ≠'))))));
  const decisions = v.decisions.length === 0 ? h('p', { class: 'mute' }, 'no decision yet') : h('table', { 'data-testid': 'decisions' },
    h('tbody', {}, ...v.decisions.slice().reverse().map((d) => h('tr', {}, h('td', {}, d.kind), h('td', {}, d.merchant_ids.length > 3 ? d.merchant_ids.length + ' members' : d.merchant_ids.join(', ')),
      h('td', {}, d.decided_by), h('td', { class: 'mute' }, new Date(d.decided_at).toLocaleString()), h('td', {}, d.note ?? '')))));
  const sel = v.members[state.member];
  document.getElementById('cluster-body').replaceChildren(
    h('div', { class: 'card' },
      h('button', { onclick: backToQueue, 'data-action': 'back' }, '← queue ', h('kbd', {}, 'Esc')), ' ',
      h('b', {}, 'cluster '), h('code', { 'data-testid': 'cluster-id' }, v.cluster_id), h('span', { class: 'mute' }, '  generation ' + v.generation + ', ' + v.members.length + ' members, version ' + v.version + (v.confirmed ? ', confirmed' : ''))),
    h('div', { class: 'grid' },
      h('div', {},
        h('div', { class: 'card' }, side),
        h('div', { class: 'card' }, h('b', {}, 'pairs'), ' ', h('span', { class: 'mute' }, 'j/k to pick'), ...pairs)),
      h('div', {},
        h('div', { class: 'card' }, h('b', {}, 'decide'),
          h('p', {}, h('label', {}, 'note ', h('textarea', { id: 'note', rows: 2, style: 'width:100%' }))),
          h('p', {}, h('button', { class: 'primary', 'data-action': 'confirm', onclick: () => decide('confirm') }, 'confirm cluster ', h('kbd', {}, 'c'))),
          h('p', {}, 'member ', h('code', {}, sel.merchant_id), h('span', { class: 'mute' }, ' (h/l to pick)')),
          h('p', {}, h('button', { 'data-action': 'split', onclick: () => decide('split') }, 'split out ', h('kbd', {}, 's')), ' ',
            h('button', { 'data-action': 'canonical', onclick: () => decide('canonical') }, 'make canonical ', h('kbd', {}, 'm')))),
        h('div', { class: 'card' }, h('b', {}, 'where they are'), h('div', {}, distancePlot(v.members))),
        h('div', { class: 'card' }, h('b', {}, 'decisions'), decisions))));
}

async function decide(kind) {
  const v = state.cluster;
  const who = reviewer();
  if (!who) { status('type your name in "reviewer" first: every decision says who made it', true); document.getElementById('reviewer').focus(); return; }
  const body = { kind, cluster_id: v.cluster_id, decided_by: who, expected_version: v.version };
  const note = document.getElementById('note').value.trim(); if (note) body.note = note;
  if (kind === 'split' || kind === 'canonical') body.merchant_ids = [v.members[state.member].merchant_id];
  if (kind === 'not_duplicate') { const p = v.pairs[state.pair]; if (!p) return; body.merchant_ids = [p.a_id, p.b_id]; }
  try {
    await api('/decisions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    status(kind.replace('_', ' ') + ' recorded; the next rebuild honours it');
  } catch (e) { status(e.message, true); }
  await loadCluster(v.cluster_id);
}

function route() {
  const m = /^#\\/cluster\\/(.+)$/.exec(location.hash);
  if (m) loadCluster(decodeURIComponent(m[1])); else showQueue();
}

document.addEventListener('keydown', (e) => {
  const t = e.target;
  if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) { if (e.key === 'Escape') t.blur(); return; }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === '?') { document.getElementById('help').classList.toggle('on'); return; }
  if (state.view === 'queue') {
    const n = state.rows.length;
    if ((e.key === 'j' || e.key === 'ArrowDown') && n) { select(Math.min(n - 1, state.sel + 1)); document.querySelectorAll('#queue-body tr')[state.sel].focus(); e.preventDefault(); }
    else if ((e.key === 'k' || e.key === 'ArrowUp') && n) { select(Math.max(0, state.sel - 1)); document.querySelectorAll('#queue-body tr')[state.sel].focus(); e.preventDefault(); }
    else if (e.key === 'Enter' && n) { const id = state.rows[state.sel].cluster_id; if (id) openCluster(id); }
    else if (e.key === '/') { document.getElementById('f-city').focus(); e.preventDefault(); }
    else if (e.key === 'p') { state.mode = state.mode === 'clusters' ? 'pairs' : 'clusters'; state.sel = 0; loadQueue().catch((x) => status(x.message, true)); }
    return;
  }
  const v = state.cluster; if (!v) return;
  if (e.key === 'Escape' || e.key === 'Backspace') { backToQueue(); }
  else if (e.key === 'h' || e.key === 'ArrowLeft') { state.member = Math.max(0, state.member - 1); renderCluster(); }
  else if (e.key === 'l' || e.key === 'ArrowRight') { state.member = Math.min(v.members.length - 1, state.member + 1); renderCluster(); }
  else if (e.key === 'j' || e.key === 'ArrowDown') { state.pair = Math.min(v.pairs.length - 1, state.pair + 1); renderCluster(); e.preventDefault(); }
  else if (e.key === 'k' || e.key === 'ArrowUp') { state.pair = Math.max(0, state.pair - 1); renderCluster(); e.preventDefault(); }
  else if (e.key === 'c') decide('confirm');
  else if (e.key === 's') decide('split');
  else if (e.key === 'm') decide('canonical');
  else if (e.key === 'n') decide('not_duplicate');
});

function bindFilters() {
  const f = state.filter;
  const bind = (id, key, read) => document.getElementById(id).addEventListener('change', (e) => { f[key] = read(e.target); state.sel = 0; loadQueue().catch((x) => status(x.message, true)); });
  bind('f-sort', 'sort', (t) => t.value); bind('f-order', 'order', (t) => t.value); bind('f-band', 'band', (t) => t.value);
  bind('f-city', 'city', (t) => t.value.trim()); bind('f-risk', 'risk', (t) => t.checked); bind('f-status', 'status', (t) => t.value);
  bind('f-size', 'min_size', (t) => t.value); bind('f-mode', 'mode', (t) => (state.mode = t.value));
  const r = document.getElementById('reviewer'); r.value = localStorage.getItem('review.reviewer') || ''; r.addEventListener('change', reviewer);
}

window.addEventListener('hashchange', route);
bindFilters();
route();
`;

const BODY = `
<header>
  <h1>merchant-dedup · review</h1>
  <div class="counts" id="counts"></div>
  <div id="chart" title="pair scores: low / mid / high bands"></div>
  <label class="mute">reviewer <input id="reviewer" size="12" autocomplete="name"></label>
  <span class="mute">keys <kbd>?</kbd></span>
</header>
<main>
  <div class="card" id="help"><b>Keys.</b> Queue: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> open, <kbd>/</kbd> city filter,
    <kbd>p</kbd> clusters/pairs. Cluster: <kbd>h</kbd>/<kbd>l</kbd> member, <kbd>j</kbd>/<kbd>k</kbd> pair, <kbd>c</kbd> confirm,
    <kbd>s</kbd> split member out, <kbd>m</kbd> make member canonical, <kbd>n</kbd> pair not a duplicate, <kbd>Esc</kbd> back.
    Decisions are kept across rebuilds; each rebuild honours them.</div>
  <section id="queue">
    <div class="card filters">
      <label>show <select id="f-mode"><option value="clusters">clusters</option><option value="pairs">pairs</option></select></label>
      <label>sort <select id="f-sort"><option value="min_score">lowest pair score</option><option value="size">size</option><option value="max_score">highest pair score</option><option value="risk">risk</option><option value="decisions">decisions</option><option value="cluster_id">cluster id</option></select></label>
      <label>order <select id="f-order"><option value="asc">ascending</option><option value="desc">descending</option></select></label>
      <label>score band <select id="f-band"><option value="">any</option><option value="low">low</option><option value="mid">mid</option><option value="high">high</option></select></label>
      <label>min size <input id="f-size" type="number" min="2" size="4"></label>
      <label>city <input id="f-city" size="8" placeholder="北京"></label>
      <label>status <select id="f-status"><option value="all">all</option><option value="pending">not decided</option><option value="decided">decided</option></select></label>
      <label>risk alert <input id="f-risk" type="checkbox"></label>
      <span class="mute" id="total"></span>
    </div>
    <div class="card"><table><thead id="queue-head"></thead><tbody id="queue-body"></tbody></table></div>
  </section>
  <section id="cluster" hidden><div id="cluster-body"></div></section>
</main>
<div id="status" role="status"></div>
`;

let page: string | null = null;

export function reviewPage(): string {
  page ??= `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>merchant-dedup review</title>
<style>${STYLE}</style>
</head>
<body>${BODY}<script>${SCRIPT}</script>
</body>
</html>
`;
  return page;
}
