import { silentLogger, type Logger } from '../progress/progress.js'
import type { GitRepo } from './git-repo.js'

/** Who authors and commits the archive commit, as git environment variables. */
export type IdentityEnv = {
  GIT_AUTHOR_NAME: string
  GIT_AUTHOR_EMAIL: string
  GIT_COMMITTER_NAME: string
  GIT_COMMITTER_EMAIL: string
}

export const DEFAULT_COMMITTER_NAME = 'github-actions[bot]'
export const DEFAULT_COMMITTER_EMAIL = '41898282+github-actions[bot]@users.noreply.github.com'

export function identityEnvFor(name: string, email: string): IdentityEnv {
  return {
    GIT_AUTHOR_NAME: name,
    GIT_AUTHOR_EMAIL: email,
    GIT_COMMITTER_NAME: name,
    GIT_COMMITTER_EMAIL: email
  }
}

async function configValue(repo: GitRepo, key: string): Promise<string | undefined> {
  const result = await repo.run(['config', '--get', key], { okExitCodes: [0, 1] })
  const value = result.stdout.toString('utf8').trim()
  return result.exitCode === 0 && value !== '' ? value : undefined
}

/**
 * user.name and user.email from git config (any scope) when both are set, otherwise the
 * github-actions[bot] identity. Returned as environment variables for the commit process, so
 * nothing is ever written to the user's config.
 */
export async function committerIdentity(
  repo: GitRepo,
  logger: Logger = silentLogger
): Promise<IdentityEnv> {
  const name = await configValue(repo, 'user.name')
  const email = await configValue(repo, 'user.email')
  if (name !== undefined && email !== undefined) return identityEnvFor(name, email)
  logger.info(
    `git user.name/user.email not both configured: committing as ${DEFAULT_COMMITTER_NAME} <${DEFAULT_COMMITTER_EMAIL}>`
  )
  return identityEnvFor(DEFAULT_COMMITTER_NAME, DEFAULT_COMMITTER_EMAIL)
}
