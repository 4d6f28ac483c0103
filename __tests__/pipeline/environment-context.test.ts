import { environmentContext } from '../../src/pipeline/environment-context.js'

describe('environmentContext', () => {
  const now = new Date('2026-11-24T00:00:00Z')

  it('reads ALLOW_AUTOLFS, SOURCE_DATE_EPOCH and the GitHub run', () => {
    expect(
      environmentContext(
        {
          ALLOW_AUTOLFS: '1',
          SOURCE_DATE_EPOCH: '1700000000',
          GITHUB_RUN_ID: '42',
          GITHUB_RUN_ATTEMPT: '2'
        },
        now
      )
    ).toEqual({
      allowAutoLfs: true,
      sourceDateEpoch: 1700000000,
      now,
      runContext: { runId: '42', runAttempt: '2' }
    })
  })

  it.each(['', '-5', '1.5', '17e8', ' 1700000000', 'yesterday'])(
    'ignores SOURCE_DATE_EPOCH=%j (whole seconds only)',
    epoch => {
      expect(environmentContext({ SOURCE_DATE_EPOCH: epoch }, now).sourceDateEpoch).toBeUndefined()
    }
  )

  it('allows automatic LFS rules only for ALLOW_AUTOLFS=1', () => {
    expect(environmentContext({ ALLOW_AUTOLFS: 'true' }, now).allowAutoLfs).toBe(false)
    expect(environmentContext({}, now).allowAutoLfs).toBe(false)
    expect(environmentContext({}, now).runContext).toEqual({
      runId: undefined,
      runAttempt: undefined
    })
  })
})
