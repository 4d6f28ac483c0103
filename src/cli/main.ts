export async function main(_argv: string[]): Promise<number> {
  process.stdout.write('artifact-lfs: placeholder\n')
  return 0
}
