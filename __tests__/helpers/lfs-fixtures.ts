import { createHash, randomBytes } from 'node:crypto'
import { chmodSync } from 'node:fs'
import path from 'node:path'
import { git, makeScratchRepo, makeTempDir, writeFile, type ScratchRepo } from './sandbox.js'

/** The LFS rule tests write by hand (the real one comes from the gitattributes sync). */
export const ZIP_LFS_RULE = '*.zip filter=lfs diff=lfs merge=lfs -text\n'

/** A scratch repo (git lfs install --local) whose committed .gitattributes tracks *.zip in LFS. */
export function makeLfsRepo(options: { withRemote?: boolean } = {}): ScratchRepo {
  const repo = makeScratchRepo({ lfs: true, withRemote: false })
  writeFile(path.join(repo.dir, '.gitattributes'), ZIP_LFS_RULE)
  git(repo.dir, 'add', '.gitattributes')
  git(repo.dir, 'commit', '-q', '-m', 'track zips in LFS')
  if (options.withRemote !== false) {
    git(path.dirname(repo.remote), 'init', '-q', '--bare', '-b', 'main', repo.remote)
    git(repo.dir, 'remote', 'add', 'origin', `file://${repo.remote}`)
    git(repo.dir, 'push', '-q', '-u', 'origin', 'main')
  }
  return repo
}

/** A clone of the bare remote with the LFS filter configured. */
export function cloneWithLfs(remote: string): string {
  const dir = path.join(makeTempDir('alfs-clone-'), 'clone')
  git(path.dirname(dir), 'clone', '-q', `file://${remote}`, dir)
  git(dir, 'lfs', 'install', '--local')
  return dir
}

/** Writes random bytes as an "archive" and returns what commitArchive expects. */
export function writeArchive(
  repoDir: string,
  relPath: string,
  size = 4096
): { bytes: Buffer; sha256: string; size: number } {
  const bytes = randomBytes(size)
  writeFile(path.join(repoDir, relPath), bytes)
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), size }
}

/** Stages content under `relPath` bypassing every filter (how raw blobs sneak in). */
export function stageRaw(repoDir: string, relPath: string, content: Buffer | string): string {
  const oid = hashRaw(repoDir, content)
  git(repoDir, 'update-index', '--add', '--cacheinfo', `100644,${oid},${relPath}`)
  return oid
}

/** Writes a blob without filters; returns its id. */
export function hashRaw(repoDir: string, content: Buffer | string): string {
  const file = path.join(makeTempDir('alfs-blob-'), 'blob')
  writeFile(file, content)
  return git(repoDir, 'hash-object', '-w', '--no-filters', file).trim()
}

/**
 * A stand-in clean filter (shell script) that prints a canonical pointer but never stores the
 * object, for the "pointer staged, object missing" case.
 */
export function pointerOnlyCleanFilter(): string {
  const script = path.join(makeTempDir('alfs-filter-'), 'pointer-only-clean.sh')
  writeFile(
    script,
    [
      '#!/bin/sh',
      't=$(mktemp); cat > "$t"; s=$(wc -c < "$t"); h=$(sha256sum "$t" | cut -d" " -f1); rm -f "$t"',
      'printf \'version https://git-lfs.github.com/spec/v1\\noid sha256:%s\\nsize %s\\n\' "$h" "$s"',
      ''
    ].join('\n')
  )
  chmodSync(script, 0o755)
  return script
}

/** Environment that adds config at command scope (like `git -c key=value`) to every git call. */
export function commandConfigEnv(entries: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  Object.entries(entries).forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key
    env[`GIT_CONFIG_VALUE_${i}`] = value
  })
  env.GIT_CONFIG_COUNT = String(Object.keys(entries).length)
  return env
}
