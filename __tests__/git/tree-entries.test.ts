import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import fc from 'fast-check'
import {
  parseLsTree,
  RegularBlobScanner,
  selectRegularBlobs,
  SUBMODULE_MODE,
  SYMLINK_MODE,
  type TreeEntry
} from '../../src/git/tree-entries.js'
import { cleanupSandboxes, git, makeScratchRepo, writeFile } from '../helpers/sandbox.js'

afterAll(cleanupSandboxes)

const OID_A = 'a'.repeat(40)
const OID_B = '0123456789abcdef0123456789abcdef01234567'

/** One record as `git ls-tree -r -l -z` prints it (size right-aligned in 7 columns). */
function record(mode: string, type: string, oid: string, size: string, filePath: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`${mode} ${type} ${oid} ${size.padStart(7)}\t`, 'latin1'),
    filePath,
    Buffer.from([0])
  ])
}

/** The straightforward reference: parse every entry, then keep the regular-file blobs. */
function regularBlobsByReference(listing: Buffer): TreeEntry[] {
  return parseLsTree(listing).filter(
    e => e.type === 'blob' && e.mode !== SYMLINK_MODE && e.mode !== SUBMODULE_MODE
  )
}

const everything = (): boolean => true

describe('selectRegularBlobs', () => {
  it('keeps names with newlines, tabs, spaces, quotes and non-UTF-8 bytes exactly as parseLsTree does', () => {
    const names = [
      Buffer.from('line\nbreak.db'),
      Buffer.from('tab\there.zip'),
      Buffer.from('  leading and trailing spaces  '),
      Buffer.from('quote"s and \\backslash'),
      Buffer.from('unicodé ✓/ファイル.7z'),
      Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x2e, 0x64, 0x62]) // "bad\xff\xfe.db"
    ]
    const listing = Buffer.concat(names.map((n, i) => record('100644', 'blob', OID_A, `${i}`, n)))
    const selected = selectRegularBlobs(listing, everything)
    expect(selected).toEqual(regularBlobsByReference(listing))
    expect(selected.map(e => e.path)).toEqual(names.map(n => n.toString('utf8')))
    expect(selected[5]?.path).toBe('bad\ufffd\ufffd.db')
  })

  it('leaves out symlinks, submodules and trees, and hands the rest to `wanted` with path bytes and size', () => {
    const listing = Buffer.concat([
      record('100644', 'blob', OID_A, '12', Buffer.from('a.txt')),
      record(SYMLINK_MODE, 'blob', OID_A, '5', Buffer.from('link.zip')),
      record(SUBMODULE_MODE, 'commit', OID_B, '-', Buffer.from('vendored.zip')),
      record('040000', 'tree', OID_B, '-', Buffer.from('dir')),
      record('100755', 'blob', OID_B, '1234567890', Buffer.from('run.sh'))
    ])
    const seen: Array<[string, number]> = []
    const selected = selectRegularBlobs(listing, (bytes, start, end, size) => {
      seen.push([bytes.toString('utf8', start, end), size])
      return size > 100
    })
    expect(seen).toEqual([
      ['a.txt', 12],
      ['run.sh', 1234567890]
    ])
    expect(selected).toEqual([
      { mode: '100755', type: 'blob', oid: OID_B, size: 1234567890, path: 'run.sh' }
    ])
  })

  it('reads a listing without sizes (no -l) and a last record without its NUL', () => {
    const listing = Buffer.from(`100644 blob ${OID_A}\tplain\x00100644 blob ${OID_B}\tlast`)
    expect(selectRegularBlobs(listing, everything)).toEqual(regularBlobsByReference(listing))
    expect(selectRegularBlobs(listing, everything)[1]).toMatchObject({
      path: 'last',
      size: undefined
    })
  })

  it('refuses records that are not ls-tree output', () => {
    expect(() => selectRegularBlobs(Buffer.from('no tab here\0'), everything)).toThrow(
      /unexpected ls-tree record/
    )
    expect(() => selectRegularBlobs(Buffer.from(`100644 blob\tmissing-oid\0`), everything)).toThrow(
      /unexpected ls-tree record/
    )
    expect(() =>
      selectRegularBlobs(Buffer.from(`100644 blub ${OID_A}      1\tx\0`), everything)
    ).toThrow(/unexpected ls-tree record type "blub"/)
  })

  it('agrees with parseLsTree on what real git prints for odd names', () => {
    const { dir } = makeScratchRepo({ withRemote: false })
    writeFile(path.join(dir, 'dir with space/a b.zip'), 'x')
    writeFile(path.join(dir, 'ünï/çødé.DB'), 'y')
    writeFile(path.join(dir, 'empty.zip'), '')
    git(dir, 'add', '.')
    const blob = git(dir, 'hash-object', '-w', '--stdin', '--path', 'x').trim()
    execFileSync('git', ['update-index', '-z', '--index-info'], {
      cwd: dir,
      env: process.env,
      input: Buffer.concat([
        Buffer.from(`100644 ${blob}\tnew\nline.zip\x00100644 ${blob}\ttab\tin.zip\0`),
        Buffer.from(`100644 ${blob}\tlatin1-`),
        Buffer.from([0xe9, 0x2e, 0x64, 0x62, 0])
      ])
    })
    git(dir, 'commit', '-q', '-m', 'odd names')
    const listing = execFileSync('git', ['ls-tree', '-r', '-l', '-z', '--full-tree', 'HEAD'], {
      cwd: dir,
      env: process.env
    })
    const selected = selectRegularBlobs(listing, everything)
    expect(selected).toEqual(regularBlobsByReference(listing))
    expect(selected.map(e => e.path)).toEqual(
      expect.arrayContaining(['new\nline.zip', 'tab\tin.zip', 'latin1-\ufffd.db', 'ünï/çødé.DB'])
    )
  })
})

