/** The story's report as a person reads it: accepted events a second per customer and phase. */
import type { StoryReport } from './story.js';

function columns(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  '),
    )
    .join('\n');
}

export function storyTable(report: StoryReport): string {
  const header = ['accepted events/s', ...report.phases.map((p) => `${p.name} (${p.seconds.toFixed(1)} s)`)];
  const rows = report.customers.map((customer) => [
    customer === report.spiker ? `${customer} (spikes)` : customer,
    ...report.phases.map((p) => {
      const counts = p.outcomes[customer];
      if (!counts) return '-';
      const refused = [
        [counts['rate-limited'], 'over limit'],
        [counts['cut-off'], 'cut off'],
        [counts.busy + counts.failed, 'not confirmed'],
      ]
        .filter(([n]) => n !== 0)
        .map(([n, why]) => `${n} ${why}`);
      const rate = (counts.accepted / p.seconds).toFixed(1);
      return refused.length === 0 ? rate : `${rate} (refused: ${refused.join(', ')})`;
    }),
  ]);
  const channels = [
    'broker channels',
    ...report.phases.map((p) => {
      const low = Math.min(...p.channels);
      const high = Math.max(...p.channels);
      return p.channels.length === 0 ? '-' : low === high ? String(low) : `${low}..${high}`;
    }),
  ];
  const delay = report.cutOffDelayMs;
  return [
    columns([header, ...rows, channels]),
    '',
    delay <= 0
      ? `Cut-off took effect before the CLI command returned (${(-delay).toFixed(0)} ms earlier; the command ran ${report.cliMs.toFixed(0)} ms); target: 1 s.`
      : `Cut-off took effect ${delay.toFixed(0)} ms after the CLI command returned (it ran ${report.cliMs.toFixed(0)} ms); target: 1 s.`,
    `Channels counted from ${report.channelSource}; the publisher opens ${report.confirmChannels} confirm channels at start.`,
  ].join('\n');
}
