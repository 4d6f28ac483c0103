#!/usr/bin/env node
import { startBeforeLoading } from './cli/early-start.js'

const argv = process.argv.slice(2)
// git starts listing the tree (a verify-only run) while node loads the rest of the CLI: main
// is imported lazily, so the bundler puts it in its own chunk, evaluated after git started
startBeforeLoading(argv, process.cwd())
const { main } = await import('./cli/main.js')
process.exitCode = await main(argv)
