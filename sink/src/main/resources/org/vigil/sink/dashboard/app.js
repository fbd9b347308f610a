// The Vigil dashboard: one page, plain JavaScript, talking to /api with the bearer token kept in this tab only.
'use strict';

(() => {
  const $ = sel => document.querySelector(sel);
  const TABS_BY_ROLE = {
    analyst: ['trends', 'bias'],
    researcher: ['trends', 'bias', 'cohorts'],
    clinician: ['alerts'],
    admin: ['trends', 'bias', 'alerts', 'cohorts', 'audit'],
  };
  const state = { token: null, me: null, filters: null, selectedNote: null, trends: null, trendsQuery: '' };

  // ---- API ---------------------------------------------------------------------------------------------------
  async function api(path, options = {}) {
    const headers = Object.assign({ Authorization: 'Bearer ' + state.token }, options.headers || {});
    if (options.body) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, Object.assign({}, options, { headers }));
    if (!response.ok) {
      let message = response.status + ' ' + response.statusText;
      try { message = (await response.json()).error || message; } catch (e) { /* not JSON */ }
      const error = new Error(message);
      error.status = response.status;
      throw error;
    }
    return response;
  }
  const getJson = async path => (await api(path)).json();
  const postJson = async (path, body) => (await api(path, { method: 'POST', body: JSON.stringify(body) })).json();

  function say(text, ok) {
    const m = $('#message');
    m.textContent = text || '';
    m.classList.toggle('ok', !!ok);
  }

  function text(tag, value, cls) {
    const node = document.createElement(tag);
    node.textContent = value == null ? '' : String(value);
    if (cls) node.className = cls;
    return node;
  }

  function row(cells) {
    const tr = document.createElement('tr');
    cells.forEach(c => tr.appendChild(c instanceof Node ? wrap('td', c) : text('td', c)));
    return tr;
  }

  function wrap(tag, child) {
    const node = document.createElement(tag);
    node.appendChild(child);
    return node;
  }

  const day = iso => iso ? iso.substring(0, 10) : '';

  // ---- Sign in -----------------------------------------------------------------------------------------------
  async function signIn(token) {
    state.token = token;
    try {
      state.me = await getJson('api/me');
    } catch (e) {
      state.token = null;
      sessionStorage.removeItem('vigil.token');
      say(e.status === 401 ? 'That token is not valid.' : e.message);
      return;
    }
    sessionStorage.setItem('vigil.token', token);
    $('#sign-in-form').hidden = true;
    $('#who').hidden = false;
    $('#who-label').textContent = state.me.label;
    $('#who-role').textContent = state.me.role;
    $('#welcome').hidden = true;
    $('#tabs').hidden = false;
    const allowed = TABS_BY_ROLE[state.me.role] || [];
    document.querySelectorAll('#tabs button').forEach(b => { b.hidden = !allowed.includes(b.dataset.tab); });
    state.filters = await getJson('api/filters');
    fillFilterOptions();
    say('');
    show(allowed[0]);
  }

  function signOut() {
    sessionStorage.removeItem('vigil.token');
    location.hash = '';
    location.reload();
  }

  function fillFilterOptions() {
    document.querySelectorAll('select[data-options]').forEach(select => {
      select.textContent = '';
      const all = document.createElement('option');
      all.value = select.dataset.options === 'assertions' ? 'ALL' : '';
      all.textContent = select.dataset.all;
      select.appendChild(all);
      (state.filters[select.dataset.options] || []).forEach(v => {
        const o = document.createElement('option');
        o.value = v;
        o.textContent = v.replace(/_/g, ' ').toLowerCase();
        select.appendChild(o);
      });
      if (select.dataset.default) select.value = select.dataset.default;
    });
    checks('#cohort-kinds', 'kinds', state.filters.kinds, []);
    checks('#cohort-assertions', 'assertions', state.filters.assertions, ['AFFIRMED']);
    checks('#cohort-tiers', 'tiers', state.filters.tiers.filter(t => t !== 'NONE'), []);
  }

  function checks(container, name, values, checked) {
    const box = $(container);
    box.textContent = '';
    values.forEach(v => {
      const label = document.createElement('label');
      const input = document.createElement('input');
      input.type = 'checkbox';
      input.name = name;
      input.value = v;
      input.checked = checked.includes(v);
      label.appendChild(input);
      label.appendChild(document.createTextNode(' ' + v.replace(/_/g, ' ').toLowerCase()));
      box.appendChild(label);
    });
  }

  // ---- Tabs --------------------------------------------------------------------------------------------------
  function show(tab) {
    if (!tab) return;
    document.querySelectorAll('#tabs button').forEach(b => b.classList.toggle('active', b.dataset.tab === tab));
    document.querySelectorAll('main > section.panel').forEach(p => { p.hidden = p.id !== 'panel-' + tab; });
    say('');
    ({ trends: loadTrends, bias: loadBias, alerts: loadAlerts, cohorts: loadCohorts, audit: loadAudit })[tab]();
  }

  function query(form) {
    const params = new URLSearchParams();
    new FormData(form).forEach((v, k) => { if (v !== '') params.set(k, v); });
    return params.toString();
  }

  // ---- Trends ------------------------------------------------------------------------------------------------
  // The last answer is kept so that switching view, metric or scale redraws without asking the server again.
  async function loadTrends() {
    try {
      const q = query($('#trend-filters'));
      state.trends = await getJson('api/trends?' + q);
      state.trendsQuery = q;
      renderTrends();
    } catch (e) { say(e.message); }
  }

  function renderTrends() {
    const trends = state.trends;
    if (!trends) return;
    const metric = $('#trend-metric').value;
    const charts = $('#trend-charts');
    charts.dataset.query = state.trendsQuery;
    charts.dataset.metric = metric;
    VigilChart.multiples(charts, trends, { metric, scale: $('#trend-scale').value });
    renderTrendTable(trends, metric);
    const per = trends.bucket === 'month' ? 'month' : 'week (Monday, UTC)';
    const label = start => trends.bucket === 'month' ? start.substring(0, 7) : start;
    const span = trends.buckets.length === 0 ? ''
      : `, ${label(trends.buckets[0])} to ${label(trends.buckets[trends.buckets.length - 1])}`;
    $('#trend-summary').textContent = `${metric === 'rate' ? 'Notes with the signal per 1,000 notes stored'
      : 'Notes with the signal'}, per ${per}${span}. Notes stored in the period: ${trends.notesTotal.display}.`
      + (trends.earlierOmitted ? ` Only the latest ${trends.buckets.length} ${trends.bucket}s are shown; set From to see earlier ones.` : '');
    const assertions = [...new Set(trends.series.map(s => s.assertion))];
    const legend = $('#trend-legend');
    legend.textContent = '';
    if (assertions.length > 1) {
      assertions.forEach((a, i) => {
        const item = document.createElement('span');
        const swatch = text('span', '', 'swatch');
        swatch.style.background = VigilChart.colorOf(a, i);
        item.appendChild(swatch);
        item.appendChild(document.createTextNode(a.toLowerCase()));
        legend.appendChild(item);
      });
    }
    $('#trend-note').textContent = (trends.suppressed
      ? `Counts from 1 to ${trends.minCellSize - 1} are hidden (<${trends.minCellSize}), and so is any rate worked out from a hidden count: hollow markers (in the grey band for counts, under the axis for rates). `
      : 'Exact counts (your role sees cells below the small-cell size). ')
      + 'A note counts once however often it mentions a kind; the rate\'s denominator is every note stored in the period, with or without signals.';
  }

  /** The plotted numbers: one row per period, the notes stored in it, and one column per kind (and assertion). */
  function renderTrendTable(trends, metric) {
    const table = $('#trend-table');
    const multi = new Set(trends.series.map(s => s.assertion)).size > 1;
    const head = document.createElement('tr');
    [trends.bucket === 'month' ? 'Month' : 'Week of', 'Notes stored'].forEach(h => head.appendChild(text('th', h)));
    trends.series.forEach(s => {
      const th = text('th', VigilChart.kindLabel(s.kind) + (multi ? ` (${s.assertion.toLowerCase()})` : ''));
      th.dataset.kind = s.kind;
      th.dataset.assertion = s.assertion;
      head.appendChild(th);
    });
    table.tHead.textContent = '';
    table.tHead.appendChild(head);
    const cell = (point, notes) => metric === 'count' ? point.display
      : point.rate !== null ? point.rate.toFixed(1) : notes.value === 0 ? '—' : 'hidden';
    const body = table.tBodies[0];
    body.textContent = '';
    trends.buckets.forEach((start, i) => {
      const tr = row([trends.bucket === 'month' ? start.substring(0, 7) : start, trends.notes[i].display]
        .concat(trends.series.map(s => cell(s.points[i], trends.notes[i]))));
      tr.dataset.start = start;
      body.appendChild(tr);
    });
    const foot = table.tFoot;
    foot.textContent = '';
    foot.appendChild(row(['All', trends.notesTotal.display].concat(trends.series.map(s => metric === 'count'
      ? s.total.display : s.rate !== null ? s.rate.toFixed(1) : 'hidden'))));
  }

  function showTrendView(view) {
    document.querySelectorAll('#panel-trends .segmented button').forEach(b => b.classList.toggle('active', b.dataset.view === view));
    $('#trend-charts').hidden = view !== 'charts';
    $('#trend-legend').hidden = view !== 'charts';
    $('#trend-scale').closest('label').hidden = view !== 'charts';
    $('#trend-table-wrap').hidden = view !== 'table';
  }

  // ---- Bias audit --------------------------------------------------------------------------------------------
  const CI_WIDTH = 160;
  const percent = v => (v * 100).toFixed(1);

  async function loadBias() {
    try {
      const q = query($('#bias-filters'));
      const bias = await getJson('api/bias?' + q);
      const table = $('#bias-table');
      table.dataset.query = q;
      const body = table.tBodies[0];
      body.textContent = '';
      const rows = [bias.overall].concat(bias.groups);
      // One scale per measure for all rows, so intervals can be compared by eye down the column.
      const scale = measure => Math.max(0.1, Math.ceil(10 * Math.max(0, ...rows
        .map(r => r[measure].interval ? r[measure].interval.upper : 0))) / 10);
      const signalMax = scale('signalRate');
      const alarmMax = scale('falseAlarmRate');
      rows.forEach((g, i) => {
        const tr = row([i === 0 ? 'All notes in scope' : g.attribute, i === 0 ? '' : g.value,
          g.notes.display, g.withSignal.display, rateText(g.signalRate, g.withSignal, g.notes),
          intervalPlot(g.signalRate, bias.overall.signalRate, signalMax, 'signal'),
          g.adjudicated.display, g.falseAlarms.display, rateText(g.falseAlarmRate, g.falseAlarms, g.adjudicated),
          intervalPlot(g.falseAlarmRate, bias.overall.falseAlarmRate, alarmMax, 'false-alarm')]);
        tr.className = i === 0 ? 'overall' : '';
        tr.dataset.attribute = i === 0 ? '' : g.attribute;
        tr.dataset.value = i === 0 ? '' : g.value;
        body.appendChild(tr);
      });
      if (bias.groups.length === 0) body.appendChild(row(['No group attributes on the notes in scope.', '', '', '', '', '', '', '', '', '']));
      $('#bias-note').textContent = bias.suppressed
        ? `Counts from 1 to ${bias.minCellSize - 1} are hidden (<${bias.minCellSize}), with the smallest others of the same attribute where needed ("hidden"); a rate or interval worked out from a hidden count is not shown.`
        : 'Exact counts (your role sees cells below the small-cell size).';
    } catch (e) { say(e.message); }
  }

  /** The rate, its interval and its flag; "hidden" where a count behind it is hidden, a dash where there is none. */
  function rateText(rate, part, whole) {
    if (rate.value == null) return part.value == null || whole.value == null ? 'hidden' : '\u2014';
    const flag = rate.difference === 'ABOVE' ? ' \u25B2' : rate.difference === 'BELOW' ? ' \u25BC' : '';
    const span = text('span', `${percent(rate.value)}% (${percent(rate.interval.lower)}\u2013${percent(rate.interval.upper)})${flag}`);
    if (rate.difference) {
      span.className = 'flag ' + rate.difference.toLowerCase();
      span.title = (rate.difference === 'ABOVE' ? 'Above' : 'Below') + ' the overall rate: the 95% intervals do not overlap';
    }
    return span;
  }

  /** The 95% interval as a bar over the overall interval's grey band, on a 0..max scale kept in data-max. */
  function intervalPlot(rate, overall, max, measure) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', `0 0 ${CI_WIDTH} 14`);
    svg.setAttribute('width', CI_WIDTH);
    svg.setAttribute('height', 14);
    svg.setAttribute('class', 'ci-plot ' + measure);
    svg.dataset.max = max;
    const x = v => (v / max * CI_WIDTH).toFixed(2);
    const add = (tag, attrs) => {
      const node = document.createElementNS(ns, tag);
      Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
      svg.appendChild(node);
      return node;
    };
    add('rect', { class: 'track', x: 0, y: 3, width: CI_WIDTH, height: 8 });
    if (overall.interval) {
      add('rect', { class: 'overall-band', x: x(overall.interval.lower), y: 0,
        width: (x(overall.interval.upper) - x(overall.interval.lower)).toFixed(2), height: 14 });
    }
    if (rate.interval) {
      add('line', { class: 'ci' + (rate.difference ? ' flagged' : ''), x1: x(rate.interval.lower), x2: x(rate.interval.upper), y1: 7, y2: 7 });
      add('circle', { class: 'estimate', cx: x(rate.value), cy: 7, r: 3 });
    }
    return svg;
  }

  // ---- Alerts ------------------------------------------------------------------------------------------------
  // Reasons are codes from the server's list: free text could carry a name into data kept forever.
  async function fillReasons() {
    if (state.reasons) return;
    state.reasons = await getJson('api/adjudication-reasons');
    const select = $('#reason');
    state.reasons.forEach(r => {
      const o = document.createElement('option');
      o.value = r.code;
      o.textContent = r.label;
      select.appendChild(o);
    });
  }

  const reasonLabel = code => ((state.reasons || []).find(r => r.code === code) || { label: code }).label;

  async function loadAlerts() {
    try {
      await fillReasons();
      const alerts = await getJson('api/alerts?status=' + $('#alert-status').value);
      const body = $('#alerts-table tbody');
      body.textContent = '';
      alerts.forEach(a => {
        const tr = row([text('span', a.tier, 'tier ' + a.tier), day(a.noteDate), a.noteType, a.signals, a.status.toLowerCase()]);
        tr.dataset.noteId = a.noteId;
        tr.addEventListener('click', () => openNote(a.noteId, tr));
        body.appendChild(tr);
      });
      if (alerts.length === 0) body.appendChild(row(['No alerts.', '', '', '', '']));
    } catch (e) { say(e.message); }
  }

  async function openNote(noteId, tr) {
    document.querySelectorAll('#alerts-table tr.selected').forEach(r => r.classList.remove('selected'));
    if (tr) tr.classList.add('selected');
    try {
      const note = await getJson('api/notes/' + encodeURIComponent(noteId));
      state.selectedNote = note;
      $('#note-view').hidden = false;
      const identifiers = note.deidMode === 'SURROGATE' ? 'identifiers replaced by surrogates (names shown are not real)'
        : 'identifiers replaced by tags';
      $('#note-meta').textContent = `${note.noteType} · ${day(note.noteDate)} · patient ${note.patientPseudonym.substring(0, 10)}… · ${identifiers}`;
      const tier = $('#note-tier');
      tier.textContent = '';
      tier.appendChild(text('span', note.tier, 'tier ' + note.tier));
      tier.appendChild(document.createTextNode(' ' + note.tierReasons.join('; ')));
      renderHighlighted($('#note-text'), note.text, note.evidence);
      const body = $('#evidence-table tbody');
      body.textContent = '';
      note.evidence.forEach(ev => {
        const tr2 = row([ev.kind.replace(/_/g, ' ').toLowerCase(), ev.assertion.toLowerCase(), ev.text,
          ev.source + ' ' + ev.sourceVersion, ev.confidence.toFixed(2)]);
        tr2.addEventListener('mouseenter', () => focusMark(ev.ordinal, true));
        tr2.addEventListener('mouseleave', () => focusMark(ev.ordinal, false));
        body.appendChild(tr2);
      });
      renderHistory(note.adjudications);
      $('#adjudication-form').reset();
      $('#adjudication-status').textContent = '';
      $('#adjudicate').disabled = state.me.role !== 'clinician';
      if (state.me.role !== 'clinician') $('#adjudication-status').textContent = 'Only clinicians adjudicate.';
    } catch (e) { say(e.message); }
  }

  /** Wraps each evidence span in a mark; overlapping spans are split at every boundary so none is lost. */
  function renderHighlighted(pre, noteText, evidence) {
    pre.textContent = '';
    const cuts = new Set([0, noteText.length]);
    evidence.forEach(ev => { cuts.add(Math.max(0, Math.min(ev.start, noteText.length))); cuts.add(Math.max(0, Math.min(ev.end, noteText.length))); });
    const points = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i < points.length - 1; i++) {
      const from = points[i], to = points[i + 1];
      const covering = evidence.filter(ev => ev.start <= from && ev.end >= to && ev.end > ev.start);
      const piece = noteText.substring(from, to);
      if (covering.length === 0) {
        pre.appendChild(document.createTextNode(piece));
      } else {
        const mark = text('mark', piece, covering[0].assertion);
        mark.title = covering.map(ev => `${ev.kind} (${ev.assertion}) — ${ev.source} ${ev.sourceVersion}`).join('\n');
        mark.dataset.ordinals = covering.map(ev => ev.ordinal).join(' ');
        mark.dataset.kind = covering[0].kind;
        pre.appendChild(mark);
      }
    }
  }

  function focusMark(ordinal, on) {
    document.querySelectorAll('#note-text mark').forEach(m => {
      if (m.dataset.ordinals.split(' ').includes(String(ordinal))) m.classList.toggle('focus', on);
    });
  }

  function renderHistory(adjudications) {
    const list = $('#adjudication-history');
    list.textContent = '';
    adjudications.forEach(a => list.appendChild(text('li',
      `${a.adjudicatedAt.substring(0, 16).replace('T', ' ')} · ${a.reviewer} (${a.reviewerRole}): ${a.verdict.replace('_', ' ').toLowerCase()}`
      + (a.reason ? ' — ' + reasonLabel(a.reason) : '') + (a.publishedAt ? ' · published' : ' · awaiting publication'))));
  }

  async function adjudicate(event) {
    event.preventDefault();
    const note = state.selectedNote;
    const verdict = (document.querySelector('input[name=verdict]:checked') || {}).value;
    const reason = $('#reason').value;
    const status = $('#adjudication-status');
    status.classList.remove('ok');
    if (!verdict) { status.textContent = 'Choose true or false positive.'; return; }
    if (verdict === 'FALSE_POSITIVE' && !reason) { status.textContent = 'A false positive needs a reason.'; return; }
    try {
      const saved = await postJson('api/alerts/' + encodeURIComponent(note.noteId) + '/adjudication',
        reason ? { verdict, reason } : { verdict });
      status.textContent = `Adjudication #${saved.id} recorded: ${saved.verdict.replace('_', ' ').toLowerCase()}.`;
      status.classList.add('ok');
      renderHistory((await getJson('api/notes/' + encodeURIComponent(note.noteId) + '/adjudications')));
      loadAlerts();
    } catch (e) { status.textContent = e.message; }
  }

  // ---- Cohorts -----------------------------------------------------------------------------------------------
  function criteria() {
    const form = $('#cohort-form');
    const picked = name => [...form.querySelectorAll(`input[name=${name}]:checked`)].map(i => i.value);
    const c = { kinds: picked('kinds'), assertions: picked('assertions'), tiers: picked('tiers'),
      minNotes: parseInt(form.minNotes.value || '1', 10) };
    if (form.from.value) c.from = form.from.value;
    if (form.to.value) c.to = form.to.value;
    return c;
  }

  let countTimer = null;
  function liveCount() {
    clearTimeout(countTimer);
    countTimer = setTimeout(async () => {
      try {
        const count = await postJson('api/cohorts/count', criteria());
        $('#cohort-count').textContent = count.patients.display;
        $('#cohort-exportable').textContent = count.exportable ? '' : '(below the small-cell size: cannot be exported)';
      } catch (e) { $('#cohort-count').textContent = '–'; say(e.message); }
    }, 250);
  }

  async function loadCohorts() {
    liveCount();
    try {
      const cohorts = await getJson('api/cohorts');
      const body = $('#cohorts-table tbody');
      body.textContent = '';
      cohorts.forEach(c => {
        const exports = document.createElement('span');
        [['CSV', 'csv', 'text/csv'], ['FHIR Group (NDJSON)', 'ndjson', 'application/fhir+ndjson']].forEach(([label, ext]) => {
          const b = text('button', label, 'secondary');
          b.type = 'button';
          b.disabled = !c.exportable;
          b.title = c.exportable ? '' : 'Below the small-cell size';
          b.addEventListener('click', () => download(`api/cohorts/${c.id}/export.${ext}`, `cohort-${c.id}.${ext}`));
          exports.appendChild(b);
          exports.appendChild(document.createTextNode(' '));
        });
        body.appendChild(row([c.name, c.patients.display, day(c.createdAt), exports]));
      });
    } catch (e) { say(e.message); }
  }

  async function download(path, filename) {
    try {
      const blob = await (await api(path)).blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      say('Exported ' + filename + ' (the export is in the access audit).', true);
    } catch (e) { say(e.message); }
  }

  async function saveCohort(event) {
    event.preventDefault();
    const name = $('#cohort-name').value.trim();
    if (!name) { say('Give the cohort a name.'); return; }
    try {
      await postJson('api/cohorts', { name, criteria: criteria() });
      say('Cohort saved.', true);
      loadCohorts();
    } catch (e) { say(e.message); }
  }

  // ---- Audit -------------------------------------------------------------------------------------------------
  async function loadAudit() {
    try {
      const entries = await getJson('api/audit?limit=300');
      const body = $('#audit-table tbody');
      body.textContent = '';
      entries.forEach(e => body.appendChild(row([e.at.replace('T', ' ').substring(0, 19), e.tokenLabel || '(no token)',
        e.role || '', e.action, e.target || '', e.outcome])));
    } catch (e) { say(e.message); }
  }

  // ---- Wiring ------------------------------------------------------------------------------------------------
  document.addEventListener('DOMContentLoaded', () => {
    $('#sign-in-form').addEventListener('submit', e => { e.preventDefault(); signIn($('#token').value.trim()); });
    $('#sign-out').addEventListener('click', signOut);
    document.querySelectorAll('#tabs button').forEach(b => b.addEventListener('click', () => show(b.dataset.tab)));
    $('#trend-filters').addEventListener('submit', e => { e.preventDefault(); loadTrends(); });
    $('#trend-metric').addEventListener('change', renderTrends);
    $('#trend-scale').addEventListener('change', renderTrends);
    document.querySelectorAll('#panel-trends .segmented button').forEach(b => b.addEventListener('click', () => showTrendView(b.dataset.view)));
    $('#trend-csv').addEventListener('click', () => download('api/trends.csv?' + query($('#trend-filters')),
      'vigil-trends-' + $('#trend-bucket').value + '.csv'));
    $('#bias-filters').addEventListener('submit', e => { e.preventDefault(); loadBias(); });
    $('#alert-status').addEventListener('change', loadAlerts);
    $('#adjudication-form').addEventListener('submit', adjudicate);
    $('#cohort-form').addEventListener('change', liveCount);
    $('#cohort-form').addEventListener('input', liveCount);
    $('#cohort-form').addEventListener('submit', saveCohort);
    // A token may arrive in the fragment (the demo prints such a link); it never reaches the server's logs there.
    const fromHash = new URLSearchParams(location.hash.substring(1)).get('token');
    if (fromHash) history.replaceState(null, '', location.pathname);
    const token = fromHash || sessionStorage.getItem('vigil.token');
    if (token) signIn(token);
  });
})();
