export async function run(): Promise<void> {
  process.stdout.write('artifact-lfs action: placeholder\n')
}
