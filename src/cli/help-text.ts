import { TOOL_VERSION } from '../version.js'

export const HELP_TEXT = `artifact-lfs ${TOOL_VERSION}: keep CI and coding-session artifacts in git as LFS archives

Usage:
  artifact-lfs [--package] [--commit] [--sync-gitattributes [--check]] [--verify] [--validate]
               [--push] [options]
  artifact-lfs --recover [ARCHIVE] [--list] [--force] [options]

Run it from anywhere inside the repository. The policy comes from .codex_lfs_policy.yaml at the
repo root (keys: enable_autolfs, session_artifact_dir, size_threshold_mb, binary_extensions,
gitattributes_template); a missing file means the defaults.

Steps (combine them; they always run in this order: sync, package, commit, prune-archives,
verify, validate, push, clean, prune-temp):
  --sync-gitattributes   regenerate the managed block of .gitattributes from the policy
                           artifact-lfs --sync-gitattributes
  --check                with --sync-gitattributes: change nothing, exit 1 and print the diff
                         when .gitattributes is out of date (for CI)
                           artifact-lfs --sync-gitattributes --check
  --package              bundle new or changed files of the temp dir into
                         <session_artifact_dir>/codex-session_<UTC YYYYmmdd_HHMMSS>.zip
                           artifact-lfs --package --tmp-dir build/out
  --commit               commit the archive as a Git LFS pointer (never as a raw blob)
                           artifact-lfs --package --commit --sync-gitattributes
  --verify               check that every tracked file with a binary extension or over the size
                         threshold is an LFS pointer; list the offenders
                           artifact-lfs --verify
  --validate             check the session archives: pointer, local object, sha256, size, zip
                           artifact-lfs --validate
  --push                 push, only when every step before it passed (retries on a race)
                           artifact-lfs --package --commit --sync-gitattributes --push
  --clean                after the archive is committed (and pushed, with --push), remove its
                         files from the temp dir; a file changed since packaging is kept
                           artifact-lfs --package --commit --push --clean
  --prune-temp           remove temp-dir files older than --older-than that an archive at HEAD
                         holds byte-identical; everything else is listed and kept
                           artifact-lfs --prune-temp --older-than 7d --dry-run
  --prune-archives       remove older archives from the tree in one commit (history keeps
                         them), keeping at least --keep N; --max-age limits it to older ones
                           artifact-lfs --prune-archives --keep 10 --max-age 90d --push
  --recover [ARCHIVE]    extract an archive into the temp dir: a path, a file name in the
                         session dir, latest (default), or <commit>:<path>
                           artifact-lfs --recover latest

Options:
  --tmp-dir DIR          where session outputs are read from and recovered to (default: tmp at
                         the repo root; relative paths are taken from the current folder)
                           artifact-lfs --package --tmp-dir ./out
  -m, --message MSG      commit message (default: Add session artifact <timestamp>)
                           artifact-lfs --package --commit -m "Session of run 42"
  --all                  package every file, not only new or changed ones
                           artifact-lfs --package --all
  --include-hidden       also package hidden files and folders (credential files never)
                           artifact-lfs --package --include-hidden
  --compression-level N  deflate level 0-9 for compressible files (default 6; 0 stores all)
                           artifact-lfs --package --compression-level 1
  --policy-file PATH     the policy file, relative to the repo root (default .codex_lfs_policy.yaml)
                           artifact-lfs --verify --policy-file ci/lfs-policy.yaml
  --branch NAME          the branch to commit and push (needed on a detached HEAD)
                           artifact-lfs --package --commit --push --branch main
  --remote NAME          the remote to push to (default origin)
                           artifact-lfs --push --remote upstream
  --push-attempts N      push attempts when another job pushed first (default 5, 1-20)
                           artifact-lfs --package --commit --push --push-attempts 8
  --older-than DURATION  with --prune-temp: 30m, 12h, 7d, 2w
                           artifact-lfs --prune-temp --older-than 12h
  --keep N               with --prune-archives: always keep the newest N archives
                           artifact-lfs --prune-archives --keep 5
  --max-age DURATION     with --prune-archives: prune only archives older than this
                           artifact-lfs --prune-archives --keep 1 --max-age 30d
  --dry-run              do everything up to the push, then report what would be pushed (and
                         what pruning would remove)
                           artifact-lfs --package --commit --push --dry-run
  --list                 with --recover: list the archives and exit
                           artifact-lfs --recover --list
  --force                with --recover: overwrite files whose content differs
                           artifact-lfs --recover latest --force
  --json                 print one JSON result object on stdout (logs stay on stderr)
                           artifact-lfs --package --json
  -q, --quiet            print only warnings and errors
  -h, --help             this text
  -V, --version          the version

Exit codes: 0 done (also "nothing to do"), 1 failure, 2 usage error.
`
