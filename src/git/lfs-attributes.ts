import type { GitRepo } from './git-repo.js'

/**
 * What `.gitattributes` (work tree, then index) says about a path's `filter` attribute:
 * 'lfs' when an LFS rule covers it, 'unspecified' when no rule does, 'unset' for `-filter`,
 * or another driver's name.
 */
export async function filterAttribute(repo: GitRepo, filePath: string): Promise<string> {
  const { stdout } = await repo.run(['check-attr', '-z', 'filter', '--', filePath])
  // -z output: <path> NUL <attribute> NUL <value> NUL
  const fields = stdout.toString('utf8').split('\0')
  return fields[2] ?? 'unspecified'
}

/** True when an LFS rule in .gitattributes covers `filePath` (repo-relative, '/'-separated). */
export async function isLfsTracked(repo: GitRepo, filePath: string): Promise<boolean> {
  return (await filterAttribute(repo, filePath)) === 'lfs'
}
