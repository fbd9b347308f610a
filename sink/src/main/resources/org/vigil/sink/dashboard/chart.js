// Draws the weekly trend as an inline SVG line chart. Written by hand (no charting library) so the dashboard has
// no third-party assets and loads nothing from outside the jar.
'use strict';

const VigilChart = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  const PALETTE = ['#1f5fa8', '#d9822b', '#2e9e5b', '#b3261e', '#7b4fa8', '#1b9aaa', '#8c6d1f', '#d04f97',
    '#4d6b2f', '#5b5f97', '#a84f1f', '#3a7d7c', '#996633', '#6a8caf', '#c0392b', '#555555'];

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

  /**
   * trends: the /api/trends answer. Suppressed cells (value null) are drawn as hollow markers inside a grey band
   * below the cell size, never as a number.
   */
  function draw(container, trends, colorOf) {
    container.textContent = '';
    const width = Math.max(container.clientWidth || 900, 480), height = 360;
    const m = { left: 48, right: 40, top: 14, bottom: 44 };
    const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'data-series': trends.series.length }, container);
    const weeks = trends.weeks;
    if (weeks.length === 0 || trends.series.length === 0) {
      const t = el('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'empty' }, svg);
      t.textContent = 'No signals match these filters.';
      return svg;
    }
    let max = trends.suppressed ? trends.minCellSize : 1;
    trends.series.forEach(s => s.points.forEach(p => { if (p.value !== null) max = Math.max(max, p.value); }));
    max = niceMax(max);
    const x = i => m.left + (weeks.length === 1 ? (width - m.left - m.right) / 2 : i * (width - m.left - m.right) / (weeks.length - 1));
    const y = v => height - m.bottom - v * (height - m.top - m.bottom) / max;

    for (let i = 0; i <= 5; i++) {
      const v = max * i / 5;
      el('line', { x1: m.left, x2: width - m.right, y1: y(v), y2: y(v), class: 'grid-line' }, svg);
      const t = el('text', { x: m.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, svg);
      t.textContent = Number.isInteger(v) ? v : v.toFixed(1);
    }
    if (trends.suppressed) {
      const band = el('rect', { x: m.left, y: y(trends.minCellSize), width: width - m.left - m.right,
        height: y(0) - y(trends.minCellSize), class: 'suppressed-band' }, svg);
      el('title', {}, band).textContent = `counts 1–${trends.minCellSize - 1} hidden (<${trends.minCellSize})`;
    }
    el('line', { x1: m.left, x2: width - m.right, y1: y(0), y2: y(0), class: 'axis' }, svg);
    el('line', { x1: m.left, x2: m.left, y1: m.top, y2: y(0), class: 'axis' }, svg);
    const every = Math.max(1, Math.ceil(weeks.length / 12));
    weeks.forEach((w, i) => {
      if (i % every !== 0) return;
      const t = el('text', { x: x(i), y: height - m.bottom + 16, 'text-anchor': 'middle' }, svg);
      t.textContent = w;
    });
    const label = el('text', { x: m.left, y: height - 6 }, svg);
    label.textContent = 'week starting (Monday, shifted note dates)';

    trends.series.forEach((s, index) => {
      const color = colorOf(s, index);
      let d = '';
      let pen = false;
      s.points.forEach((p, i) => {
        if (p.value === null) { pen = false; return; }
        d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)} `;
        pen = true;
      });
      if (d) {
        const path = el('path', { d: d.trim(), class: 'series', stroke: color, 'data-kind': s.kind, 'data-assertion': s.assertion }, svg);
        const title = el('title', {}, path);
        title.textContent = `${s.kind} (${s.assertion}): ${s.total.display} in the period`;
      }
      s.points.forEach((p, i) => {
        if (p.value === null) {
          const c = el('circle', { cx: x(i), cy: y(trends.minCellSize / 2), r: 3.5, class: 'hidden-cell', stroke: color }, svg);
          el('title', {}, c).textContent = `${s.kind} ${p.week}: ${p.display}`;
        } else if (weeks.length <= 60) {
          const c = el('circle', { cx: x(i), cy: y(p.value), r: 2.5, fill: color }, svg);
          el('title', {}, c).textContent = `${s.kind} ${p.week}: ${p.display}`;
        }
      });
    });
    return svg;
  }

  return { draw, PALETTE };
})();
