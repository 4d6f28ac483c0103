import { isSecretDirName, isSecretFileName } from '../../src/packaging/secret-files.js'

describe('credential names', () => {
  it.each([
    'git-credentials-0d5c-4e2b.config',
    '.git-credentials',
    '.netrc',
    '_netrc',
    '.npmrc',
    '.pypirc',
    '.env',
    '.env.local',
    '.dockercfg',
    'id_rsa',
    'id_ed25519',
    '.pgpass'
  ])('never archives %s', name => {
    expect(isSecretFileName(name)).toBe(true)
  })

  it.each([
    'git-credentials.txt',
    'my.netrc',
    '.envrc',
    '.env.',
    'id_rsa.pub',
    'xid_rsa',
    'notes.config',
    'report.env'
  ])('archives %s (only the whole name counts)', name => {
    expect(isSecretFileName(name)).toBe(false)
  })

  it('knows the credential folders', () => {
    expect(isSecretDirName('.aws')).toBe(true)
    expect(isSecretDirName('.ssh')).toBe(true)
    expect(isSecretDirName('aws')).toBe(false)
  })
})
