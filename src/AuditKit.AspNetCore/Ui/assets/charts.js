// Charts with Chart.js (embedded from npm at build time, loaded before the modules as ui/chart.umd.js).
import { h } from './dom.js';

const palette = ['#1f5fa8', '#2e7d32', '#b35c00', '#8e24aa', '#00838f', '#6d4c41', '#c62828', '#455a64'];

/**
 * A chart in a fixed-height box, with the data also as a list for screen readers.
 * kind: 'bar' | 'line' | 'doughnut'; labels: x labels; series: [{ label, data }].
 */
export function chart(ctx, title, kind, labels, series, options = {}) {
  const canvas = h('canvas', { role: 'img', 'aria-label': title });
  const box = h('div', { class: `chart chart-${kind}` }, canvas);
  const described = h('ul', { class: 'visually-hidden', 'aria-label': `${title} (data)` },
    labels.map((label, i) => h('li', null, `${label}: ${series.map((s) => s.data[i]).join(', ')}`)));
  const figure = h('figure', { class: 'figure' }, h('figcaption', null, title), box, described);
  const Chart = window.Chart;
  if (!Chart) throw new Error('Chart.js did not load.');
  queueMicrotask(() => {
    if (!canvas.isConnected) return;
    const instance = new Chart(canvas, {
      type: kind,
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: s.data,
          backgroundColor: kind === 'doughnut' ? labels.map((_, j) => palette[j % palette.length]) : palette[i % palette.length],
          borderColor: kind === 'doughnut' ? '#ffffff' : palette[i % palette.length],
          borderWidth: kind === 'line' ? 2 : 1,
          pointRadius: kind === 'line' ? 2 : undefined,
          fill: false,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: kind === 'doughnut' || series.length > 1, position: 'bottom' } },
        scales: kind === 'doughnut' ? undefined : { y: { beginAtZero: true, ticks: { precision: 0 } } },
        ...options,
      },
    });
    ctx.onCleanup(() => instance.destroy());
  });
  return figure;
}

/** Days from..to (yyyy-MM-dd keys) with zero where the API has no group. */
export function fillDays(items, fromIso, toIso) {
  const counts = new Map(items.map((i) => [i.key, i.count]));
  const labels = [];
  const data = [];
  const d = new Date(fromIso);
  d.setHours(0, 0, 0, 0);
  const end = new Date(toIso);
  const pad = (n) => String(n).padStart(2, '0');
  while (d < end) {
    const key = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    labels.push(key.slice(5));
    data.push(counts.get(key) ?? 0);
    d.setDate(d.getDate() + 1);
  }
  return { labels, data };
}

/** Hours from..to (yyyy-MM-ddTHH keys) with zero where the API has no group. */
export function fillHours(items, fromIso, toIso) {
  const counts = new Map(items.map((i) => [i.key, i.count]));
  const labels = [];
  const data = [];
  const d = new Date(fromIso);
  d.setMinutes(0, 0, 0);
  const end = new Date(toIso);
  const pad = (n) => String(n).padStart(2, '0');
  while (d < end) {
    const key = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}`;
    labels.push(`${pad(d.getHours())}:00`);
    data.push(counts.get(key) ?? 0);
    d.setHours(d.getHours() + 1);
  }
  return { labels, data };
}
