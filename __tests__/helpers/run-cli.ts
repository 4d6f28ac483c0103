import { main } from '../../src/cli/main.js'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Runs the CLI in-process with captured output, as if started in `cwd`. */
export async function runCli(
  cwd: string,
  argv: string[],
  env: NodeJS.ProcessEnv = process.env
): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, {
    cwd,
    env,
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false }
  })
  return { code, stdout, stderr }
}
