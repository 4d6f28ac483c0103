/**
 * Imported first by tests that need a short network timeout: src/git/exec-git.ts reads
 * ARTIFACT_LFS_NETWORK_TIMEOUT_MS once, when it loads, and ES modules load in import order.
 */
export const TEST_NETWORK_TIMEOUT_MS = 4000
process.env.ARTIFACT_LFS_NETWORK_TIMEOUT_MS = String(TEST_NETWORK_TIMEOUT_MS)
