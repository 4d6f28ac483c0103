/**
 * The code of a deflate worker thread, run with `new Worker(source, { eval: true })` so it needs
 * no file of its own next to a bundle. It receives batches:
 *   input  a transferred slab with the chunk jobs' bytes (each job's dictionary, then its data)
 *   output an empty slab for the results
 *   jobs   a flat list of triples: (dictionaryLength, dataLength, last) for a chunk job,
 *          (-1, expectedSize, deflate) for a small-file job, whose path is the next of `files`
 * A chunk job is deflated exactly as deflateChunkSync does. A small-file job is opened,
 * checked (regular file, listed size, unchanged size and mtime after reading), read, hashed
 * (crc32, sha256) and, if asked, deflated as one last chunk; a failure is reported as a
 * ReadProblem (see read-problems.ts). Results are packed into the output slab (one that does
 * not fit gets an ArrayBuffer of its own) and both slabs are transferred back to be reused.
 */
export const DEFLATE_WORKER_SOURCE = `
'use strict'
const { parentPort, workerData } = require('node:worker_threads')
const zlib = require('node:zlib')
const fs = require('node:fs')
const crypto = require('node:crypto')
const level = workerData.level
const OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK

function deflateChunk(data, dictionary, last) {
  const options = {
    level,
    finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
    // output bytes do not depend on it; under 4 KiB, small outputs come from Buffer's pool
    chunkSize: data.length < 16384 ? 4095 : Math.min(data.length + 1024, 1 << 21)
  }
  if (dictionary.length > 0) options.dictionary = dictionary
  return zlib.deflateRawSync(data, options)
}

function errnoProblem(error) {
  return { problem: 'errno', code: error && error.code, message: String((error && error.message) || error) }
}

/** Reads a whole file into target (exactly size bytes) with the writer's checks. */
function readChecked(file, target, size) {
  let fd
  try {
    fd = fs.openSync(file, OPEN_FLAGS)
  } catch (error) {
    return errnoProblem(error)
  }
  try {
    const before = fs.fstatSync(fd)
    if (!before.isFile()) return { problem: 'not-file' }
    if (before.size !== size) return { problem: 'size-listed', actual: before.size, listed: size }
    let filled = 0
    while (filled < size) {
      const got = fs.readSync(fd, target, filled, size - filled, filled)
      if (got === 0) return { problem: 'ended', got: filled, size }
      filled += got
    }
    const after = fs.fstatSync(fd)
    if (after.size !== before.size) return { problem: 'size-changed', before: before.size, after: after.size }
    if (after.mtimeMs !== before.mtimeMs || after.ctimeMs !== before.ctimeMs) return { problem: 'modified' }
    return null
  } catch (error) {
    return errnoProblem(error)
  } finally {
    fs.closeSync(fd)
  }
}

parentPort.on('message', ({ id, input, output, jobs, files }) => {
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
        const file = files[nextFile++]
        const target = used + size <= slab.length ? slab.subarray(used, used + size) : Buffer.allocUnsafe(size)
        const problem = readChecked(file, target, size)
        if (problem) {
          results.push(problem)
          continue
        }
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
