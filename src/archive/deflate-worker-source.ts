/**
 * The code of a deflate worker thread, run with `new Worker(source, { eval: true })` so it needs
 * no file of its own next to a bundle. It receives batches:
 *   input  a transferred slab with the chunk jobs' bytes (each job's dictionary, then its data)
 *   output an empty slab for the results
 *   jobs   a flat list of triples: (dictionaryLength, dataLength, last) for a chunk job,
 *          (-1, expectedSize, deflate) for a small-file job, whose path is the next of `files`
 *          and whose listed mtime and ctime are the next pair of `times` (NaN: not listed)
 * A chunk job is deflated exactly as deflateChunkSync does. A small-file job is opened, read
 * (one byte more than listed, so a file that grew is caught), checked after reading (a
 * regular file with the listed size, mtime and ctime, or, without listed times, those of an
 * fstat taken before reading), hashed (crc32, sha256) and, if asked, deflated as one last
 * chunk; a failure is reported as a ReadProblem (see read-problems.ts). Four system calls a
 * file: open, read, fstat, close. Results are packed into the output slab in job order (one
 * that does not fit gets an ArrayBuffer of its own) and both slabs are transferred back.
 */
export const DEFLATE_WORKER_SOURCE = `
'use strict'
const { parentPort, workerData } = require('node:worker_threads')
const zlib = require('node:zlib')
const fs = require('node:fs')
const crypto = require('node:crypto')
const level = workerData.level
const OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK

/** fittedWindowBits of deflate-chunks.ts */
function windowBits(length, hasDictionary) {
  if (hasDictionary) return 15
  let bits = 9
  while (bits < 15 && (1 << bits) - 262 < length) bits++
  return bits
}

function deflateChunk(data, dictionary, last) {
  const options = {
    level,
    finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
    // output bytes do not depend on it; under 4 KiB, small outputs come from Buffer's pool
    chunkSize: data.length < 16384 ? 4095 : Math.min(data.length + 1024, 1 << 21),
    windowBits: windowBits(data.length, dictionary.length > 0)
  }
  if (dictionary.length > 0) options.dictionary = dictionary
  return zlib.deflateRawSync(data, options)
}

function errnoProblem(error) {
  return { problem: 'errno', code: error && error.code, message: String((error && error.message) || error) }
}

/**
 * Reads a whole file into target (room for size + 1 bytes) with the writer's checks; returns
 * null or a ReadProblem.
 */
function readChecked(file, target, size, mtimeMs, ctimeMs) {
  let fd
  try {
    fd = fs.openSync(file, OPEN_FLAGS)
  } catch (error) {
    return errnoProblem(error)
  }
  try {
    let before
    if (Number.isNaN(mtimeMs)) {
      before = fs.fstatSync(fd)
      if (!before.isFile()) return { problem: 'not-file' }
      if (before.size !== size) return { problem: 'size-listed', actual: before.size, listed: size }
      mtimeMs = before.mtimeMs
      ctimeMs = before.ctimeMs
    }
    let filled = 0
    while (filled <= size) {
      const got = fs.readSync(fd, target, filled, size + 1 - filled, filled)
      if (got === 0) break
      filled += got
    }
    const after = fs.fstatSync(fd)
    if (!after.isFile()) return { problem: 'not-file' }
    if (after.size !== size || filled !== size) {
      if (before) return after.size !== size ? { problem: 'size-changed', before: size, after: after.size } : { problem: 'ended', got: filled, size }
      return { problem: 'size-listed', actual: after.size !== size ? after.size : filled, listed: size }
    }
    if (after.mtimeMs !== mtimeMs || after.ctimeMs !== ctimeMs) return { problem: 'modified' }
    return null
  } catch (error) {
    return errnoProblem(error)
  } finally {
    fs.closeSync(fd)
  }
}

parentPort.on('message', ({ id, input, output, jobs, files, times }) => {
  try {
    const bytes = Buffer.from(input)
    const slab = Buffer.from(output)
    const results = []
    const transfer = [input, output]
    let offset = 0
    let used = 0
    let nextFile = 0
    /** Places bytes in the output slab, or in a buffer of their own; returns the result. */
    const place = data => {
      if (used + data.length <= slab.length) {
        if (data.buffer !== slab.buffer || data.byteOffset !== used) data.copy(slab, used)
        used += data.length
        return data.length
      }
      const own = new Uint8Array(data.length)
      own.set(data)
      transfer.push(own.buffer)
      return own.buffer
    }
    for (let j = 0; j < jobs.length; j += 3) {
      if (jobs[j] === -1) {
        const size = jobs[j + 1]
        const mtimeMs = times[2 * nextFile]
        const ctimeMs = times[2 * nextFile + 1]
        const file = files[nextFile++]
        const room = used + size + 1 <= slab.length ? slab.subarray(used, used + size + 1) : Buffer.allocUnsafe(size + 1)
        const problem = readChecked(file, room, size, mtimeMs, ctimeMs)
        if (problem) {
          results.push(problem)
          continue
        }
        const target = room.subarray(0, size)
        const crc32 = zlib.crc32(target)
        const sha256 = crypto.hash('sha256', target, 'hex')
        const raw = place(target)
        const deflated = jobs[j + 2] === 1 && size > 0 ? place(deflateChunk(target, bytes.subarray(0, 0), true)) : null
        results.push({ raw, deflated, crc32, sha256 })
        continue
      }
      const dictionaryLength = jobs[j]
      const dataLength = jobs[j + 1]
      const last = jobs[j + 2]
      const dictionary = bytes.subarray(offset, offset + dictionaryLength)
      offset += dictionaryLength
      const data = bytes.subarray(offset, offset + dataLength)
      offset += dataLength
      results.push(place(deflateChunk(data, dictionary, last === 1)))
    }
    parentPort.postMessage({ id, input, output, results }, transfer)
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.stack) || error) })
  }
})
`
