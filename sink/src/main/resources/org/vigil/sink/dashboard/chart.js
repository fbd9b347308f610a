// Draws the trends as small multiples: one small SVG line chart per signal kind, all on the same time axis. Written by
// hand (no charting library) so the dashboard has no third-party assets and loads nothing from outside the jar.
'use strict';

const VigilChart = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  const ASSERTION_COLORS = { AFFIRMED: '#1f5fa8', NEGATED: '#7a8796', HISTORICAL: '#d9822b', HYPOTHETICAL: '#7b4fa8',
    FAMILY: '#2e9e5b', UNCERTAIN: '#b3261e' };
  const FALLBACK_COLORS = ['#1b9aaa', '#8c6d1f', '#d04f97', '#4d6b2f'];

  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (parent) parent.appendChild(node);
    return node;
  }

  function niceMax(value) {
    if (value <= 0) return 10;
    const step = Math.pow(10, Math.floor(Math.log10(value)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= value) return m * step;
    return 10 * step;
  }

  function colorOf(assertion, index) {
    return ASSERTION_COLORS[assertion] || FALLBACK_COLORS[index % FALLBACK_COLORS.length];
  }

  const kindLabel = kind => {
    const words = kind.replace(/_/g, ' ').toLowerCase();
    return words.charAt(0).toUpperCase() + words.substring(1);
  };

  /** The number a point plots: its rate per 1,000 notes, or its count; null when hidden or there is no rate. */
  const plotted = (point, metric) => metric === 'rate' ? point.rate : point.value;

  const format = (value, metric) => value === null || value === undefined ? ''
    : metric === 'rate' ? value.toFixed(1) : String(value);

  /** Series of one kind together: the panels of the small multiples, in the API's order. */
  function panels(trends) {
    const byKind = new Map();
    trends.series.forEach(s => {
      if (!byKind.has(s.kind)) byKind.set(s.kind, []);
      byKind.get(s.kind).push(s);
    });
    return [...byKind.entries()].map(([kind, series]) => ({ kind, series }));
  }

  function maxOf(series, metric, trends) {
    let max = metric === 'count' && trends.suppressed ? trends.minCellSize : 0;
    series.forEach(s => s.points.forEach(p => { const v = plotted(p, metric); if (v !== null) max = Math.max(max, v); }));
    return niceMax(max);
  }

  /**
   * trends: the /api/trends answer; options: metric ('rate' or 'count') and scale ('shared': one y-axis for all
   * panels, so heights compare across kinds; 'own': each panel's axis fits its kind). Hidden cells are drawn as
   * hollow markers, never as a number: for counts inside a grey band below the cell size, for rates under the axis.
   */
  function multiples(container, trends, options) {
    container.textContent = '';
    const metric = options.metric;
    const groups = panels(trends);
    if (trends.buckets.length === 0 || groups.length === 0) {
      const p = document.createElement('p');
      p.className = 'empty';
      p.textContent = 'No signals match these filters.';
      container.appendChild(p);
      return;
    }
    const shared = maxOf(trends.series, metric, trends);
    groups.forEach(group => {
      const figure = document.createElement('figure');
      figure.className = 'multiple';
      figure.dataset.kind = group.kind;
      const caption = document.createElement('figcaption');
      const name = document.createElement('strong');
      name.textContent = kindLabel(group.kind);
      caption.appendChild(name);
      if (group.series.length === 1) {
        const s = group.series[0];
        const summary = document.createElement('span');
        summary.className = 'total';
        summary.textContent = `${s.total.display} notes` + (s.rate === null ? '' : ` · ${s.rate.toFixed(1)} per 1,000`);
        caption.appendChild(summary);
      }
      figure.appendChild(caption);
      container.appendChild(figure);
      draw(figure, trends, group.series, metric, options.scale === 'own' ? maxOf(group.series, metric, trends) : shared);
    });
  }

  function draw(figure, trends, series, metric, max) {
    const buckets = trends.buckets;
    const width = 320, height = 150;
    const m = { left: 44, right: 10, top: 8, bottom: 30 };
    const bottom = height - m.bottom;
    const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'data-y-max': max,
      'data-plot-top': m.top, 'data-plot-bottom': bottom }, figure);
    el('title', {}, svg).textContent = `${kindLabel(series[0].kind)}: ${metric === 'rate'
      ? 'notes with the signal per 1,000 notes' : 'notes with the signal'}, per ${trends.bucket}`;
    const x = i => m.left + (buckets.length === 1 ? (width - m.left - m.right) / 2
      : i * (width - m.left - m.right) / (buckets.length - 1));
    const y = v => bottom - v * (bottom - m.top) / max;

    [0, max / 2, max].forEach(v => {
      el('line', { x1: m.left, x2: width - m.right, y1: y(v), y2: y(v), class: v === 0 ? 'axis' : 'grid-line' }, svg);
      const t = el('text', { x: m.left - 5, y: y(v) + 4, 'text-anchor': 'end' }, svg);
      t.textContent = Number.isInteger(v) ? v.toLocaleString('en') : v.toFixed(1);
    });
    if (metric === 'count' && trends.suppressed && trends.minCellSize <= max) {
      const band = el('rect', { x: m.left, y: y(trends.minCellSize), width: width - m.left - m.right,
        height: y(0) - y(trends.minCellSize), class: 'suppressed-band' }, svg);
      el('title', {}, band).textContent = `counts 1–${trends.minCellSize - 1} hidden (<${trends.minCellSize})`;
    }
    const label = start => trends.bucket === 'month' ? start.substring(0, 7) : start;
    [[0, 'start'], [buckets.length - 1, 'end']].forEach(([i, anchor]) => {
      if (i < 0 || (anchor === 'end' && i === 0)) return;
      const t = el('text', { x: x(i), y: height - 4, 'text-anchor': anchor }, svg);
      t.textContent = label(buckets[i]);
    });

    const radius = buckets.length > 120 ? 1.2 : buckets.length > 40 ? 1.8 : 2.5;
    series.forEach((s, index) => {
      const color = colorOf(s.assertion, index);
      let d = '';
      let pen = false;
      s.points.forEach((p, i) => {
        const v = plotted(p, metric);
        if (v === null) { pen = false; return; }
        d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
        pen = true;
      });
      if (d) {
        el('path', { d: d.trim(), class: 'series', stroke: color, 'data-kind': s.kind, 'data-assertion': s.assertion }, svg);
      }
      s.points.forEach((p, i) => {
        const v = plotted(p, metric);
        const hidden = p.value === null || (metric === 'rate' && v === null && trends.notes[i].value === null);
        if (hidden) {
          // A hidden count, or a rate over a hidden count: marked, with no height that could be read as a value.
          const cy = metric === 'count' ? y(Math.min(trends.minCellSize, max) / 2) : bottom + 6;
          const c = el('circle', { cx: x(i), cy, r: 2.5, class: 'hidden-cell', stroke: color,
            'data-assertion': s.assertion, 'data-start': p.start }, svg);
          el('title', {}, c).textContent = `${label(p.start)}: ${p.display} notes, rate hidden`;
        } else if (v !== null) {
          const c = el('circle', { cx: x(i).toFixed(2), cy: y(v).toFixed(2), r: radius, fill: color, class: 'point',
            'data-assertion': s.assertion, 'data-start': p.start, 'data-value': v }, svg);
          el('title', {}, c).textContent = `${label(p.start)}: ${p.display} of ${trends.notes[i].display} notes`
            + (p.rate === null ? '' : ` (${p.rate.toFixed(1)} per 1,000)`);
        }
      });
    });
  }

  return { multiples, colorOf, kindLabel, format, plotted };
})();
