import type { GitRepo } from './git-repo.js'

/** Creates a commit object (no ref moves) and returns its id. */
export async function createCommit(
  repo: GitRepo,
  options: {
    tree: string
    parents: readonly string[]
    message: string
    identityEnv: Readonly<Record<string, string>>
  }
): Promise<string> {
  const args = ['commit-tree', options.tree]
  for (const parent of options.parents) args.push('-p', parent)
  args.push('-F', '-')
  return repo.text(args, { input: normalizeMessage(options.message), env: options.identityEnv })
}

/** Trailing whitespace trimmed, exactly one final newline. */
export function normalizeMessage(message: string): string {
  return message.replace(/\s+$/, '') + '\n'
}

/** The message of a commit, verbatim (everything after the header's blank line). */
export async function commitMessage(repo: GitRepo, commit: string): Promise<string> {
  const { stdout } = await repo.run(['cat-file', 'commit', commit])
  const text = stdout.toString('utf8')
  const blank = text.indexOf('\n\n')
  return blank === -1 ? '' : text.slice(blank + 2)
}

/** The tree id of a commit. */
export function treeOf(repo: GitRepo, commit: string): Promise<string> {
  return repo.text(['rev-parse', '--verify', `${commit}^{tree}`])
}
