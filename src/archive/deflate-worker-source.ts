/**
 * The code of a deflate worker thread, run with `new Worker(source, { eval: true })` so it needs
 * no file of its own next to a bundle. It receives batches: a transferred `input` slab with the
 * inputs (each job's dictionary, then its data), an empty `output` slab, and a list of
 * flat list of (dictionaryLength, dataLength, last) triples. It deflates each job exactly as
 * deflateChunkSync does, packs the outputs into the output slab (an output that does not fit
 * gets an ArrayBuffer of its own) and transfers both slabs back, so they are reused.
 */
export const DEFLATE_WORKER_SOURCE = `
'use strict'
const { parentPort, workerData } = require('node:worker_threads')
const zlib = require('node:zlib')
const level = workerData.level

function deflateChunk(data, dictionary, last) {
  const options = {
    level,
    finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
    chunkSize: Math.max(zlib.constants.Z_MIN_CHUNK, Math.min(data.length + 1024, 1 << 21))
  }
  if (dictionary.length > 0) options.dictionary = dictionary
  return zlib.deflateRawSync(data, options)
}

parentPort.on('message', ({ id, input, output, jobs }) => {
  try {
    const bytes = Buffer.from(input)
    const slab = Buffer.from(output)
    const results = []
    const transfer = [input, output]
    let offset = 0
    let used = 0
    for (let j = 0; j < jobs.length; j += 3) {
      const dictionaryLength = jobs[j]
      const dataLength = jobs[j + 1]
      const last = jobs[j + 2]
      const dictionary = bytes.subarray(offset, offset + dictionaryLength)
      offset += dictionaryLength
      const data = bytes.subarray(offset, offset + dataLength)
      offset += dataLength
      const deflated = deflateChunk(data, dictionary, last === 1)
      if (used + deflated.length <= slab.length) {
        used += deflated.copy(slab, used)
        results.push(deflated.length)
      } else {
        const own = new Uint8Array(deflated.length)
        own.set(deflated)
        results.push(own.buffer)
        transfer.push(own.buffer)
      }
    }
    parentPort.postMessage({ id, input, output, results }, transfer)
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.stack) || error) })
  }
})
`
