import { formatBytes } from '../format/human-units.js'
import type { PipelineResult } from '../pipeline/pipeline-types.js'

/** The human-readable result, one fact per line, for stdout. */
export function renderResult(result: Partial<PipelineResult>): string {
  const lines: string[] = []
  if (result.sync)
    lines.push(
      result.sync.checkOnly
        ? `.gitattributes: up to date`
        : `.gitattributes: ${result.sync.changed ? 'updated' : 'up to date, nothing changed'}`
    )
  const pkg = result.package
  if (pkg?.status === 'packaged') {
    lines.push(`archive: ${pkg.archiveRelPath}`)
    lines.push(`  files: ${pkg.files.length} (${formatBytes(pkg.totalBytes)})`)
    lines.push(`  size: ${pkg.size} bytes (${formatBytes(pkg.size ?? 0)})`)
    lines.push(`  sha256: ${pkg.sha256}`)
  } else if (pkg) {
    lines.push(`nothing to package: ${pkg.reason}`)
  }
  if (pkg && pkg.skipped.length > 0) lines.push(`  skipped: ${pkg.skipped.length} (see warnings)`)
  if (result.commit)
    lines.push(
      result.commit.status === 'committed'
        ? `commit: ${result.commit.commitSha} on ${result.commit.branch}`
        : 'nothing to commit'
    )
  if (result.verify) {
    const v = result.verify
    lines.push(
      `verify: ${v.checkedFiles} file(s) checked, ${v.pointers} LFS pointer(s), ${v.offenders.length} offender(s)`
    )
    for (const o of v.offenders) lines.push(`  ${o.path}: ${o.reason}`)
  }
  if (result.validate) {
    const ok = result.validate.archives.filter(a => a.status === 'ok').length
    const pointerOnly = result.validate.archives.filter(a => a.status === 'pointer-only').length
    lines.push(
      `validate: ${result.validate.archives.length} archive(s): ${ok} ok, ${pointerOnly} pointer only, ${result.validate.failures.length} failed`
    )
    for (const a of result.validate.archives)
      if (a.status !== 'ok') lines.push(`  ${a.path}: ${a.status}: ${a.detail}`)
  }
  if (result.push) {
    const p = result.push
    lines.push(
      p.status === 'pushed'
        ? `pushed: ${p.commitSha} to ${p.remote}/${p.branch} (${p.attempts} attempt(s))`
        : p.status === 'dry-run'
          ? `dry run: would push ${p.commitSha} to ${p.remote}/${p.branch}`
          : 'nothing to push'
    )
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : ''
}
