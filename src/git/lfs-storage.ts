import path from 'node:path'
import { localObjectPath } from '../lfs/pointer.js'
import type { GitRepo } from './git-repo.js'

/**
 * Where git-lfs keeps an object of this repository: `<common git dir>/lfs/objects/aa/bb/<oid>`
 * (the common dir, so linked worktrees share it), or under `lfs.storage` when configured.
 */
export async function lfsObjectPathFor(repo: GitRepo, oid: string): Promise<string> {
  const commonDir = path.resolve(
    repo.root,
    await repo.text(['rev-parse', '--path-format=absolute', '--git-common-dir'])
  )
  const storage = await repo.run(['config', '--get', 'lfs.storage'], { okExitCodes: [0, 1] })
  const configured = storage.exitCode === 0 ? storage.stdout.toString('utf8').trim() : ''
  if (configured === '') return localObjectPath(commonDir, oid)
  const storageDir = path.resolve(commonDir, configured)
  return `${storageDir}/objects/${oid.slice(0, 2)}/${oid.slice(2, 4)}/${oid}`
}
