/**
 * A small in-process metrics registry rendered in the Prometheus text format. Runtime-neutral (no prom-client):
 * counters and histograms keyed by label sets. On Workers each isolate keeps its own.
 */
type Labels = Record<string, string>;

const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

interface Family {
  type: 'counter' | 'histogram';
  help: string;
  series: Map<string, { labels: Labels; value: number; buckets?: number[]; sum?: number }>;
}

const labelKey = (labels: Labels) =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const renderLabels = (labels: Labels, extra: Labels = {}) => {
  const all = { ...labels, ...extra };
  const keys = Object.keys(all);
  return keys.length ? `{${keys.map((k) => `${k}="${escapeLabel(all[k]!)}"`).join(',')}}` : '';
};

export class Metrics {
  private families = new Map<string, Family>();

  constructor(private readonly buckets: number[] = DEFAULT_BUCKETS) {}

  private family(name: string, type: Family['type'], help: string): Family {
    let f = this.families.get(name);
    if (!f) this.families.set(name, (f = { type, help, series: new Map() }));
    return f;
  }

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    const f = this.family(name, 'counter', help);
    const key = labelKey(labels);
    const s = f.series.get(key) ?? { labels, value: 0 };
    s.value += by;
    f.series.set(key, s);
  }

  observe(name: string, help: string, labels: Labels, seconds: number): void {
    const f = this.family(name, 'histogram', help);
    const key = labelKey(labels);
    const s = f.series.get(key) ?? { labels, value: 0, sum: 0, buckets: this.buckets.map(() => 0) };
    s.value += 1;
    s.sum! += seconds;
    this.buckets.forEach((le, i) => {
      if (seconds <= le) s.buckets![i]! += 1;
    });
    f.series.set(key, s);
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, f] of this.families) {
      lines.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
      for (const s of f.series.values()) {
        if (f.type === 'counter') {
          lines.push(`${name}${renderLabels(s.labels)} ${s.value}`);
          continue;
        }
        this.buckets.forEach((le, i) => lines.push(`${name}_bucket${renderLabels(s.labels, { le: String(le) })} ${s.buckets![i]}`));
        lines.push(`${name}_bucket${renderLabels(s.labels, { le: '+Inf' })} ${s.value}`);
        lines.push(`${name}_sum${renderLabels(s.labels)} ${s.sum}`, `${name}_count${renderLabels(s.labels)} ${s.value}`);
      }
    }
    return lines.join('\n') + '\n';
  }
}
