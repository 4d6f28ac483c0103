// Command-line options of `npm run bench`.
import { parseArgs } from 'node:util'
import { DATASET_IDS } from './dataset-specs.mjs'

export const SCENARIOS = [...DATASET_IDS, 'verify', 'push']

export const BENCH_HELP = `npm run bench -- [options]

Measures artifact-lfs (the committed bundle, node dist/cli.js) against zip -r -6, Python's
zipfile, adm-zip, unzip, git lfs fsck and git ls-files on seeded datasets (cached in
$TMPDIR/artifact-lfs-bench/), and writes bench-results/latest.json and latest.md.

  --quick          every dataset ~10x smaller (the CI smoke check; a few minutes)
  --only LIST      comma-separated scenarios: ${SCENARIOS.join(',')} (default: all)
                   A-D package and recover that dataset; verify and push are their own
  --runs N         runs per tool, interleaved; the median is reported (default 3, min 1)
  --seed TEXT      dataset seed (default artifact-lfs-bench)
  --no-recover     skip the recovery rows
  --keep-work      keep the scratch repos and archives (printed at the end)
  --merge FILE     take the scenarios this run skips from an earlier results JSON (e.g. a
                   copy of bench-results/latest.json); the report names each such scenario
                   and the run it came from
  -h, --help       this text

Exit code 0 unless a tool crashed or a round trip was not byte-identical (adm-zip failing on
a large dataset is recorded, not fatal). No timing thresholds fail the run.
`

export function parseBenchOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      runs: { type: 'string', default: '3' },
      seed: { type: 'string', default: 'artifact-lfs-bench' },
      'no-recover': { type: 'boolean', default: false },
      'keep-work': { type: 'boolean', default: false },
      merge: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }
    },
    allowPositionals: false,
    strict: true
  })
  const runs = Number(values.runs)
  if (!Number.isInteger(runs) || runs < 1 || runs > 50)
    throw new Error(`--runs must be a whole number from 1 to 50, got ${values.runs}`)
  const only = values.only
    ? values.only
        .split(',')
        .map(s => s.trim())
        .filter(Boolean)
    : [...SCENARIOS]
  const unknown = only.filter(s => !SCENARIOS.map(x => x.toLowerCase()).includes(s.toLowerCase()))
  if (unknown.length > 0)
    throw new Error(
      `--only: unknown scenario ${unknown.join(', ')}; choose from ${SCENARIOS.join(',')}`
    )
  const canonical = SCENARIOS.filter(s => only.some(o => o.toLowerCase() === s.toLowerCase()))
  return {
    quick: values.quick,
    datasets: canonical.filter(s => DATASET_IDS.includes(s)),
    verify: canonical.includes('verify'),
    push: canonical.includes('push'),
    recover: !values['no-recover'],
    runs,
    seed: values.seed,
    keepWork: values['keep-work'],
    merge: values.merge,
    help: values.help
  }
}