/** Path bytes git can store: anything but NUL, never empty. */
const pathBytes = fc
  .array(
    fc.oneof(fc.constantFrom(...Buffer.from('ab.Z/ \t\n"\\')), fc.integer({ min: 1, max: 255 })),
    { minLength: 1, maxLength: 24 }
  )
  .map(bytes => Buffer.from(bytes))

const gitRecord = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('100644', '100755', SYMLINK_MODE),
      fc.constantFrom(OID_A, OID_B, 'f'.repeat(64)),
      fc.nat({ max: 2 ** 40 }),
      pathBytes
    )
    .map(([mode, oid, size, p]) => record(mode, 'blob', oid, `${size}`, p)),
  pathBytes.map(p => record(SUBMODULE_MODE, 'commit', OID_B, '-', p))
)

describe('selectRegularBlobs and RegularBlobScanner (properties)', () => {
  it('select the same entries as parseLsTree followed by a filter, on any git-shaped listing', () => {
    fc.assert(
      fc.property(fc.array(gitRecord, { maxLength: 30 }), records => {
        const listing = Buffer.concat(records)
        expect(selectRegularBlobs(listing, everything)).toEqual(regularBlobsByReference(listing))
      }),
      { numRuns: 400 }
    )
  })

  it('give the same entries however the listing is cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(gitRecord, { maxLength: 30 }),
        fc.array(fc.nat({ max: 5000 }), { maxLength: 12 }),
        (records, cuts) => {
          const listing = Buffer.concat(records)
          const offsets = [...new Set(cuts.map(c => c % (listing.length + 1)))].sort(
            (a, b) => a - b
          )
          const scanner = new RegularBlobScanner(everything)
          let from = 0
          for (const offset of [...offsets, listing.length]) {
            scanner.push(listing.subarray(from, offset))
            from = offset
          }
          expect(scanner.finish()).toEqual(regularBlobsByReference(listing))
        }
      ),
      { numRuns: 400 }
    )
  })

  it('RegularBlobScanner keeps a malformed record for finish() instead of throwing from push()', () => {
    const scanner = new RegularBlobScanner(everything)
    expect(() => scanner.push(Buffer.from('garbage\0'))).not.toThrow()
    expect(() => scanner.finish()).toThrow(/unexpected ls-tree record/)
  })
})
