// `earshot bench [SECTION]`: measurements of speed, size and memory, section by section.
import { runBench } from './bench.ts';
import { command, UsageError } from './command.ts';

/** The sections `earshot bench` runs when none is named. */
const DEFAULT_SECTIONS = ['analyser', 'poll', 'startup', 'bundle', 'bulk', 'sources', 'alerts', 'logins'];
/** Sections too slow to run unless named. */
const NAMED_SECTIONS = ['analytics', 'digest', 'import', 'scale'];

export const benchCommand = command({
  name: 'bench',
  args: '[SECTION]',
  summary:
    'Measure the analyser beside the sentiment and VADER packages (texts/s, load time), a poll of an N-item feed served ' +
    "on 127.0.0.1, start-up time and the server's memory, the Worker bundle's size, bulk writes, polling many sources, " +
    `alert calibration and logins under load; no SECTION: all of these (${DEFAULT_SECTIONS.join(', ')}). The ` +
    'sections analytics (complaint-rate queries over synthetic cases), digest (the weekly digest of a week of 100,000 ' +
    'mentions, per role), import (case and action import from CSV) and scale (every figure at a million cases, actions ' +
    'and mentions, beside a reference from the same run and its target) run only when named',
  options: {
    items: { type: 'string', value: 'N', default: '1000', help: 'poll: items in the feed' },
    data: { type: 'string', value: 'DIR', default: '../shared/data', help: "analyser: real texts from this data directory, if it exists (else the bench's own samples)" },
    scale: { type: 'string', value: 'S', default: '1', help: 'analytics: 1 is 100,000 cases, 1,000,000 actions and 1,000,000 mentions' },
    years: { type: 'string', value: 'N', default: '10', help: 'alerts: simulated years of false alerts' },
    rows: { type: 'string', value: 'N', default: '1000000', help: 'import: actions imported (and a tenth as many cases)' },
    json: { type: 'boolean', default: false, help: 'print the figures as one JSON object' },
  },
  run({ values, positionals: [section = 'all'] }) {
    if (section !== 'all' && !DEFAULT_SECTIONS.includes(section) && !NAMED_SECTIONS.includes(section)) {
      throw new UsageError(`unknown section "${section}"; sections: ${[...DEFAULT_SECTIONS, ...NAMED_SECTIONS].join(', ')}`);
    }
    return runBench(section, values);
  },
});
