import * as core from '@actions/core'
import { formatBytes } from '../format/human-units.js'
import type { PipelineResult } from '../pipeline/pipeline-types.js'
import type { RecoverResult } from '../recover/recover-session.js'

const MAX_ROWS = 200

/**
 * The job summary: what was packaged, the archive, the LFS status of each checked file, the
 * push result; on failure, the error first. Skipped when the runner gives no summary file
 * (`core.summary.write()` throws without GITHUB_STEP_SUMMARY).
 */
export async function writeJobSummary(
  result: Partial<PipelineResult>,
  failure?: string
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const s = core.summary.addHeading('artifact-lfs', 2)
  if (failure) s.addRaw(`<p><strong>Failed:</strong></p>`).addCodeBlock(failure, 'text')
  const pkg = result.package
  if (pkg?.status === 'packaged') {
    s.addHeading('Archive', 3).addTable([
      [
        { data: 'Path', header: true },
        { data: 'Files', header: true },
        { data: 'Content', header: true },
        { data: 'Archive size', header: true },
        { data: 'sha256', header: true }
      ],
      [
        pkg.archiveRelPath ?? '',
        String(pkg.files.length),
        formatBytes(pkg.totalBytes),
        formatBytes(pkg.size ?? 0),
        `<code>${pkg.sha256}</code>`
      ]
    ])
    const rows = pkg.files
      .slice(0, MAX_ROWS)
      .map(f => [escapeHtml(f.path), formatBytes(f.size), f.mode.toString(8)])
    s.addDetails(
      `Files packaged (${pkg.files.length}${pkg.files.length > MAX_ROWS ? `, first ${MAX_ROWS} shown` : ''})`,
      tableHtml(['File', 'Size', 'Mode'], rows)
    )
  } else if (pkg) {
    s.addRaw(`<p>Nothing to package: ${escapeHtml(pkg.reason ?? '')}</p>`)
  }
  if (result.commit)
    s.addRaw(
      `<p>Commit: ${result.commit.commitSha ? `<code>${result.commit.commitSha}</code>` : 'none (nothing to commit)'}</p>`
    )
  if (result.verify) {
    const v = result.verify
    s.addHeading('LFS verification', 3).addRaw(
      `<p>${v.checkedFiles} file(s) checked, ${v.pointers} LFS pointer(s), ${v.offenders.length} offender(s).</p>`
    )
    const rows = v.checked.slice(0, MAX_ROWS).map(c => {
      const offender = v.offenders.find(o => o.path === c.path)
      return [escapeHtml(c.path), c.status, offender ? escapeHtml(offender.reason) : 'ok']
    })
    if (rows.length > 0)
      s.addDetails('Checked files', tableHtml(['File', 'Status', 'Verdict'], rows))
  }
  if (result.validate) {
    const rows = result.validate.archives.map(a => [
      escapeHtml(a.path),
      a.status,
      escapeHtml(a.detail)
    ])
    if (rows.length > 0)
      s.addHeading('Session archives', 3).addRaw(tableHtml(['Archive', 'Status', 'Detail'], rows))
  }
  if (result.push) {
    const p = result.push
    const text =
      p.status === 'pushed'
        ? `Pushed <code>${p.commitSha}</code> to ${p.remote}/${p.branch} in ${p.attempts} attempt(s).`
        : p.status === 'dry-run'
          ? `Dry run: would push <code>${p.commitSha}</code> to ${p.remote}/${p.branch}.`
          : 'Nothing to push.'
    s.addHeading('Push', 3).addRaw(`<p>${text}</p>`)
  }
  await s.write()
}

/** The job summary of a recovery: the archive and the files restored. */
export async function writeRecoverySummary(
  result: RecoverResult,
  artifactId?: string
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  const rows = [
    ...result.written.slice(0, MAX_ROWS).map(f => [escapeHtml(f), 'restored']),
    ...result.skippedIdentical.slice(0, MAX_ROWS).map(f => [escapeHtml(f), 'already identical'])
  ]
  await core.summary
    .addHeading('artifact-lfs: recovery', 2)
    .addRaw(
      `<p>Recovered <code>${escapeHtml(result.archive)}</code> into <code>${escapeHtml(result.tmpDir)}</code>: ` +
        `${result.written.length} file(s) restored (${formatBytes(result.totalBytes)}), ${result.skippedIdentical.length} already identical.` +
        (artifactId ? ` Uploaded as workflow artifact ${escapeHtml(artifactId)}.` : '') +
        '</p>'
    )
    .addRaw(tableHtml(['File', 'Result'], rows))
    .write()
}

function tableHtml(header: string[], rows: string[][]): string {
  const head = `<tr>${header.map(h => `<th>${h}</th>`).join('')}</tr>`
  const body = rows.map(r => `<tr>${r.map(c => `<td>${c}</td>`).join('')}</tr>`).join('')
  return `<table>${head}${body}</table>`
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\n/g, '\\n')
}
