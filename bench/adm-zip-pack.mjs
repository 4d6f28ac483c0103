// adm-zip as a contender: zip a folder the way its README shows. Usage: adm-zip-pack.mjs SRC OUT
// It reads every file into memory and builds the whole archive in memory before writing it.
import AdmZip from 'adm-zip'

const [src, out] = process.argv.slice(2)
if (!src || !out) {
  process.stderr.write('usage: adm-zip-pack.mjs SRC OUT\n')
  process.exit(2)
}
const zip = new AdmZip()
zip.addLocalFolder(src)
zip.writeZip(out)
