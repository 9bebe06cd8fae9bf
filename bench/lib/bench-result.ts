/**
 * One shape for every benchmark's figures, written as JSON (for tools) and as a markdown table
 * (bench/RESULTS.md, for people). Targets are ratios against a baseline measured in the same run
 * wherever one exists, so a slower or busier machine moves both sides alike.
 */
export interface BenchFigure {
  /** What was measured, e.g. "edge segment requests/s". */
  name: string;
  value: number;
  unit: string;
  /** The baseline measured in the same run, when the figure is compared with one. */
  baseline?: { name: string; value: number };
  /** value / baseline.value (or the figure's own ratio, e.g. speed vs real time). */
  ratio?: number;
  goal?: string;
  /** Whether the goal was met; undefined when there is no goal. */
  met?: boolean;
}

export interface BenchSuiteResult {
  suite: string;
  figures: BenchFigure[];
  notes?: string[];
}

export interface BenchRun {
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  suites: BenchSuiteResult[];
}

const fmt = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2));

/** Element names such as <surgery-player> are shown as text, not taken for HTML by Markdown viewers. */
const text = (value: string): string => value.replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function toMarkdown(run: BenchRun): string {
  const lines = [
    '# Benchmark results',
    '',
    `Run ${run.startedAt} on ${run.machine.cpus} × ${run.machine.cpuModel}, ${run.machine.memoryGiB} GiB, Node ${run.machine.node} (${run.machine.platform}).`,
    'Written by `npm run bench` (bench/run.ts); the JSON is in bench/results/latest.json.',
    '',
  ];
  for (const suite of run.suites) {
    lines.push(`## ${text(suite.suite)}`, '', '| measure | value | baseline (same run) | ratio | goal | met |', '|---|---|---|---|---|---|');
    for (const f of suite.figures) {
      lines.push(
        `| ${text(f.name)} | ${fmt(f.value)} ${f.unit} | ${f.baseline ? `${text(f.baseline.name)}: ${fmt(f.baseline.value)} ${f.unit}` : '—'} | ${f.ratio === undefined ? '—' : fmt(f.ratio)} | ${f.goal ?? '—'} | ${f.met === undefined ? '—' : f.met ? 'yes' : 'no'} |`,
      );
    }
    if (suite.notes?.length) lines.push('', ...suite.notes.map((note) => `- ${text(note)}`));
    lines.push('');
  }
  return lines.join('\n');
}
