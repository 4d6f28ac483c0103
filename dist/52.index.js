export const id = 52;
export const ids = [52];
export const modules = {

/***/ 52:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: ./lib/errors.js
var errors = __webpack_require__(452);
;// CONCATENATED MODULE: ./lib/pipeline/environment-context.js
/**
 * ALLOW_AUTOLFS=1 (the policy may turn on automatic LFS rules), SOURCE_DATE_EPOCH (whole
 * seconds; anything else is ignored, as reproducible-builds tools do) and the GitHub run id and
 * attempt (they keep archive names of concurrent runs apart).
 */
function environmentContext(env, now = new Date()) {
    const epoch = env.SOURCE_DATE_EPOCH;
    return {
        allowAutoLfs: env.ALLOW_AUTOLFS === '1',
        sourceDateEpoch: epoch && /^\d+$/.test(epoch) ? Number(epoch) : undefined,
        now,
        runContext: { runId: env.GITHUB_RUN_ID, runAttempt: env.GITHUB_RUN_ATTEMPT }
    };
}

;// CONCATENATED MODULE: ./lib/pipeline/pipeline-failure.js

/**
 * A run that stopped at a step: the error that stopped it plus everything the steps before it
 * reported (the adapters show both: offenders as annotations, the archive path to keep, ...).
 */
class PipelineFailure extends errors/* ArtifactLfsError */.qq {
    partial;
    step;
    constructor(step, error, partial) {
        super(error.kind, error.message, { hint: error.hint, cause: error });
        this.name = 'PipelineFailure';
        this.step = step;
        this.partial = partial;
    }
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(760);
// EXTERNAL MODULE: ./lib/git/git-repo.js
var git_repo = __webpack_require__(937);
;// CONCATENATED MODULE: ./lib/progress/progress.js
const silentProgress = {
    update: () => undefined,
    done: () => undefined
};
const progress_silentLogger = {
    info: () => undefined,
    warn: () => undefined,
    debug: () => undefined
};

;// CONCATENATED MODULE: ./lib/git/committer-identity.js

const DEFAULT_COMMITTER_NAME = 'github-actions[bot]';
const DEFAULT_COMMITTER_EMAIL = '41898282+github-actions[bot]@users.noreply.github.com';
function identityEnvFor(name, email) {
    return {
        GIT_AUTHOR_NAME: name,
        GIT_AUTHOR_EMAIL: email,
        GIT_COMMITTER_NAME: name,
        GIT_COMMITTER_EMAIL: email
    };
}
async function configValue(repo, key) {
    const result = await repo.run(['config', '--get', key], { okExitCodes: [0, 1] });
    const value = result.stdout.toString('utf8').trim();
    return result.exitCode === 0 && value !== '' ? value : undefined;
}
/**
 * user.name and user.email from git config (any scope) when both are set, otherwise the
 * github-actions[bot] identity. Returned as environment variables for the commit process, so
 * nothing is ever written to the user's config.
 */
async function committer_identity_committerIdentity(repo, logger = progress_silentLogger) {
    const name = await configValue(repo, 'user.name');
    const email = await configValue(repo, 'user.email');
    if (name !== undefined && email !== undefined)
        return identityEnvFor(name, email);
    logger.info(`git user.name/user.email not both configured: committing as ${DEFAULT_COMMITTER_NAME} <${DEFAULT_COMMITTER_EMAIL}>`);
    return identityEnvFor(DEFAULT_COMMITTER_NAME, DEFAULT_COMMITTER_EMAIL);
}

// EXTERNAL MODULE: ./lib/git/exec-git.js + 2 modules
var exec_git = __webpack_require__(826);
;// CONCATENATED MODULE: ./lib/git/preflight.js





/**
 * Checks made before anything is packaged or committed: are git and git-lfs there, is the
 * LFS filter configured (without it `git add` silently stores raw blobs), which branch we
 * push to, and who commits.
 */
const LFS_MISSING_HINT = 'install it: apt-get install git-lfs (Debian/Ubuntu), brew install git-lfs (macOS), or see https://git-lfs.com; then run git lfs install';
/** The versions of git and git-lfs; a clear error when either is missing. */
async function checkTools(repo) {
    // two independent processes: run them side by side, report git first when both fail
    const [gitRun, lfsRun] = await Promise.allSettled([
        repo.text(['--version']),
        repo.text(['lfs', 'version'])
    ]);
    if (gitRun.status === 'rejected')
        throw new errors/* ArtifactLfsError */.qq('git-missing', 'git is not installed or cannot be run', {
            hint: 'install git 2.30 or newer and make sure it is on PATH',
            cause: gitRun.reason
        });
    if (lfsRun.status === 'rejected')
        throw new errors/* ArtifactLfsError */.qq('lfs-missing', 'git-lfs is not installed', {
            hint: LFS_MISSING_HINT,
            cause: lfsRun.reason
        });
    const gitLine = gitRun.value;
    const lfsLine = lfsRun.value;
    return {
        git: /git version (\S+)/.exec(gitLine)?.[1] ?? gitLine.trim(),
        gitLfs: /git-lfs\/(\S+)/.exec(lfsLine)?.[1] ?? lfsLine.trim()
    };
}
/** True when `filter.lfs.clean` or `filter.lfs.process` is set in any config scope. */
async function isLfsFilterConfigured(repo) {
    const result = await repo.run(['config', '--get-regexp', '^filter\\.lfs\\.(clean|process)$'], {
        okExitCodes: [0, 1]
    });
    return result.exitCode === 0 && result.stdout.toString('utf8').trim() !== '';
}
async function ensureLfsFilter(repo, logger = progress_silentLogger) {
    if (await isLfsFilterConfigured(repo))
        return false;
    try {
        await repo.run(['lfs', 'install', '--local']);
    }
    catch (cause) {
        const stderr = cause instanceof exec_git/* GitCommandError */.iR ? cause.stderr : '';
        if (/'lfs' is not a git command/.test(stderr))
            throw new errors/* ArtifactLfsError */.qq('lfs-missing', 'git-lfs is not installed', {
                hint: LFS_MISSING_HINT,
                cause
            });
        throw new errors/* ArtifactLfsError */.qq('repo-state', `the Git LFS filter is not configured in ${repo.root} and git lfs install --local failed`, {
            hint: 'run git lfs install --local yourself and read its message (an existing pre-push hook may need git lfs update --manual)',
            cause
        });
    }
    if (!(await isLfsFilterConfigured(repo)))
        throw new errors/* ArtifactLfsError */.qq('repo-state', `git lfs install --local ran in ${repo.root} but filter.lfs.process is still not set`, { hint: 'check the repository config (git config --show-origin --get-regexp filter.lfs)' });
    logger.info('Git LFS filter was not configured: ran git lfs install --local (repository config and hooks only)');
    return true;
}
/**
 * The branch to commit and push to: `requested` when given (checked with
 * `git check-ref-format --branch`), else the branch HEAD is on.
 */
async function resolveBranch(repo, requested) {
    if (requested !== undefined && requested !== '') {
        const check = await repo.run(['check-ref-format', '--branch', requested], {
            okExitCodes: [0, 1, 128]
        });
        const normalized = check.stdout.toString('utf8').trim();
        if (check.exitCode !== 0 || requested.startsWith('-') || normalized.startsWith('refs/'))
            throw new errors/* ArtifactLfsError */.qq('usage', `${JSON.stringify(requested)} is not a valid branch name`, {
                hint: 'pass a plain branch name, e.g. --branch artifacts'
            });
        return normalized;
    }
    const current = await repo.currentBranch();
    if (current === undefined)
        throw new errors/* ArtifactLfsError */.qq('repo-state', `HEAD is detached in ${repo.root}: there is no branch to commit the archive to`, { hint: 'pass --branch NAME (the branch input in the Action), or check out a branch first' });
    return current;
}
/** All checks in order, with one log line per finding worth knowing. */
async function runPreflight(repo, options = {}) {
    const logger = options.logger ?? silentLogger;
    const tools = await checkTools(repo);
    logger.debug(`git ${tools.git}, git-lfs ${tools.gitLfs}`);
    const installedLfsFilter = await ensureLfsFilter(repo, logger);
    const branch = await resolveBranch(repo, options.branch);
    const currentBranch = await repo.currentBranch();
    const identityEnv = await committerIdentity(repo, logger);
    const shallow = await repo.isShallow();
    if (shallow)
        logger.info('shallow clone: verify reads only HEAD; a push retry fetches with the same depth');
    return { tools, installedLfsFilter, branch, currentBranch, identityEnv, shallow };
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(455);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(24);
;// CONCATENATED MODULE: ./lib/fs/atomic-file.js





/** The temp-file name used next to `target`; a leading dot and a random part keep it unique. */
function tempPathFor(target) {
    return external_node_path_.join(external_node_path_.dirname(target), `.${external_node_path_.basename(target)}.${process.pid}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.partial`);
}
/**
 * Replaces `target` with `data` atomically: write a temp file in the same folder, fsync it,
 * rename over the target, fsync the folder. Readers see the old file or the new one, never
 * half of it; on failure the temp file is removed and the target is untouched. `data` may
 * come in pieces (an iterable of strings, written as UTF-8 one after the other).
 */
async function writeFileAtomic(target, data, mode = 0o644) {
    const tmp = tempPathFor(target);
    let handle;
    try {
        handle = await (0,promises_.open)(tmp, 'wx', mode);
        if (typeof data === 'string' || Buffer.isBuffer(data))
            await handle.writeFile(data);
        // writeFile on a handle writes from its current position, to the end of each piece
        else
            for (const piece of data)
                await handle.writeFile(piece);
        await handle.sync();
        await handle.close();
        handle = undefined;
        await (0,promises_.rename)(tmp, target);
    }
    catch (cause) {
        await handle?.close().catch(() => undefined);
        await (0,promises_.unlink)(tmp).catch(() => undefined);
        throw new errors/* ArtifactLfsError */.qq('io', `could not write ${target}: ${cause.message}`, {
            cause
        });
    }
    await syncDir(external_node_path_.dirname(target));
}
/** fsync a folder so a rename in it survives a crash. Best effort where unsupported. */
async function syncDir(dir) {
    let handle;
    try {
        handle = await (0,promises_.open)(dir, external_node_fs_.constants.O_RDONLY);
        await handle.sync();
    }
    catch {
        // some file systems refuse fsync on a directory; the rename is still atomic
    }
    finally {
        await handle?.close().catch(() => undefined);
    }
}
/**
 * A file being written under a temp name, published under its final name only by `publish()`,
 * which never replaces an existing file (hard link, then unlink the temp name): two writers
 * racing for one name cannot overwrite each other. `discard()` removes the temp file.
 */
class PendingFile {
    tempPath;
    handle;
    finished = false;
    constructor(tempPath, handle) {
        this.tempPath = tempPath;
        this.handle = handle;
    }
    static async create(nearTarget, mode = 0o644) {
        const tempPath = tempPathFor(nearTarget);
        const handle = await (0,promises_.open)(tempPath, 'wx', mode);
        return new PendingFile(tempPath, handle);
    }
    /** fsync + close, then link to `target`. Resolves false (and keeps the temp file) if taken. */
    async publish(target) {
        if (!this.finished) {
            await this.handle.sync();
            await this.handle.close();
            this.finished = true;
        }
        try {
            await (0,promises_.link)(this.tempPath, target);
        }
        catch (cause) {
            if (cause.code === 'EEXIST')
                return false;
            throw cause;
        }
        await (0,promises_.unlink)(this.tempPath);
        await syncDir(external_node_path_.dirname(target));
        return true;
    }
    async discard() {
        if (!this.finished) {
            this.finished = true;
            await this.handle.close().catch(() => undefined);
        }
        await (0,promises_.unlink)(this.tempPath).catch(() => undefined);
    }
}

;// CONCATENATED MODULE: ./lib/policy/policy.js
const DEFAULT_POLICY_FILE = '.codex_lfs_policy.yaml';
/** Anything larger is certainly a typo (1 TiB). */
const MAX_SIZE_THRESHOLD_MB = 1_048_576;
/** A policy file is a few hundred bytes; refuse to parse anything over this. */
const MAX_POLICY_FILE_BYTES = 1024 * 1024;
/** The defaults; frozen (arrays included), so copy with defaultPolicy() before changing. */
const DEFAULT_POLICY = freezePolicy({
    enableAutoLfs: false,
    sessionArtifactDir: 'codex_sessions',
    sizeThresholdMb: 50,
    binaryExtensions: ['.db', '.7z', '.zip', '.bak', '.dot', '.sqlite', '.exe'],
    gitattributesTemplate: []
});
function freezePolicy(policy) {
    Object.freeze(policy.binaryExtensions);
    Object.freeze(policy.gitattributesTemplate);
    return Object.freeze(policy);
}
/** The YAML key for each Policy field, in documentation order. */
const POLICY_KEYS = {
    enableAutoLfs: 'enable_autolfs',
    sessionArtifactDir: 'session_artifact_dir',
    sizeThresholdMb: 'size_threshold_mb',
    binaryExtensions: 'binary_extensions',
    gitattributesTemplate: 'gitattributes_template'
};
const KNOWN_POLICY_KEYS = Object.values(POLICY_KEYS);
/** A fresh, mutable copy of the defaults. */
function defaultPolicy() {
    return {
        enableAutoLfs: DEFAULT_POLICY.enableAutoLfs,
        sessionArtifactDir: DEFAULT_POLICY.sessionArtifactDir,
        sizeThresholdMb: DEFAULT_POLICY.sizeThresholdMb,
        binaryExtensions: [...DEFAULT_POLICY.binaryExtensions],
        gitattributesTemplate: [...DEFAULT_POLICY.gitattributesTemplate]
    };
}

;// CONCATENATED MODULE: ./lib/gitattributes/line-diff.js
/** Lines of context shown around the change. */
const CONTEXT = 3;
/** Above this many cells the middle is shown as all-removed then all-added (no LCS). */
const MAX_LCS_CELLS = 1_000_000;
/**
 * A small unified-style diff of two versions of a text file, for `--check` output: a
 * `---`/`+++` header and one hunk spanning the changed region with a few context lines.
 * `before` undefined means the file does not exist yet. Empty string when equal.
 */
function lineDiff(name, before, after) {
    const a = before === undefined ? [] : splitText(before);
    const b = splitText(after);
    if (before !== undefined && before.equals(after))
        return '';
    let prefix = 0;
    while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix])
        prefix += 1;
    let suffix = 0;
    while (suffix < a.length - prefix &&
        suffix < b.length - prefix &&
        a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) {
        suffix += 1;
    }
    const middle = diffMiddle(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix));
    const lead = Math.max(0, prefix - CONTEXT);
    const trail = Math.min(suffix, CONTEXT);
    const ops = [
        ...a.slice(lead, prefix).map(text => ({ sign: ' ', text })),
        ...middle,
        ...a
            .slice(a.length - suffix, a.length - suffix + trail)
            .map(text => ({ sign: ' ', text }))
    ];
    const oldCount = ops.filter(op => op.sign !== '+').length;
    const newCount = ops.filter(op => op.sign !== '-').length;
    const header = [
        before === undefined ? '--- /dev/null' : `--- a/${name}`,
        `+++ b/${name}`,
        `@@ -${range(lead, oldCount)} +${range(lead, newCount)} @@`
    ];
    return [...header, ...ops.map(op => op.sign + op.text)].join('\n') + '\n';
}
/** `start,count` in unified-diff terms (1-based; an empty range names the line before it). */
function range(start, count) {
    return count === 0 ? `${start},0` : `${start + 1},${count}`;
}
/** Lines without their line endings; a final line break does not make an extra empty line. */
function splitText(bytes) {
    const text = bytes.toString('utf8');
    if (text === '')
        return [];
    const lines = text.split('\n').map(line => line.replace(/\r$/, ''));
    if (text.endsWith('\n'))
        lines.pop();
    return lines;
}
/** Longest-common-subsequence diff of two short line lists. */
function diffMiddle(a, b) {
    if (a.length * b.length > MAX_LCS_CELLS) {
        return [
            ...a.map(text => ({ sign: '-', text })),
            ...b.map(text => ({ sign: '+', text }))
        ];
    }
    // lengths[i][j] = LCS length of a[i..] and b[j..]
    const lengths = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
    for (let i = a.length - 1; i >= 0; i--) {
        for (let j = b.length - 1; j >= 0; j--) {
            lengths[i][j] =
                a[i] === b[j]
                    ? lengths[i + 1][j + 1] + 1
                    : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
        }
    }
    const ops = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
        if (a[i] === b[j]) {
            ops.push({ sign: ' ', text: a[i] });
            i += 1;
            j += 1;
        }
        else if (lengths[i + 1][j] >= lengths[i][j + 1]) {
            ops.push({ sign: '-', text: a[i++] });
        }
        else {
            ops.push({ sign: '+', text: b[j++] });
        }
    }
    while (i < a.length)
        ops.push({ sign: '-', text: a[i++] });
    while (j < b.length)
        ops.push({ sign: '+', text: b[j++] });
    return ops;
}

;// CONCATENATED MODULE: ./lib/gitattributes/managed-block-markers.js
/**
 * The lines that fence the part of `.gitattributes` artifact-lfs owns. Detection matches the
 * fixed prefixes below (after optional leading whitespace), so the explanatory tail of the
 * begin line may change between versions without orphaning old blocks.
 */
const MANAGED_BLOCK_BEGIN_PREFIX = '# >>> artifact-lfs managed block';
const MANAGED_BLOCK_END_PREFIX = '# <<< artifact-lfs managed block';
const MANAGED_BLOCK_BEGIN = `${MANAGED_BLOCK_BEGIN_PREFIX} (generated from .codex_lfs_policy.yaml; edit the policy, not these lines)`;
const MANAGED_BLOCK_END = MANAGED_BLOCK_END_PREFIX;
/** The marker words any line must not contain unless it is a marker itself. */
const MARKER_WORDS = /(>>>|<<<)\s*artifact-lfs managed block/i;
/** True when `line` mentions a managed-block marker (used to refuse such template lines). */
function containsMarker(line) {
    return MARKER_WORDS.test(line);
}
/** Whether a `.gitattributes` line (without its line ending) is a begin or end marker. */
function markerKind(line) {
    const text = line.replace(/^\uFEFF/, '').trim();
    if (text.startsWith(MANAGED_BLOCK_BEGIN_PREFIX))
        return 'begin';
    if (text.startsWith(MANAGED_BLOCK_END_PREFIX))
        return 'end';
    return undefined;
}

;// CONCATENATED MODULE: ./lib/gitattributes/merge-managed-block.js


const FILE = '.gitattributes';
const HINT_MARKERS = 'fix the artifact-lfs marker lines by hand (one begin line, then one end line), or delete the whole block and sync again';
/**
 * Puts `rules` into the artifact-lfs managed block of a `.gitattributes` file. An existing
 * block is replaced in place; otherwise the block is appended at the end, separated by one
 * line break. Every byte outside the block is kept exactly (BOM, CRLF, a missing final
 * newline, user lines before and after); block lines use the file's line ending. Marker lines
 * that do not form exactly one begin...end pair are refused, never guessed at.
 */
function mergeManagedBlock(existing, rules) {
    checkRules(rules);
    if (existing === undefined || existing.length === 0) {
        return Buffer.from(blockText(rules, '\n', '\n'), 'utf8');
    }
    const lines = splitLines(existing);
    const block = findBlock(existing, lines);
    if (block) {
        const begin = lines[block.begin];
        const end = lines[block.end];
        const eol = lineEnding(existing, begin) || lineEnding(existing, end) || '\n';
        const beginStart = block.begin === 0 && hasBom(existing) ? 3 : begin.start;
        return Buffer.concat([
            existing.subarray(0, beginStart),
            Buffer.from(blockText(rules, eol, lineEnding(existing, end)), 'utf8'),
            existing.subarray(end.end)
        ]);
    }
    const eol = firstLineEnding(existing, lines);
    if (existing.length === 3 && hasBom(existing)) {
        return Buffer.concat([existing, Buffer.from(blockText(rules, eol, eol), 'utf8')]);
    }
    return Buffer.concat([existing, Buffer.from(eol + blockText(rules, eol, eol), 'utf8')]);
}
/** The block as text: begin marker, rules, end marker; `last` ends the end marker line. */
function blockText(rules, eol, last) {
    return [MANAGED_BLOCK_BEGIN, ...rules].map(line => line + eol).join('') + MANAGED_BLOCK_END + last;
}
function checkRules(rules) {
    rules.forEach((rule, index) => {
        if (/[\r\n]/.test(rule) || containsMarker(rule)) {
            throw new errors/* ArtifactLfsError */.qq('config', `managed block rule ${index + 1} contains a line break or a managed-block marker: ${JSON.stringify(rule)}`, { hint: 'remove it from gitattributes_template in the policy file' });
        }
    });
}
function splitLines(bytes) {
    const lines = [];
    let start = 0;
    while (start < bytes.length) {
        const newline = bytes.indexOf(0x0a, start);
        const end = newline === -1 ? bytes.length : newline + 1;
        let contentEnd = newline === -1 ? bytes.length : newline;
        if (newline !== -1 && contentEnd > start && bytes[contentEnd - 1] === 0x0d)
            contentEnd -= 1;
        lines.push({ start, contentEnd, end });
        start = end;
    }
    return lines;
}
function findBlock(bytes, lines) {
    let begin;
    let end;
    lines.forEach((span, index) => {
        const kind = markerKind(bytes.toString('utf8', span.start, span.contentEnd));
        if (kind === 'begin') {
            if (begin !== undefined) {
                throw markerError(index, `a second managed-block begin marker (the first is on line ${begin + 1})`);
            }
            begin = index;
        }
        else if (kind === 'end') {
            if (begin === undefined)
                throw markerError(index, 'a managed-block end marker without a begin marker before it');
            if (end !== undefined) {
                throw markerError(index, `a second managed-block end marker (the block already ended on line ${end + 1})`);
            }
            end = index;
        }
    });
    if (begin === undefined)
        return undefined;
    if (end === undefined)
        throw markerError(begin, 'a managed-block begin marker without an end marker');
    return { begin, end };
}
function markerError(index, what) {
    return new errors/* ArtifactLfsError */.qq('config', `${FILE}:${index + 1}: ${what}`, { hint: HINT_MARKERS });
}
function lineEnding(bytes, span) {
    return bytes.toString('latin1', span.contentEnd, span.end);
}
function firstLineEnding(bytes, lines) {
    for (const span of lines) {
        const eol = lineEnding(bytes, span);
        if (eol)
            return eol;
    }
    return '\n';
}
function hasBom(bytes) {
    return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

;// CONCATENATED MODULE: ./lib/gitattributes/gitattributes-pattern.js
/**
 * Building `.gitattributes` patterns that git matches exactly as intended. Git reads a pattern
 * up to the first whitespace unless the line starts with `"`, in which case the pattern is a
 * C-style quoted string; either way the result is a wildmatch glob in which `\` escapes the
 * next character. So: escape glob characters first, then quote when whitespace or quotes
 * would otherwise end or change the pattern.
 */
/** The attributes that route a path through Git LFS (what `git lfs track` writes). */
const LFS_ATTRIBUTES = 'filter=lfs diff=lfs merge=lfs -text';
const GLOB_SPECIAL = /[*?[\]\\]/;
/** `<pattern> filter=lfs diff=lfs merge=lfs -text`. */
function lfsRule(pattern) {
    return `${pattern} ${LFS_ATTRIBUTES}`;
}
/** `path` as a glob that matches only itself (`[x]` becomes `\[x\]`, a leading `!`/`#` too). */
function escapeGlob(text) {
    let out = '';
    for (const char of text)
        out += GLOB_SPECIAL.test(char) ? `\\${char}` : char;
    // a leading ! would make the line a (forbidden) negative pattern, a leading # a comment
    return /^[!#]/.test(out) ? `\\${out}` : out;
}
/**
 * Quotes a finished glob when git would otherwise cut it at whitespace or misread it:
 * `my sessions/*.zip` becomes `"my sessions/*.zip"`. Inside quotes `\` and `"` are escaped
 * and control characters use C escapes, which git's unquoting reverses before globbing.
 */
function quotePatternIfNeeded(glob) {
    // eslint-disable-next-line no-control-regex
    if (!/[\s"\u0000-\u001f\u007f]/.test(glob))
        return glob;
    let out = '"';
    for (const char of glob) {
        const code = char.codePointAt(0);
        if (char === '\\' || char === '"')
            out += `\\${char}`;
        else if (char === '\t')
            out += '\\t';
        else if (char === '\n')
            out += '\\n';
        else if (char === '\r')
            out += '\\r';
        else if (code < 0x20 || code === 0x7f)
            out += `\\${code.toString(8).padStart(3, '0')}`;
        else
            out += char;
    }
    return `${out}"`;
}
/** The pattern for zip archives directly inside `dir` (a '/'-separated repo-relative path). */
function archiveDirPattern(dir) {
    return quotePatternIfNeeded(`${escapeGlob(dir)}/*.zip`);
}
/**
 * A glob for files ending in `extension` in any letter case: `.db` -> `*.[dD][bB]`,
 * `.tar.gz` -> `*.[tT][aA][rR].[gG][zZ]`, `.7z` -> `*.7[zZ]`. Only ASCII letters get a
 * bracket: git compares bytes, so a bracket cannot hold a multi-byte character; other
 * characters match literally.
 */
function caseInsensitiveGlob(extension) {
    let out = '*';
    for (const char of extension) {
        if (/[a-zA-Z]/.test(char))
            out += `[${char.toLowerCase()}${char.toUpperCase()}]`;
        else
            out += GLOB_SPECIAL.test(char) ? `\\${char}` : char;
    }
    return quotePatternIfNeeded(out);
}
/**
 * The pattern part of a `.gitattributes` line (its first field; a quoted one whole), or
 * undefined for blank lines and comments. Used to spot duplicate rules.
 */
function patternOf(line) {
    const text = line.trimStart();
    if (text === '' || text.startsWith('#'))
        return undefined;
    if (text.startsWith('"')) {
        for (let i = 1; i < text.length; i++) {
            if (text[i] === '\\')
                i += 1;
            else if (text[i] === '"')
                return text.slice(0, i + 1);
        }
        return text;
    }
    return text.split(/\s/, 1)[0];
}

;// CONCATENATED MODULE: ./lib/gitattributes/render-lfs-rules.js


/**
 * The lines of the managed block, in order: the policy's template lines, the rule for session
 * archives (`<session_artifact_dir>/*.zip`), then one rule per binary extension. A line whose
 * pattern already appeared is dropped (first occurrence wins); comment lines are dropped only
 * when repeated exactly. Same policy, same lines.
 */
function renderLfsRules(policy) {
    const candidates = [
        ...policy.gitattributesTemplate,
        lfsRule(archiveDirPattern(policy.sessionArtifactDir)),
        ...policy.binaryExtensions.map(extension => lfsRule(caseInsensitiveGlob(extension)))
    ];
    const seen = new Set();
    const lines = [];
    for (const line of candidates) {
        const pattern = patternOf(line);
        const key = pattern === undefined ? `line:${line}` : `pattern:${pattern}`;
        if (seen.has(key))
            continue;
        seen.add(key);
        lines.push(line);
    }
    return lines;
}

;// CONCATENATED MODULE: ./lib/gitattributes/sync-gitattributes.js








const GITATTRIBUTES_FILE = '.gitattributes';
/** A `.gitattributes` this large is not hand-written; refuse rather than load it. */
const MAX_GITATTRIBUTES_BYTES = 16 * 1024 * 1024;
/**
 * Brings the managed block of `<repoRoot>/.gitattributes` in line with the policy. Writes
 * (atomically, keeping the file mode) only when something changed, so a second run changes
 * nothing, not even the mtime. With `check`, never writes.
 */
async function syncGitattributes(repoRoot, policy, options = {}) {
    const file = external_node_path_.join(repoRoot, GITATTRIBUTES_FILE);
    const { before, mode } = await readExisting(file);
    const after = mergeManagedBlock(before, renderLfsRules(policy));
    const changed = before === undefined || !before.equals(after);
    const diff = changed ? lineDiff(GITATTRIBUTES_FILE, before, after) : '';
    if (changed && !options.check)
        await writeFileAtomic(file, after, mode);
    return { path: file, changed, before, after, diff };
}
async function readExisting(file) {
    let stats;
    try {
        stats = await (0,promises_.lstat)(file);
    }
    catch (cause) {
        if (cause.code === 'ENOENT')
            return { before: undefined, mode: 0o644 };
        throw new errors/* ArtifactLfsError */.qq('io', `cannot read ${file}: ${cause.message}`, { cause });
    }
    const refuse = (what, hint) => new errors/* ArtifactLfsError */.qq('config', `${GITATTRIBUTES_FILE}: ${what}`, { hint });
    if (stats.isSymbolicLink()) {
        throw refuse('is a symlink; artifact-lfs will not write through it', 'replace the symlink with a regular file (git does not read .gitattributes through symlinks)');
    }
    if (stats.isDirectory()) {
        throw refuse('is a folder, not a file', 'remove or rename the folder named .gitattributes');
    }
    if (!stats.isFile())
        throw refuse('is not a regular file', 'replace it with a regular file');
    if (stats.size > MAX_GITATTRIBUTES_BYTES) {
        throw refuse(`is ${stats.size} bytes, more than the ${MAX_GITATTRIBUTES_BYTES} artifact-lfs will edit`, 'check the file: a .gitattributes is normally a few lines');
    }
    try {
        return { before: await (0,promises_.readFile)(file), mode: stats.mode & 0o7777 };
    }
    catch (cause) {
        throw new errors/* ArtifactLfsError */.qq('io', `cannot read ${file}: ${cause.message}`, { cause });
    }
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(161);
;// CONCATENATED MODULE: ./lib/archive/archive-output.js


/** Small pieces (headers, small entries) are gathered up to this size before one write. */
const GATHER_SIZE = 1024 * 1024;
/**
 * The archive file as it is written: strictly sequential writes from position 0, with the
 * size and sha256 of everything written kept as it goes, so no second read pass is needed.
 * Small pieces are copied into one buffer to save system calls; once `append` resolves, the
 * caller may reuse the memory it passed.
 */
class ArchiveOutput {
    handle;
    hash = (0,external_node_crypto_.createHash)('sha256');
    gathered = Buffer.allocUnsafeSlow(GATHER_SIZE);
    gatheredBytes = 0;
    /** Bytes handed to the file so far. */
    flushed = 0;
    /** Bytes appended so far (written or gathered). */
    appended = 0;
    constructor(handle) {
        this.handle = handle;
    }
    /** Archive offset of the next byte appended. */
    get position() {
        return this.appended;
    }
    /**
     * Appends `data`; the returned promise settles once it is safe to append more (append and
     * tryAppend must not be called while an append is pending).
     */
    async append(data) {
        if (data.length === 0 || this.tryAppend(data))
            return;
        this.appended += data.length;
        if (this.gatheredBytes + data.length > GATHER_SIZE)
            await this.flush();
        if (data.length >= GATHER_SIZE / 2) {
            this.hash.update(data);
            await this.writeFully(data);
            return;
        }
        this.gatheredBytes += data.copy(this.gathered, this.gatheredBytes);
    }
    /**
     * Appends `data` at once if it fits the gather buffer without a write, and says whether it
     * did; otherwise the caller must `await append(data)`. (Many small files: no promise each.)
     */
    tryAppend(data) {
        if (data.length >= GATHER_SIZE / 2 || this.gatheredBytes + data.length > GATHER_SIZE)
            return false;
        this.appended += data.length;
        this.gatheredBytes += data.copy(this.gathered, this.gatheredBytes);
        return true;
    }
    /** Writes everything gathered so far. */
    async flush() {
        if (this.gatheredBytes === 0)
            return;
        const size = this.gatheredBytes;
        this.gatheredBytes = 0;
        const gathered = this.gathered.subarray(0, size);
        this.hash.update(gathered); // hashed here, in one go, not piece by piece
        await this.writeFully(gathered);
    }
    /** Hex sha256 of all bytes appended; call once, after the last append and flush. */
    digest() {
        return this.hash.digest('hex');
    }
    async writeFully(data) {
        let done = 0;
        while (done < data.length) {
            let written;
            try {
                ;
                ({ bytesWritten: written } = await this.handle.write(data, done, data.length - done, this.flushed));
            }
            catch (cause) {
                throw new errors/* ArtifactLfsError */.qq('archive', `cannot write the archive: ${cause.message}`, { hint: 'check free disk space and permissions of the output folder', cause });
            }
            if (written <= 0)
                throw new errors/* ArtifactLfsError */.qq('archive', 'cannot write the archive: the write made no progress');
            done += written;
            this.flushed += written;
        }
    }
}

;// CONCATENATED MODULE: ./lib/archive/zip-format.js
/**
 * The byte layout of a zip archive (PKWARE APPNOTE 6.3): signatures, limits, and builders for
 * local headers, data descriptors, central directory headers and end records, including the
 * zip64 variants. Pure functions over numbers and Buffers; no I/O.
 */
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const DATA_DESCRIPTOR_SIGNATURE = 0x08074b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const ZIP64_END_SIGNATURE = 0x06064b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const END_SIGNATURE = 0x06054b50;
const METHOD_STORE = 0;
const METHOD_DEFLATE = 8;
/** General purpose bit 3: crc and sizes follow the data in a data descriptor. */
const FLAG_DATA_DESCRIPTOR = 0x0008;
/** General purpose bit 11: name is UTF-8. */
const FLAG_UTF8 = 0x0800;
/** Upper byte 3 = UNIX (external attributes carry st_mode), lower byte 63 = APPNOTE 6.3. */
const VERSION_MADE_BY = (3 << 8) | 63;
const VERSION_NEEDED_STORE = 10;
const VERSION_NEEDED_DEFLATE = 20;
const VERSION_NEEDED_ZIP64 = 45;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const EXTRA_ZIP64 = 0x0001;
const EXTRA_EXTENDED_TIMESTAMP = 0x5455;
/** A 32-bit field at this value means "see the zip64 extra field". */
const ZIP32_LIMIT = 0xffffffff;
/** A 16-bit entry count at this value means "see the zip64 end record". */
const ZIP16_LIMIT = 0xffff;
const LOCAL_HEADER_SIZE = 30;
const CENTRAL_HEADER_SIZE = 46;
const END_SIZE = 22;
const ZIP64_END_SIZE = 56;
const ZIP64_LOCATOR_SIZE = 20;
/** MS-DOS date and time words from the UTC fields of `date`, clamped to 1980..2107. */
function dosDateTime(date) {
    const year = date.getUTCFullYear();
    if (!Number.isFinite(year) || year < 1980)
        return { time: 0, date: (1 << 5) | 1 };
    if (year > 2107)
        return { time: (23 << 11) | (59 << 5) | 29, date: (127 << 9) | (12 << 5) | 31 };
    return {
        time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
        date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate()
    };
}
/** Unix seconds for the extended-timestamp field, clamped to its signed 32-bit range. */
function unixSeconds(date) {
    const seconds = Math.floor(date.getTime() / 1000);
    if (!Number.isFinite(seconds))
        return 0;
    return Math.min(0x7fffffff, Math.max(-0x80000000, seconds));
}
/** Bytes of the 0x5455 extra field with only the modification time. */
const EXTENDED_TIMESTAMP_SIZE = 9;
/** Writes the 0x5455 extra field (same layout local and central) at `at`; returns the end. */
function writeExtendedTimestamp(target, at, mtime) {
    target.writeUInt16LE(EXTRA_EXTENDED_TIMESTAMP, at);
    target.writeUInt16LE(5, at + 2);
    target.writeUInt8(1, at + 4); // flags: modification time present
    target.writeInt32LE(unixSeconds(mtime), at + 5);
    return at + EXTENDED_TIMESTAMP_SIZE;
}
/** Writes a zip64 extra field (0x0001) with the given 64-bit values at `at`; returns the end. */
function writeZip64Extra(target, at, values) {
    target.writeUInt16LE(EXTRA_ZIP64, at);
    target.writeUInt16LE(8 * values.length, at + 2);
    values.forEach((value, i) => target.writeBigUInt64LE(BigInt(value), at + 4 + 8 * i));
    return at + 4 + 8 * values.length;
}
/**
 * A local file header. With `descriptor` the crc and sizes are zero here and follow the data;
 * with `zip64` the sizes live in a zip64 extra field (both of them, as the spec requires).
 */
function localHeader(fields, zip64) {
    const { time, date } = dosDateTime(fields.mtime);
    const extraLength = EXTENDED_TIMESTAMP_SIZE + (zip64 ? 20 : 0);
    const header = Buffer.allocUnsafe(LOCAL_HEADER_SIZE + fields.name.length + extraLength);
    header.writeUInt32LE(LOCAL_HEADER_SIGNATURE, 0);
    header.writeUInt16LE(versionNeeded(fields.method, zip64), 4);
    header.writeUInt16LE(fields.flags, 6);
    header.writeUInt16LE(fields.method, 8);
    header.writeUInt16LE(time, 10);
    header.writeUInt16LE(date, 12);
    header.writeUInt32LE(fields.crc32 >>> 0, 14);
    header.writeUInt32LE(zip64 ? ZIP32_LIMIT : fields.compressedSize, 18);
    header.writeUInt32LE(zip64 ? ZIP32_LIMIT : fields.size, 22);
    header.writeUInt16LE(fields.name.length, 26);
    header.writeUInt16LE(extraLength, 28);
    let at = LOCAL_HEADER_SIZE + fields.name.copy(header, LOCAL_HEADER_SIZE);
    if (zip64)
        at = writeZip64Extra(header, at, [fields.size, fields.compressedSize]);
    writeExtendedTimestamp(header, at, fields.mtime);
    return header;
}
/** The data descriptor after a streamed entry; zip64 uses 8-byte sizes. */
function dataDescriptor(crc32, compressedSize, size, zip64) {
    const descriptor = Buffer.alloc(zip64 ? 24 : 16);
    descriptor.writeUInt32LE(DATA_DESCRIPTOR_SIGNATURE, 0);
    descriptor.writeUInt32LE(crc32 >>> 0, 4);
    if (zip64) {
        descriptor.writeBigUInt64LE(BigInt(compressedSize), 8);
        descriptor.writeBigUInt64LE(BigInt(size), 16);
    }
    else {
        descriptor.writeUInt32LE(compressedSize, 8);
        descriptor.writeUInt32LE(size, 12);
    }
    return descriptor;
}
/** A central directory header; values that do not fit 32 bits go to a zip64 extra field. */
function centralHeader(record) {
    const header = Buffer.allocUnsafe(centralHeaderSize(record));
    writeCentralHeader(header, 0, record);
    return header;
}
/** The 64-bit values of a central header's zip64 extra field, in the order the spec fixes. */
function centralZip64Values(record) {
    // zip64 extra order is fixed: uncompressed size, compressed size, local header offset
    return [record.size, record.compressedSize, record.localHeaderOffset].filter(value => value >= ZIP32_LIMIT);
}
/** Bytes of centralHeader(record). */
function centralHeaderSize(record) {
    const wide = centralZip64Values(record).length;
    const extraLength = EXTENDED_TIMESTAMP_SIZE + (wide > 0 ? 4 + 8 * wide : 0);
    return CENTRAL_HEADER_SIZE + record.name.length + extraLength;
}
/** Writes centralHeader(record) into `target` at `at` (room checked by the caller); returns the end. */
function writeCentralHeader(target, at, record) {
    const { time, date } = dosDateTime(record.mtime);
    const wide = centralZip64Values(record);
    const field = (value) => (value < ZIP32_LIMIT ? value : ZIP32_LIMIT);
    const extraLength = EXTENDED_TIMESTAMP_SIZE + (wide.length > 0 ? 4 + 8 * wide.length : 0);
    target.writeUInt32LE(CENTRAL_HEADER_SIGNATURE, at);
    target.writeUInt16LE(VERSION_MADE_BY, at + 4);
    target.writeUInt16LE(versionNeeded(record.method, wide.length > 0), at + 6);
    target.writeUInt16LE(record.flags, at + 8);
    target.writeUInt16LE(record.method, at + 10);
    target.writeUInt16LE(time, at + 12);
    target.writeUInt16LE(date, at + 14);
    target.writeUInt32LE(record.crc32 >>> 0, at + 16);
    target.writeUInt32LE(field(record.compressedSize), at + 20);
    target.writeUInt32LE(field(record.size), at + 24);
    target.writeUInt16LE(record.name.length, at + 28);
    target.writeUInt16LE(extraLength, at + 30);
    target.fill(0, at + 32, at + 38); // comment length, disk number start, internal attributes
    target.writeUInt32LE((record.unixMode << 16) >>> 0, at + 38);
    target.writeUInt32LE(field(record.localHeaderOffset), at + 42);
    let end = at + CENTRAL_HEADER_SIZE + record.name.copy(target, at + CENTRAL_HEADER_SIZE);
    if (wide.length > 0)
        end = writeZip64Extra(target, end, wide);
    return writeExtendedTimestamp(target, end, record.mtime);
}
/**
 * The end of the archive: a zip64 end record and locator when the entry count, the central
 * directory size or its offset do not fit the classic record, then the classic record.
 */
function endOfCentralDirectory(entryCount, centralSize, centralOffset) {
    const needsZip64 = entryCount >= ZIP16_LIMIT || centralSize >= ZIP32_LIMIT || centralOffset >= ZIP32_LIMIT;
    const parts = [];
    if (needsZip64) {
        const record = Buffer.alloc(ZIP64_END_SIZE);
        record.writeUInt32LE(ZIP64_END_SIGNATURE, 0);
        record.writeBigUInt64LE(BigInt(ZIP64_END_SIZE - 12), 4);
        record.writeUInt16LE(VERSION_MADE_BY, 12);
        record.writeUInt16LE(VERSION_NEEDED_ZIP64, 14);
        // this disk and the disk with the central directory: both 0
        record.writeBigUInt64LE(BigInt(entryCount), 24);
        record.writeBigUInt64LE(BigInt(entryCount), 32);
        record.writeBigUInt64LE(BigInt(centralSize), 40);
        record.writeBigUInt64LE(BigInt(centralOffset), 48);
        const locator = Buffer.alloc(ZIP64_LOCATOR_SIZE);
        locator.writeUInt32LE(ZIP64_LOCATOR_SIGNATURE, 0);
        locator.writeBigUInt64LE(BigInt(centralOffset + centralSize), 8);
        locator.writeUInt32LE(1, 16); // total number of disks
        parts.push(record, locator);
    }
    const end = Buffer.alloc(END_SIZE);
    end.writeUInt32LE(END_SIGNATURE, 0);
    end.writeUInt16LE(Math.min(entryCount, ZIP16_LIMIT), 8);
    end.writeUInt16LE(Math.min(entryCount, ZIP16_LIMIT), 10);
    end.writeUInt32LE(Math.min(centralSize, ZIP32_LIMIT), 12);
    end.writeUInt32LE(Math.min(centralOffset, ZIP32_LIMIT), 16);
    parts.push(end);
    return Buffer.concat(parts);
}
function versionNeeded(method, zip64) {
    if (zip64)
        return VERSION_NEEDED_ZIP64;
    return method === METHOD_DEFLATE ? VERSION_NEEDED_DEFLATE : VERSION_NEEDED_STORE;
}

;// CONCATENATED MODULE: ./lib/archive/central-directory-writer.js

/** The directory is kept in blocks of this size (a record is at most ~66 KB). */
const BLOCK_SIZE = 1 << 20;
/**
 * The central directory, built as entries are written: each record goes straight into a
 * block of bytes as its header, so an archive of 70,000 files keeps ~6 MB of bytes outside
 * the JS heap instead of 70,000 record objects for the garbage collector to trace. Blocks are
 * filled one after the other, never grown or copied: a single doubling buffer held up to
 * twice the directory, and three times while it grew.
 */
class CentralDirectoryWriter {
    full = [];
    block;
    used = 0;
    entries = 0;
    /** Records written so far. */
    get count() {
        return this.entries;
    }
    add(record) {
        const size = centralHeaderSize(record);
        if (this.block === undefined || this.used + size > this.block.length) {
            if (this.block !== undefined)
                this.full.push(this.block.subarray(0, this.used));
            this.block = Buffer.allocUnsafe(Math.max(BLOCK_SIZE, size));
            this.used = 0;
        }
        this.used = writeCentralHeader(this.block, this.used, record);
        this.entries++;
    }
    /** The directory's bytes so far, in order (views: valid until the next `add`). */
    contents() {
        return this.block === undefined
            ? [...this.full]
            : [...this.full, this.block.subarray(0, this.used)];
    }
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(522);
;// CONCATENATED MODULE: ./lib/archive/slab-pool.js
/**
 * Recycled fixed-size ArrayBuffers ("slabs"). The writer streams gigabytes through buffers
 * that live for a while (read-ahead, deflate batches), and V8 frees such promoted buffers only
 * on a full collection, which a tiny JS heap rarely triggers: allocating a fresh buffer per
 * chunk let RSS climb past 700 MB on 500 MiB of input. Reusing slabs keeps memory flat.
 *
 * A slab is shared by reference counting: `carve` cuts views out of the current slab, each
 * view holding a reference; `release(view)` drops it; a slab with no references goes back to
 * the free list. Buffers the pool did not make are ignored by `release`.
 */
class SlabPool {
    slabSize;
    keepFree;
    free = [];
    references = new Map();
    current;
    used = 0;
    constructor(slabSize, 
    /** Free slabs kept for reuse, at most; the rest are left to the garbage collector. */
    keepFree = 16) {
        this.slabSize = slabSize;
        this.keepFree = keepFree;
    }
    /** A view of `size` bytes (at most slabSize) of uninitialised memory. */
    carve(size) {
        if (size > this.slabSize)
            throw new RangeError(`cannot carve ${size} bytes from a slab`);
        if (this.current === undefined || this.used + size > this.slabSize) {
            if (this.current !== undefined)
                this.drop(this.current);
            this.current = this.take();
            this.references.set(this.current, 1); // the pool's own reference while it is current
            this.used = 0;
        }
        const view = Buffer.from(this.current, this.used, size);
        this.used += size;
        this.references.set(this.current, (this.references.get(this.current) ?? 0) + 1);
        return view;
    }
    /** A whole slab, off the books: give it back with `recycle` (e.g. after a round trip). */
    take() {
        return this.free.pop() ?? new ArrayBuffer(this.slabSize);
    }
    /** Takes back a slab that came home, e.g. transferred back from a worker. */
    recycle(slab) {
        if (slab.byteLength === this.slabSize && this.free.length < this.keepFree)
            this.free.push(slab);
    }
    /** Books `slab` with `count` references (views the caller hands out); 0 recycles it. */
    adopt(slab, count) {
        if (count <= 0)
            this.recycle(slab);
        else
            this.references.set(slab, count);
    }
    /** The holder of `view` is done with it. */
    release(view) {
        this.drop(view.buffer);
    }
    drop(slab) {
        const count = this.references.get(slab);
        if (count === undefined)
            return;
        if (count > 1) {
            this.references.set(slab, count - 1);
            return;
        }
        this.references.delete(slab);
        if (slab === this.current)
            this.current = undefined;
        this.recycle(slab);
    }
}

;// CONCATENATED MODULE: ./lib/archive/deflate-chunks.js


/**
 * pigz-style chunked deflate. Each chunk of an entry is compressed as its own raw deflate
 * stream, primed with the previous chunk's last 32 KiB as dictionary; every chunk but the last
 * ends with a sync flush (byte-aligned, no final block) and the last with Z_FINISH, so the
 * concatenation of the outputs is one valid deflate stream. Chunks are independent jobs, so
 * they can run on several threads, and the bytes of a job never depend on where it ran.
 */
/** Bytes per chunk of entry data. */
const CHUNK_SIZE = 1024 * 1024;
/** Deflate's window: the most a back-reference can reach, and so the useful dictionary size. */
const DICTIONARY_SIZE = 32 * 1024;
/**
 * zlib's output buffer size: the bytes produced do not depend on it. Under 4 KiB, small
 * outputs come from Buffer's pool instead of a new ArrayBuffer each (less GC for many small
 * files); big chunks get room for their whole output at once.
 */
function outputChunkSize(inputLength) {
    return inputLength < 16384 ? 4095 : Math.min(inputLength + 1024, 1 << 21);
}
/** zlib keeps this many bytes of lookahead: matches reach back at most window - 262. */
const MIN_LOOKAHEAD = 262;
/**
 * The smallest deflate window (windowBits 9-15) that still reaches back over all of `length`
 * bytes with no dictionary: zlib then finds exactly the matches the full 32 KiB window would,
 * so the bytes are the same (a test checks it), but it sets up and clears far less memory.
 * Tiny files deflate ~3x faster (70,000 files of 16-256 bytes: 30 us a file was setup).
 */
function fittedWindowBits(length, hasDictionary) {
    if (hasDictionary)
        return 15;
    let bits = 9;
    while (bits < 15 && (1 << bits) - MIN_LOOKAHEAD < length)
        bits++;
    return bits;
}
/**
 * One chunk, on the calling thread. DEFLATE_WORKER_SOURCE does exactly the same in a worker;
 * a test checks both give the same bytes.
 */
function deflateChunkSync(job, level) {
    const hasDictionary = job.dictionary !== undefined && job.dictionary.length > 0;
    const options = {
        level,
        finishFlush: job.last ? external_node_zlib_.constants.Z_FINISH : external_node_zlib_.constants.Z_SYNC_FLUSH,
        chunkSize: outputChunkSize(job.data.length),
        windowBits: fittedWindowBits(job.data.length, hasDictionary)
    };
    if (job.dictionary && job.dictionary.length > 0)
        options.dictionary = job.dictionary;
    return external_node_zlib_.deflateRawSync(job.data, options);
}
/** Deflates on the calling thread, one chunk at a time: for concurrency 1. */
class InlineDeflater {
    level;
    outputs = new SlabPool(2 * CHUNK_SIZE, 4);
    constructor(level) {
        this.level = level;
    }
    deflate(job) {
        try {
            const fresh = deflateChunkSync(job, this.level);
            if (fresh.length > this.outputs.slabSize)
                return Promise.resolve(fresh);
            // the fresh buffer dies young; the copy is recycled (see SlabPool)
            const kept = this.outputs.carve(fresh.length);
            fresh.copy(kept);
            return Promise.resolve(kept);
        }
        catch (error) {
            return Promise.reject(error);
        }
    }
    release(output) {
        this.outputs.release(output);
    }
    async close() { }
}

// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(919);
;// CONCATENATED MODULE: ./lib/archive/deflate-worker-source.js
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
const DEFLATE_WORKER_SOURCE = `
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
`;

;// CONCATENATED MODULE: ./lib/archive/read-problems.js

const HINT_CHANGED = 'a file changed while it was being packed; make sure nothing writes to the packaged folder, then run again';
const HINT_DENIED = 'make the file readable by this user, or exclude it';
const ERRNO_REASONS = {
    ENOENT: ['it vanished (no such file)', HINT_CHANGED],
    ENOTDIR: ['it vanished (a parent folder was replaced)', HINT_CHANGED],
    ELOOP: ['it was replaced by a symbolic link', HINT_CHANGED],
    EACCES: ['permission denied', HINT_DENIED],
    EPERM: ['permission denied', HINT_DENIED],
    EISDIR: ['it is a directory now', HINT_CHANGED],
    EIO: ['I/O error', 'check the disk or file system the file lives on']
};
/** The ArtifactLfsError('archive') for `problem`, naming `file`. */
function problemError(file, problem, cause) {
    const error = (message, hint) => new errors/* ArtifactLfsError */.qq('archive', message, cause === undefined ? { hint } : { hint, cause });
    const changed = (why) => error(`${file} changed while being packed: ${why}`, HINT_CHANGED);
    switch (problem.problem) {
        case 'errno': {
            const [reason, hint] = (problem.code && ERRNO_REASONS[problem.code]) || [
                problem.message,
                'check that the file is readable, then run again'
            ];
            return error(`cannot read ${file}: ${reason}`, hint);
        }
        case 'not-file':
            return error(`cannot read ${file}: it is no longer a regular file`, HINT_CHANGED);
        case 'size-listed':
            return changed(`its size is ${problem.actual} bytes, ${problem.listed} were listed`);
        case 'ended':
            return changed(`it ended after ${problem.got} of ${problem.size} bytes`);
        case 'size-changed':
            return changed(`its size went from ${problem.before} to ${problem.after} bytes`);
        case 'modified':
            return changed('it was modified while being read');
    }
}
/** "cannot read <path>: <reason>" for an errno from open/read/fstat. */
function readError(file, cause) {
    const { code, message } = (cause ?? {});
    return problemError(file, { problem: 'errno', code, message: message ?? String(cause) }, cause);
}

;// CONCATENATED MODULE: ./lib/archive/deflate-worker-pool.js






/** A batch is sent once its jobs weigh this much (or when the event loop turns). */
const BATCH_BYTES = 512 * 1024;
/** Input slab: room for the largest chunk job (a chunk and its dictionary). */
const INPUT_SLAB = CHUNK_SIZE + 2 * DICTIONARY_SIZE;
/** Output slab: a batch's results; a rare overflow gets a buffer of its own. */
const OUTPUT_SLAB = INPUT_SLAB + 64 * 1024;
/** Jobs per batch, at most. */
const BATCH_JOBS = 512;
/** V8 young generation of a worker thread, MB. */
const WORKER_YOUNG_GENERATION_MB = 8;
/** Batches a worker may hold at once: one running, one waiting, so it never idles. */
const BATCHES_PER_WORKER = 2;
/**
 * Deflates chunks, and reads small files, on `size` worker threads (started on first use).
 * Jobs are gathered into batches so that thousands of small files cost a few hundred messages,
 * not thousands of thread hand-offs; each worker keeps up to two batches so it never waits for
 * the main thread. Inputs and outputs travel in recycled slabs (see SlabPool).
 */
class DeflateWorkerPool {
    level;
    size;
    workers = [];
    queue = [];
    queuedWeight = 0;
    nextBatchId = 1;
    dispatchScheduled = false;
    failure;
    closed = false;
    inputs;
    outputs;
    constructor(level, size) {
        this.level = level;
        this.size = size;
        this.inputs = new SlabPool(INPUT_SLAB, BATCHES_PER_WORKER * size);
        this.outputs = new SlabPool(OUTPUT_SLAB, BATCHES_PER_WORKER * size + 2);
    }
    deflate(job) {
        return new Promise((resolve, reject) => {
            const weight = job.data.length + (job.dictionary?.length ?? 0);
            this.enqueue({ kind: 'chunk', job, resolve, reject, weight });
        });
    }
    readSmallFiles(requests) {
        return new Promise((resolve, reject) => {
            let weight = 0;
            for (const request of requests)
                weight += request.expectedSize * (request.deflate ? 2 : 1) + 64;
            this.enqueue({ kind: 'files', requests, resolve, reject, weight });
        });
    }
    release(output) {
        this.outputs.release(output);
    }
    async close() {
        this.closed = true;
        this.failAll(new errors/* ArtifactLfsError */.qq('archive', 'deflate was cancelled'));
        const workers = this.workers;
        this.workers = [];
        await Promise.all(workers.map(w => w.worker.terminate()));
    }
    enqueue(pending) {
        if (this.failure)
            return pending.reject(this.failure);
        if (this.closed)
            return pending.reject(new Error('internal: deflate after close'));
        this.queue.push(pending);
        this.queuedWeight += pending.weight;
        if (this.queuedWeight >= BATCH_BYTES)
            this.dispatch();
        else if (!this.dispatchScheduled) {
            this.dispatchScheduled = true;
            setImmediate(() => {
                this.dispatchScheduled = false;
                this.dispatch();
            });
        }
    }
    /**
     * Sends batches: an idle worker gets whatever is queued; a busy one (one batch running) gets
     * a second batch only once a full one is queued, so batches stay large while work flows.
     */
    dispatch() {
        while (this.queue.length > 0 && !this.failure && !this.closed) {
            const target = this.pickWorker();
            if (!target)
                return;
            this.send(target, this.takeBatch());
        }
    }
    pickWorker() {
        const idle = this.workers.find(w => w.inFlight.size === 0);
        if (idle)
            return idle;
        if (this.workers.length < this.size)
            return this.startWorker();
        if (this.queuedWeight < BATCH_BYTES)
            return undefined;
        return this.workers.find(w => w.inFlight.size < BATCHES_PER_WORKER);
    }
    takeBatch() {
        let weight = 0;
        let count = 0;
        while (count < this.queue.length && count < BATCH_JOBS && weight < BATCH_BYTES) {
            const next = this.queue[count].weight;
            if (count > 0 && weight + next > INPUT_SLAB)
                break;
            weight += next;
            count++;
        }
        this.queuedWeight -= weight;
        return this.queue.splice(0, count);
    }
    send(target, batch) {
        let total = 0;
        for (const p of batch)
            if (p.kind === 'chunk')
                total += p.weight;
        // a job larger than a chunk (not made by the writer) gets a buffer of its own
        const input = total <= INPUT_SLAB ? this.inputs.take() : new ArrayBuffer(total);
        const bytes = new Uint8Array(input);
        const jobs = []; // triples, see DEFLATE_WORKER_SOURCE
        const files = [];
        const times = []; // listed mtime and ctime of each file, NaN when not listed
        let offset = 0;
        for (const p of batch) {
            if (p.kind === 'files') {
                for (const request of p.requests) {
                    jobs.push(-1, request.expectedSize, request.deflate ? 1 : 0);
                    files.push(request.path);
                    times.push(request.expectedMtimeMs ?? Number.NaN, request.expectedCtimeMs ?? Number.NaN);
                }
                continue;
            }
            const dictionary = p.job.dictionary ?? Buffer.alloc(0);
            bytes.set(dictionary, offset);
            bytes.set(p.job.data, offset + dictionary.length);
            offset += dictionary.length + p.job.data.length;
            jobs.push(dictionary.length, p.job.data.length, p.job.last ? 1 : 0);
        }
        const output = this.outputs.take();
        const id = this.nextBatchId++;
        target.inFlight.set(id, batch);
        target.worker.postMessage({ id, input, output, jobs, files, times }, [input, output]);
    }
    startWorker() {
        const worker = new external_node_worker_threads_.Worker(DEFLATE_WORKER_SOURCE, {
            eval: true,
            workerData: { level: this.level },
            // a worker's garbage is short-lived (stats, deflate outputs): a small young generation
            // holds it as well and keeps ~30 MB less resident with two workers (70,000 files)
            resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB }
        });
        const entry = { worker, inFlight: new Map() };
        worker.on('message', (answer) => this.onAnswer(entry, answer));
        worker.on('error', error => this.fail(`a deflate worker failed: ${error.message}`, error));
        worker.on('exit', code => {
            if (!this.closed)
                this.fail(`a deflate worker exited early (code ${code})`, undefined);
        });
        this.workers.push(entry);
        return entry;
    }
    onAnswer(from, answer) {
        const batch = from.inFlight.get(answer.id);
        if (!batch)
            return;
        from.inFlight.delete(answer.id);
        const { input, output, results } = answer;
        const expected = batch.reduce((n, p) => n + (p.kind === 'files' ? p.requests.length : 1), 0);
        if (answer.error !== undefined || !input || !output || results?.length !== expected) {
            this.fail(`deflate failed: ${answer.error ?? 'malformed answer'}`, undefined);
            return;
        }
        this.inputs.recycle(input);
        let offset = 0;
        let views = 0;
        let next = 0;
        const view = (placed) => {
            if (typeof placed !== 'number')
                return Buffer.from(placed);
            views++;
            offset += placed;
            return Buffer.from(output, offset - placed, placed);
        };
        /** Like view, but not booked: for bytes copied out at once. */
        const copySource = (placed) => {
            if (typeof placed !== 'number')
                return Buffer.from(placed);
            offset += placed;
            return Buffer.from(output, offset - placed, placed);
        };
        const skipPlacements = (result) => {
            if (typeof result.raw === 'number')
                offset += result.raw;
            if (typeof result.deflated === 'number')
                offset += result.deflated;
        };
        const settle = [];
        for (const pending of batch) {
            if (pending.kind === 'chunk') {
                const deflated = view(results[next++]);
                settle.push(() => pending.resolve(deflated));
                continue;
            }
            const answers = results.slice(next, (next += pending.requests.length));
            const problemAt = answers.findIndex(result => 'problem' in result);
            if (problemAt >= 0) {
                // the placements of the files before it are skipped: they stay in the slab unused
                for (const result of answers.slice(0, problemAt))
                    skipPlacements(result);
                const path = pending.requests[problemAt].path;
                const error = problemError(path, answers[problemAt]);
                settle.push(() => pending.reject(error));
                // later files of a failed group were not placed either (the worker reported them)
                for (const result of answers.slice(problemAt + 1))
                    if (!('problem' in result))
                        skipPlacements(result);
                continue;
            }
            const content = groupContent(answers, view, copySource);
            settle.push(() => pending.resolve(content));
        }
        this.outputs.adopt(output, views); // book every view before anyone can release one
        for (const done of settle)
            done();
        this.dispatch();
    }
    fail(message, cause) {
        if (!this.failure)
            this.failure = new errors/* ArtifactLfsError */.qq('archive', message, {
                hint: 'run again; if it keeps failing, compression level 0 packs without deflate',
                cause
            });
        this.failAll(this.failure);
    }
    failAll(error) {
        for (const w of this.workers) {
            for (const batch of w.inFlight.values())
                for (const p of batch)
                    p.reject(error);
            w.inFlight.clear();
        }
        for (const p of this.queue.splice(0))
            p.reject(error);
        this.queuedWeight = 0;
    }
}
/**
 * One buffer with each file's raw bytes then deflated bytes: a single view of the output slab
 * when every piece landed there (the usual case: pieces are placed back to back in job order),
 * else a copy of the pieces (a result too big for the slab got a buffer of its own).
 */
function groupContent(answers, view, copySource) {
    const files = [];
    const pieces = [];
    let inSlab = true;
    for (const { raw, deflated, crc32, sha256 } of answers) {
        const size = placedLength(raw);
        files.push({
            size,
            deflatedSize: deflated === null ? -1 : placedLength(deflated),
            crc32,
            sha256
        });
        pieces.push(raw);
        if (deflated !== null)
            pieces.push(deflated);
        if (typeof raw !== 'number' || (deflated !== null && typeof deflated !== 'number'))
            inSlab = false;
    }
    if (inSlab) {
        const total = pieces.reduce((sum, length) => sum + length, 0);
        return { bytes: view(total), files };
    }
    return { bytes: Buffer.concat(pieces.map(copySource)), files };
}
function placedLength(placed) {
    return typeof placed === 'number' ? placed : placed.byteLength;
}

;// CONCATENATED MODULE: ./lib/archive/entry-data.js



/**
 * Opens the content of `source`; throws ArtifactLfsError('archive') naming the file.
 * File chunks are read into buffers from `allocate` (the writer recycles them); in-memory
 * content is returned as views of itself.
 */
function openEntryData(source, allocate = size => Buffer.allocUnsafe(size)) {
    if (source.kind === 'file')
        return openFileData(source, allocate);
    if (source.kind === 'symlink')
        return memoryData(Buffer.from(requireField(source, source.linkTarget, 'linkTarget'), 'utf8'));
    const data = requireField(source, source.data, 'data');
    return Buffer.isBuffer(data) ? memoryData(data) : piecesData(data, allocate);
}
/** Bytes of a `bytes` entry's data, whole or in pieces. */
function dataLength(data) {
    if (Buffer.isBuffer(data))
        return data.length;
    let length = 0;
    for (const piece of data)
        length += piece.length;
    return length;
}
function requireField(source, value, field) {
    if (value === undefined)
        throw new errors/* ArtifactLfsError */.qq('archive', `entry ${source.name}: ${source.kind} entry has no ${field}`, { hint: 'this is a bug in the code that lists the entries; please report it' });
    return value;
}
function memoryData(content) {
    let offset = 0;
    return {
        size: content.length,
        read(maxBytes) {
            const chunk = content.subarray(offset, offset + maxBytes);
            offset += chunk.length;
            return chunk;
        },
        finish: () => undefined,
        close: () => undefined
    };
}
/** Content held in pieces: each read is copied into a buffer from `allocate`. */
function piecesData(pieces, allocate) {
    const size = dataLength(pieces);
    let offset = 0;
    let piece = 0;
    let inPiece = 0;
    return {
        size,
        read(maxBytes) {
            const chunk = allocate(Math.min(maxBytes, size - offset));
            for (let filled = 0; filled < chunk.length;) {
                const current = pieces[piece];
                const copied = current.copy(chunk, filled, inPiece);
                filled += copied;
                inPiece += copied;
                if (inPiece === current.length) {
                    piece++;
                    inPiece = 0;
                }
            }
            offset += chunk.length;
            return chunk;
        },
        finish: () => undefined,
        close: () => undefined
    };
}
const OPEN_FLAGS = external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW | external_node_fs_.constants.O_NONBLOCK;
function openFileData(source, allocate) {
    const file = requireField(source, source.sourcePath, 'sourcePath');
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(file, OPEN_FLAGS);
    }
    catch (cause) {
        throw readError(file, cause);
    }
    try {
        const before = statOrThrow(fd, file);
        if (!before.isFile())
            throw problemError(file, { problem: 'not-file' });
        if (source.expectedSize !== undefined && before.size !== source.expectedSize)
            throw problemError(file, {
                problem: 'size-listed',
                actual: before.size,
                listed: source.expectedSize
            });
        return new FileData(fd, file, before, allocate);
    }
    catch (error) {
        (0,external_node_fs_.closeSync)(fd);
        throw error;
    }
}
class FileData {
    fd;
    file;
    before;
    allocate;
    size;
    offset = 0;
    closed = false;
    constructor(fd, file, before, allocate) {
        this.fd = fd;
        this.file = file;
        this.before = before;
        this.allocate = allocate;
        this.size = before.size;
    }
    read(maxBytes) {
        const wanted = Math.min(maxBytes, this.size - this.offset);
        if (wanted <= 0)
            return Buffer.alloc(0);
        const chunk = this.allocate(wanted);
        let filled = 0;
        while (filled < wanted) {
            let got;
            try {
                got = (0,external_node_fs_.readSync)(this.fd, chunk, filled, wanted - filled, this.offset + filled);
            }
            catch (cause) {
                throw readError(this.file, cause);
            }
            if (got === 0)
                throw problemError(this.file, {
                    problem: 'ended',
                    got: this.offset + filled,
                    size: this.size
                });
            filled += got;
        }
        this.offset += filled;
        return chunk;
    }
    /** After the last byte: the size and mtime must be those seen when the file was opened. */
    finish() {
        const after = statOrThrow(this.fd, this.file);
        if (after.size !== this.before.size)
            throw problemError(this.file, {
                problem: 'size-changed',
                before: this.before.size,
                after: after.size
            });
        if (after.mtimeMs !== this.before.mtimeMs || after.ctimeMs !== this.before.ctimeMs)
            throw problemError(this.file, { problem: 'modified' });
    }
    close() {
        if (this.closed)
            return;
        this.closed = true;
        (0,external_node_fs_.closeSync)(this.fd);
    }
}
function statOrThrow(fd, file) {
    try {
        return (0,external_node_fs_.fstatSync)(fd);
    }
    catch (cause) {
        throw readError(file, cause);
    }
}

// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(500);
;// CONCATENATED MODULE: ./lib/archive/chunk-queue.js

/**
 * The ordered hand-over between the reader (producer) and the archive writer (consumer).
 * It bounds the data in flight: `push` waits while the weight of pushed-but-not-released
 * items is over `budget` bytes or their count over `maxItems` (an item may count as several:
 * a group of small files counts as its files); the consumer calls `release` when an item is
 * written. `fail` wakes both sides with the error, so neither waits forever.
 */
class ChunkQueue {
    budget;
    maxItems;
    yieldEveryMs;
    /** Pushed items; those before `head` were shifted and are cleared (not kept alive). */
    items = [];
    head = 0;
    inFlightWeight = 0;
    inFlightItems = 0;
    closed = false;
    failure;
    wakeConsumer;
    wakeProducer;
    lastYield = performance.now();
    constructor(budget, maxItems, 
    /** The producer yields to the event loop at least this often (ms), so results get handled. */
    yieldEveryMs = 2) {
        this.budget = budget;
        this.maxItems = maxItems;
        this.yieldEveryMs = yieldEveryMs;
    }
    /** The first error passed to `fail`, if any. */
    get error() {
        return this.failure?.error;
    }
    async push(item, weight, count = 1) {
        while (!this.failure && this.inFlightItems > 0 && this.isFull(weight, count))
            await new Promise(resolve => (this.wakeProducer = resolve));
        this.throwIfFailed();
        this.items.push(item);
        this.inFlightWeight += weight;
        this.inFlightItems += count;
        this.wake('consumer');
        if (performance.now() - this.lastYield >= this.yieldEveryMs) {
            await (0,external_node_timers_promises_.setImmediate)();
            this.lastYield = performance.now();
            this.throwIfFailed();
        }
    }
    /** The next item in push order; undefined once closed and drained. */
    async shift() {
        while (!this.failure && this.head === this.items.length && !this.closed)
            await new Promise(resolve => (this.wakeConsumer = resolve));
        this.throwIfFailed();
        if (this.head === this.items.length)
            return undefined;
        const item = this.items[this.head];
        this.items[this.head++] = undefined;
        if (this.head > 1024 && this.head * 2 > this.items.length) {
            this.items = this.items.slice(this.head);
            this.head = 0;
        }
        return item;
    }
    /** The consumer is done with an item of this weight and count. */
    release(weight, count = 1) {
        this.inFlightWeight -= weight;
        this.inFlightItems -= count;
        this.wake('producer');
    }
    /** No more pushes: `shift` returns undefined after the last item. */
    close() {
        this.closed = true;
        this.wake('consumer');
    }
    /** Abandons the hand-over; both sides throw `error` (the first one given) from now on. */
    fail(error) {
        if (!this.failure)
            this.failure = { error };
        this.wake('consumer');
        this.wake('producer');
    }
    isFull(weight, count) {
        return this.inFlightWeight + weight > this.budget || this.inFlightItems + count > this.maxItems;
    }
    throwIfFailed() {
        if (this.failure)
            throw this.failure.error;
    }
    wake(side) {
        const wake = side === 'consumer' ? this.wakeConsumer : this.wakeProducer;
        if (side === 'consumer')
            this.wakeConsumer = undefined;
        else
            this.wakeProducer = undefined;
        wake?.();
    }
}

;// CONCATENATED MODULE: ./lib/archive/compression-choice.js
/**
 * Which entries are worth deflating. Already-compressed formats are stored outright (by name);
 * everything else is deflated only if its first chunk shrinks by at least MIN_DEFLATE_SAVING.
 */
/** Extensions (lower case, with the dot) of formats that are compressed already. */
const ALREADY_COMPRESSED_EXTENSIONS = Object.freeze([
    '.zip',
    '.7z',
    '.gz',
    '.tgz',
    '.bz2',
    '.xz',
    '.zst',
    '.lz4',
    '.br',
    '.png',
    '.jpg',
    '.jpeg',
    '.gif',
    '.webp',
    '.avif',
    '.heic',
    '.mp3',
    '.mp4',
    '.m4a',
    '.mov',
    '.mkv',
    '.webm',
    '.ogg',
    '.flac',
    '.pdf',
    '.docx',
    '.xlsx',
    '.pptx',
    '.jar',
    '.whl',
    '.apk'
]);
const compressedExtensions = new Set(ALREADY_COMPRESSED_EXTENSIONS);
/** Deflate must save at least this fraction of the sampled bytes, or the entry is stored. */
const MIN_DEFLATE_SAVING = 0.03;
/** True if the archive path ends in an extension of ALREADY_COMPRESSED_EXTENSIONS (any case). */
function hasCompressedExtension(archivePath) {
    const base = archivePath.slice(archivePath.lastIndexOf('/') + 1);
    const dot = base.lastIndexOf('.');
    if (dot <= 0)
        return false;
    return compressedExtensions.has(base.slice(dot).toLowerCase());
}
/** True if deflating `rawSize` bytes into `deflatedSize` bytes saves enough to be worth it. */
function deflateSavesEnough(rawSize, deflatedSize) {
    return rawSize > 0 && deflatedSize <= rawSize * (1 - MIN_DEFLATE_SAVING);
}
/**
 * Whether an entry is stored without even trying deflate: compression level 0, empty data,
 * symlinks (a few bytes of path), and already-compressed formats.
 */
function storeWithoutSampling(entry, compressionLevel) {
    return (compressionLevel === 0 ||
        entry.size === 0 ||
        entry.kind === 'symlink' ||
        hasCompressedExtension(entry.name));
}

;// CONCATENATED MODULE: ./lib/archive/entry-reader.js







const STORED = Promise.resolve(null);
const NEVER_DEFLATE = Promise.resolve(false);
const EMPTY = Buffer.alloc(0);
const ignore = () => undefined;
/** Small files are read in groups of at most this many files... */
const GROUP_MAX_FILES = 256;
/** ...and this many bytes (a single bigger small file makes a group of its own). */
const GROUP_MAX_BYTES = 256 * 1024;
/** The entry name as stored: UTF-8, at most 65,535 bytes. */
function entryName(source) {
    const name = Buffer.from(source.name, 'utf8');
    if (name.length > ZIP16_LIMIT)
        throw new errors/* ArtifactLfsError */.qq('archive', `entry name too long (${name.length} bytes): ${source.name.slice(0, 80)}...`, {
            hint: 'zip names are limited to 65,535 bytes; exclude or rename the file'
        });
    return name;
}
function isStoreOnly(source, size, context) {
    return (context.deflater === null ||
        storeWithoutSampling({ name: source.name, kind: source.kind, size }, context.compressionLevel));
}
function newEntry(source, size, context) {
    const streamed = size > CHUNK_SIZE;
    return {
        source,
        name: entryName(source),
        size,
        streamed,
        storeOnly: isStoreOnly(source, size, context),
        worthDeflating: NEVER_DEFLATE,
        crc32: 0,
        hash: streamed ? (0,external_node_crypto_.createHash)('sha256') : undefined,
        sha256: ''
    };
}
/**
 * The producer: reads each source in 1 MiB chunks, hashes them, starts their deflate and
 * queues them in order; runs of small files go to a worker thread as groups when the deflater
 * can read files. Reads stay ahead of the writer by at most the queue's budget.
 */
async function readEntries(sources, context, queue) {
    let group = [];
    let groupBytes = 0;
    const pushGroup = async () => {
        if (group.length === 0)
            return;
        const chunk = smallFilesChunk(group, groupBytes, context);
        group = [];
        groupBytes = 0;
        // a group counts as its files: 175 groups of tiny files fit the byte budget, and held
        // 45,000 files' sources, names and headers in flight
        await queue.push(chunk, chunk.size, chunk.sources.length);
    };
    for (let i = 0; i < sources.length; i++) {
        const source = sources.at(i);
        const smallSize = offloadableSize(source, context);
        if (smallSize !== undefined) {
            if (group.length > 0 && groupBytes + smallSize > GROUP_MAX_BYTES)
                await pushGroup();
            group.push(source);
            groupBytes += smallSize;
            if (group.length >= GROUP_MAX_FILES || groupBytes >= GROUP_MAX_BYTES)
                await pushGroup();
            continue;
        }
        await pushGroup();
        await readInChunks(source, context, queue);
    }
    await pushGroup();
}
async function readInChunks(source, context, queue) {
    const data = openEntryData(source, size => context.rawChunks.carve(size));
    try {
        const entry = newEntry(source, data.size, context);
        let offset = 0;
        let dictionary;
        for (let first = true, last = false; !last; first = false) {
            const raw = offset < data.size ? data.read(CHUNK_SIZE) : EMPTY;
            offset += raw.length;
            last = offset >= data.size;
            if (last)
                data.finish(); // throws if the file changed while it was read
            entry.crc32 = external_node_zlib_.crc32(raw, entry.crc32);
            if (!entry.hash)
                entry.sha256 = (0,external_node_crypto_.hash)('sha256', raw, 'hex');
            else if (last)
                entry.sha256 = entry.hash.update(raw).digest('hex');
            else
                entry.hash.update(raw);
            const deflated = scheduleDeflate(context, entry, raw, dictionary, first, last);
            // copied now: once pushed, the writer may recycle `raw` before the next chunk is read
            if (!last && !entry.storeOnly)
                dictionary = Buffer.from(raw.subarray(-DICTIONARY_SIZE));
            const content = deflated.then(out => ({
                raw,
                deflated: out,
                release: () => {
                    if (out)
                        context.deflater?.release(out);
                    context.rawChunks.release(raw);
                }
            }));
            content.catch(ignore); // awaited by the writer; this only silences an abandoned one
            await queue.push({ kind: 'chunk', entry, first, last, size: raw.length, content }, raw.length);
        }
    }
    finally {
        data.close();
    }
}
/**
 * The listed size of a file of one chunk at most, when the deflater reads such files on its
 * worker threads (so the main thread does no file I/O for it); otherwise undefined.
 */
function offloadableSize(source, context) {
    const size = source.expectedSize;
    if (!context.deflater?.readSmallFiles || source.kind !== 'file' || !source.sourcePath)
        return undefined;
    if (size === undefined || size > CHUNK_SIZE)
        return undefined;
    return size;
}
/** A group of small files, read, checked, hashed and deflated on a worker thread. */
function smallFilesChunk(sources, size, context) {
    const deflater = context.deflater;
    const names = sources.map(entryName);
    const requests = sources.map(source => {
        const expectedSize = source.expectedSize;
        return {
            path: source.sourcePath,
            expectedSize,
            expectedMtimeMs: source.expectedMtimeMs,
            expectedCtimeMs: source.expectedCtimeMs,
            deflate: !isStoreOnly(source, expectedSize, context)
        };
    });
    const content = deflater.readSmallFiles(requests).then(read => ({
        ...read,
        release: () => deflater.release(read.bytes)
    }));
    content.catch(ignore); // awaited by the writer; this only silences an abandoned one
    return { kind: 'small-files', sources, names, size, content };
}
function scheduleDeflate(context, entry, raw, dictionary, first, last) {
    const deflater = context.deflater;
    if (entry.storeOnly || deflater === null)
        return STORED;
    let deflated;
    if (first) {
        const rawLength = raw.length;
        const sample = deflater.deflate({ data: raw, last });
        if (entry.streamed) {
            entry.worthDeflating = sample.then(out => deflateSavesEnough(rawLength, out.length));
            entry.worthDeflating.catch(ignore);
        }
        deflated = sample;
    }
    else {
        // later chunks wait for the verdict on the first, so a stored entry costs one sample only
        deflated = entry.worthDeflating.then(worth => worth ? deflater.deflate({ data: raw, dictionary, last }) : null);
    }
    return deflated;
}

;// CONCATENATED MODULE: ./lib/archive/entry-packer.js





/**
 * Reads `sources` in order, deflates their chunks in parallel and appends local headers, data
 * and descriptors to the output strictly in order, adding central records to the context.
 */
async function packEntries(sources, context) {
    const queue = new ChunkQueue(context.readAheadBytes, context.readAheadEntries);
    const producing = readEntries(sources, context, queue).then(() => queue.close(), (error) => queue.fail(error));
    const consuming = writeEntries(context, queue).catch((error) => queue.fail(error));
    await Promise.all([producing, consuming]);
    if (queue.error !== undefined)
        throw queue.error;
}
/** Worst case of chunked deflate output for `size` bytes: stored blocks plus flush markers. */
function maxDeflatedSize(size) {
    return size + Math.ceil(size / 16_000) * 5 + (Math.ceil(size / CHUNK_SIZE) + 1) * 16;
}
async function writeEntries(context, queue) {
    const state = {
        deflate: false,
        zip64: false,
        localHeaderOffset: 0,
        compressedSize: 0
    };
    for (let work = await queue.shift(); work; work = await queue.shift()) {
        if (work.kind === 'small-files')
            await writeSmallFiles(context, work);
        else
            await writeChunk(context, work, state);
        queue.release(work.size, work.kind === 'small-files' ? work.sources.length : 1);
    }
}
/** Appends `data`: synchronously when it fits the output's gather buffer. */
async function append(context, data) {
    if (!context.output.tryAppend(data))
        await context.output.append(data);
}
async function writeChunk(context, chunk, state) {
    const { output } = context;
    const { entry } = chunk;
    const content = await chunk.content;
    if (chunk.first) {
        // the same verdict as entry.worthDeflating, from the same numbers
        state.deflate =
            content.deflated !== null && deflateSavesEnough(content.raw.length, content.deflated.length);
        state.localHeaderOffset = output.position;
        state.compressedSize = 0;
        state.zip64 = entry.streamed && maxDeflatedSize(entry.size) >= ZIP32_LIMIT;
    }
    const body = state.deflate ? content.deflated : content.raw;
    if (body === null)
        throw new Error(`internal: no deflated data for ${entry.source.name}`);
    if (!entry.streamed) {
        await append(context, localHeader(headerFields(entry, state.deflate, body.length), false));
    }
    else if (chunk.first) {
        await append(context, localHeader(headerFields(entry, state.deflate, 0), state.zip64));
    }
    await append(context, body);
    state.compressedSize += body.length;
    context.progress.addBytes(content.raw.length);
    if (chunk.last) {
        if (entry.streamed) {
            if (!state.zip64 && state.compressedSize >= ZIP32_LIMIT)
                throw new Error(`internal: ${entry.source.name} deflated past its zip64 estimate`);
            await append(context, dataDescriptor(entry.crc32, state.compressedSize, entry.size, state.zip64));
        }
        recordEntry(context, entry, state.deflate, state.compressedSize, state.localHeaderOffset);
    }
    // written (appends copy or finish before resolving): the memory can be reused
    content.release();
}
/** Writes a group of small files: header and body of each, in order, mostly without a wait. */
async function writeSmallFiles(context, group) {
    const content = await group.content;
    const { bytes, files } = content;
    let at = 0;
    for (let i = 0; i < files.length; i++) {
        const file = files[i];
        const source = group.sources[i];
        const raw = bytes.subarray(at, (at += file.size));
        let body = raw;
        if (file.deflatedSize >= 0) {
            const deflated = bytes.subarray(at, (at += file.deflatedSize));
            if (deflateSavesEnough(file.size, file.deflatedSize))
                body = deflated;
        }
        const deflate = body !== raw;
        const fields = {
            name: group.names[i],
            flags: FLAG_UTF8,
            method: deflate ? METHOD_DEFLATE : METHOD_STORE,
            mtime: source.mtime,
            crc32: file.crc32,
            compressedSize: body.length,
            size: file.size
        };
        const localHeaderOffset = context.output.position;
        await append(context, localHeader(fields, false));
        await append(context, body);
        addRecords(context, source, fields, localHeaderOffset, file.sha256);
    }
    context.progress.addFiles(files.length, group.size);
    content.release();
}
function headerFields(entry, deflate, compressedSize) {
    const streamed = entry.streamed;
    return {
        name: entry.name,
        flags: FLAG_UTF8 | (streamed ? FLAG_DATA_DESCRIPTOR : 0),
        method: deflate ? METHOD_DEFLATE : METHOD_STORE,
        mtime: entry.source.mtime,
        crc32: streamed ? 0 : entry.crc32,
        compressedSize: streamed ? 0 : compressedSize,
        size: streamed ? 0 : entry.size
    };
}
function recordEntry(context, entry, deflate, compressedSize, localHeaderOffset) {
    const fields = headerFields(entry, deflate, compressedSize);
    fields.crc32 = entry.crc32;
    fields.compressedSize = compressedSize;
    fields.size = entry.size;
    addRecords(context, entry.source, fields, localHeaderOffset, entry.sha256);
    context.progress.addFile();
}
/** The entry's central directory record and its WrittenEntry. */
function addRecords(context, source, fields, localHeaderOffset, sha256) {
    const unixMode = source.kind === 'symlink' ? S_IFLNK | 0o777 : S_IFREG | (source.mode & 0o7777);
    context.central.add({
        name: fields.name,
        flags: fields.flags,
        method: fields.method,
        mtime: fields.mtime,
        crc32: fields.crc32,
        compressedSize: fields.compressedSize,
        size: fields.size,
        unixMode,
        localHeaderOffset
    });
    const written = {
        name: source.name,
        kind: source.kind,
        size: fields.size,
        compressedSize: fields.compressedSize,
        crc32: fields.crc32 >>> 0,
        sha256,
        method: fields.method === METHOD_DEFLATE ? 'deflate' : 'store'
    };
    context.written?.push(written);
    context.onEntryWritten?.(written);
}

;// CONCATENATED MODULE: ./lib/archive/packing-progress.js
/** At most one `update` per this many milliseconds. */
const PROGRESS_INTERVAL_MS = 100;
/**
 * Counts files and bytes written and tells the sink, throttled; `done` once at the end. The
 * trailer's entries (the manifest) add their bytes but are not counted as files: the count is
 * of the caller's files.
 */
class PackingProgress {
    sink;
    totalFiles;
    totalBytes;
    now;
    files = 0;
    bytes = 0;
    lastUpdate = 0;
    countingFiles = true;
    constructor(sink, totalFiles, totalBytes, now = () => performance.now()) {
        this.sink = sink;
        this.totalFiles = totalFiles;
        this.totalBytes = totalBytes;
        this.now = now;
    }
    /** The trailer's entries follow, of `bytes` bytes in all; they are not counted as files. */
    startTrailer(bytes) {
        this.countingFiles = false;
        this.totalBytes =
            this.totalBytes === undefined || bytes === undefined ? undefined : this.totalBytes + bytes;
    }
    addBytes(bytes) {
        this.bytes += bytes;
        this.maybeUpdate();
    }
    addFile() {
        if (this.countingFiles)
            this.files++;
        this.maybeUpdate();
    }
    /** Several whole files of `bytes` bytes in all (one update for the lot). */
    addFiles(files, bytes) {
        if (this.countingFiles)
            this.files += files;
        this.bytes += bytes;
        this.maybeUpdate();
    }
    done() {
        this.sink?.done(this.snapshot());
    }
    maybeUpdate() {
        if (!this.sink)
            return;
        const now = this.now();
        if (now - this.lastUpdate < PROGRESS_INTERVAL_MS)
            return;
        this.lastUpdate = now;
        this.sink.update(this.snapshot());
    }
    snapshot() {
        const update = {
            phase: 'packaging',
            files: this.files,
            bytes: this.bytes,
            totalFiles: this.totalFiles
        };
        if (this.totalBytes !== undefined)
            update.totalBytes = this.totalBytes;
        return update;
    }
}

;// CONCATENATED MODULE: ./lib/archive/zip-writer.js











/** Entries read ahead of the writer, at most: bounds memory for many tiny files. */
const READ_AHEAD_ENTRIES = 4096;
/**
 * Writes a zip archive of `sources` (in the given order), then of `options.trailer`'s entries,
 * to `out` (an open, empty file, written sequentially from position 0 and left open).
 *
 * Entry data is read in 1 MiB chunks and deflated on several threads at once, with a bounded
 * read-ahead, so memory does not grow with file sizes and the output does not depend on timing:
 * the same sources and options always give the same bytes. Archive size and sha256 are
 * computed while writing. Throws ArtifactLfsError('archive') if a file cannot be read or
 * changes while being read; the partial output must then be discarded by the caller.
 */
async function writeZip(sources, out, options) {
    const level = checkLevel(options.compressionLevel);
    const concurrency = checkConcurrency(options.concurrency ?? external_node_os_.availableParallelism());
    const progress = new PackingProgress(options.progress, sources.length, totalBytes(sources));
    const output = new ArchiveOutput(out);
    const readAheadBytes = (2 * concurrency + 2) * CHUNK_SIZE;
    const context = {
        output,
        deflater: createDeflater(level, concurrency),
        compressionLevel: level,
        readAheadBytes,
        readAheadEntries: READ_AHEAD_ENTRIES,
        rawChunks: new SlabPool(CHUNK_SIZE, readAheadBytes / CHUNK_SIZE + 2),
        central: new CentralDirectoryWriter(),
        written: options.retainEntries === false ? null : [],
        onEntryWritten: options.onEntryWritten,
        progress
    };
    try {
        await packEntries(sources, context);
        if (options.trailer) {
            const trailer = options.trailer(context.written ? [...context.written] : []);
            progress.startTrailer(totalBytes(trailer));
            await packEntries(trailer, context);
        }
    }
    finally {
        await context.deflater?.close();
    }
    const centralOffset = output.position;
    for (const block of context.central.contents())
        await output.append(block);
    const centralSize = output.position - centralOffset;
    await output.append(endOfCentralDirectory(context.central.count, centralSize, centralOffset));
    await output.flush();
    progress.done();
    return { size: output.position, sha256: output.digest(), entries: context.written ?? [] };
}
/**
 * Concurrency 1 works on the main thread (and level 0 there needs no deflater at all); more
 * uses that many worker threads, which also read small files, even at level 0. (The async
 * zlib API on libuv's pool was tried first: its per-call cost on the main thread, ~150 us,
 * made archives of many small files several times slower than `zip`; workers take batches.)
 */
function createDeflater(level, concurrency) {
    if (concurrency > 1)
        return new DeflateWorkerPool(level, concurrency);
    return level === 0 ? null : new InlineDeflater(level);
}
function checkLevel(level) {
    if (!Number.isInteger(level) || level < 0 || level > 9)
        throw new errors/* ArtifactLfsError */.qq('archive', `compression level ${level} is not an integer 0-9`, {
            hint: 'use 0 (store) to 9 (smallest); 6 is the usual default'
        });
    return level;
}
function checkConcurrency(concurrency) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
        throw new errors/* ArtifactLfsError */.qq('archive', `concurrency ${concurrency} is not a positive integer`, {
            hint: 'leave it unset to use one thread per CPU'
        });
    return concurrency;
}
/** Sum of the known sizes, or undefined if a file's size is not known up front. */
function totalBytes(sources) {
    if (sources.totalBytes !== undefined)
        return sources.totalBytes;
    let total = 0;
    for (let i = 0; i < sources.length; i++) {
        const source = sources.at(i);
        if (source.kind === 'file') {
            if (source.expectedSize === undefined)
                return undefined;
            total += source.expectedSize;
        }
        else if (source.kind === 'symlink')
            total += Buffer.byteLength(source.linkTarget ?? '');
        else
            total += source.data === undefined ? 0 : dataLength(source.data);
    }
    return total;
}

;// CONCATENATED MODULE: ./lib/manifest/manifest.js

/**
 * The manifest every session archive carries as its last entry, under MANIFEST_ENTRY_NAME.
 * It is written by packaging, checked by validate, and never extracted as a user file.
 */
const MANIFEST_ENTRY_NAME = '.artifact-lfs/manifest.json';
const MANIFEST_FORMAT = 'artifact-lfs-manifest';
const MANIFEST_VERSION = 1;
/**
 * Deterministic JSON: fixed key order, sorted files, one file per line, trailing newline.
 * (One line a file rather than indented members: a third less to write and hold for 70,000
 * files, and fewer bytes once deflated, while `unzip -p ... | head` stays readable.)
 */
function serializeManifest(manifest) {
    const builder = new ManifestTextBuilder();
    for (const file of [...manifest.files].sort((a, b) => compareArchivePaths(a.path, b.path)))
        builder.add(file);
    return builder.finish(manifest);
}
/**
 * Lines are encoded in pieces of about this many characters: strings under V8's large-object
 * size (128 KiB) die young, while bigger ones are freed only by a full collection, and the
 * heap grows meanwhile.
 */
const PIECE_CHARS = 32 * 1024;
/**
 * The manifest text of serializeManifest, built file by file as entries are written (in
 * archive order), so the work is spread over the packaging instead of piled at its end. It
 * keeps text, not file objects, and never a string of the whole manifest (12 MB for 70,000
 * files). Files must come in path order (compareArchivePaths), as entries are written.
 */
class ManifestTextBuilder {
    pieces = [];
    lines = [];
    pendingChars = 0;
    lastPath;
    count = 0;
    /** Files added so far. */
    get length() {
        return this.count;
    }
    add(file) {
        if (this.lastPath !== undefined && compareArchivePaths(this.lastPath, file.path) > 0)
            throw new Error(`internal: manifest file ${JSON.stringify(file.path)} added after ${JSON.stringify(this.lastPath)}`);
        this.lastPath = file.path;
        this.count++;
        if (this.pendingChars >= PIECE_CHARS) {
            // a piece ends with a separator: another line (this one) follows it
            this.pieces.push(Buffer.from(this.lines.join(',\n') + ',\n', 'utf8'));
            this.lines = [];
            this.pendingChars = 0;
        }
        const line = serializeFile(file);
        this.lines.push(line);
        this.pendingChars += line.length;
    }
    /** The whole manifest: `header`'s fields, then the files added. */
    finish(header) {
        return Buffer.concat(this.finishPieces(header));
    }
    /** The bytes of `finish`, in the pieces they were built in (no copy of the whole). */
    finishPieces(header) {
        const head = JSON.stringify({
            format: header.format,
            version: header.version,
            tool: { name: header.tool.name, version: header.tool.version },
            createdAt: header.createdAt
        }).slice(0, -1);
        if (this.count === 0)
            return [Buffer.from(`${head},"files":[]}\n`, 'utf8')];
        return [
            Buffer.from(`${head},"files":[\n`, 'utf8'),
            ...this.pieces,
            Buffer.from(this.lines.join(',\n') + '\n]}\n', 'utf8')
        ];
    }
}
/** One file's JSON object, keys in a fixed order (`target` only for symlinks). */
function serializeFile(f) {
    // one JSON.stringify of a fresh literal is several times faster than one per field; an
    // undefined `target` is left out by JSON.stringify
    return JSON.stringify({
        path: f.path,
        type: f.type,
        size: f.size,
        mode: f.mode,
        mtime: f.mtime,
        sha256: f.sha256,
        target: f.target
    });
}
/** Parses and checks a manifest; `source` names the archive in errors. */
function parseManifest(bytes, source) {
    const files = [];
    const header = scanManifest(bytes, source, file => files.push(file));
    return { ...header, files };
}
/**
 * Parses and checks a manifest, handing each file to `visit` as soon as it is parsed, in list
 * order: the caller keeps what it needs, so neither a string of the whole manifest (12 MB for
 * 70,000 files) nor an object per file has to exist at once. Any JSON layout is accepted (the
 * compact one-file-a-line form and the older indented one alike). The header is checked before
 * the first file is visited; a malformed file throws when it is reached.
 */
function scanManifest(bytes, source, visit) {
    const fail = (why) => {
        throw new errors/* ArtifactLfsError */.qq('archive', `${source}: manifest ${why}`);
    };
    const notJson = (cause) => {
        throw new errors/* ArtifactLfsError */.qq('archive', `${source}: manifest is not valid JSON`, { cause });
    };
    const parse = (text) => {
        try {
            return JSON.parse(text);
        }
        catch (cause) {
            return notJson(cause);
        }
    };
    const files = findFilesList(bytes);
    // without one "files" array at the top level, the whole text is parsed for the right error
    const headerText = files === undefined
        ? bytes.toString('utf8')
        : bytes.toString('utf8', 0, files.start) + '[]' + bytes.toString('utf8', files.end);
    const value = parse(headerText);
    if (typeof value !== 'object' || value === null)
        return fail('is not an object');
    const m = value;
    if (m.format !== MANIFEST_FORMAT)
        fail(`has format ${JSON.stringify(m.format)}`);
    if (m.version !== MANIFEST_VERSION)
        fail(`has unsupported version ${JSON.stringify(m.version)}`);
    if (!Array.isArray(m.files))
        return fail('has no files list');
    const tool = m.tool;
    const header = {
        format: MANIFEST_FORMAT,
        version: MANIFEST_VERSION,
        tool: { name: String(tool?.name ?? ''), version: String(tool?.version ?? '') },
        createdAt: String(m.createdAt ?? '')
    };
    const check = (raw, index) => {
        if (!isManifestFile(raw))
            fail(`entry ${index} is malformed`);
        visit(raw, index);
    };
    if (files === undefined) {
        ;
        m.files.forEach(check);
        return header;
    }
    let index = 0;
    let at = skipWhitespace(bytes, files.start + 1);
    if (at === files.end - 1)
        return header;
    for (;;) {
        const end = skipValue(bytes, at);
        if (end < 0)
            notJson();
        check(parse(bytes.toString('utf8', at, end)), index++);
        at = skipWhitespace(bytes, end);
        if (bytes[at] === CLOSE_BRACKET) {
            if (at !== files.end - 1)
                notJson();
            return header;
        }
        if (bytes[at] !== COMMA)
            notJson();
        at = skipWhitespace(bytes, at + 1);
    }
}
function isManifestFile(raw) {
    const f = raw;
    return (typeof f === 'object' &&
        f !== null &&
        typeof f.path === 'string' &&
        (f.type === 'file' || f.type === 'symlink') &&
        Number.isSafeInteger(f.size) &&
        Number.isSafeInteger(f.mode) &&
        typeof f.mtime === 'string' &&
        typeof f.sha256 === 'string' &&
        /^[0-9a-f]{64}$/.test(f.sha256));
}
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
/**
 * Where the value of the top-level "files" key lies, when the text is an object with exactly
 * one such key whose value starts with "[" (else undefined). Only the structure is followed
 * here (strings, brackets); JSON.parse checks the pieces. UTF-8 continuation bytes are all
 * >= 0x80, so they are never taken for structure.
 */
function findFilesList(bytes) {
    let found;
    let at = skipWhitespace(bytes, 0);
    if (bytes[at] !== OPEN_BRACE)
        return undefined;
    at = skipWhitespace(bytes, at + 1);
    if (bytes[at] === CLOSE_BRACE)
        return undefined;
    for (;;) {
        if (bytes[at] !== QUOTE)
            return undefined;
        const keyEnd = skipString(bytes, at);
        if (keyEnd < 0)
            return undefined;
        const key = bytes.toString('utf8', at, keyEnd);
        at = skipWhitespace(bytes, keyEnd);
        if (bytes[at] !== COLON)
            return undefined;
        at = skipWhitespace(bytes, at + 1);
        const valueEnd = skipValue(bytes, at);
        if (valueEnd < 0)
            return undefined;
        // a key spelled with escapes ("fil\u0065s") is left to the whole-text parse
        if (key === '"files"') {
            if (found !== undefined || bytes[at] !== OPEN_BRACKET)
                return undefined;
            found = { start: at, end: valueEnd };
        }
        else if (key.includes('\\'))
            return undefined;
        at = skipWhitespace(bytes, valueEnd);
        if (bytes[at] === CLOSE_BRACE)
            break;
        if (bytes[at] !== COMMA)
            return undefined;
        at = skipWhitespace(bytes, at + 1);
    }
    return skipWhitespace(bytes, at + 1) === bytes.length ? found : undefined;
}
function skipWhitespace(bytes, at) {
    while (at < bytes.length) {
        const b = bytes[at];
        if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09)
            break;
        at++;
    }
    return at;
}
/** The end of the string starting at `at` (just past its closing quote), or -1. */
function skipString(bytes, at) {
    for (let i = at + 1; i < bytes.length; i++) {
        const b = bytes[i];
        if (b === BACKSLASH)
            i++;
        else if (b === QUOTE)
            return i + 1;
    }
    return -1;
}
/** The end of the JSON value starting at `at` (its structure only), or -1. */
function skipValue(bytes, at) {
    const first = bytes[at];
    if (first === QUOTE)
        return skipString(bytes, at);
    if (first === OPEN_BRACE || first === OPEN_BRACKET) {
        let depth = 0;
        for (let i = at; i < bytes.length; i++) {
            const b = bytes[i];
            if (b === QUOTE) {
                i = skipString(bytes, i);
                if (i < 0)
                    return -1;
                i--;
            }
            else if (b === OPEN_BRACE || b === OPEN_BRACKET)
                depth++;
            else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
                if (--depth === 0)
                    return i + 1;
            }
        }
        return -1;
    }
    // a number or literal: up to the next delimiter
    let i = at;
    while (i < bytes.length) {
        const b = bytes[i];
        if (b === COMMA || b === CLOSE_BRACE || b === CLOSE_BRACKET || b === 0x20 || b === 0x0a)
            break;
        if (b === 0x0d || b === 0x09 || b === QUOTE || b === OPEN_BRACE || b === OPEN_BRACKET)
            break;
        i++;
    }
    return i === at ? -1 : i;
}
/**
 * Byte-wise order of UTF-8 paths: the order entries are written in, on every platform.
 * UTF-8 byte order is code point order, which equals UTF-16 code unit order except that
 * surrogates (U+D800-DFFF, the halves of code points above U+FFFF) must sort after
 * U+E000-FFFF; comparing code units with that one correction avoids encoding both strings
 * (a sort of 70,000 paths compared ~2.4 million Buffers otherwise).
 */
function compareArchivePaths(a, b) {
    const length = Math.min(a.length, b.length);
    for (let i = 0; i < length; i++) {
        const x = a.charCodeAt(i);
        const y = b.charCodeAt(i);
        if (x !== y)
            return codePointRank(x) - codePointRank(y);
    }
    return a.length - b.length;
}
/** A UTF-16 code unit's place in code point order: surrogates move above U+FFFF. */
function codePointRank(unit) {
    if (unit < 0xd800)
        return unit;
    return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}

;// CONCATENATED MODULE: ./lib/version.js
/** The tool version written into every manifest. Kept in step with package.json by a test. */
const TOOL_NAME = 'artifact-lfs';
const TOOL_VERSION = '0.1.0';

;// CONCATENATED MODULE: ./lib/packaging/archive-name.js
/**
 * Archive names: `codex-session_<UTC YYYYmmdd_HHMMSS>[<suffix>].zip`. The suffix keeps two
 * packagings in the same second (or two jobs at once) from ever sharing a name: in GitHub
 * Actions the run id and attempt, then a counter for any further collision.
 */
const ARCHIVE_PREFIX = 'codex-session_';
const NAME_PATTERN = /^codex-session_(\d{8}_\d{6})((?:-[0-9A-Za-z]+)*)\.zip$/;
function utcStamp(date) {
    const p = (n, w = 2) => String(n).padStart(w, '0');
    return (`${p(date.getUTCFullYear(), 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}_` +
        `${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`);
}
/** Candidate names in the order to try them. */
function* archiveNameCandidates(now, runContext) {
    const base = `${ARCHIVE_PREFIX}${utcStamp(now)}`;
    const run = runContext?.runId
        ? `-${sanitize(runContext.runId)}${runContext.runAttempt ? `-${sanitize(runContext.runAttempt)}` : ''}`
        : '';
    yield `${base}${run}.zip`;
    for (let n = 2; n < 10_000; n++)
        yield `${base}${run}-${n}.zip`;
}
function sanitize(value) {
    return value.replace(/[^0-9A-Za-z]/g, '');
}
function parseArchiveName(name) {
    const match = NAME_PATTERN.exec(name);
    return match ? { stamp: match[1], suffix: match[2] ?? '' } : undefined;
}
/** Newest first: by timestamp, then by the numeric parts of the suffix. */
function compareArchiveNamesNewestFirst(a, b) {
    const pa = parseArchiveName(a);
    const pb = parseArchiveName(b);
    if (!pa || !pb)
        return pa ? -1 : pb ? 1 : a < b ? 1 : -1;
    if (pa.stamp !== pb.stamp)
        return pa.stamp < pb.stamp ? 1 : -1;
    const na = pa.suffix.split('-').filter(Boolean).map(Number);
    const nb = pb.suffix.split('-').filter(Boolean).map(Number);
    for (let i = 0; i < Math.max(na.length, nb.length); i++) {
        const x = na[i] ?? -1;
        const y = nb[i] ?? -1;
        if (x !== y)
            return y - x;
    }
    return 0;
}

;// CONCATENATED MODULE: ./lib/packaging/archive-write-failure.js

/**
 * Errors of writing an archive into the session dir (disk full, read-only or immutable folder,
 * quota) as one clear 'io' refusal naming the folder; every other error is returned unchanged.
 */
const REASONS = {
    ENOSPC: {
        what: 'no space left on the device',
        hint: 'free space on the file system that holds it (or set session_artifact_dir to a folder on another one), then run again'
    },
    EDQUOT: {
        what: 'the disk quota is used up',
        hint: 'free space within your quota, then run again'
    },
    EFBIG: {
        what: 'the archive is larger than the file system allows',
        hint: 'package less at a time, or use a file system that allows larger files'
    },
    EROFS: {
        what: 'the file system is read-only',
        hint: 'remount it read-write or set session_artifact_dir to a writable folder'
    },
    EACCES: {
        what: 'permission denied',
        hint: 'make the folder writable for this user'
    },
    EPERM: {
        what: 'the operation is not permitted (an immutable or protected folder?)',
        hint: 'make the folder writable (check chattr -i / lsattr), or set session_artifact_dir elsewhere'
    }
};
/** Codes that only writing can cause: safe to attribute to the archive even mid-packaging. */
const WRITE_ONLY_CODES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EROFS']);
/**
 * `scope` 'create' is for creating and publishing the archive file (every code above is about
 * the session dir); 'write' is for packaging as a whole, where a permission error may be about
 * a source file, so only the write-only codes are claimed.
 */
function archiveWriteFailure(error, sessionDirRel, scope) {
    const code = errnoCode(error);
    if (code === undefined || (scope === 'write' && !WRITE_ONLY_CODES.has(code)))
        return error;
    const reason = REASONS[code];
    if (reason === undefined)
        return error;
    return new errors/* ArtifactLfsError */.qq('io', `cannot write the archive into ${sessionDirRel}/: ${reason.what} (${code}); nothing was published and the temp dir was not changed`, { hint: reason.hint, cause: error });
}
/** The errno code of an error or of one of its causes (duck-typed: errors may cross realms). */
function errnoCode(error) {
    let e = error;
    for (let depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
        const { code, cause } = e;
        if (typeof code === 'string' && /^E[A-Z]+$/.test(code))
            return code;
        e = cause;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./lib/packaging/secret-files.js
/**
 * Files that hold credentials and are never archived, hidden-file option or not.
 * actions/checkout v6 writes its token to `$RUNNER_TEMP/git-credentials-<uuid>.config`
 * (not a dot-file, so a hidden-file filter alone does not catch it).
 */
const SECRET_FILE_PATTERNS = [
    /^git-credentials-.*\.config$/,
    /^\.git-credentials$/,
    /^\.netrc$/,
    /^_netrc$/,
    /^\.npmrc$/,
    /^\.pypirc$/,
    /^\.env$/,
    /^\.env\..+$/,
    /^\.dockercfg$/,
    /^id_(rsa|dsa|ecdsa|ed25519)$/,
    /^\.pgpass$/
];
/** Folders that hold credentials (cloud CLIs, container registries, ssh, gpg); never entered. */
const SECRET_DIR_NAMES = new Set([
    '.aws',
    '.docker',
    '.kube',
    '.ssh',
    '.gnupg',
    '.azure',
    '.gcloud'
]);
/** All of SECRET_FILE_PATTERNS as one expression: one test a name (the walk asks per file). */
const SECRET_FILE_NAME = new RegExp(SECRET_FILE_PATTERNS.map(pattern => `(?:${pattern.source})`).join('|'));
function isSecretFileName(name) {
    return SECRET_FILE_NAME.test(name);
}
function isSecretDirName(name) {
    return SECRET_DIR_NAMES.has(name);
}

;// CONCATENATED MODULE: ./lib/packaging/collect-files.js






/**
 * A collected file as one flat object: no Stats, no nested stat object, and the absolute path
 * made when asked for. (At 70,000 files, a record per file with its stat object and absolute
 * path kept 380 bytes a file alive through the whole run; this keeps about a third.)
 */
class ListedFile {
    root;
    relPath;
    kind;
    linkTarget;
    size;
    mtimeMs;
    ctimeMs;
    ino;
    mode;
    constructor(root, relPath, kind, stats, linkTarget) {
        this.root = root;
        this.relPath = relPath;
        this.kind = kind;
        this.linkTarget = linkTarget;
        this.size = stats.size;
        this.mtimeMs = stats.mtimeMs;
        this.ctimeMs = stats.ctimeMs;
        this.ino = stats.ino;
        this.mode = stats.mode;
    }
    get absPath() {
        // the root is resolved and relPath has no empty, '.' or '..' segment
        return external_node_path_.sep === '/' ? `${this.root}/${this.relPath}` : external_node_path_.join(this.root, this.relPath);
    }
}
const RESERVED_TOP = MANIFEST_ENTRY_NAME.split('/')[0];
/**
 * Walks the temp dir and returns what may be archived, sorted byte-wise by path.
 * Rules (README, "What goes into an archive"):
 * - `.git` folders are never entered; hidden names (leading dot) only with includeHidden;
 *   credential files (git-credentials-*.config, .netrc, .npmrc, .env, ...) never.
 * - Symlinks are never followed. A relative link whose target stays inside the temp dir is
 *   stored as a link; any other link (absolute, escaping, dangling, a loop) is skipped with a
 *   warning.
 * - FIFOs, sockets and devices are skipped with a warning (opening a FIFO would block).
 * - Unreadable files and names that are not portable (backslash, not UTF-8) are errors
 *   that list every such file: an archive must not silently miss them.
 */
async function collectFiles(tmpDir, options) {
    const root = await (0,promises_.realpath)(tmpDir);
    const files = [];
    const skipped = [];
    const problems = [];
    const skip = (relPath, reason) => {
        skipped.push({ relPath, reason });
        options.logger.warn(`skipped ${JSON.stringify(relPath)}: ${reason}`);
    };
    // Synchronous calls: the walk has nothing to overlap with, and on a VM a thread-pool round
    // trip per lstat cost four times the lstat itself (70,000 files: 1.9 s against 0.5 s).
    const walk = async (absDir, relDir) => {
        let entries;
        try {
            entries = (0,external_node_fs_.readdirSync)(absDir, { withFileTypes: true });
        }
        catch (cause) {
            problems.push(`${relDir || '.'}/: ${cause.code ?? cause}`);
            return;
        }
        for (const entry of entries) {
            const name = entry.name;
            const relPath = relDir ? `${relDir}/${name}` : name;
            const absPath = absDir + external_node_path_.sep + name; // absDir is resolved and name has no separator
            if (name === '.git')
                continue;
            if (relDir === '' && name === RESERVED_TOP) {
                skip(relPath, `${RESERVED_TOP}/ is reserved for the archive manifest`);
                continue;
            }
            if (isSecretFileName(name)) {
                skip(relPath, 'credential file, never archived');
                continue;
            }
            if (name.startsWith('.') && !options.includeHidden)
                continue;
            if (name.includes('\uFFFD')) {
                problems.push(`${relPath}: file name is not valid UTF-8; rename it`);
                continue;
            }
            if (name.includes('\\')) {
                problems.push(`${relPath}: file name contains a backslash (unsafe on Windows); rename it`);
                continue;
            }
            let stats;
            try {
                stats = (0,external_node_fs_.lstatSync)(absPath);
            }
            catch (cause) {
                problems.push(`${relPath}: ${cause.code ?? cause}`);
                continue;
            }
            if (stats.isDirectory()) {
                if (isSecretDirName(name)) {
                    skip(relPath, 'credential folder, never archived');
                    continue;
                }
                await walk(absPath, relPath);
            }
            else if (stats.isFile()) {
                if (!isReadable(absPath, stats)) {
                    problems.push(`${relPath}: permission denied`);
                    continue;
                }
                files.push(new ListedFile(root, relPath, 'file', stats, undefined));
            }
            else if (stats.isSymbolicLink()) {
                const verdict = await judgeSymlink(root, absPath);
                if (verdict.ok)
                    files.push(new ListedFile(root, relPath, 'symlink', stats, verdict.target));
                else
                    skip(relPath, verdict.reason);
            }
            else {
                skip(relPath, `${describeSpecial(stats)}, not a regular file`);
            }
        }
    };
    await walk(root, '');
    if (problems.length > 0) {
        throw new errors/* ArtifactLfsError */.qq('io', `cannot package ${tmpDir}: ${problems.length} file(s) cannot be read or named safely:\n  ` +
            problems.join('\n  '), { hint: 'fix the permissions or rename the files listed, then run again' });
    }
    files.sort((a, b) => compareArchivePaths(a.relPath, b.relPath));
    return { files, skipped };
}
async function judgeSymlink(root, absPath) {
    const target = await (0,promises_.readlink)(absPath);
    if (external_node_path_.isAbsolute(target))
        return { ok: false, reason: `symlink to an absolute path (${target}) is not archived` };
    const lexical = external_node_path_.resolve(external_node_path_.dirname(absPath), target);
    if (!isInside(root, lexical))
        return { ok: false, reason: `symlink points outside the temp dir (${target})` };
    let resolved;
    try {
        resolved = await (0,promises_.realpath)(absPath);
        await (0,promises_.stat)(resolved);
    }
    catch (cause) {
        const code = cause.code;
        return {
            ok: false,
            reason: code === 'ELOOP' ? 'symlink loop' : `dangling symlink (${target})`
        };
    }
    if (!isInside(root, resolved))
        return { ok: false, reason: `symlink resolves outside the temp dir (${target})` };
    return { ok: true, target: target.split(external_node_path_.sep).join('/') };
}
const userId = process.getuid?.();
const groupIds = new Set(process.getgroups?.() ?? []);
/**
 * Whether this process may read the file. The mode bits answer for nearly every file without
 * a system call; only when they seem to refuse (ACLs or capabilities may still allow) is
 * access(2) asked. (The reader still reports an open that fails, naming the file.)
 */
function isReadable(absPath, stats) {
    if (userId !== undefined) {
        const mode = stats.mode;
        if (userId === 0 || mode & 0o004)
            return true;
        if (stats.uid === userId) {
            if (mode & 0o400)
                return true;
        }
        else if ((stats.gid === process.getgid?.() || groupIds.has(stats.gid)) && mode & 0o040)
            return true;
    }
    try {
        (0,external_node_fs_.accessSync)(absPath, external_node_fs_.constants.R_OK);
        return true;
    }
    catch {
        return false;
    }
}
function isInside(root, candidate) {
    const rel = external_node_path_.relative(root, candidate);
    return rel === '' || (!rel.startsWith('..') && !external_node_path_.isAbsolute(rel));
}
function describeSpecial(stats) {
    if (stats.isFIFO())
        return 'named pipe (FIFO)';
    if (stats.isSocket())
        return 'socket';
    if (stats.isCharacterDevice())
        return 'character device';
    if (stats.isBlockDevice())
        return 'block device';
    return 'special file';
}

;// CONCATENATED MODULE: ./lib/packaging/package-state.js






function stateFilePath(gitDir, tmpDirKey) {
    const id = (0,external_node_crypto_.createHash)('sha256').update(tmpDirKey).digest('hex').slice(0, 16);
    return external_node_path_.join(gitDir, 'artifact-lfs', `package-state-${id}.json`);
}
async function readPackageState(file, tmpDirKey) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (cause) {
        if (cause.code === 'ENOENT')
            return { version: 1, tmpDir: tmpDirKey, files: {} };
        throw cause;
    }
    try {
        const parsed = JSON.parse(text);
        if (parsed.version !== 1 || typeof parsed.files !== 'object' || parsed.files === null)
            throw new Error('unexpected shape');
        return parsed;
    }
    catch (cause) {
        throw new errors/* ArtifactLfsError */.qq('io', `packaging state ${file} is corrupt`, {
            hint: 'delete it (the next run then packages every file again) or run with --all',
            cause
        });
    }
}
/**
 * Writes the state atomically as compact JSON, its files in the order `entries` gives them
 * (packaging gives archive path order; each path once).
 */
async function writePackageState(file, tmpDir, entries) {
    await (0,promises_.mkdir)(external_node_path_.dirname(file), { recursive: true });
    await writeFileAtomic(file, stateText(tmpDir, entries));
}
/**
 * Records stringified at once: one stringify per record is several times slower, and a piece
 * under V8's large-object size (128 KiB) dies young.
 */
const RECORDS_PER_PIECE = 256;
/**
 * The state file's text in pieces, so that no string, buffer or table of the whole (12 MB of
 * text for 70,000 files) is ever held.
 */
function* stateText(tmpDir, entries) {
    yield JSON.stringify({ version: 1, tmpDir, files: {} }).slice(0, -2);
    let piece = recordTable();
    let inPiece = 0;
    let first = true;
    const flush = () => {
        const text = (first ? '' : ',') + JSON.stringify(piece).slice(1, -1);
        first = false;
        piece = recordTable();
        inPiece = 0;
        return text;
    };
    for (const [relPath, record] of entries) {
        piece[relPath] = record;
        if (++inPiece === RECORDS_PER_PIECE)
            yield flush();
    }
    if (inPiece > 0)
        yield flush();
    yield '}}\n';
}
/**
 * An empty path -> record table. No prototype: a file named `__proto__` is a key like any
 * other, not a prototype to set.
 */
function recordTable() {
    return Object.create(null);
}
/** The record `files` holds for `relPath` (its own: never one inherited from Object). */
function recordOf(files, relPath) {
    return Object.hasOwn(files, relPath) ? files[relPath] : undefined;
}
function fingerprintMatches(record, stats) {
    return (record.size === stats.size &&
        record.mtimeMs === stats.mtimeMs &&
        record.ctimeMs === stats.ctimeMs &&
        record.ino === stats.ino);
}
function recordFor(stats, sha256) {
    return {
        size: stats.size,
        mtimeMs: stats.mtimeMs,
        ctimeMs: stats.ctimeMs,
        ino: stats.ino,
        sha256
    };
}
/** sha256 of a file's bytes, or of a symlink's target text. */
async function contentSha256(file) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    if (file.kind === 'symlink')
        return hash.update(file.linkTarget ?? '').digest('hex');
    for await (const chunk of (0,external_node_fs_.createReadStream)(file.absPath, { highWaterMark: 1 << 20 }))
        hash.update(chunk);
    return hash.digest('hex');
}
/** Splits the collected files into new-or-changed ones and unchanged ones. */
async function selectChanged(files, state) {
    const changed = [];
    const refreshed = recordTable();
    for (const file of files) {
        const record = recordOf(state.files, file.relPath);
        if (record === undefined) {
            changed.push(file);
            continue;
        }
        if (fingerprintMatches(record, file))
            continue;
        if (record.size === file.size && (await contentSha256(file)) === record.sha256) {
            refreshed[file.relPath] = recordFor(file, record.sha256);
            continue;
        }
        changed.push(file);
    }
    return { changed, refreshed };
}

;// CONCATENATED MODULE: ./lib/packaging/packed-files.js


/**
 * The files of one packaging run, from the writer's sources to the manifest and the state
 * records, with as little kept per file as possible: on 70,000 files, an object per file per
 * stage (source, written entry, manifest file, state record) was 40 MB of live heap while
 * packing. Here a source is made when the writer asks for it, the manifest is kept as text,
 * and each written file leaves only its sha256 behind; manifest files and state
 * records are made once the archive is written, when they are asked for.
 */
class PackedFiles {
    files;
    clamp;
    /** The writer's input, one source made per request. */
    sources;
    /** The manifest text, a line per file as it is written. */
    manifest = new ManifestTextBuilder();
    sha256s;
    written = 0;
    constructor(files, clamp) {
        this.files = files;
        this.clamp = clamp;
        this.sha256s = new Array(files.length);
        let totalBytes = 0;
        for (const file of files)
            totalBytes += contentSize(file);
        this.sources = {
            length: files.length,
            totalBytes,
            at: (index) => {
                const file = files[index];
                return file === undefined ? undefined : toSource(file, clamp);
            }
        };
    }
    /** The writer's onEntryWritten: entries come in source order, then the trailer's. */
    entryWritten(entry) {
        const index = this.written;
        const file = this.files[index];
        if (file === undefined)
            return; // the manifest's own entry
        if (entry.name !== file.relPath || entry.size !== contentSize(file))
            throw new Error(`internal: wrote ${entry.name} (${entry.size} bytes) as ${file.relPath}`);
        this.written++;
        this.sha256s[index] = entry.sha256;
        this.manifest.add(this.manifestFile(index));
    }
    /** The manifest's file list, in archive order (every file must have been written). */
    manifestFiles() {
        this.checkAllWritten();
        const out = new Array(this.files.length);
        for (let i = 0; i < this.files.length; i++)
            out[i] = this.manifestFile(i);
        return out;
    }
    /**
     * The state after this run, in archive path order: for each of `collected` (every file in
     * the temp dir, in that order, the packed ones among them), its new record if it was packed
     * now, else its record from `refreshed` or the last state, if any.
     */
    *stateEntries(collected, refreshed, previous) {
        this.checkAllWritten();
        let next = 0;
        for (const file of collected) {
            if (this.files[next] === file) {
                yield [file.relPath, recordFor(file, this.sha256s[next++])];
                continue;
            }
            const record = recordOf(refreshed, file.relPath) ?? recordOf(previous, file.relPath);
            if (record !== undefined)
                yield [file.relPath, record];
        }
        if (next !== this.files.length)
            throw new Error('internal: packed files not among those listed');
    }
    manifestFile(index) {
        const file = this.files[index];
        const out = {
            path: file.relPath,
            type: file.kind,
            size: contentSize(file),
            mode: file.mode & 0o777,
            mtime: this.clamp(file.mtimeMs).toISOString(),
            sha256: this.sha256s[index]
        };
        if (file.kind === 'symlink')
            out.target = file.linkTarget;
        return out;
    }
    checkAllWritten() {
        if (this.written !== this.files.length)
            throw new Error(`internal: ${this.written} of ${this.files.length} files written`);
    }
}
/** Bytes of an entry's content: the file's (the writer checks it), or the link text's. */
function contentSize(file) {
    return file.kind === 'symlink' ? Buffer.byteLength(file.linkTarget ?? '') : file.size;
}
/**
 * The writer's view of a collected file. Plain literals, one shape for all: a spread of a
 * shared base gave each of 70,000 sources a hidden class of its own (V8), and the GC paid.
 */
function toSource(file, clamp) {
    const mode = file.mode & 0o777;
    const mtime = clamp(file.mtimeMs);
    if (file.kind === 'symlink')
        return { name: file.relPath, mode, mtime, kind: 'symlink', linkTarget: file.linkTarget };
    return {
        name: file.relPath,
        mode,
        mtime,
        kind: 'file',
        sourcePath: file.absPath,
        expectedSize: file.size,
        expectedMtimeMs: file.mtimeMs,
        expectedCtimeMs: file.ctimeMs
    };
}

;// CONCATENATED MODULE: ./lib/packaging/session-paths.js



/**
 * Resolves and checks the two folders a packaging run uses. Refuses a temp dir that is the
 * repo root, `/`, inside `.git`, or that contains the session dir (the archives would
 * archive themselves), and a temp dir that is a file.
 */
async function resolveSessionPaths(repoRoot, gitDir, tmpDirInput, sessionDirRel) {
    const wanted = external_node_path_.resolve(repoRoot, tmpDirInput);
    let tmpDirCreated = false;
    try {
        const stats = await (0,promises_.stat)(wanted);
        if (!stats.isDirectory())
            throw new errors/* ArtifactLfsError */.qq('config', `temp dir ${tmpDirInput} is not a folder`, {
                hint: 'pass --tmp-dir with a folder (default: tmp)'
            });
    }
    catch (cause) {
        if (cause.code !== 'ENOENT')
            throw cause;
        await (0,promises_.mkdir)(wanted, { recursive: true });
        tmpDirCreated = true;
    }
    const tmpDir = await (0,promises_.realpath)(wanted);
    const sessionDir = external_node_path_.resolve(repoRoot, sessionDirRel);
    const refuse = (why) => {
        throw new errors/* ArtifactLfsError */.qq('config', `refusing temp dir ${tmpDirInput}: ${why}`, {
            hint: 'point --tmp-dir at a folder that holds only session outputs, e.g. tmp/'
        });
    };
    if (tmpDir === external_node_path_.parse(tmpDir).root)
        refuse('it is the file-system root');
    if (tmpDir === repoRoot)
        refuse('it is the repository root');
    if (isInsideOrEqual(gitDir, tmpDir))
        refuse('it is inside the .git folder');
    if (isInsideOrEqual(tmpDir, sessionDir))
        refuse(`it contains the session artifact dir ${sessionDirRel}`);
    if (isInsideOrEqual(tmpDir, repoRoot))
        refuse('it contains the repository');
    await (0,promises_.mkdir)(sessionDir, { recursive: true });
    return { tmpDir, tmpDirCreated, sessionDir, sessionDirRel };
}
function isInsideOrEqual(parent, candidate) {
    const rel = external_node_path_.relative(parent, candidate);
    return rel === '' || (!rel.startsWith('..') && !external_node_path_.isAbsolute(rel));
}

;// CONCATENATED MODULE: ./lib/packaging/run-lock.js



/**
 * One artifact-lfs run at a time per clone: `<git dir>/artifact-lfs/run.lock` holds the pid.
 * A lock whose process is gone (killed with -9) is stale and taken over.
 */
class RunLock {
    file;
    constructor(file) {
        this.file = file;
    }
    static async acquire(gitDir) {
        const file = runLockPath(gitDir);
        await (0,promises_.mkdir)(external_node_path_.dirname(file), { recursive: true });
        for (let attempt = 0; attempt < 3; attempt++) {
            try {
                const handle = await (0,promises_.open)(file, 'wx');
                await handle.writeFile(`${process.pid}\n`);
                await handle.close();
                return new RunLock(file);
            }
            catch (cause) {
                if (cause.code !== 'EEXIST')
                    throw cause;
            }
            const holder = Number.parseInt(await (0,promises_.readFile)(file, 'utf8').catch(() => ''), 10);
            if (Number.isInteger(holder) && holder > 0 && isAlive(holder) && holder !== process.pid) {
                throw new errors/* ArtifactLfsError */.qq('repo-state', `another artifact-lfs run (pid ${holder}) is working in this clone`, { hint: `wait for it to finish; if no such run exists, delete ${file}` });
            }
            await (0,promises_.unlink)(file).catch(() => undefined);
        }
        throw new errors/* ArtifactLfsError */.qq('repo-state', `could not take the lock ${file}`, {
            hint: `delete ${file} if no artifact-lfs run is active`
        });
    }
    async release() {
        await (0,promises_.unlink)(this.file).catch(() => undefined);
    }
}
/** Where the run lock of the clone with this git dir lives. */
function runLockPath(gitDir) {
    return external_node_path_.join(gitDir, 'artifact-lfs', 'run.lock');
}
function isAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (cause) {
        return cause.code === 'EPERM';
    }
}

;// CONCATENATED MODULE: ./lib/packaging/stale-partials.js



/**
 * Temp files a killed run leaves behind (kill -9, OOM, a cancelled job): the archive being
 * written, `.codex-session.zip.<pid>.<random>.partial` in the session dir, and the packaging
 * state being replaced, `.package-state-<id>.json.<pid>.<random>.partial` under
 * `<git dir>/artifact-lfs/`. An archive temp file can be as large as the archive.
 */
const STALE_PATTERNS = [
    { where: 'session', pattern: /^\.codex-session\.zip\.(\d+)\.[0-9a-f]+\.partial$/ },
    { where: 'state', pattern: /^\.package-state-[0-9a-f]+\.json\.(\d+)\.[0-9a-f]+\.partial$/ }
];
/**
 * Removes the temp files of earlier runs. Call it only while holding the run lock: a temp file
 * last modified before the lock was taken, whose writer is not running, belongs to a run that
 * died (only one run at a time works in a clone). Without a lock file it removes nothing.
 * Returns the names removed; failures to remove are warnings, never errors.
 */
async function removeStalePartials(sessionDir, gitDir, logger) {
    const lockFile = runLockPath(gitDir);
    const lock = await (0,promises_.stat)(lockFile).catch(() => undefined);
    if (lock === undefined)
        return [];
    const lockHolder = Number.parseInt(await (0,promises_.readFile)(lockFile, 'utf8').catch(() => ''), 10);
    if (lockHolder !== process.pid)
        return [];
    const removed = [];
    const dirs = { session: sessionDir, state: external_node_path_.dirname(lockFile) };
    for (const { where, pattern } of STALE_PATTERNS) {
        const dir = dirs[where];
        const names = await (0,promises_.readdir)(dir).catch(() => []);
        for (const name of names) {
            const match = pattern.exec(name);
            if (!match)
                continue;
            const writer = Number(match[1]);
            if (writer === process.pid || isAlive(writer))
                continue;
            const file = external_node_path_.join(dir, name);
            const stats = await (0,promises_.stat)(file).catch(() => undefined);
            if (stats === undefined || !stats.isFile() || stats.mtimeMs >= lock.mtimeMs)
                continue;
            try {
                await (0,promises_.unlink)(file);
                removed.push(name);
            }
            catch (cause) {
                logger.warn(`could not remove ${file} left by an interrupted run: ${cause.message}`);
            }
        }
    }
    if (removed.length > 0)
        logger.info(`removed ${removed.length} temp file(s) left by an interrupted run`);
    return removed;
}

;// CONCATENATED MODULE: ./lib/packaging/package-session.js














async function packageSession(request) {
    const logger = request.logger ?? progress_silentLogger;
    const paths = await resolveSessionPaths(request.repoRoot, request.gitDir, request.tmpDir, request.sessionArtifactDir);
    await removeStalePartials(paths.sessionDir, request.gitDir, logger);
    const tmpDirRel = external_node_path_.relative(request.repoRoot, paths.tmpDir).split(external_node_path_.sep).join('/') || '.';
    if (paths.tmpDirCreated) {
        logger.info(`temp dir ${tmpDirRel} did not exist; created it`);
        return {
            status: 'nothing-to-package',
            reason: 'the temp dir was empty',
            tmpDir: paths.tmpDir,
            skipped: []
        };
    }
    const collected = await collectFiles(paths.tmpDir, {
        includeHidden: request.includeHidden,
        logger
    });
    const stateFile = stateFilePath(request.gitDir, tmpDirRel);
    const state = await readPackageState(stateFile, tmpDirRel);
    const selection = request.all
        ? { changed: collected.files, refreshed: {} }
        : await selectChanged(collected.files, state);
    if (selection.changed.length === 0) {
        return {
            status: 'nothing-to-package',
            reason: collected.files.length === 0
                ? 'the temp dir holds no files to archive'
                : 'no file is new or changed since the last packaging',
            tmpDir: paths.tmpDir,
            skipped: collected.skipped
        };
    }
    const clampMs = request.sourceDateEpoch === undefined
        ? Number.POSITIVE_INFINITY
        : request.sourceDateEpoch * 1000;
    const clamp = (ms) => new Date(Math.min(ms, clampMs));
    const createdAt = clamp(request.now.getTime()).toISOString();
    const packed = new PackedFiles(selection.changed, clamp);
    const trailer = () => {
        const data = packed.manifest.finishPieces({
            format: MANIFEST_FORMAT,
            version: MANIFEST_VERSION,
            tool: { name: TOOL_NAME, version: TOOL_VERSION },
            createdAt
        });
        return [
            { name: MANIFEST_ENTRY_NAME, kind: 'bytes', data, mode: 0o644, mtime: new Date(createdAt) }
        ];
    };
    const failure = (scope) => (error) => {
        throw archiveWriteFailure(error, paths.sessionDirRel, scope);
    };
    const pending = await PendingFile.create(external_node_path_.join(paths.sessionDir, 'codex-session.zip')).catch(failure('create'));
    let published;
    try {
        const result = await writeZip(packed.sources, pending.handle, {
            compressionLevel: request.compressionLevel,
            progress: request.progress ?? silentProgress,
            onEntryWritten: entry => packed.entryWritten(entry),
            trailer,
            retainEntries: false
        }).catch(failure('write'));
        for (const name of archiveNameCandidates(request.now, request.runContext)) {
            const target = external_node_path_.join(paths.sessionDir, name);
            if (await pending.publish(target).catch(failure('create'))) {
                published = target;
                break;
            }
        }
        if (published === undefined)
            throw new errors/* ArtifactLfsError */.qq('io', `no free archive name in ${paths.sessionDirRel}`, {
                hint: 'too many archives share this second; retry'
            });
        const archivePath = published;
        const files = packed.manifestFiles();
        return {
            status: 'packaged',
            tmpDir: paths.tmpDir,
            archivePath,
            archiveRelPath: external_node_path_.relative(request.repoRoot, archivePath).split(external_node_path_.sep).join('/'),
            sha256: result.sha256,
            size: result.size,
            files,
            totalBytes: files.reduce((sum, f) => sum + f.size, 0),
            skipped: collected.skipped,
            saveState: stateSaver(stateFile, {
                tmpDir: tmpDirRel,
                collected: collected.files,
                refreshed: selection.refreshed,
                previous: state.files,
                packed
            })
        };
    }
    finally {
        if (published === undefined)
            await pending.discard();
    }
}
/**
 * The saveState of an outcome: writes the state of every file listed (records of files
 * deleted since are dropped), made and written a few hundred records at a time. Made here,
 * not inline: a closure keeps alive every variable that any closure of its function captures
 * (V8 shares one context).
 */
function stateSaver(stateFile, parts) {
    return () => writePackageState(stateFile, parts.tmpDir, parts.packed.stateEntries(parts.collected, parts.refreshed, parts.previous));
}

// EXTERNAL MODULE: ./node_modules/js-yaml/dist/js-yaml.mjs
var js_yaml = __webpack_require__(243);
;// CONCATENATED MODULE: ./lib/policy/policy-source.js

/**
 * The decoded policy text plus the name it is shown under (e.g. `.codex_lfs_policy.yaml`).
 * Turns character offsets into line:column and builds the one-line refusals loadPolicy throws.
 */
class PolicySource {
    label;
    text;
    lineStarts;
    constructor(label, text) {
        this.label = label;
        this.text = text;
        this.lineStarts = [0];
        for (let i = 0; i < text.length; i++)
            if (text.charCodeAt(i) === 10)
                this.lineStarts.push(i + 1);
    }
    position(offset) {
        const clamped = Math.max(0, Math.min(offset, this.text.length));
        let lo = 0;
        let hi = this.lineStarts.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (this.lineStarts[mid] <= clamped)
                lo = mid;
            else
                hi = mid - 1;
        }
        return { line: lo + 1, column: clamped - this.lineStarts[lo] + 1 };
    }
    /** `<file>:<line>:<col>: <key>: <what>` as an ArtifactLfsError('policy'). */
    refuse(at, key, what, hint, cause) {
        return policyRefusal(this.label, typeof at === 'number' ? this.position(at) : at, key, what, {
            hint,
            cause
        });
    }
    /** `<file>:<line>:<col>: <what>` for warnings (unknown keys). */
    note(offset, what) {
        const { line, column } = this.position(offset);
        return `${this.label}:${line}:${column}: ${what}`;
    }
}
/** A refusal about the policy; `at` undefined means the file as a whole (no line:col). */
function policyRefusal(label, at, key, what, options) {
    const where = at ? `${label}:${at.line}:${at.column}` : label;
    const message = `${where}: ${key ? `${key}: ` : ''}${oneLine(what)}`;
    return new errors/* ArtifactLfsError */.qq('policy', message, options);
}
/** Messages are one line: control characters (newlines included) are shown escaped. */
function oneLine(text) {
    // eslint-disable-next-line no-control-regex
    return text.replace(/[\u0000-\u001f\u007f]/g, c => {
        if (c === '\n')
            return '\\n';
        if (c === '\r')
            return '\\r';
        if (c === '\t')
            return '\\t';
        return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    });
}
/** A short, safe description of any YAML value for an error message ("got ..."). */
function describeValue(value) {
    if (value === null || value === undefined)
        return 'nothing (null)';
    if (typeof value === 'string') {
        const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
        return JSON.stringify(shown);
    }
    if (typeof value === 'number') {
        if (Number.isNaN(value))
            return '.nan';
        if (!Number.isFinite(value))
            return value > 0 ? '.inf' : '-.inf';
        return String(value);
    }
    if (typeof value === 'boolean')
        return String(value);
    // never serialise structures: an alias bomb would expand here
    if (Array.isArray(value))
        return 'a list';
    if (value instanceof Map || typeof value === 'object')
        return 'a mapping';
    return typeof value;
}

;// CONCATENATED MODULE: ./lib/policy/parse-policy-yaml.js


/**
 * Aliases never copy data in js-yaml 5 (an alias is the same object), so a "billion laughs"
 * document stays small; this cap still bounds the work on hostile input.
 */
const MAX_ALIASES = 1000;
/** Policy values are at most a list of strings; anything deeper is not a policy. */
const MAX_DEPTH = 20;
const SYNTAX = 'YAML syntax';
/**
 * Parses the policy text into its top-level entries (empty for an empty document). Refuses
 * malformed YAML, more than one document, a top level that is not a mapping, and duplicate
 * keys, each with line:column.
 */
function parsePolicyYaml(source) {
    let events;
    try {
        events = (0,js_yaml/* parseEvents */.PH)(source.text, { filename: source.label, maxDepth: MAX_DEPTH });
    }
    catch (cause) {
        throw yamlRefusal(source, cause, () => SYNTAX);
    }
    if (events.length === 0)
        return [];
    const second = nextDocument(events);
    if (second !== -1) {
        throw source.refuse(nodeOffset(events[second + 1]) ?? source.text.indexOf('---', 1), SYNTAX, 'the policy file holds more than one YAML document', 'keep a single document: remove the second `---` and everything after it');
    }
    const root = events[1];
    if (root.type === js_yaml/* EVENT_ID */.hy.POP)
        return [];
    if (root.type === js_yaml/* EVENT_ID */.hy.SCALAR && root.valueStart === -1)
        return [];
    if (root.type !== js_yaml/* EVENT_ID */.hy.MAPPING) {
        throw source.refuse(nodeOffset(root) ?? 0, '(top level)', `the policy must be a mapping of keys to values, got ${nodeKind(root)}`, 'write one `key: value` per line, e.g. `size_threshold_mb: 50`');
    }
    const entries = collectEntries(source, events);
    let document;
    try {
        document = (0,js_yaml/* constructFromEvents */.fw)(events, {
            source: source.text,
            filename: source.label,
            maxAliases: MAX_ALIASES
        })[0];
    }
    catch (cause) {
        throw yamlRefusal(source, cause, position => keyAt(entries, position) ?? SYNTAX);
    }
    const record = document;
    for (const entry of entries) {
        entry.value = Object.hasOwn(record, entry.key) ? record[entry.key] : undefined;
    }
    return entries;
}
function collectEntries(source, events) {
    const entries = [];
    const firstLine = new Map();
    let i = 2;
    while (i < events.length && events[i].type !== js_yaml/* EVENT_ID */.hy.POP) {
        const keyEvent = events[i];
        const keyOffset = nodeOffset(keyEvent) ?? 0;
        const key = keyEvent.type === js_yaml/* EVENT_ID */.hy.SCALAR && keyEvent.valueStart !== -1
            ? (0,js_yaml/* getScalarValue */.KE)(source.text, keyEvent)
            : keyEvent.type === js_yaml/* EVENT_ID */.hy.SCALAR
                ? 'null'
                : `(${nodeKind(keyEvent)} as a key)`;
        const valueIndex = skipNode(events, i);
        const valueEvent = events[valueIndex];
        const next = skipNode(events, valueIndex);
        const seen = firstLine.get(key);
        if (seen !== undefined) {
            throw source.refuse(keyOffset, key, `duplicate key (first set on line ${seen})`, 'keep one of the two lines: YAML keys must be unique');
        }
        firstLine.set(key, source.position(keyOffset).line);
        entries.push({
            key,
            keyOffset,
            valueOffset: nodeOffset(valueEvent) ?? keyOffset,
            literalIndent: valueEvent.type === js_yaml/* EVENT_ID */.hy.SCALAR && valueEvent.style === js_yaml/* SCALAR_STYLE */.jK.LITERAL_BLOCK
                ? Math.max(0, valueEvent.indent)
                : undefined,
            itemOffsets: valueEvent.type === js_yaml/* EVENT_ID */.hy.SEQUENCE ? childOffsets(events, valueIndex) : [],
            value: undefined
        });
        i = next;
    }
    return entries;
}
/** The index just after the node starting at `i` (a scalar, alias, or whole collection). */
function skipNode(events, i) {
    const type = events[i].type;
    if (type !== js_yaml/* EVENT_ID */.hy.SEQUENCE && type !== js_yaml/* EVENT_ID */.hy.MAPPING)
        return i + 1;
    let depth = 0;
    for (let j = i; j < events.length; j++) {
        const t = events[j].type;
        if (t === js_yaml/* EVENT_ID */.hy.SEQUENCE || t === js_yaml/* EVENT_ID */.hy.MAPPING)
            depth += 1;
        else if (t === js_yaml/* EVENT_ID */.hy.POP) {
            depth -= 1;
            if (depth === 0)
                return j + 1;
        }
    }
    return events.length;
}
function childOffsets(events, collection) {
    const offsets = [];
    let i = collection + 1;
    while (i < events.length && events[i].type !== js_yaml/* EVENT_ID */.hy.POP) {
        offsets.push(nodeOffset(events[i]) ?? -1);
        i = skipNode(events, i);
    }
    return offsets;
}
/** Index of a second DOCUMENT event at the top level, or -1. */
function nextDocument(events) {
    let depth = 0;
    for (let i = 0; i < events.length; i++) {
        const t = events[i].type;
        if (t === js_yaml/* EVENT_ID */.hy.DOCUMENT) {
            if (depth === 0 && i > 0)
                return i;
            depth += 1;
        }
        else if (t === js_yaml/* EVENT_ID */.hy.SEQUENCE || t === js_yaml/* EVENT_ID */.hy.MAPPING)
            depth += 1;
        else if (t === js_yaml/* EVENT_ID */.hy.POP)
            depth -= 1;
    }
    return -1;
}
function nodeOffset(event) {
    if (!event)
        return undefined;
    switch (event.type) {
        case js_yaml/* EVENT_ID */.hy.SCALAR:
            if (event.valueStart === -1)
                return undefined;
            // point at the opening quote, not the first character inside it
            return event.style === js_yaml/* SCALAR_STYLE */.jK.SINGLE_QUOTED ||
                event.style === js_yaml/* SCALAR_STYLE */.jK.DOUBLE_QUOTED
                ? event.valueStart - 1
                : event.valueStart;
        case js_yaml/* EVENT_ID */.hy.SEQUENCE:
        case js_yaml/* EVENT_ID */.hy.MAPPING:
            return event.start;
        case js_yaml/* EVENT_ID */.hy.ALIAS:
            return Math.max(0, event.anchorStart - 1);
        default:
            return undefined;
    }
}
function nodeKind(event) {
    switch (event.type) {
        case js_yaml/* EVENT_ID */.hy.SEQUENCE:
            return 'a list';
        case js_yaml/* EVENT_ID */.hy.MAPPING:
            return 'a mapping';
        case js_yaml/* EVENT_ID */.hy.ALIAS:
            return 'an alias';
        default:
            return 'a single value';
    }
}
/** The top-level key whose text contains `offset` (the last key starting at or before it). */
function keyAt(entries, offset) {
    let found;
    for (const entry of entries)
        if (entry.keyOffset <= offset)
            found = entry.key;
    return found;
}
function yamlRefusal(source, cause, keyFor) {
    if (!(cause instanceof js_yaml/* YAMLException */.tB)) {
        return source.refuse(0, SYNTAX, `could not parse: ${String(cause)}`, 'fix the YAML', cause);
    }
    const mark = cause.mark;
    const at = mark ? { line: mark.line + 1, column: mark.column + 1 } : { line: 1, column: 1 };
    const key = mark ? keyFor(mark.position) : SYNTAX;
    return source.refuse(at, key, `invalid YAML: ${cause.reason}`, 'fix the YAML at that line; quote values that contain ": " or start with *, &, !, [, { or %', cause);
}

;// CONCATENATED MODULE: ./lib/policy/utf8-check.js
/**
 * The byte offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1.
 * Follows the Unicode definition TextDecoder's fatal mode uses: no overlong forms, no
 * surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences.
 */
function firstInvalidUtf8Offset(bytes) {
    let i = 0;
    while (i < bytes.length) {
        const b0 = bytes[i];
        if (b0 < 0x80) {
            i += 1;
            continue;
        }
        let needed;
        let min;
        let max = 0xbf;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            needed = 1;
            min = 0x80;
        }
        else if (b0 >= 0xe0 && b0 <= 0xef) {
            needed = 2;
            min = b0 === 0xe0 ? 0xa0 : 0x80;
            if (b0 === 0xed)
                max = 0x9f;
        }
        else if (b0 >= 0xf0 && b0 <= 0xf4) {
            needed = 3;
            min = b0 === 0xf0 ? 0x90 : 0x80;
            if (b0 === 0xf4)
                max = 0x8f;
        }
        else {
            return i;
        }
        // the first continuation byte has the narrowed range, the rest are 0x80..0xBF
        for (let k = 1; k <= needed; k++) {
            const b = bytes[i + k];
            const lo = k === 1 ? min : 0x80;
            const hi = k === 1 ? max : 0xbf;
            if (b === undefined || b < lo || b > hi)
                return i;
        }
        i += needed + 1;
    }
    return -1;
}
/** 1-based line and column (in characters) of byte `offset` in UTF-8 `bytes`. */
function bytePosition(bytes, offset) {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
        if (bytes[i] === 0x0a) {
            line += 1;
            lineStart = i + 1;
        }
    }
    // everything between lineStart and offset is valid UTF-8 (offset is the first bad byte)
    const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset));
    return { line, column: before.length + 1 };
}

;// CONCATENATED MODULE: ./lib/policy/read-policy-file.js






/**
 * Reads the policy file safely: it must lie inside the repository (also after resolving
 * symlinks), be a regular file of at most MAX_POLICY_FILE_BYTES, and be valid UTF-8.
 * A missing file is not an error (text undefined).
 */
async function readPolicyFile(repoRoot, policyFile) {
    const root = external_node_path_.resolve(repoRoot);
    const source = external_node_path_.resolve(root, policyFile);
    const relative = external_node_path_.relative(root, source);
    const label = relative === '' ? policyFile : relative.split(external_node_path_.sep).join('/');
    const refuse = (what, hint, cause) => policyRefusal(label, undefined, undefined, what, { hint, cause });
    const hintInside = 'keep the policy file inside the repository (default .codex_lfs_policy.yaml)';
    if (relative === '')
        throw refuse('the policy path names the repository folder itself', hintInside);
    if (!read_policy_file_isInside(relative)) {
        throw refuse(`the policy path ${source} is outside the repository ${root}`, hintInside);
    }
    try {
        await (0,promises_.lstat)(source);
    }
    catch (cause) {
        if (cause.code === 'ENOENT') {
            return { source, label, text: undefined };
        }
        throw refuse(`cannot read the policy file: ${cause.message}`, 'check its permissions', cause);
    }
    let real;
    let realRoot;
    try {
        realRoot = await (0,promises_.realpath)(root);
        real = await (0,promises_.realpath)(source);
    }
    catch (cause) {
        throw refuse('the policy file is a symlink to a file that does not exist', hintInside, cause);
    }
    const realRelative = external_node_path_.relative(realRoot, real);
    if (realRelative === '' || !read_policy_file_isInside(realRelative)) {
        throw refuse(`the policy file resolves to ${real}, outside the repository`, hintInside);
    }
    const stats = await (0,promises_.stat)(real);
    if (!stats.isFile()) {
        throw refuse('the policy file is not a regular file', 'replace it with a YAML file');
    }
    if (stats.size > MAX_POLICY_FILE_BYTES) {
        throw refuse(`the policy file is ${stats.size} bytes, more than the ${MAX_POLICY_FILE_BYTES} allowed`, 'a policy is a few lines of YAML: check that the right file is named');
    }
    const bytes = await readAtMost(real, MAX_POLICY_FILE_BYTES + 1);
    if (bytes.length > MAX_POLICY_FILE_BYTES) {
        throw refuse(`the policy file is larger than the ${MAX_POLICY_FILE_BYTES} bytes allowed`, 'a policy is a few lines of YAML: check that the right file is named');
    }
    return { source, label, text: decodeUtf8(label, bytes) };
}
/** Whether a path.relative() result stays below its base (`..foo` is a name, not a step up). */
function read_policy_file_isInside(relative) {
    return !external_node_path_.isAbsolute(relative) && relative !== '..' && !relative.startsWith(`..${external_node_path_.sep}`);
}
async function readAtMost(file, limit) {
    let handle;
    try {
        handle = await (0,promises_.open)(file, 'r');
        const buffer = Buffer.alloc(limit);
        let filled = 0;
        while (filled < limit) {
            const { bytesRead } = await handle.read(buffer, filled, limit - filled, filled);
            if (bytesRead === 0)
                break;
            filled += bytesRead;
        }
        return buffer.subarray(0, filled);
    }
    finally {
        await handle?.close();
    }
}
function decodeUtf8(label, bytes) {
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
    catch (cause) {
        const offset = Math.max(0, firstInvalidUtf8Offset(bytes));
        const at = bytePosition(bytes, offset);
        const byte = bytes[offset]?.toString(16).padStart(2, '0') ?? '??';
        throw policyRefusal(label, at, undefined, `is not valid UTF-8 (byte 0x${byte})`, {
            hint: 'save the policy file as UTF-8',
            cause
        });
    }
}

;// CONCATENATED MODULE: ./lib/policy/session-artifact-dir.js


/** The longest file name ext4, xfs, btrfs, APFS and NTFS (in UTF-16 units) accept. */
const MAX_NAME_BYTES = 255;
const HINT_RELATIVE = 'use a folder path relative to the repository root, e.g. session_artifact_dir: codex_sessions';
/**
 * Normalises `session_artifact_dir` to a '/'-separated path relative to the repo root:
 * backslashes count as separators (a policy written on Windows), `.` and empty segments go,
 * `a/../b` folds to `b`. Refuses empty, absolute, escaping (`..`), `.git`, and control
 * characters, and folder names longer than 255 bytes. Returns the normalised path or the problem.
 */
function normaliseSessionDir(raw) {
    if (raw.trim() === '')
        return { problem: 'must not be empty', hint: HINT_RELATIVE };
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(raw)) {
        return { problem: 'must not contain control characters or NUL', hint: HINT_RELATIVE };
    }
    const slashed = raw.replace(/\\/g, '/');
    if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed) || /^~(\/|$)/.test(slashed)) {
        return { problem: `must be relative to the repository root, got "${raw}"`, hint: HINT_RELATIVE };
    }
    const normal = external_node_path_.posix.normalize(slashed).replace(/\/+$/, '');
    if (normal === '.' || normal === '') {
        return {
            problem: `must name a folder inside the repository, not the root itself (got "${raw}")`,
            hint: HINT_RELATIVE
        };
    }
    if (normal === '..' || normal.startsWith('../')) {
        return {
            problem: `"${raw}" leads outside the repository`,
            hint: 'remove the ".." segments: the folder must be inside the repository'
        };
    }
    const long = normal.split('/').find(segment => Buffer.byteLength(segment) > MAX_NAME_BYTES);
    if (long !== undefined) {
        return {
            problem: `has a folder name of ${Buffer.byteLength(long)} bytes; file systems allow at most ${MAX_NAME_BYTES}`,
            hint: 'use shorter folder names'
        };
    }
    if (normal.split('/').some(segment => segment.toLowerCase() === '.git')) {
        return {
            problem: `"${raw}" is inside a .git folder, which git does not track`,
            hint: HINT_RELATIVE
        };
    }
    return normal;
}
/**
 * Checks the normalised `dir` against the disk under `repoRoot`: no segment may be a symlink
 * (archives would land outside the tree git sees) and none may be an existing non-folder.
 * A path that does not exist yet is fine: packaging creates it.
 */
async function checkSessionDirOnDisk(repoRoot, dir) {
    const segments = dir.split('/');
    for (let i = 1; i <= segments.length; i++) {
        const partial = segments.slice(0, i).join('/');
        let stats;
        try {
            stats = await (0,promises_.lstat)(external_node_path_.join(repoRoot, ...segments.slice(0, i)));
        }
        catch (cause) {
            const code = cause.code;
            if (code === 'ENOENT')
                return undefined;
            return {
                problem: `cannot inspect "${partial}": ${cause.message}`,
                hint: 'check the folder permissions'
            };
        }
        const whole = i === segments.length;
        if (stats.isSymbolicLink()) {
            return {
                problem: whole
                    ? `"${dir}" is a symlink`
                    : `"${dir}" passes through the symlink "${partial}"`,
                hint: 'point session_artifact_dir at a real folder inside the repository (symlinks could write outside it)'
            };
        }
        if (!stats.isDirectory()) {
            return {
                problem: whole
                    ? `"${dir}" is an existing file, not a folder`
                    : `"${dir}" passes through "${partial}", which is a file, not a folder`,
                hint: 'rename the file or choose another folder for session archives'
            };
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./lib/policy/closest-key.js
/** Edit distance (insertions, deletions, substitutions) between two short strings. */
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
            current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
        }
        previous = current;
    }
    return previous[b.length];
}
/**
 * The known key an unknown one was probably meant to be: the nearest by edit distance
 * (ignoring case, and treating '-' like '_'), if it is close enough to be a typo, or the
 * known key that contains it.
 */
function closestKey(unknown, known) {
    const probe = unknown.toLowerCase().replace(/-/g, '_');
    let best;
    let bestDistance = Infinity;
    for (const candidate of known) {
        const distance = editDistance(probe, candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    const limit = Math.max(2, Math.floor((best?.length ?? 0) / 3));
    if (bestDistance <= limit)
        return best;
    // a fragment of a key ("threshold") is as good a clue as a typo
    return probe.length >= 4 ? known.find(candidate => candidate.includes(probe)) : undefined;
}

;// CONCATENATED MODULE: ./lib/policy/validate-policy-values.js






/**
 * Turns parsed top-level entries into a Policy: defaults for missing keys, a refusal (with
 * line:column) for any wrong value, a warning for every unknown key. Pure: the on-disk
 * checks of session_artifact_dir happen in loadPolicy.
 */
function validatePolicyValues(source, entries) {
    const policy = defaultPolicy();
    const warnings = [];
    for (const entry of entries) {
        switch (entry.key) {
            case POLICY_KEYS.enableAutoLfs:
                policy.enableAutoLfs = readBoolean(source, entry);
                break;
            case POLICY_KEYS.sessionArtifactDir:
                policy.sessionArtifactDir = readSessionDir(source, entry);
                break;
            case POLICY_KEYS.sizeThresholdMb:
                policy.sizeThresholdMb = readThreshold(source, entry);
                break;
            case POLICY_KEYS.binaryExtensions:
                policy.binaryExtensions = readExtensions(source, entry);
                break;
            case POLICY_KEYS.gitattributesTemplate:
                policy.gitattributesTemplate = readTemplate(source, entry);
                break;
            default: {
                const guess = closestKey(entry.key, KNOWN_POLICY_KEYS);
                const advice = guess
                    ? `did you mean ${guess}?`
                    : `known keys: ${KNOWN_POLICY_KEYS.join(', ')}`;
                warnings.push(source.note(entry.keyOffset, `unknown key "${entry.key}" is ignored (${advice})`));
            }
        }
    }
    return { policy, warnings };
}
function readBoolean(source, entry) {
    if (typeof entry.value === 'boolean')
        return entry.value;
    throw source.refuse(entry.valueOffset, entry.key, `must be true or false, got ${describeValue(entry.value)}`, `write ${entry.key}: true or ${entry.key}: false (in YAML 1.2, yes/no/on/off are strings)`);
}
function readSessionDir(source, entry) {
    if (typeof entry.value !== 'string') {
        throw source.refuse(entry.valueOffset, entry.key, `must be a folder path (a string), got ${describeValue(entry.value)}`, `write e.g. ${entry.key}: codex_sessions (quote it if it looks like a number)`);
    }
    const normal = normaliseSessionDir(entry.value);
    if (typeof normal === 'string')
        return normal;
    throw source.refuse(entry.valueOffset, entry.key, normal.problem, normal.hint);
}
function readThreshold(source, entry) {
    const value = entry.value;
    const hint = `write a size in megabytes without quotes or units, e.g. ${entry.key}: 50`;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
        throw source.refuse(entry.valueOffset, entry.key, `must be a number greater than 0, got ${describeValue(value)}`, hint);
    }
    if (value > MAX_SIZE_THRESHOLD_MB) {
        throw source.refuse(entry.valueOffset, entry.key, `must be at most ${MAX_SIZE_THRESHOLD_MB} (1 TiB), got ${value}`, hint);
    }
    return value;
}
/**
 * A YAML list of strings, or (as the original policy documentation shows) one string of
 * space-separated extensions: `binary_extensions: .db .7z .zip`. Each is lower-cased (ASCII
 * letters only: git globs compare bytes, see gitattributes-pattern.ts), gets a leading dot if
 * it has none, and duplicates are dropped keeping the first; the user's order is kept.
 */
function readExtensions(source, entry) {
    let items;
    if (typeof entry.value === 'string') {
        items = entry.value
            .split(/\s+/)
            .filter(word => word !== '')
            .map(raw => ({ raw, offset: entry.valueOffset }));
    }
    else if (Array.isArray(entry.value)) {
        items = entry.value.map((raw, index) => ({
            raw,
            offset: entry.itemOffsets[index] ?? entry.valueOffset
        }));
    }
    else {
        throw source.refuse(entry.valueOffset, entry.key, `must be a list of extensions, got ${describeValue(entry.value)}`, `write e.g. ${entry.key}: [".db", ".zip", ".tar.gz"]`);
    }
    const result = [];
    items.forEach(({ raw, offset }, index) => {
        const extension = normaliseExtension(raw);
        if (typeof extension !== 'string') {
            throw source.refuse(offset, entry.key, `item ${index + 1} ${extension.problem}`, 'write plain extensions like .db or .tar.gz: no globs, slashes, spaces or NUL');
        }
        if (!result.includes(extension))
            result.push(extension);
    });
    return result;
}
function normaliseExtension(raw) {
    if (typeof raw !== 'string')
        return { problem: `must be a string, got ${describeValue(raw)}` };
    if (raw === '')
        return { problem: 'is empty' };
    // eslint-disable-next-line no-control-regex
    if (/[\s\u0000-\u001f\u007f]/.test(raw)) {
        return { problem: `${JSON.stringify(raw)} contains whitespace, a control character or NUL` };
    }
    if (/[/\\]/.test(raw))
        return { problem: `${JSON.stringify(raw)} contains a slash` };
    if (/[*?[\]]/.test(raw)) {
        return { problem: `${JSON.stringify(raw)} contains a glob character (* ? [ ])` };
    }
    const dotted = raw.startsWith('.') ? raw : `.${raw}`;
    if (dotted.slice(1).split('.').includes('')) {
        return { problem: `${JSON.stringify(raw)} has an empty part (a lone, doubled or final dot)` };
    }
    return dotted.replace(/[A-Z]/g, letter => letter.toLowerCase());
}
function readTemplate(source, entry) {
    if (typeof entry.value !== 'string') {
        throw source.refuse(entry.valueOffset, entry.key, `must be a multi-line string, got ${describeValue(entry.value)}`, `write it as a block: "${entry.key}: |" followed by indented .gitattributes lines`);
    }
    const start = source.position(entry.valueOffset);
    const lines = [];
    entry.value.split(/\r\n|\r|\n/).forEach((raw, index) => {
        const line = raw.trimEnd();
        if (line === '')
            return;
        // a literal block keeps one value line per text line (its offset is the start of the
        // first content line); other styles point at the value
        const at = entry.literalIndent === undefined
            ? start
            : { line: start.line + index, column: start.column + entry.literalIndent };
        if (containsMarker(line)) {
            throw source.refuse(at, entry.key, `line ${index + 1} contains the artifact-lfs managed-block marker`, 'remove that line: the markers are written by artifact-lfs around its own block');
        }
        // eslint-disable-next-line no-control-regex
        if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(line)) {
            throw source.refuse(at, entry.key, `line ${index + 1} contains a control character or NUL`, 'remove it: .gitattributes lines are plain text');
        }
        lines.push(line);
    });
    return lines;
}

;// CONCATENATED MODULE: ./lib/policy/load-policy.js






/**
 * Loads and validates `<repoRoot>/<policyFile>`. Every problem is an
 * ArtifactLfsError('policy', '<file>:<line>:<col>: <key>: <what is wrong>', { hint }); problems
 * with the file as a whole (outside the repo, too large, a symlink out) have no line:col.
 */
async function loadPolicy(repoRoot, policyFile = DEFAULT_POLICY_FILE) {
    const file = await readPolicyFile(repoRoot, policyFile);
    let policy = defaultPolicy();
    let warnings = [];
    let entries = [];
    let source;
    if (file.text !== undefined) {
        source = new PolicySource(file.label, file.text);
        entries = parsePolicyYaml(source);
        ({ policy, warnings } = validatePolicyValues(source, entries));
        if (entries.length === 0)
            warnings.push(`${file.label}: the policy file is empty; using defaults`);
    }
    const key = POLICY_KEYS.sessionArtifactDir;
    const dirProblem = await checkSessionDirOnDisk(repoRoot, policy.sessionArtifactDir);
    if (dirProblem) {
        const entry = entries.find(e => e.key === key);
        throw source && entry
            ? source.refuse(entry.valueOffset, key, dirProblem.problem, dirProblem.hint)
            : policyRefusal(file.label, undefined, key, `(default) ${dirProblem.problem}`, {
                hint: dirProblem.hint
            });
    }
    return { policy, source: file.source, exists: file.text !== undefined, warnings };
}

;// CONCATENATED MODULE: ./lib/archive/archive-error.js

/** The hint shown for a damaged or hostile archive. */
const DAMAGED_ARCHIVE_HINT = 'the archive is damaged or was not made by artifact-lfs; fetch it again (git lfs pull) or re-create it';
/** An 'archive' refusal whose message starts with the archive path. */
function archiveError(archivePath, what, options = {}) {
    return new errors/* ArtifactLfsError */.qq('archive', `${archivePath}: ${what}`, {
        hint: options.hint ?? DAMAGED_ARCHIVE_HINT,
        cause: options.cause
    });
}
/** An entry name as it appears in messages: quoted, control characters escaped. */
function quoteName(name) {
    return JSON.stringify(name);
}
/** Lines for a message listing problems: "\n  - a" each, at most `max`, then "... and N more". */
function formatList(lines, max = 20) {
    const shown = lines.slice(0, max).map(line => `\n  - ${line}`);
    const more = lines.length > max ? `\n  ... and ${lines.length - max} more` : '';
    return shown.join('') + more;
}

;// CONCATENATED MODULE: ./lib/archive/archive-limits.js


const DEFAULT_ARCHIVE_LIMITS = {
    maxTotalBytes: 20 * 1024 * 1024 * 1024,
    maxEntries: 1_000_000,
    // deflate cannot exceed ~1032:1, so an honest entry (even all zeros) never passes this;
    // a higher ratio means the sizes lie, which is how zip bombs look
    maxRatio: 1100
};
const LIMIT_HINT = 'the archive may be a zip bomb; if you trust it, raise the extraction limits (maxTotalBytes, maxEntries, maxRatio)';
/** Defaults overridden by `overrides`; each value must be a positive number. */
function resolveLimits(overrides = {}) {
    const limits = { ...DEFAULT_ARCHIVE_LIMITS };
    for (const key of Object.keys(limits)) {
        const value = overrides[key];
        if (value === undefined)
            continue;
        if (typeof value !== 'number' || !(value > 0)) {
            throw new errors/* ArtifactLfsError */.qq('usage', `limit ${key} must be a positive number, got ${value}`);
        }
        limits[key] = value;
    }
    return limits;
}
/**
 * Checks the sizes the central directory declares against the limits, before anything is
 * read; returns the declared total of uncompressed bytes. (The readers then hold every entry
 * to its declared size, so the real output cannot exceed what passed here.)
 */
function checkDeclaredLimits(entries, limits, archiveName) {
    if (entries.length > limits.maxEntries) {
        throw archiveError(archiveName, `has ${entries.length} entries, more than the limit of ${limits.maxEntries}`, { hint: LIMIT_HINT });
    }
    let total = 0;
    for (const entry of entries) {
        const ratio = entry.uncompressedSize / entry.compressedSize;
        if (entry.uncompressedSize > 0 && !(ratio <= limits.maxRatio)) {
            throw archiveError(archiveName, `entry ${quoteName(entry.name)} would inflate ${entry.compressedSize} bytes to ${entry.uncompressedSize} (ratio ${entry.compressedSize === 0 ? 'infinite' : Math.round(ratio)}:1, limit ${limits.maxRatio}:1)`, { hint: LIMIT_HINT });
        }
        total += entry.uncompressedSize;
        if (total > limits.maxTotalBytes) {
            throw archiveError(archiveName, `declares more than ${limits.maxTotalBytes} bytes of content (limit reached at entry ${quoteName(entry.name)})`, { hint: LIMIT_HINT });
        }
    }
    return total;
}

;// CONCATENATED MODULE: ./lib/archive/entry-paths.js

const TRAVERSAL_HINT = 'this archive tries to write outside the destination or to an unsafe path; do not extract it';
const DUPLICATE_HINT = 'two entries would land on the same file on macOS or Windows; re-create the archive with distinct names';
const MAX_LINK_TARGET = 4095;
const MAX_LINK_HOPS = 40;
/**
 * NFC-normalised and lower-cased: two names with the same key are one file on APFS/HFS+ or
 * NTFS, so an archive holding both is refused on every platform.
 */
function foldPathKey(path) {
    return path.normalize('NFC').toLowerCase().normalize('NFC');
}
/** The entry's relative path, or a refusal naming what is wrong with it. */
function checkEntryName(entry, archiveName) {
    const name = entry.name;
    const refuse = (why) => {
        throw archiveError(archiveName, `entry ${quoteName(name)} ${why}`, { hint: TRAVERSAL_HINT });
    };
    if (name === '')
        refuse('has an empty name');
    if (name.includes('\0') || entry.rawName.includes(0))
        refuse('contains a NUL byte');
    // eslint-disable-next-line no-control-regex
    if (/[\x01-\x1f\x7f]/.test(name))
        refuse('contains a control character');
    if (/^[A-Za-z]:/.test(name))
        refuse('starts with a drive letter (absolute Windows path)');
    if (name.includes('\\'))
        refuse('contains a backslash, which Windows reads as a separator');
    if (name.startsWith('/'))
        refuse('is an absolute path');
    const trimmed = entry.kind === 'directory' && name.endsWith('/') ? name.slice(0, -1) : name;
    for (const segment of trimmed.split('/')) {
        if (segment === '')
            refuse('has an empty path segment ("//" or a trailing "/")');
        if (segment === '..')
            refuse('has a ".." segment that would escape the destination');
        if (segment === '.')
            refuse('has a "." segment');
    }
    return trimmed;
}
/**
 * Checks every name (see checkEntryName), then refuses duplicates (exact, after Unicode NFC
 * normalisation, or differing only in case) and any entry below a path that is itself a file
 * or symlink entry (a file "through" a symlink). Returns the entries with their paths.
 */
function planEntryPaths(entries, archiveName) {
    const byKey = new Map();
    const planned = [];
    for (const entry of entries) {
        const path = checkEntryName(entry, archiveName);
        const item = { entry, path, key: foldPathKey(path) };
        const earlier = byKey.get(item.key);
        if (earlier !== undefined) {
            const a = earlier.entry.name;
            const b = entry.name;
            const why = a === b
                ? `entry ${quoteName(b)} appears twice`
                : earlier.path === path
                    ? `entries ${quoteName(a)} and ${quoteName(b)} are the same path`
                    : earlier.path.normalize('NFC') === path.normalize('NFC')
                        ? `entries ${quoteName(a)} and ${quoteName(b)} are the same path after Unicode (NFC) normalisation`
                        : `entries ${quoteName(a)} and ${quoteName(b)} differ only in case (one file on case-insensitive file systems)`;
            throw archiveError(archiveName, why, { hint: DUPLICATE_HINT });
        }
        byKey.set(item.key, item);
        planned.push(item);
    }
    for (const item of planned) {
        const segments = item.key.split('/');
        for (let depth = 1; depth < segments.length; depth++) {
            const parent = byKey.get(segments.slice(0, depth).join('/'));
            if (parent !== undefined && parent.entry.kind !== 'directory') {
                throw archiveError(archiveName, `entry ${quoteName(item.entry.name)} is inside ${quoteName(parent.entry.name)}, which is a ${parent.entry.kind} entry; refusing to write through it`, { hint: TRAVERSAL_HINT });
            }
        }
    }
    return planned;
}
/** Rules for the text of a symlink target, before resolving it. */
function checkLinkTargetText(linkName, target, archiveName) {
    const refuse = (why) => {
        throw archiveError(archiveName, `symlink entry ${quoteName(linkName)} ${why}`, {
            hint: TRAVERSAL_HINT
        });
    };
    if (target === '')
        refuse('has an empty target');
    if (target.length > MAX_LINK_TARGET)
        refuse(`has a target longer than ${MAX_LINK_TARGET} bytes`);
    if (target.includes('\0'))
        refuse('has a target containing a NUL byte');
    if (target.startsWith('/') || /^[A-Za-z]:/.test(target)) {
        refuse(`points to the absolute path ${quoteName(target)}`);
    }
    if (target.includes('\\'))
        refuse(`has a target with a backslash (${quoteName(target)})`);
}
/**
 * Where a symlink target leads: the target is walked component by component from the link's
 * folder, following symlinks met on the way (via `lookup`, which returns the target of the
 * symlink at a relative path, or undefined), as the OS resolves it: ".." after a symlink climbs
 * from where the symlink points, not lexically. 'outside' if it climbs above the destination
 * or meets an absolute target; 'loop' if the links never settle.
 */
async function resolveLinkTarget(linkPath, target, lookup) {
    let hops = 0;
    let looped = false;
    const walk = async (start, text) => {
        if (text.startsWith('/'))
            return undefined;
        let at = [...start];
        for (const part of text.split('/')) {
            if (part === '' || part === '.')
                continue;
            if (part === '..') {
                if (at.length === 0)
                    return undefined;
                at.pop();
                continue;
            }
            at.push(part);
            const next = await lookup(at.join('/'));
            if (next === undefined)
                continue;
            if (++hops > MAX_LINK_HOPS) {
                looped = true;
                return undefined;
            }
            const resolved = await walk(at.slice(0, -1), next);
            if (resolved === undefined)
                return undefined;
            at = resolved;
        }
        return at;
    };
    const resolved = await walk(linkPath.split('/').slice(0, -1), target);
    if (looped)
        return { kind: 'loop' };
    return resolved === undefined ? { kind: 'outside' } : { kind: 'inside', path: resolved.join('/') };
}
/** Refuses a symlink entry whose target leaves the destination (or never settles). */
async function checkLinkStaysInside(linkName, linkPath, target, archiveName, lookup) {
    const resolution = await resolveLinkTarget(linkPath, target, lookup);
    if (resolution.kind === 'loop') {
        throw archiveError(archiveName, `symlink entry ${quoteName(linkName)} is part of a symlink loop (${quoteName(target)})`, { hint: TRAVERSAL_HINT });
    }
    if (resolution.kind === 'outside') {
        throw archiveError(archiveName, `symlink entry ${quoteName(linkName)} points outside the destination (${quoteName(target)})`, { hint: TRAVERSAL_HINT });
    }
}

;// CONCATENATED MODULE: ./lib/archive/link-targets.js


/** Longest symlink target accepted (PATH_MAX - 1 on Linux). */
const MAX_LINK_TARGET_BYTES = 4095;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** Decodes a symlink entry's data (its target) and checks the text rules. */
function decodeLinkTarget(item, data, archiveName) {
    let target;
    try {
        target = strictUtf8.decode(data);
    }
    catch {
        throw archiveError(archiveName, `symlink entry ${quoteName(item.entry.name)} has a target that is not UTF-8`);
    }
    checkLinkTargetText(item.entry.name, target, archiveName);
    return target;
}
/** Reads and checks the target of every symlink entry in `plan`; keyed by folded path. */
async function readLinkTargets(reader, plan) {
    const targets = new Map();
    for (const item of plan) {
        if (item.entry.kind !== 'symlink')
            continue;
        if (item.entry.uncompressedSize > MAX_LINK_TARGET_BYTES) {
            throw archiveError(reader.displayName, `symlink entry ${quoteName(item.entry.name)} declares a ${item.entry.uncompressedSize}-byte target, longer than ${MAX_LINK_TARGET_BYTES}`);
        }
        const data = await reader.readEntry(item.entry, { maxBytes: MAX_LINK_TARGET_BYTES });
        targets.set(item.key, decodeLinkTarget(item, data, reader.displayName));
    }
    return targets;
}
/**
 * A symlink lookup over the archive's own symlinks (by folded path, so "Link/x" meets "link"
 * as it would on a case-insensitive disk); paths the archive does not hold go to `fallback`
 * (e.g. the destination on disk), or count as "not a symlink".
 */
function archiveLinkLookup(plan, targets, fallback) {
    const planned = new Set(plan.map(item => item.key));
    return async (relativePath) => {
        const key = foldPathKey(relativePath);
        if (planned.has(key))
            return targets.get(key);
        return fallback?.(relativePath);
    };
}
/** Refuses the archive if any symlink entry resolves outside the destination. */
async function checkLinksStayInside(plan, targets, archiveName, fallback) {
    const lookup = archiveLinkLookup(plan, targets, fallback);
    for (const item of plan) {
        const target = targets.get(item.key);
        if (item.entry.kind !== 'symlink' || target === undefined)
            continue;
        await checkLinkStaysInside(item.entry.name, item.path, target, archiveName, lookup);
    }
}

;// CONCATENATED MODULE: ./lib/archive/manifest-index.js

const TYPE_FILE = 0;
const TYPE_SYMLINK = 1;
const SHA256_BYTES = 32;
const DEFAULT_CAPACITY = 1024;
/**
 * A manifest's files by path, kept compactly: recovery looks up every archive entry in it,
 * and 70,000 parsed file objects (each with its own path, mtime and sha256 strings) cost
 * ~20 MB where these columns cost a third of that. Per listed file one row: path, type, size,
 * mode, an index into the distinct mtime texts, and the sha256 as 32 bytes. Paths are found
 * by binary search over the rows in path order (manifests are written sorted, so that order
 * is usually the list's own): no hash map of 70,000 keys. A path listed twice keeps its last
 * row, and the repetition is recorded in `problems`.
 */
class ManifestIndex {
    count = 0;
    paths_;
    /** Whether the paths were added in path order so far. */
    inOrder = true;
    /** Rows in path order, one per distinct path (the last listing); made at the first lookup. */
    order;
    repeated = [];
    /** The row the previous lookup found: one entry is looked up several times in a row. */
    lastPath;
    lastRow = -1;
    types;
    sizes;
    modes;
    mtimeRefs;
    digests;
    targets = new Map();
    /** Distinct mtime texts (archives mostly repeat one) and their Dates, made when asked for. */
    mtimeTexts = [];
    mtimeRefByText = new Map();
    mtimeDates = [];
    /** `capacity`: how many files are expected (e.g. the archive's entry count); more still fit. */
    constructor(capacity = DEFAULT_CAPACITY) {
        const rows = Math.max(1, capacity);
        this.paths_ = new Array(rows);
        this.types = new Uint8Array(rows);
        this.sizes = new Float64Array(rows);
        this.modes = new Float64Array(rows);
        this.mtimeRefs = new Uint32Array(rows);
        this.digests = Buffer.alloc(rows * SHA256_BYTES);
    }
    static of(files) {
        const index = new ManifestIndex(files.length);
        for (const file of files)
            index.add(file);
        return index;
    }
    /** Adds one checked manifest file (see parseManifest: sha256 is 64 lower-case hex digits). */
    add(file) {
        if (this.order !== undefined)
            throw new Error('internal: ManifestIndex.add after a lookup');
        if (this.count === this.types.length)
            this.grow();
        const row = this.count++;
        if (row > 0 && compareArchivePaths(this.paths_[row - 1], file.path) > 0)
            this.inOrder = false;
        this.paths_[row] = file.path;
        this.types[row] = file.type === 'symlink' ? TYPE_SYMLINK : TYPE_FILE;
        this.sizes[row] = file.size;
        this.modes[row] = file.mode;
        this.mtimeRefs[row] = this.mtimeRefOf(file.mtime);
        this.digests.write(file.sha256, row * SHA256_BYTES, SHA256_BYTES, 'hex');
        if (file.target !== undefined)
            this.targets.set(row, file.target);
    }
    /** The list's own problems (paths listed twice), one sentence each. */
    get problems() {
        this.seal();
        return this.repeated;
    }
    /** Distinct paths listed. */
    get size() {
        return this.seal().length;
    }
    has(path) {
        return this.rowOf(path) !== undefined;
    }
    /** The distinct paths, in path order. */
    *paths() {
        for (const row of this.seal())
            yield this.paths_[row];
    }
    /** The listed file at `path`, as a fresh object (or undefined). */
    get(path) {
        const row = this.rowOf(path);
        if (row === undefined)
            return undefined;
        const file = {
            path,
            type: this.types[row] === TYPE_SYMLINK ? 'symlink' : 'file',
            size: this.sizes[row],
            mode: this.modes[row],
            mtime: this.mtimeTexts[this.mtimeRefs[row]],
            sha256: this.digestAt(row).toString('hex')
        };
        const target = this.targets.get(row);
        if (target !== undefined)
            file.target = target;
        return file;
    }
    /** The listed sha256 of `path` (hex), or undefined when it is not listed. */
    sha256Of(path) {
        const row = this.rowOf(path);
        return row === undefined ? undefined : this.digestAt(row).toString('hex');
    }
    /** Whether `path` is listed with exactly this sha256 `digest` (32 bytes). */
    digestMatches(path, digest) {
        const row = this.rowOf(path);
        return row !== undefined && this.digestAt(row).equals(digest);
    }
    /**
     * The listed mtime of `path`, one Date shared by all paths with the same text; undefined
     * when not listed or not a readable time.
     */
    mtimeOf(path) {
        const row = this.rowOf(path);
        if (row === undefined)
            return undefined;
        const ref = this.mtimeRefs[row];
        let date = this.mtimeDates[ref];
        if (date === undefined) {
            const ms = Date.parse(this.mtimeTexts[ref]);
            date = Number.isNaN(ms) ? null : new Date(ms);
            this.mtimeDates[ref] = date;
        }
        return date ?? undefined;
    }
    /** The row listing `path` (its last listing), by binary search in path order. */
    rowOf(path) {
        if (path === this.lastPath)
            return this.lastRow < 0 ? undefined : this.lastRow;
        const order = this.seal();
        let low = 0;
        let high = order.length - 1;
        let found = -1;
        while (low <= high) {
            const middle = (low + high) >>> 1;
            const row = order[middle];
            const comparison = compareArchivePaths(this.paths_[row], path);
            if (comparison === 0) {
                found = row;
                break;
            }
            if (comparison < 0)
                low = middle + 1;
            else
                high = middle - 1;
        }
        this.lastPath = path;
        this.lastRow = found;
        return found < 0 ? undefined : found;
    }
    /**
     * The rows in path order, one per distinct path, made once (no more adding afterwards).
     * Equal paths end up next to each other, in list order (the sort is stable): the last one
     * stands, each earlier one is a repetition.
     */
    seal() {
        if (this.order !== undefined)
            return this.order;
        const all = new Uint32Array(this.count).map((_, row) => row);
        if (!this.inOrder)
            all.sort((a, b) => compareArchivePaths(this.paths_[a], this.paths_[b]));
        let distinct = 0;
        for (let i = 0; i < all.length; i++) {
            const path = this.paths_[all[i]];
            if (i + 1 < all.length && this.paths_[all[i + 1]] === path) {
                this.repeated.push(`the manifest lists "${path}" twice`);
                continue;
            }
            all[distinct++] = all[i];
        }
        this.order = all.subarray(0, distinct);
        return this.order;
    }
    digestAt(row) {
        return this.digests.subarray(row * SHA256_BYTES, (row + 1) * SHA256_BYTES);
    }
    mtimeRefOf(text) {
        let ref = this.mtimeRefByText.get(text);
        if (ref === undefined) {
            ref = this.mtimeTexts.length;
            this.mtimeTexts.push(text);
            this.mtimeRefByText.set(text, ref);
        }
        return ref;
    }
    grow() {
        const capacity = this.types.length * 2;
        const widen = (old, fresh) => {
            fresh.set(old);
            return fresh;
        };
        this.types = widen(this.types, new Uint8Array(capacity));
        this.sizes = widen(this.sizes, new Float64Array(capacity));
        this.modes = widen(this.modes, new Float64Array(capacity));
        this.mtimeRefs = widen(this.mtimeRefs, new Uint32Array(capacity));
        const digests = Buffer.alloc(capacity * SHA256_BYTES);
        this.digests.copy(digests);
        this.digests = digests;
        this.paths_.length = capacity;
    }
}

;// CONCATENATED MODULE: ./lib/archive/manifest-agreement.js

/** Indexes the manifest's files by path (one index, reused for every lookup). */
function indexManifest(manifest) {
    return ManifestIndex.of(manifest.files);
}
/**
 * Every way the archive's entries and its manifest disagree, one sentence each (empty when
 * they agree). Directory entries are not listed in manifests and are only matched if the
 * manifest names the same path. Modes are compared for files only (symlink modes are not
 * portable). `facts` must have distinct paths (as planned entries do); they may be produced
 * one at a time.
 */
function compareWithManifest(facts, manifest, compare = {}) {
    const listed = manifest instanceof ManifestIndex ? manifest : indexManifest(manifest);
    const problems = [...listed.problems];
    let matched = 0;
    const seen = [];
    for (const fact of facts) {
        const file = listed.get(fact.path);
        if (file === undefined) {
            if (fact.kind !== 'directory')
                problems.push(`"${fact.path}" is in the archive but not in the manifest`);
            continue;
        }
        matched++;
        seen.push(fact.path);
        problems.push(...compareOne(fact, file, compare.content !== false, compare.modes !== false));
    }
    if (matched !== listed.size) {
        const found = new Set(seen);
        for (const path of listed.paths()) {
            if (!found.has(path))
                problems.push(`"${path}" is in the manifest but not in the archive`);
        }
    }
    return problems;
}
function compareOne(fact, file, content, modes) {
    const at = `"${fact.path}"`;
    if (fact.kind !== file.type)
        return [`${at} is a ${fact.kind} in the archive but a ${file.type} in the manifest`];
    const problems = [];
    if (fact.size !== file.size)
        problems.push(`${at} has ${fact.size} bytes in the archive, the manifest says ${file.size}`);
    if (content && fact.sha256 !== file.sha256) {
        problems.push(`${at} has sha256 ${fact.sha256} in the archive, the manifest says ${file.sha256}`);
    }
    if (fact.kind === 'symlink' && fact.target !== file.target) {
        problems.push(`${at} points to ${JSON.stringify(fact.target)} in the archive, the manifest says ${JSON.stringify(file.target)}`);
    }
    if (modes && fact.kind === 'file' && (fact.mode & 0o7777) !== (file.mode & 0o7777)) {
        problems.push(`${at} has mode ${(fact.mode & 0o7777).toString(8)} in the archive, the manifest says ${(file.mode & 0o7777).toString(8)}`);
    }
    return problems;
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(75);
;// CONCATENATED MODULE: ./lib/archive/zip-bytes.js

/** Signatures and sentinels from APPNOTE.TXT (all little-endian). */
const SIG_LOCAL_HEADER = 0x04034b50;
const SIG_CENTRAL_HEADER = 0x02014b50;
const SIG_END_RECORD = 0x06054b50;
const SIG_ZIP64_END_RECORD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const zip_bytes_LOCAL_HEADER_SIZE = 30;
const zip_bytes_CENTRAL_HEADER_SIZE = 46;
const END_RECORD_SIZE = 22;
const zip_bytes_ZIP64_LOCATOR_SIZE = 20;
const ZIP64_END_RECORD_MIN_SIZE = 56;
const U16_SENTINEL = 0xffff;
const U32_SENTINEL = 0xffffffff;
const zip_bytes_EXTRA_ZIP64 = 0x0001;
const zip_bytes_EXTRA_EXTENDED_TIMESTAMP = 0x5455;
const EXTRA_UNICODE_PATH = 0x7075;
const FLAG_ENCRYPTED = 0x0001;
const zip_bytes_FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const zip_bytes_FLAG_UTF8 = 0x0800;
const METHOD_STORED = 0;
const zip_bytes_METHOD_DEFLATE = 8;
/** Reads exactly `length` bytes at `position`; a short read means the file is truncated. */
async function readAt(handle, archivePath, position, length, what) {
    const buffer = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
        const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
        if (bytesRead === 0) {
            throw archiveError(archivePath, `is truncated: ${what} (${length} bytes at offset ${position}) runs past the end of the file`);
        }
        done += bytesRead;
    }
    return buffer;
}
/** A little-endian u64 as a safe JS number, or a refusal naming the field. */
function readU64(buffer, offset, archivePath, what) {
    const value = buffer.readBigUInt64LE(offset);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw archiveError(archivePath, `${what} is ${value}, too large to be real`);
    }
    return Number(value);
}
/**
 * Splits an extra-field block into (id -> data). Returns undefined if a field's declared length
 * runs past the block, which only a corrupt or crafted archive does.
 */
function parseExtraFields(block) {
    const fields = new Map();
    let pos = 0;
    while (pos + 4 <= block.length) {
        const id = block.readUInt16LE(pos);
        const size = block.readUInt16LE(pos + 2);
        if (pos + 4 + size > block.length)
            return undefined;
        if (!fields.has(id))
            fields.set(id, block.subarray(pos + 4, pos + 4 + size));
        pos += 4 + size;
    }
    // a few writers pad with fewer than 4 zero bytes; anything else left over is malformed
    if (pos < block.length && block.subarray(pos).some(byte => byte !== 0))
        return undefined;
    return fields;
}
/**
 * Reads the zip64 extended-information values for the header fields that hold the sentinel,
 * in APPNOTE order (uncompressed size, compressed size, local header offset). `wanted[i]` says
 * whether field i is present. Returns undefined if the extra field is missing or too short.
 */
function readZip64Values(field, wanted, archivePath, what) {
    const out = [];
    let pos = 0;
    for (const [i, isWanted] of wanted.entries()) {
        if (!isWanted) {
            out.push(undefined);
            continue;
        }
        if (field === undefined || pos + 8 > field.length)
            return undefined;
        out.push(readU64(field, pos, archivePath, `${what}: zip64 field ${i}`));
        pos += 8;
    }
    return out;
}

;// CONCATENATED MODULE: ./lib/archive/zip-end-record.js


const MAX_COMMENT = 0xffff;
/**
 * Finds the end-of-central-directory record in the last 64 KiB + 22 bytes (the record is 22 bytes
 * plus a comment of at most 65,535), then the zip64 locator and record if present.
 */
async function readEndRecord(handle, archivePath, fileSize) {
    if (fileSize === 0)
        throw archiveError(archivePath, 'is empty, not a zip archive');
    const tailLength = Math.min(fileSize, MAX_COMMENT + END_RECORD_SIZE);
    const tailStart = fileSize - tailLength;
    const tail = await readAt(handle, archivePath, tailStart, tailLength, 'the file tail');
    let found = -1;
    let sawSignature = false;
    for (let i = tail.length - END_RECORD_SIZE; i >= 0; i--) {
        if (tail.readUInt32LE(i) !== SIG_END_RECORD)
            continue;
        sawSignature = true;
        if (i + END_RECORD_SIZE + tail.readUInt16LE(i + 20) === tail.length) {
            found = i;
            break;
        }
    }
    if (found < 0)
        await refuseMissingEndRecord(handle, archivePath, fileSize, sawSignature);
    const eocd = tail.subarray(found, found + END_RECORD_SIZE);
    const eocdOffset = tailStart + found;
    const diskNumber = eocd.readUInt16LE(4);
    const directoryDisk = eocd.readUInt16LE(6);
    const entriesOnDisk = eocd.readUInt16LE(8);
    const plain = {
        entryCount: eocd.readUInt16LE(10),
        centralDirectorySize: eocd.readUInt32LE(12),
        centralDirectoryOffset: eocd.readUInt32LE(16),
        endRecordsOffset: eocdOffset,
        zip64: false
    };
    const locatorOffset = eocdOffset - zip_bytes_ZIP64_LOCATOR_SIZE;
    const hasLocator = locatorOffset >= 0 &&
        (await readAt(handle, archivePath, locatorOffset, 4, 'the zip64 locator')).readUInt32LE(0) ===
            SIG_ZIP64_LOCATOR;
    if (!hasLocator) {
        if (diskNumber !== 0 || directoryDisk !== 0 || entriesOnDisk !== plain.entryCount) {
            throw multiDisk(archivePath);
        }
        return plain;
    }
    return readZip64EndRecord(handle, archivePath, locatorOffset, plain, {
        diskNumber,
        directoryDisk,
        entriesOnDisk
    });
}
async function readZip64EndRecord(handle, archivePath, locatorOffset, plain, plainDisks) {
    const locator = await readAt(handle, archivePath, locatorOffset, zip_bytes_ZIP64_LOCATOR_SIZE, 'the zip64 locator');
    const recordOffset = readU64(locator, 8, archivePath, 'zip64 end record offset');
    if (locator.readUInt32LE(4) !== 0 || locator.readUInt32LE(16) > 1)
        throw multiDisk(archivePath);
    if (recordOffset + ZIP64_END_RECORD_MIN_SIZE > locatorOffset) {
        throw archiveError(archivePath, `corrupt zip64 locator: it points to offset ${recordOffset}, past the locator itself at ${locatorOffset}`);
    }
    const record = await readAt(handle, archivePath, recordOffset, ZIP64_END_RECORD_MIN_SIZE, 'the zip64 end record');
    if (record.readUInt32LE(0) !== SIG_ZIP64_END_RECORD) {
        throw archiveError(archivePath, `corrupt zip64 locator: no zip64 end record at ${recordOffset}`);
    }
    const recordSize = readU64(record, 4, archivePath, 'zip64 end record size');
    if (recordOffset + 12 + recordSize !== locatorOffset) {
        throw archiveError(archivePath, `corrupt zip64 end record: it declares ${recordSize} bytes but the locator follows at ${locatorOffset}`);
    }
    const entriesOnDisk = readU64(record, 24, archivePath, 'zip64 entries on disk');
    const zip64 = {
        entryCount: readU64(record, 32, archivePath, 'zip64 entry count'),
        centralDirectorySize: readU64(record, 40, archivePath, 'zip64 central directory size'),
        centralDirectoryOffset: readU64(record, 48, archivePath, 'zip64 central directory offset'),
        endRecordsOffset: recordOffset,
        zip64: true
    };
    if (record.readUInt32LE(16) !== 0 ||
        record.readUInt32LE(20) !== 0 ||
        entriesOnDisk !== zip64.entryCount ||
        (plainDisks.diskNumber !== 0 && plainDisks.diskNumber !== U16_SENTINEL) ||
        (plainDisks.directoryDisk !== 0 && plainDisks.directoryDisk !== U16_SENTINEL)) {
        throw multiDisk(archivePath);
    }
    // A value in the classic record is authoritative unless it holds the "see zip64" sentinel;
    // two different answers to one question mean the archive lies about itself.
    const disagree = (what, classic, sentinel, value) => {
        if (classic !== sentinel && classic !== value) {
            throw archiveError(archivePath, `corrupt end records: the zip64 end record says ${what} is ${value} but the classic record says ${classic}`);
        }
    };
    disagree('the entry count', plain.entryCount, U16_SENTINEL, zip64.entryCount);
    disagree('the entry count on this disk', plainDisks.entriesOnDisk, U16_SENTINEL, entriesOnDisk);
    disagree('the central directory size', plain.centralDirectorySize, U32_SENTINEL, zip64.centralDirectorySize);
    disagree('the central directory offset', plain.centralDirectoryOffset, U32_SENTINEL, zip64.centralDirectoryOffset);
    return zip64;
}
function multiDisk(archivePath) {
    return archiveError(archivePath, 'is a multi-disk (split) zip archive, which is not supported', {
        hint: 'join the parts into one archive first (zip -s 0 split.zip --out whole.zip)'
    });
}
/** Chooses the clearest message for a file without an end-of-central-directory record. */
async function refuseMissingEndRecord(handle, archivePath, fileSize, sawSignature) {
    const head = fileSize >= 4 ? await readAt(handle, archivePath, 0, 4, 'the file head') : undefined;
    if (head !== undefined && head.readUInt32LE(0) === SIG_LOCAL_HEADER) {
        throw archiveError(archivePath, `is truncated (${fileSize} bytes): it starts like a zip archive but its end-of-central-directory record is missing`);
    }
    if (sawSignature) {
        throw archiveError(archivePath, 'corrupt end-of-central-directory record: its comment length does not match the end of the file');
    }
    throw archiveError(archivePath, `is not a zip archive (${fileSize} bytes, no end-of-central-directory record)`, { hint: 'pass the path of a .zip archive made by artifact-lfs' });
}

;// CONCATENATED MODULE: ./lib/archive/zip-name-decoding.js

/**
 * Turns the raw name bytes of a zip entry into text. APPNOTE: with general-purpose flag bit 11
 * the name is UTF-8; otherwise it is IBM code page 437, unless an Info-ZIP Unicode Path extra
 * field (0x7075) carries a UTF-8 version whose CRC matches the raw name. Many Unix zippers
 * (Info-ZIP in a UTF-8 locale among them) store UTF-8 bytes without setting the flag, so a
 * flagless name that is valid UTF-8 is read as UTF-8; only other bytes fall back to CP437.
 * Returns undefined when a name flagged as UTF-8 is not valid UTF-8.
 */
function decodeEntryName(raw, utf8Flag, unicodePathExtra) {
    if (utf8Flag)
        return decodeUtf8Strict(raw);
    if (unicodePathExtra !== undefined) {
        const fromExtra = decodeUnicodePathExtra(unicodePathExtra, raw);
        if (fromExtra !== undefined)
            return fromExtra;
    }
    if (isAscii(raw))
        return raw.toString('latin1');
    return decodeUtf8Strict(raw) ?? decodeCp437(raw);
}
/** Info-ZIP Unicode Path extra field: version 1, CRC-32 of the header name, UTF-8 name. */
function decodeUnicodePathExtra(data, headerName) {
    if (data.length < 5 || data[0] !== 1)
        return undefined;
    if (data.readUInt32LE(1) !== (0,external_node_zlib_.crc32)(headerName))
        return undefined;
    return decodeUtf8Strict(data.subarray(5));
}
const zip_name_decoding_strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
function decodeUtf8Strict(bytes) {
    try {
        return zip_name_decoding_strictUtf8.decode(bytes);
    }
    catch {
        return undefined;
    }
}
function isAscii(bytes) {
    for (const byte of bytes)
        if (byte >= 0x80)
            return false;
    return true;
}
/** The upper half (0x80-0xFF) of code page 437, one character per byte value. */
const CP437_HIGH = 'ÇüéâäàåçêëèïîìÄÅ' +
    'ÉæÆôöòûùÿÖÜ¢£¥₧ƒ' +
    'áíóúñÑªº¿⌐¬½¼¡«»' +
    '░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
    '└┴┬├─┼╞╟╚╔╩╦╠═╬╧' +
    '╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
    'αßΓπΣσµτΦΘΩδ∞φε∩' +
    '≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';
/** CP437 with the lower half read as ASCII (as every zip tool does). */
function decodeCp437(bytes) {
    let out = '';
    for (const byte of bytes)
        out += byte < 0x80 ? String.fromCharCode(byte) : CP437_HIGH[byte - 0x80];
    return out;
}

;// CONCATENATED MODULE: ./lib/archive/zip-central-directory.js




/** Refuse directories that could not be real; the whole directory is read into memory. */
const MAX_CENTRAL_DIRECTORY_BYTES = 1024 * 1024 * 1024;
const HOST_UNIX = 3;
const HOST_DARWIN = 19;
const S_IFMT = 0o170000;
const zip_central_directory_S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const zip_central_directory_S_IFLNK = 0o120000;
const DOS_DIRECTORY = 0x10;
async function readCentralDirectory(handle, archivePath, fileSize) {
    const end = await readEndRecord(handle, archivePath, fileSize);
    const cdStart = end.centralDirectoryOffset;
    const cdEnd = cdStart + end.centralDirectorySize;
    if (cdEnd > fileSize) {
        throw archiveError(archivePath, `is truncated or corrupt: the central directory (${end.centralDirectorySize} bytes at offset ${cdStart}) runs past the end of the file (${fileSize} bytes)`);
    }
    if (cdEnd !== end.endRecordsOffset) {
        throw archiveError(archivePath, `corrupt central directory: it should end where the end record starts (offset ${end.endRecordsOffset}) but ends at ${cdEnd}; the file is damaged or has data prepended`);
    }
    const room = Math.floor(end.centralDirectorySize / zip_bytes_CENTRAL_HEADER_SIZE);
    if (end.entryCount > room) {
        throw archiveError(archivePath, `corrupt central directory: it claims ${end.entryCount} entries but its ${end.centralDirectorySize} bytes have room for at most ${room}`);
    }
    if (end.centralDirectorySize > MAX_CENTRAL_DIRECTORY_BYTES) {
        throw archiveError(archivePath, `central directory is ${end.centralDirectorySize} bytes, more than the supported ${MAX_CENTRAL_DIRECTORY_BYTES}`);
    }
    const directory = await readAt(handle, archivePath, cdStart, end.centralDirectorySize, 'the central directory');
    const entries = [];
    const table = new EntryTable(end.entryCount);
    let pos = 0;
    for (let index = 0; index < end.entryCount; index++) {
        const { entry, next } = parseRecord(directory, pos, index, archivePath, table);
        entries.push(entry);
        pos = next;
    }
    if (pos !== directory.length) {
        throw archiveError(archivePath, `corrupt central directory: ${directory.length - pos} bytes follow its last record (it declares ${end.entryCount} entries)`);
    }
    return { entries, dataLimits: checkDataRanges(entries, cdStart, archivePath), zip64: end.zip64 };
}
function parseRecord(cd, pos, index, archivePath, table) {
    const where = `central directory record ${index} (offset ${pos} in the directory)`;
    if (pos + zip_bytes_CENTRAL_HEADER_SIZE > cd.length) {
        throw archiveError(archivePath, `corrupt central directory: ${where} is cut off`);
    }
    if (cd.readUInt32LE(pos) !== SIG_CENTRAL_HEADER) {
        throw archiveError(archivePath, `corrupt central directory: ${where} has a bad signature`);
    }
    const host = cd.readUInt8(pos + 5);
    const flags = cd.readUInt16LE(pos + 8);
    const nameLength = cd.readUInt16LE(pos + 28);
    const extraLength = cd.readUInt16LE(pos + 30);
    const commentLength = cd.readUInt16LE(pos + 32);
    const next = pos + zip_bytes_CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
    if (next > cd.length) {
        throw archiveError(archivePath, `corrupt central directory: ${where} runs past its end`);
    }
    const nameStart = pos + zip_bytes_CENTRAL_HEADER_SIZE;
    const nameEnd = nameStart + nameLength;
    const extra = parseExtraFields(cd.subarray(nameEnd, nameEnd + extraLength));
    if (extra === undefined) {
        throw archiveError(archivePath, `corrupt central directory: ${where} has a malformed extra field`);
    }
    const utf8 = (flags & zip_bytes_FLAG_UTF8) !== 0;
    const unicodePath = extra.get(EXTRA_UNICODE_PATH);
    // an ASCII name reads the same in every encoding (unless a Unicode Path field overrides it)
    const plainAscii = zip_central_directory_isAscii(cd, nameStart, nameEnd) && (utf8 || unicodePath === undefined);
    const rawName = plainAscii ? undefined : Buffer.from(cd.subarray(nameStart, nameEnd));
    const name = rawName === undefined
        ? cd.toString('latin1', nameStart, nameEnd)
        : decodeEntryName(rawName, utf8, unicodePath);
    if (name === undefined) {
        throw archiveError(archivePath, `${where}: the name is flagged UTF-8 but is not valid UTF-8`);
    }
    const label = `entry ${quoteName(name)}`;
    if ((flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) !== 0) {
        throw archiveError(archivePath, `${label} is encrypted; encrypted archives are not supported`, {
            hint: 'create the archive without a password'
        });
    }
    let uncompressedSize = cd.readUInt32LE(pos + 24);
    let compressedSize = cd.readUInt32LE(pos + 20);
    let localHeaderOffset = cd.readUInt32LE(pos + 42);
    const diskStart = cd.readUInt16LE(pos + 34);
    const wanted = [uncompressedSize, compressedSize, localHeaderOffset].map(v => v === U32_SENTINEL);
    if (wanted.some(Boolean)) {
        const values = readZip64Values(extra.get(zip_bytes_EXTRA_ZIP64), wanted, archivePath, label);
        if (values === undefined) {
            throw archiveError(archivePath, `corrupt central directory: ${label} needs a zip64 extra field but it is missing or too short`);
        }
        uncompressedSize = values[0] ?? uncompressedSize;
        compressedSize = values[1] ?? compressedSize;
        localHeaderOffset = values[2] ?? localHeaderOffset;
    }
    if (diskStart !== 0 && diskStart !== U16_SENTINEL) {
        throw archiveError(archivePath, `${label} starts on disk ${diskStart}; split archives are not supported`);
    }
    const method = cd.readUInt16LE(pos + 10);
    if (method === METHOD_STORED && compressedSize !== uncompressedSize) {
        throw archiveError(archivePath, `corrupt central directory: ${label} is stored (not compressed) but declares ${compressedSize} stored bytes for ${uncompressedSize} bytes of content`);
    }
    const externalAttributes = cd.readUInt32LE(pos + 38);
    const { kind, mode } = kindAndMode(name, host, externalAttributes, archivePath, label);
    table.flags[index] = flags;
    table.methods[index] = method;
    table.compressedSizes[index] = compressedSize;
    table.uncompressedSizes[index] = uncompressedSize;
    table.crc32s[index] = cd.readUInt32LE(pos + 16);
    table.modes[index] = mode;
    table.kinds[index] = KINDS.indexOf(kind);
    table.mtimeRefs[index] = table.dates.refOf(cd.readUInt16LE(pos + 12), cd.readUInt16LE(pos + 14), extra);
    table.localHeaderOffsets[index] = localHeaderOffset;
    table.externalAttributes[index] = externalAttributes;
    return { entry: new CentralEntry(name, index, table, rawName), next };
}
function kindAndMode(name, host, external, archivePath, label) {
    const unixMode = host === HOST_UNIX || host === HOST_DARWIN ? external >>> 16 : 0;
    const type = unixMode & S_IFMT;
    const namedLikeDirectory = name.endsWith('/');
    let kind;
    if (type === zip_central_directory_S_IFLNK)
        kind = 'symlink';
    else if (type === S_IFDIR)
        kind = 'directory';
    else if (type === 0 || type === zip_central_directory_S_IFREG) {
        kind =
            namedLikeDirectory || (type === 0 && (external & DOS_DIRECTORY) !== 0) ? 'directory' : 'file';
    }
    else {
        throw archiveError(archivePath, `${label} is a special file (unix type 0o${type.toString(8)}); only files, directories and symlinks are supported`);
    }
    if (namedLikeDirectory && kind !== 'directory') {
        throw archiveError(archivePath, `${label} ends with "/" like a directory but its mode says it is a ${kind}`);
    }
    const permissions = unixMode & 0o7777;
    const fallback = kind === 'directory' ? 0o755 : kind === 'symlink' ? 0o777 : 0o644;
    return { kind, mode: permissions === 0 ? fallback : permissions };
}
/**
 * Entry mtimes, one Date per distinct time: archives mostly repeat a few timestamps, and a
 * Date per entry is a lot of memory for many small files. (Nobody mutates these Dates.)
 */
class SharedDates {
    dates = [];
    lastKey = Number.NaN;
    /** The Date's place in `dates`: extended-timestamp mtime (UTC) if present, else the DOS time read as local time. */
    refOf(dosTime, dosDate, extra) {
        const stamp = extra.get(zip_bytes_EXTRA_EXTENDED_TIMESTAMP);
        const unix = stamp !== undefined && stamp.length >= 5 && (stamp[0] & 1) !== 0
            ? stamp.readInt32LE(1)
            : undefined;
        // unix seconds as themselves; DOS stamps as a negative key that no unix time reaches here
        const key = unix ?? -1 - (dosDate * 65536 + dosTime);
        if (key === this.lastKey)
            return this.dates.length - 1;
        this.lastKey = key;
        this.dates.push(unix !== undefined
            ? new Date(unix * 1000)
            : new Date(1980 + (dosDate >> 9), ((dosDate >> 5) & 0x0f) - 1, dosDate & 0x1f, dosTime >> 11, (dosTime >> 5) & 0x3f, (dosTime & 0x1f) * 2));
        return this.dates.length - 1;
    }
}
function zip_central_directory_isAscii(bytes, start, end) {
    for (let i = start; i < end; i++)
        if (bytes[i] >= 0x80)
            return false;
    return true;
}
const KINDS = ['file', 'directory', 'symlink'];
/**
 * The numbers of every record, one typed column each: 70,000 entries as objects with a dozen
 * fields (and a boxed number for each CRC and attribute word above 2^30) cost ~12 MB, these
 * columns ~3 MB.
 */
class EntryTable {
    flags;
    methods;
    compressedSizes;
    uncompressedSizes;
    crc32s;
    modes;
    kinds;
    mtimeRefs;
    localHeaderOffsets;
    externalAttributes;
    dates = new SharedDates();
    constructor(count) {
        this.flags = new Uint16Array(count);
        this.methods = new Uint16Array(count);
        this.compressedSizes = new Float64Array(count);
        this.uncompressedSizes = new Float64Array(count);
        this.crc32s = new Uint32Array(count);
        this.modes = new Uint16Array(count);
        this.kinds = new Uint8Array(count);
        this.mtimeRefs = new Uint32Array(count);
        this.localHeaderOffsets = new Float64Array(count);
        this.externalAttributes = new Uint32Array(count);
    }
}
/**
 * A decoded record: its name, its place, and its numbers read from the shared EntryTable.
 * The raw name bytes of a plain ASCII name are its text, so they are made on demand instead
 * of kept: one Buffer less per entry.
 */
class CentralEntry {
    name;
    index;
    table;
    storedRawName;
    constructor(name, index, table, storedRawName) {
        this.name = name;
        this.index = index;
        this.table = table;
        this.storedRawName = storedRawName;
    }
    get rawName() {
        return this.storedRawName ?? Buffer.from(this.name, 'latin1');
    }
    /** Bytes of the raw name (an ASCII name has one byte per character). */
    get rawNameLength() {
        return this.storedRawName?.length ?? this.name.length;
    }
    get utf8() {
        return (this.flags & zip_bytes_FLAG_UTF8) !== 0;
    }
    get flags() {
        return this.table.flags[this.index];
    }
    get method() {
        return this.table.methods[this.index];
    }
    get compressedSize() {
        return this.table.compressedSizes[this.index];
    }
    get uncompressedSize() {
        return this.table.uncompressedSizes[this.index];
    }
    get crc32() {
        return this.table.crc32s[this.index];
    }
    get mode() {
        return this.table.modes[this.index];
    }
    get kind() {
        return KINDS[this.table.kinds[this.index]];
    }
    get mtime() {
        return this.table.dates.dates[this.table.mtimeRefs[this.index]];
    }
    get localHeaderOffset() {
        return this.table.localHeaderOffsets[this.index];
    }
    get externalAttributes() {
        return this.table.externalAttributes[this.index];
    }
}
/**
 * Every entry's local header + name + data must lie before the central directory, and no two
 * entries may share bytes (overlapping entries are how "non-recursive" zip bombs multiply
 * output). The local extra field's length is only known when the entry is opened, so this
 * checks the minimum span now and returns each entry's hard limit for the exact check later.
 */
function checkDataRanges(entries, cdStart, archivePath) {
    const minimumEnd = (e) => e.localHeaderOffset + zip_bytes_LOCAL_HEADER_SIZE + e.rawNameLength + e.compressedSize;
    for (const entry of entries) {
        if (minimumEnd(entry) > cdStart) {
            throw archiveError(archivePath, `entry ${quoteName(entry.name)} claims data at offset ${entry.localHeaderOffset}..${minimumEnd(entry)}, past the start of the central directory (${cdStart}); the archive is truncated or corrupt`);
        }
    }
    // entry indexes in offset order, as a typed array: no second array of 70,000 objects
    const byOffset = new Uint32Array(entries.length).map((_, i) => i);
    byOffset.sort((a, b) => entries[a].localHeaderOffset - entries[b].localHeaderOffset);
    const limits = new Array(entries.length);
    for (let i = 0; i < byOffset.length; i++) {
        const current = entries[byOffset[i]];
        const following = i + 1 < byOffset.length ? entries[byOffset[i + 1]] : undefined;
        if (following !== undefined && following.localHeaderOffset < minimumEnd(current)) {
            throw archiveError(archivePath, `entries ${quoteName(current.name)} and ${quoteName(following.name)} overlap (offsets ${current.localHeaderOffset}..${minimumEnd(current)} and ${following.localHeaderOffset}); overlapping entries are a zip-bomb technique`);
        }
        limits[current.index] = following?.localHeaderOffset ?? cdStart;
    }
    return limits;
}

;// CONCATENATED MODULE: ./lib/archive/zip-entry-stream.js




/** Positional read size: large reads keep system time down on big stored entries. */
const CHUNK = 1024 * 1024;
/** Streams `length` bytes of the archive from `start` with positional reads (bounded memory). */
class RangeReadStream extends external_node_stream_.Readable {
    handle;
    archivePath;
    position;
    remaining;
    constructor(handle, archivePath, start, length) {
        super({ highWaterMark: CHUNK });
        this.handle = handle;
        this.archivePath = archivePath;
        this.position = start;
        this.remaining = length;
    }
    _read() {
        if (this.remaining === 0) {
            this.push(null);
            return;
        }
        const length = Math.min(CHUNK, this.remaining);
        const buffer = Buffer.allocUnsafe(length);
        this.handle.read(buffer, 0, length, this.position).then(({ bytesRead }) => {
            if (bytesRead === 0) {
                this.destroy(archiveError(this.archivePath, `is truncated: entry data ends at offset ${this.position}`));
                return;
            }
            this.position += bytesRead;
            this.remaining -= bytesRead;
            this.push(buffer.subarray(0, bytesRead));
        }, (cause) => this.destroy(cause));
    }
}
/**
 * Passes an entry's uncompressed bytes through while counting them and computing CRC-32.
 * Errors as soon as more bytes arrive than the entry declares or than `maxBytes` allows, and at
 * the end if the size or CRC-32 differ: a consumer must treat data as good only after 'end'.
 * Any other error leaving the stream (zlib, I/O) is turned into an 'archive' refusal that
 * names the archive and the entry.
 */
class EntryCheckStream extends external_node_stream_.Transform {
    archivePath;
    entry;
    maxBytes;
    bytes = 0;
    crc = 0;
    constructor(archivePath, entry, maxBytes = Number.POSITIVE_INFINITY) {
        super();
        this.archivePath = archivePath;
        this.entry = entry;
        this.maxBytes = maxBytes;
    }
    _transform(chunk, _encoding, callback) {
        this.bytes += chunk.length;
        if (this.bytes > this.entry.uncompressedSize || this.bytes > this.maxBytes) {
            callback(pastLimitError(this.archivePath, this.entry, Math.min(this.entry.uncompressedSize, this.maxBytes)));
            return;
        }
        this.crc = (0,external_node_zlib_.crc32)(chunk, this.crc);
        callback(null, chunk);
    }
    _flush(callback) {
        callback(contentError(this.archivePath, this.entry, this.bytes, this.crc));
    }
    _destroy(error, callback) {
        if (error === null || (0,errors/* isArtifactLfsError */.sL)(error) || error.name === 'AbortError') {
            callback(error);
            return;
        }
        callback(describeEntryReadError(this.archivePath, this.entry, error));
    }
}
/**
 * The refusal for an entry producing more than `cap` bytes: past its declared size (a zip bomb
 * or corruption) when `cap` is that size, else past the caller's limit.
 */
function pastLimitError(archivePath, entry, cap) {
    const label = `entry ${quoteName(entry.name)}`;
    if (cap >= entry.uncompressedSize) {
        return archiveError(archivePath, `${label} inflates past its declared size of ${entry.uncompressedSize} bytes (zip bomb or corrupt archive); refused`);
    }
    return archiveError(archivePath, `${label} inflates past the limit of ${cap} bytes; refused`, {
        hint: 'raise the extraction limits only if you trust this archive'
    });
}
/** Refuses a complete entry whose size or CRC-32 is not what the central directory says. */
function checkWholeEntry(archivePath, entry, data) {
    const problem = contentError(archivePath, entry, data.length, (0,external_node_zlib_.crc32)(data));
    if (problem !== null)
        throw problem;
}
/** The error for content of `bytes` bytes with CRC `crc`, or null when both match. */
function contentError(archivePath, entry, bytes, crc) {
    const label = `entry ${quoteName(entry.name)}`;
    if (bytes !== entry.uncompressedSize) {
        return archiveError(archivePath, `${label} has ${bytes} bytes of content but declares ${entry.uncompressedSize}`);
    }
    if (crc >>> 0 !== entry.crc32 >>> 0) {
        return archiveError(archivePath, `${label} fails its CRC-32 check (stored ${hex(entry.crc32)}, content ${hex(crc)}): the archive is corrupt`);
    }
    return null;
}
/** A zlib or I/O error while reading an entry, as an 'archive' refusal naming the entry. */
function describeEntryReadError(archivePath, entry, error) {
    const label = `entry ${quoteName(entry.name)}`;
    const zlibCode = error.code;
    const what = typeof zlibCode === 'string' && zlibCode.startsWith('Z_')
        ? `${label} has corrupt deflate data (${error.message})`
        : `${label} could not be read: ${error.message}`;
    return archiveError(archivePath, what, { cause: error });
}
function hex(value) {
    return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}

;// CONCATENATED MODULE: ./lib/archive/zip-reader.js








/**
 * Inflate output chunk size: zlib allocates one per stream, so small entries get a small one
 * (less garbage with many files) and big ones 256 KiB (fewer callbacks than the 16 KiB default).
 */
function inflateChunkFor(entry) {
    return Math.min(256 * 1024, Math.max(1024, entry.uncompressedSize));
}
/**
 * Entries whose compressed and declared sizes are both at most this are read whole with
 * synchronous reads and one inflateRawSync: for many small files the per-entry cost of streams
 * and async calls dominates, and a whole-entry buffer this size is harmless.
 */
const WHOLE_ENTRY_MAX_BYTES = 64 * 1024 * 1024;
/**
 * Synchronous reads fetch at least this much at once: consecutive small entries (header, name
 * and data) are then served from memory instead of one read call each.
 */
const READ_WINDOW_BYTES = 1024 * 1024;
class ZipReader {
    path;
    /** The name errors use. */
    displayName;
    size;
    entries;
    zip64;
    handle;
    dataLimits;
    /** Reused for synchronous reads; `window` is the part holding archive bytes from `windowStart`. */
    windowBuffer = Buffer.alloc(0);
    window = Buffer.alloc(0);
    windowStart = 0;
    constructor(path, displayName, handle, size, entries, dataLimits, zip64) {
        this.path = path;
        this.displayName = displayName;
        this.handle = handle;
        this.size = size;
        this.entries = entries;
        this.dataLimits = dataLimits;
        this.zip64 = zip64;
    }
    static async open(path, options = {}) {
        const name = options.displayName ?? path;
        let handle;
        try {
            handle = await (0,promises_.open)(path, 'r');
        }
        catch (cause) {
            const code = cause.code;
            throw archiveError(name, code === 'ENOENT' ? 'no such archive' : `cannot open: ${cause.message}`, { hint: 'check the archive path', cause });
        }
        try {
            const stat = await handle.stat();
            if (!stat.isFile())
                throw archiveError(name, 'is not a regular file');
            const cd = await readCentralDirectory(handle, name, stat.size);
            return new ZipReader(path, name, handle, stat.size, cd.entries, cd.dataLimits, cd.zip64);
        }
        catch (error) {
            await handle.close().catch(() => undefined);
            throw error;
        }
    }
    /**
     * The entry's uncompressed content as a stream. It errors (ArtifactLfsError 'archive') if the
     * local header disagrees with the central directory, the data runs into the next entry, the
     * deflate data is corrupt, the content is longer or shorter than declared, it exceeds
     * `limits.maxBytes`, or the CRC-32 does not match. Data is trustworthy only after 'end'.
     */
    openEntry(entry, limits = {}) {
        const check = new EntryCheckStream(this.displayName, entry, limits.maxBytes);
        if (this.entries[entry.index] !== entry) {
            check.destroy(archiveError(this.displayName, `entry ${quoteName(entry.name)} is not from this archive`));
            return check;
        }
        try {
            this.checkMethod(entry);
        }
        catch (error) {
            check.destroy(error);
            return check;
        }
        this.locateData(entry).then(dataStart => {
            if (check.destroyed)
                return;
            const raw = new RangeReadStream(this.handle, this.displayName, dataStart, entry.compressedSize);
            const done = (error) => {
                if (error && !check.destroyed)
                    check.destroy(error);
            };
            if (entry.method === zip_bytes_METHOD_DEFLATE)
                (0,external_node_stream_.pipeline)(raw, (0,external_node_zlib_.createInflateRaw)({ chunkSize: inflateChunkFor(entry) }), check, done);
            else
                (0,external_node_stream_.pipeline)(raw, check, done);
        }, (error) => check.destroy(error));
        return check;
    }
    /** The whole content of a (small) entry, checked like `openEntry`. */
    async readEntry(entry, limits = {}) {
        if (this.canReadWhole(entry))
            return this.readWholeEntry(entry, limits);
        const chunks = [];
        for await (const chunk of this.openEntry(entry, limits))
            chunks.push(chunk);
        return Buffer.concat(chunks);
    }
    /** Whether `readWholeEntry` may be used for this entry (small enough to hold in memory). */
    canReadWhole(entry) {
        return (entry.compressedSize <= WHOLE_ENTRY_MAX_BYTES &&
            entry.uncompressedSize <= WHOLE_ENTRY_MAX_BYTES);
    }
    /**
     * The whole content of an entry (at most WHOLE_ENTRY_MAX_BYTES, see `canReadWhole`), read
     * synchronously: the same checks as `openEntry` (local header, data range, size, CRC-32,
     * `limits.maxBytes`), with the same errors. Inflating stops at the declared size, so a lying
     * entry cannot make it allocate more. Consecutive entries share one read of the archive.
     */
    readWholeEntry(entry, limits = {}) {
        const label = `entry ${quoteName(entry.name)}`;
        if (this.entries[entry.index] !== entry) {
            throw archiveError(this.displayName, `${label} is not from this archive`);
        }
        if (!this.canReadWhole(entry)) {
            throw new Error(`internal: ${label} is too big to be read whole`);
        }
        this.checkMethod(entry);
        const cap = Math.min(entry.uncompressedSize, limits.maxBytes ?? Number.POSITIVE_INFINITY);
        if (entry.method === METHOD_STORED && entry.uncompressedSize > cap) {
            throw pastLimitError(this.displayName, entry, cap);
        }
        const at = entry.localHeaderOffset;
        const limit = this.dataLimits[entry.index];
        // one read usually covers the header, the name, a typical extra field and the data
        const guess = zip_bytes_LOCAL_HEADER_SIZE + entry.rawName.length + 64 + entry.compressedSize;
        const first = this.bytesAtSync(at, Math.min(guess, limit - at), `${label}'s local header`);
        const headerLength = localHeaderLength(first, this.displayName, label, at);
        const header = headerLength <= first.length
            ? first
            : this.bytesAtSync(at, headerLength, `${label}'s local header`);
        const dataStart = this.checkLocalHeader(entry, header.subarray(0, headerLength), limit);
        const raw = this.bytesAtSync(dataStart, entry.compressedSize, `${label}'s data`);
        let data;
        if (entry.method === METHOD_STORED) {
            data = Buffer.from(raw);
        }
        else {
            try {
                // one byte of room past the cap tells "too long" apart from "exactly right"; one chunk
                // of that size is the whole output (no pieces to concatenate: a 12 MB manifest would
                // otherwise exist twice)
                data = (0,external_node_zlib_.inflateRawSync)(raw, { maxOutputLength: cap + 1, chunkSize: Math.max(64, cap + 1) });
            }
            catch (cause) {
                if (cause.code === 'ERR_BUFFER_TOO_LARGE') {
                    throw pastLimitError(this.displayName, entry, cap);
                }
                throw describeEntryReadError(this.displayName, entry, cause);
            }
            if (data.length > cap)
                throw pastLimitError(this.displayName, entry, cap);
        }
        checkWholeEntry(this.displayName, entry, data);
        return data;
    }
    async close() {
        await this.handle.close();
    }
    checkMethod(entry) {
        if (entry.method === METHOD_STORED || entry.method === zip_bytes_METHOD_DEFLATE)
            return;
        throw archiveError(this.displayName, `entry ${quoteName(entry.name)} uses compression method ${entry.method}; only stored (0) and deflate (8) are supported`, { hint: 're-create the archive with deflate compression' });
    }
    /**
     * `length` archive bytes at `position`, read synchronously through the shared window. The
     * result is a view that the next call may overwrite: use it before reading again.
     */
    bytesAtSync(position, length, what) {
        const offset = position - this.windowStart;
        if (offset >= 0 && offset + length <= this.window.length) {
            return this.window.subarray(offset, offset + length);
        }
        const wanted = Math.min(Math.max(length, READ_WINDOW_BYTES), Math.max(0, this.size - position));
        // a read bigger than the window gets its own buffer, so a big entry is not kept alive
        const big = wanted > READ_WINDOW_BYTES;
        if (!big && this.windowBuffer.length === 0) {
            this.windowBuffer = Buffer.allocUnsafe(READ_WINDOW_BYTES);
        }
        const buffer = big ? Buffer.allocUnsafe(wanted) : this.windowBuffer;
        let filled = 0;
        while (filled < wanted) {
            const read = (0,external_node_fs_.readSync)(this.handle.fd, buffer, filled, wanted - filled, position + filled);
            if (read === 0)
                break;
            filled += read;
        }
        if (filled < length) {
            throw archiveError(this.displayName, `is truncated: ${what} (${length} bytes at offset ${position}) runs past the end of the file`);
        }
        if (big)
            return buffer.subarray(0, length);
        this.window = buffer.subarray(0, filled);
        this.windowStart = position;
        return this.window.subarray(0, length);
    }
    /** Reads and cross-checks the local header; returns where the entry's data starts. */
    async locateData(entry) {
        const label = `entry ${quoteName(entry.name)}`;
        const at = entry.localHeaderOffset;
        // one read usually covers the header, the name and a typical extra field
        const limit = this.dataLimits[entry.index];
        const guess = Math.min(zip_bytes_LOCAL_HEADER_SIZE + entry.rawName.length + 64, limit - at);
        let header = await readAt(this.handle, this.displayName, at, guess, `${label}'s local header`);
        const headerLength = localHeaderLength(header, this.displayName, label, at);
        if (headerLength > header.length) {
            const rest = await readAt(this.handle, this.displayName, at + header.length, headerLength - header.length, `${label}'s local header`);
            header = Buffer.concat([header, rest]);
        }
        return this.checkLocalHeader(entry, header.subarray(0, headerLength), limit);
    }
    /**
     * Cross-checks a complete local header (fixed part, name, extra field) with the central
     * directory, and that the data stays before `limit`; returns where the data starts.
     */
    checkLocalHeader(entry, header, limit) {
        const label = `entry ${quoteName(entry.name)}`;
        const at = entry.localHeaderOffset;
        const nameLength = header.readUInt16LE(26);
        const headerLength = header.length;
        const fixed = header.subarray(0, zip_bytes_LOCAL_HEADER_SIZE);
        const variable = header.subarray(zip_bytes_LOCAL_HEADER_SIZE, headerLength);
        const flags = fixed.readUInt16LE(6);
        const disagree = (what, local, central) => archiveError(this.displayName, `${label}: the local header and the central directory disagree on the ${what} (local ${local}, central ${central})`);
        const localName = variable.subarray(0, nameLength);
        if (!localName.equals(entry.rawName)) {
            throw disagree('name', quoteName(localName.toString('utf8')), quoteName(entry.name));
        }
        const method = fixed.readUInt16LE(8);
        if (method !== entry.method)
            throw disagree('compression method', method, entry.method);
        if ((flags & FLAG_ENCRYPTED) !== (entry.flags & FLAG_ENCRYPTED)) {
            throw disagree('encryption flag', flags & FLAG_ENCRYPTED, entry.flags & FLAG_ENCRYPTED);
        }
        if ((flags & zip_bytes_FLAG_DATA_DESCRIPTOR) === 0) {
            const crc = fixed.readUInt32LE(14);
            if (crc !== entry.crc32)
                throw disagree('CRC-32', crc, entry.crc32);
            let compressed = fixed.readUInt32LE(18);
            let uncompressed = fixed.readUInt32LE(22);
            const wanted = [uncompressed === U32_SENTINEL, compressed === U32_SENTINEL];
            if (wanted.some(Boolean)) {
                const extra = parseExtraFields(variable.subarray(nameLength));
                const values = readZip64Values(extra?.get(zip_bytes_EXTRA_ZIP64), wanted, this.displayName, label);
                if (values === undefined) {
                    throw archiveError(this.displayName, `${label}: local header needs a zip64 extra field but it is missing`);
                }
                uncompressed = values[0] ?? uncompressed;
                compressed = values[1] ?? compressed;
            }
            if (compressed !== entry.compressedSize) {
                throw disagree('compressed size', compressed, entry.compressedSize);
            }
            if (uncompressed !== entry.uncompressedSize) {
                throw disagree('uncompressed size', uncompressed, entry.uncompressedSize);
            }
        }
        const dataStart = at + headerLength;
        const dataEnd = dataStart + entry.compressedSize;
        if (dataEnd > limit) {
            throw archiveError(this.displayName, `${label}: its data (offset ${dataStart}..${dataEnd}) runs into the next entry or the central directory at ${limit}`);
        }
        return dataStart;
    }
}
/**
 * The length of the local header starting `header` (fixed part + name + extra field), after
 * checking its signature; `header` needs only the fixed part.
 */
function localHeaderLength(header, archivePath, label, at) {
    if (header.length < zip_bytes_LOCAL_HEADER_SIZE || header.readUInt32LE(0) !== SIG_LOCAL_HEADER) {
        throw archiveError(archivePath, `${label}: no local header at offset ${at} (corrupt central directory)`);
    }
    return zip_bytes_LOCAL_HEADER_SIZE + header.readUInt16LE(26) + header.readUInt16LE(28);
}

;// CONCATENATED MODULE: ./lib/archive/archive-check.js










/** A manifest bigger than this is not one we wrote. */
const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;
/**
 * Reads every entry of an artifact-lfs archive (CRC-32 and size checked, zip-bomb limits
 * applied, names checked as extraction would), parses its manifest and requires entries and
 * manifest to agree exactly: same paths, types, sizes, sha256, modes and symlink targets, and
 * the manifest is the last entry. Throws an 'archive' error for a damaged or unsafe zip and a
 * 'validate' error listing every disagreement.
 */
async function checkArchive(archivePath, options = {}) {
    const reader = await ZipReader.open(archivePath, { displayName: options.displayName });
    const name = reader.displayName;
    const progress = options.progress ?? silentProgress;
    try {
        const limits = resolveLimits(options.limits);
        checkDeclaredLimits(reader.entries, limits, name);
        const plan = planEntryPaths(reader.entries, name);
        const manifestItem = plan.find(item => item.entry.name === MANIFEST_ENTRY_NAME);
        if (manifestItem === undefined) {
            throw new errors/* ArtifactLfsError */.qq('validate', `${name}: has no manifest (${MANIFEST_ENTRY_NAME})`, {
                hint: 'only archives made by artifact-lfs can be validated'
            });
        }
        if (manifestItem.entry.kind !== 'file') {
            throw archiveError(name, `manifest entry ${MANIFEST_ENTRY_NAME} is a ${manifestItem.entry.kind}`);
        }
        const manifestBytes = await reader.readEntry(manifestItem.entry, {
            maxBytes: MAX_MANIFEST_BYTES
        });
        const manifest = parseManifest(manifestBytes, name);
        const facts = [];
        const targets = new Map();
        let budget = limits.maxTotalBytes - manifestBytes.length;
        const totalFiles = plan.length - 1;
        for (const item of plan) {
            if (item === manifestItem)
                continue;
            const fact = await readFacts(reader, item, budget);
            budget -= fact.size;
            if (fact.target !== undefined)
                targets.set(item.key, fact.target);
            facts.push(fact);
            progress.update({
                phase: 'validating',
                files: facts.length,
                bytes: limits.maxTotalBytes - budget,
                totalFiles
            });
        }
        await checkLinksStayInside(plan, targets, name);
        const problems = compareWithManifest(facts, manifest);
        if (reader.entries[reader.entries.length - 1] !== manifestItem.entry) {
            problems.push(`the manifest is not the last entry of the archive`);
        }
        if (problems.length > 0) {
            throw new errors/* ArtifactLfsError */.qq('validate', `${name}: entries and manifest disagree (${problems.length} problem${problems.length === 1 ? '' : 's'}):${formatList(problems)}`, { hint: 'the archive was changed after packaging or is corrupt; re-create it' });
        }
        const totalBytes = manifest.files.reduce((sum, f) => sum + f.size, 0);
        progress.done({ phase: 'validating', files: facts.length, bytes: totalBytes, totalFiles });
        return { entries: reader.entries.length, files: manifest.files, totalBytes, manifest };
    }
    finally {
        await reader.close();
    }
}
/** Streams one entry through sha256 (CRC-32 and size are checked by the reader). */
async function readFacts(reader, item, budget) {
    if (item.entry.kind === 'symlink' && item.entry.uncompressedSize > MAX_LINK_TARGET_BYTES) {
        throw archiveError(reader.displayName, `symlink entry ${quoteName(item.entry.name)} declares a ${item.entry.uncompressedSize}-byte target, longer than ${MAX_LINK_TARGET_BYTES}`);
    }
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    const keep = [];
    for await (const chunk of reader.openEntry(item.entry, { maxBytes: Math.max(0, budget) })) {
        const bytes = chunk;
        hash.update(bytes);
        size += bytes.length;
        if (item.entry.kind === 'symlink')
            keep.push(bytes);
    }
    const target = item.entry.kind === 'symlink'
        ? decodeLinkTarget(item, Buffer.concat(keep), reader.displayName)
        : undefined;
    return {
        path: item.path,
        kind: item.entry.kind,
        size,
        sha256: hash.digest('hex'),
        mode: item.entry.mode,
        target
    };
}

// EXTERNAL MODULE: ./lib/git/cat-file-batch.js
var cat_file_batch = __webpack_require__(530);
;// CONCATENATED MODULE: ./lib/git/tree-entries.js
/**
 * Parsers and formatters for git's NUL-terminated listings (`ls-tree -z`, `ls-files -s -z`)
 * and for `update-index -z --index-info` input. Paths are taken verbatim (no quoting), so
 * names with spaces, quotes, newlines or unicode survive the round trip.
 */
const SYMLINK_MODE = '120000';
const SUBMODULE_MODE = '160000';
const TAB = 0x09;
const NUL = 0x00;
/** Splits NUL-terminated records into [metadata, path] at the first TAB. */
function records(stdout) {
    const out = [];
    let start = 0;
    while (start < stdout.length) {
        let end = stdout.indexOf(NUL, start);
        if (end === -1)
            end = stdout.length;
        const tab = stdout.indexOf(TAB, start);
        if (tab === -1 || tab > end)
            throw new Error(`unexpected git listing record at byte ${start}`);
        out.push([
            stdout.subarray(start, tab).toString('utf8'),
            stdout.subarray(tab + 1, end).toString('utf8')
        ]);
        start = end + 1;
    }
    return out;
}
/** Parses `git ls-tree -z [-l]` output. */
function parseLsTree(stdout) {
    return records(stdout).map(([meta, path]) => {
        const [mode, type, oid, size] = meta.trim().split(/ +/);
        if (!mode || !oid || (type !== 'blob' && type !== 'tree' && type !== 'commit'))
            throw new Error(`unexpected ls-tree record ${JSON.stringify(meta)}`);
        const parsedSize = size === undefined || size === '-' ? undefined : Number(size);
        return { mode, type, oid, size: parsedSize, path };
    });
}
const SPACE = 0x20;
const DIGIT_0 = 0x30;
const SYMLINK_MODE_BYTES = Buffer.from(SYMLINK_MODE, 'latin1');
const SUBMODULE_MODE_BYTES = Buffer.from(SUBMODULE_MODE, 'latin1');
const BLOB_TYPE_BYTES = Buffer.from('blob', 'latin1');
/**
 * The regular-file blobs of `git ls-tree -r -l -z` output (symlinks, submodules and trees left
 * out) that `wanted` accepts, as TreeEntry: the same entries `parseLsTree` gives for them, and
 * malformed records are refused too. It works on the bytes and decodes strings only for the
 * entries it returns: on a 100,000-file tree where five are wanted, it builds five objects
 * instead of 100,000 (the allocations and GC dominated verify's run time).
 */
function selectRegularBlobs(listing, wanted) {
    const selected = [];
    const end = listing.length;
    let at = 0;
    while (at < end) {
        const recordStart = at;
        // metadata: `<mode> <type> <oid> <size>` with one or more spaces between, then a TAB
        const modeStart = skipSpaces(listing, at, end);
        const modeEnd = tokenEnd(listing, modeStart, end);
        const typeStart = skipSpaces(listing, modeEnd, end);
        const typeEnd = tokenEnd(listing, typeStart, end);
        const oidStart = skipSpaces(listing, typeEnd, end);
        const oidEnd = tokenEnd(listing, oidStart, end);
        const sizeStart = skipSpaces(listing, oidEnd, end);
        const sizeEnd = tokenEnd(listing, sizeStart, end);
        const tab = skipSpaces(listing, sizeEnd, end);
        if (tab >= end || listing[tab] !== TAB)
            throw new Error(`unexpected ls-tree record at byte ${recordStart}`);
        const pathStart = tab + 1;
        let pathEnd = pathStart;
        while (pathEnd < end && listing[pathEnd] !== NUL)
            pathEnd++;
        at = pathEnd + 1;
        if (modeEnd === modeStart || oidEnd === oidStart)
            throw new Error(`unexpected ls-tree record at byte ${recordStart}`);
        if (!bytesEqual(listing, typeStart, typeEnd, BLOB_TYPE_BYTES)) {
            const type = listing.toString('latin1', typeStart, typeEnd);
            if (type !== 'tree' && type !== 'commit')
                throw new Error(`unexpected ls-tree record type ${JSON.stringify(type)}`);
            continue;
        }
        if (bytesEqual(listing, modeStart, modeEnd, SYMLINK_MODE_BYTES) ||
            bytesEqual(listing, modeStart, modeEnd, SUBMODULE_MODE_BYTES))
            continue;
        const size = sizeOf(listing, sizeStart, sizeEnd);
        if (!wanted(listing, pathStart, pathEnd, size ?? 0))
            continue;
        selected.push({
            mode: listing.toString('latin1', modeStart, modeEnd),
            type: 'blob',
            oid: listing.toString('latin1', oidStart, oidEnd),
            size,
            path: listing.toString('utf8', pathStart, pathEnd)
        });
    }
    return selected;
}
/**
 * `selectRegularBlobs` fed chunk by chunk as git writes the listing (execGit's `onStdout`):
 * parsing overlaps git's own work on the other core, and the listing is never copied whole
 * (on a 100,000-file tree that copy alone is 8 MiB of fresh pages).
 */
class RegularBlobScanner {
    wanted;
    selected = [];
    /** The start of a record whose NUL has not arrived yet. */
    partial;
    failure;
    constructor(wanted) {
        this.wanted = wanted;
    }
    /**
     * Never throws (it runs in a stream callback): a malformed record is reported by `finish`.
     * Keeps no reference to `chunk` (a record cut at its end is copied): the caller may refill it.
     */
    push(chunk) {
        if (this.failure !== undefined)
            return;
        try {
            this.scan(chunk);
        }
        catch (error) {
            this.failure = error;
        }
    }
    /** The entries selected, once the listing has ended; throws on a malformed listing. */
    finish() {
        if (this.failure !== undefined)
            throw this.failure;
        // git ends every record with a NUL; a last record without one is taken as it is
        if (this.partial !== undefined)
            this.collect(this.partial);
        this.partial = undefined;
        return this.selected;
    }
    scan(chunk) {
        let from = 0;
        if (this.partial !== undefined) {
            const nul = chunk.indexOf(NUL);
            if (nul === -1) {
                this.partial = Buffer.concat([this.partial, chunk]);
                return;
            }
            this.collect(Buffer.concat([this.partial, chunk.subarray(0, nul + 1)]));
            this.partial = undefined;
            from = nul + 1;
        }
        const lastNul = chunk.lastIndexOf(NUL);
        if (lastNul >= from)
            this.collect(chunk.subarray(from, lastNul + 1));
        const rest = Math.max(from, lastNul + 1);
        // a copy, so the chunk itself can be freed: the tail is one record at most
        if (rest < chunk.length)
            this.partial = Buffer.from(chunk.subarray(rest));
    }
    collect(records) {
        for (const entry of selectRegularBlobs(records, this.wanted))
            this.selected.push(entry);
    }
}
function skipSpaces(bytes, at, end) {
    while (at < end && bytes[at] === SPACE)
        at++;
    return at;
}
/** Where a metadata token that starts at `at` ends: at a space, a TAB or a NUL. */
function tokenEnd(bytes, at, end) {
    while (at < end) {
        const byte = bytes[at];
        if (byte === SPACE || byte === TAB || byte === NUL)
            break;
        at++;
    }
    return at;
}
function bytesEqual(bytes, start, end, expected) {
    if (end - start !== expected.length)
        return false;
    for (let i = 0; i < expected.length; i++)
        if (bytes[start + i] !== expected[i])
            return false;
    return true;
}
/** A blob's size as `ls-tree -l` prints it; undefined without `-l`, as in parseLsTree. */
function sizeOf(bytes, start, end) {
    if (start === end)
        return undefined;
    let size = 0;
    for (let i = start; i < end; i++) {
        const digit = bytes[i] - DIGIT_0;
        if (digit < 0 || digit > 9) {
            const text = bytes.toString('latin1', start, end);
            return text === '-' ? undefined : Number(text);
        }
        size = size * 10 + digit;
    }
    return size;
}
/** Parses `git ls-files -s -z` output. */
function parseLsFilesStage(stdout) {
    return records(stdout).map(([meta, path]) => {
        const [mode, oid, stage] = meta.trim().split(/ +/);
        if (!mode || !oid || stage === undefined)
            throw new Error(`unexpected ls-files record ${JSON.stringify(meta)}`);
        return { mode, oid, stage: Number(stage), path };
    });
}
/** One `update-index -z --index-info` record; `oid: undefined` removes the path. */
function indexInfoRecord(entry) {
    if (entry.oid === undefined)
        return `0 ${'0'.repeat(40)}\t${entry.path}\0`;
    return `${entry.mode} ${entry.oid}\t${entry.path}\0`;
}

;// CONCATENATED MODULE: ./lib/lfs/pointer.js
/**
 * Git LFS pointer files (spec v1): parse, format, and the canonical-form check.
 * A canonical pointer is exactly:
 *   version https://git-lfs.github.com/spec/v1\noid sha256:<64 hex>\nsize <decimal>\n
 * with a size above 0 (extension lines `ext-N-name` would sit between version and oid; we accept
 * them when parsing but artifact-lfs never writes them, so they are not canonical here).
 */
const LFS_SPEC_URL = 'https://git-lfs.github.com/spec/v1';
/** Pointers larger than this are not pointers (git-lfs uses 1024 too). */
const MAX_POINTER_SIZE = 1024;
function formatPointer(pointer) {
    return `version ${LFS_SPEC_URL}\noid sha256:${pointer.oid}\nsize ${pointer.size}\n`;
}
/** Parses blob content. `canonical` is false for CRLF, extra spaces, or keys out of order. */
function parsePointer(content) {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    if (bytes.length === 0)
        return { kind: 'not-pointer', reason: 'empty file' };
    if (bytes.length > MAX_POINTER_SIZE)
        return { kind: 'not-pointer', reason: `larger than ${MAX_POINTER_SIZE} bytes` };
    const text = bytes.toString('utf8');
    if (!text.startsWith('version '))
        return { kind: 'not-pointer', reason: 'no version line' };
    const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
    const fields = new Map();
    const order = [];
    for (const line of lines) {
        const match = /^([a-z0-9.-]+) (.*)$/.exec(line);
        if (!match)
            return { kind: 'not-pointer', reason: `malformed line ${JSON.stringify(line)}` };
        const [, key, value] = match;
        if (fields.has(key))
            return { kind: 'not-pointer', reason: `duplicate key ${key}` };
        fields.set(key, value);
        order.push(key);
    }
    const version = fields.get('version');
    if (version !== LFS_SPEC_URL && version !== 'https://hawser.github.com/spec/v1')
        return { kind: 'not-pointer', reason: `unknown version ${JSON.stringify(version)}` };
    const oidField = fields.get('oid');
    const sizeField = fields.get('size');
    const oidMatch = oidField === undefined ? null : /^sha256:([0-9a-f]{64})$/.exec(oidField);
    if (!oidMatch)
        return { kind: 'not-pointer', reason: 'missing or malformed oid' };
    if (sizeField === undefined || !/^(0|[1-9][0-9]*)$/.test(sizeField))
        return { kind: 'not-pointer', reason: 'missing or malformed size' };
    const size = Number(sizeField);
    if (!Number.isSafeInteger(size))
        return { kind: 'not-pointer', reason: 'size out of range' };
    const pointer = { oid: oidMatch[1], size };
    // git-lfs encodes an empty file as the empty file, never as a `size 0` pointer
    const canonical = size > 0 && formatPointer(pointer) === text;
    return { kind: 'pointer', pointer, canonical };
}
/** Where git-lfs keeps an object locally: <git dir>/lfs/objects/aa/bb/<oid>. */
function localObjectPath(gitDir, oid) {
    return `${gitDir}/lfs/objects/${oid.slice(0, 2)}/${oid.slice(2, 4)}/${oid}`;
}

;// CONCATENATED MODULE: ./lib/validate/validate-archives.js








/**
 * Checks every session archive committed at `ref`: it is a canonical LFS pointer; its object
 * is in the local LFS store (otherwise "pointer only", with how to fetch it); the object's
 * sha256 and size match the pointer; the zip reads, every CRC holds and its entries match
 * its manifest. Reads the objects from the LFS store, never the work tree (whose `*` marker
 * in `git lfs ls-files` says nothing about the store).
 */
async function validateSessionArchives(repo, options) {
    const listing = await repo.run([
        'ls-tree',
        '-r',
        '-l',
        '-z',
        '--full-tree',
        options.ref,
        '--',
        `${options.sessionDir}/`
    ]);
    const archives = parseLsTree(listing.stdout).filter(e => e.type === 'blob' && /\.zip$/i.test(e.path));
    const small = archives.filter(e => (e.size ?? 0) <= MAX_POINTER_SIZE).map(e => e.oid);
    const blobs = await (0,cat_file_batch/* readObjects */.$)(repo, small);
    const gitDir = await repo.gitDir();
    const required = new Set(options.requireObjects ?? []);
    const results = [];
    for (const entry of archives) {
        const blob = blobs.get(entry.oid);
        const parsed = blob === undefined ? undefined : parsePointer(blob);
        if (parsed === undefined || parsed.kind !== 'pointer') {
            results.push({
                path: entry.path,
                status: 'failed',
                detail: `committed as a raw ${entry.size ?? 0}-byte blob, not an LFS pointer`
            });
            continue;
        }
        if (!parsed.canonical) {
            results.push({ path: entry.path, status: 'failed', detail: 'LFS pointer is not canonical' });
            continue;
        }
        const { oid, size } = parsed.pointer;
        const objectPath = localObjectPath(gitDir, oid);
        const objectStats = await (0,promises_.stat)(objectPath).catch(() => undefined);
        if (!objectStats) {
            results.push({
                path: entry.path,
                status: required.has(entry.path) ? 'failed' : 'pointer-only',
                detail: `LFS object ${oid.slice(0, 12)} is not in the local store; fetch it with git lfs pull --include="${entry.path}"`
            });
            continue;
        }
        results.push(await validateObject(entry.path, objectPath, oid, size, objectStats.size));
    }
    return { archives: results, failures: results.filter(r => r.status === 'failed') };
}
async function validateObject(archivePath, objectPath, oid, size, actualSize) {
    if (actualSize !== size)
        return {
            path: archivePath,
            status: 'failed',
            detail: `LFS object has ${actualSize} bytes, the pointer says ${size}`
        };
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(objectPath, { highWaterMark: 1 << 20 }))
        hash.update(chunk);
    const actual = hash.digest('hex');
    if (actual !== oid)
        return {
            path: archivePath,
            status: 'failed',
            detail: `LFS object hashes to ${actual}, the pointer says ${oid}`
        };
    try {
        const check = await checkArchive(objectPath, { displayName: archivePath });
        return {
            path: archivePath,
            status: 'ok',
            detail: `${check.files.length} file(s), manifest and CRCs match`,
            entries: check.entries
        };
    }
    catch (error) {
        if (!(0,errors/* isArtifactLfsError */.sL)(error))
            throw error;
        return { path: archivePath, status: 'failed', detail: error.message };
    }
}

;// CONCATENATED MODULE: ./lib/format/human-units.js
/** Human-readable sizes and rates for logs, summaries and progress lines. */
function formatBytes(bytes) {
    if (bytes < 1024)
        return `${Math.round(bytes)} B`;
    const units = ['KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}
function formatRate(bytes, seconds) {
    if (seconds <= 0)
        return '-';
    return `${formatBytes(bytes / seconds)}/s`;
}
function formatCount(n) {
    return n.toLocaleString('en-US');
}

// EXTERNAL MODULE: ./lib/git/early-git-call.js
var early_git_call = __webpack_require__(675);
// EXTERNAL MODULE: ./lib/verify/verify-prefetch.js
var verify_prefetch = __webpack_require__(434);
;// CONCATENATED MODULE: ./lib/verify/extension-match.js
/**
 * Which policy extension a file name ends with, case-insensitively; the longest wins, so
 * `logs.tar.gz` matches `.tar.gz` before `.gz`. Extensions are like '.db' or '.tar.gz'.
 */
function matchBinaryExtension(filePath, extensions) {
    const base = filePath.slice(filePath.lastIndexOf('/') + 1).toLowerCase();
    let best;
    for (const raw of extensions) {
        const ext = raw.toLowerCase();
        if (ext.length <= 1 || !base.endsWith(ext))
            continue;
        if (best === undefined || ext.length > best.length)
            best = ext;
    }
    return best;
}
const ASCII_LIMIT = 0x80;
const UPPER_A = 0x41;
const UPPER_Z = 0x5a;
const CASE_BIT = 0x20;
/**
 * A quick test on undecoded path bytes that is true for every path `matchBinaryExtension` matches
 * (and for a few more, which the caller then checks with it). It compares the path's last bytes
 * with each extension, ASCII case folded, from a table keyed by the last byte, so most paths
 * cost one lookup. A non-ASCII byte among the bytes compared answers true: Unicode lower-casing
 * can turn such a character into ASCII (the Kelvin sign into 'k'), so only the exact check on
 * the decoded string can tell. An ASCII tail is exact: ASCII lower-cases to ASCII, one to one.
 */
function binaryExtensionPrefilter(extensions) {
    const lowered = extensions.map(ext => ext.toLowerCase()).filter(ext => ext.length > 1);
    // a non-ASCII extension can match through multi-byte characters: leave every path to the exact check
    if (lowered.some(ext => [...ext].some(char => char.charCodeAt(0) >= ASCII_LIMIT)))
        return () => true;
    const byLastByte = Array.from({ length: ASCII_LIMIT }, () => []);
    for (const ext of new Set(lowered)) {
        const bytes = Buffer.from(ext, 'latin1');
        byLastByte[bytes[bytes.length - 1]]?.push(bytes);
    }
    return (bytes, start, end) => {
        if (end <= start)
            return false;
        const last = foldAscii(bytes[end - 1]);
        if (last >= ASCII_LIMIT)
            return true;
        for (const ext of byLastByte[last]) {
            if (tailMayMatch(bytes, start, end, ext))
                return true;
        }
        return false;
    };
}
/** True when the path's last bytes equal `ext` (ASCII case folded) or hold a non-ASCII byte. */
function tailMayMatch(bytes, start, end, ext) {
    let at = end - 1;
    for (let i = ext.length - 1; i >= 0; i--, at--) {
        // shorter than the extension, and all ASCII so far: one byte per character, cannot match
        if (at < start)
            return false;
        const byte = foldAscii(bytes[at]);
        if (byte >= ASCII_LIMIT)
            return true;
        if (byte !== ext[i])
            return false;
    }
    return true;
}
function foldAscii(byte) {
    return byte >= UPPER_A && byte <= UPPER_Z ? byte | CASE_BIT : byte;
}

;// CONCATENATED MODULE: ./lib/verify/pointer-candidates.js


/**
 * Finds, in a `git ls-tree -r -l -z` listing fed chunk by chunk, the files that must be LFS
 * pointers: regular blobs (not symlinks, not submodules) with a binary extension or over the
 * size threshold, in listing order. Paths are looked at as bytes first; only the few that may
 * match are decoded and checked with matchBinaryExtension.
 */
class PointerCandidateScanner {
    rules;
    thresholdBytes;
    blobs;
    constructor(rules) {
        this.rules = rules;
        this.thresholdBytes = rules.sizeThresholdMb * 1024 * 1024;
        const mayHaveExtension = binaryExtensionPrefilter(rules.binaryExtensions);
        const thresholdBytes = this.thresholdBytes;
        this.blobs = new RegularBlobScanner((bytes, pathStart, pathEnd, size) => size > thresholdBytes || mayHaveExtension(bytes, pathStart, pathEnd));
    }
    /** Never throws (see RegularBlobScanner.push). */
    push(chunk) {
        this.blobs.push(chunk);
    }
    /** The candidates, once the listing has ended; throws on a malformed listing. */
    finish() {
        const candidates = [];
        for (const blob of this.blobs.finish()) {
            const candidate = this.candidate(blob);
            if (candidate !== undefined)
                candidates.push(candidate);
        }
        return candidates;
    }
    candidate(blob) {
        const size = blob.size ?? 0;
        const extension = matchBinaryExtension(blob.path, this.rules.binaryExtensions);
        const matchedBy = [];
        if (extension !== undefined)
            matchedBy.push('extension');
        if (size > this.thresholdBytes)
            matchedBy.push('size');
        if (matchedBy.length === 0)
            return undefined;
        return { path: blob.path, oid: blob.oid, size, extension, matchedBy };
    }
}
/** PointerCandidateScanner over a whole listing at once. */
function pointerCandidates(listing, rules) {
    const scanner = new PointerCandidateScanner(rules);
    scanner.push(listing);
    return scanner.finish();
}

;// CONCATENATED MODULE: ./lib/verify/verify-lfs-pointers.js







const RAW_BLOB_HINT = 'make sure .gitattributes has an LFS rule for these files and the LFS filter is configured (git lfs install --local), then re-add them (git rm --cached FILE && git add FILE) and commit; for files already in history see git lfs migrate import';
async function verifyLfsPointers(repo, rules, ref = 'HEAD') {
    if (ref.startsWith('-'))
        throw new errors/* ArtifactLfsError */.qq('usage', `${JSON.stringify(ref)} is not a valid ref to verify`);
    const scanner = new PointerCandidateScanner(rules);
    const onStdout = (chunk) => scanner.push(chunk);
    // a verify-only CLI run started this listing before it loaded the code that reads it
    const early = (0,early_git_call/* takeEarlyGitCall */.t5)(repo.locatedFrom, (0,verify_prefetch/* treeListingArgs */.s)(ref));
    try {
        await (early?.consume(onStdout) ?? repo.run((0,verify_prefetch/* treeListingArgs */.s)(ref), { onStdout }));
    }
    catch (cause) {
        throw new errors/* ArtifactLfsError */.qq('verify', `cannot list the files tracked at ${ref}`, {
            hint: 'pass a commit, branch or tag that exists (a repository without commits has nothing to verify)',
            cause
        });
    }
    const candidates = scanner.finish();
    const small = candidates.filter(c => c.size > 0 && c.size <= MAX_POINTER_SIZE);
    const contents = await (0,cat_file_batch/* readObjects */.$)(repo, small.map(c => c.oid));
    const checked = [];
    const offenders = [];
    for (const candidate of candidates) {
        const { file, reason } = classify(candidate, contents, ref, rules);
        checked.push(file);
        if (reason !== undefined)
            offenders.push({ path: file.path, size: file.blobSize, reason });
    }
    return { checked, offenders };
}
/** The checked-file record, and the offender reason unless it is a canonical pointer. */
function classify(candidate, contents, ref, rules) {
    const { path, oid, size, extension, matchedBy } = candidate;
    const file = { path, blobSize: size, status: 'raw', matchedBy };
    if (extension !== undefined)
        file.extension = extension;
    if (size === 0) {
        file.status = 'empty';
        return {
            file,
            reason: `empty file with binary extension ${extension}: git-lfs never converts empty files`
        };
    }
    if (size <= MAX_POINTER_SIZE) {
        const content = contents.get(oid);
        if (content === undefined)
            throw new errors/* ArtifactLfsError */.qq('verify', `${path}: blob ${oid} at ${ref} is missing from the local object store`, { hint: 'fetch the missing objects (git fetch), or verify in a complete clone' });
        const parsed = parsePointer(content);
        if (parsed.kind === 'pointer') {
            file.pointer = parsed.pointer;
            if (parsed.canonical) {
                file.status = 'pointer';
                return { file, reason: undefined };
            }
            file.status = 'non-canonical-pointer';
            return { file, reason: nonCanonicalReason(content) };
        }
    }
    return { file, reason: rawReason(candidate, rules) };
}
function nonCanonicalReason(content) {
    if (content.includes('\r'))
        return 'non-canonical pointer (CRLF line endings)';
    return 'non-canonical pointer (extra whitespace, extension lines or missing final newline)';
}
function rawReason(candidate, rules) {
    const size = formatBytes(candidate.size);
    const overThreshold = `over the ${rules.sizeThresholdMb} MiB threshold`;
    if (candidate.extension === undefined)
        return `raw blob of ${size} ${overThreshold}`;
    const base = `raw blob with binary extension ${candidate.extension} (${size})`;
    return candidate.matchedBy.includes('size') ? `${base}, ${overThreshold}` : base;
}
/** Throws a 'verify' error listing every offender (at most `limit` lines) when there are any. */
function assertNoOffenders(result, ref, limit = 20) {
    if (result.offenders.length === 0)
        return;
    const lines = result.offenders
        .slice(0, limit)
        .map(o => `  ${JSON.stringify(o.path).slice(1, -1)}: ${o.reason}`);
    if (result.offenders.length > limit)
        lines.push(`  ... and ${result.offenders.length - limit} more`);
    throw new ArtifactLfsError('verify', `${result.offenders.length} file(s) at ${ref} should be LFS pointers but are not:\n${lines.join('\n')}`, { hint: RAW_BLOB_HINT });
}

;// CONCATENATED MODULE: ./lib/git/commit-objects.js
/** Creates a commit object (no ref moves) and returns its id. */
async function createCommit(repo, options) {
    const args = ['commit-tree', options.tree];
    for (const parent of options.parents)
        args.push('-p', parent);
    args.push('-F', '-');
    return repo.text(args, { input: normalizeMessage(options.message), env: options.identityEnv });
}
/** Trailing whitespace trimmed, exactly one final newline. */
function normalizeMessage(message) {
    return message.replace(/\s+$/, '') + '\n';
}
/** The message of a commit, verbatim (everything after the header's blank line). */
async function commitMessage(repo, commit) {
    const { stdout } = await repo.run(['cat-file', 'commit', commit]);
    const text = stdout.toString('utf8');
    const blank = text.indexOf('\n\n');
    return blank === -1 ? '' : text.slice(blank + 2);
}
/** The tree id of a commit. */
function treeOf(repo, commit) {
    return repo.text(['rev-parse', '--verify', `${commit}^{tree}`]);
}

;// CONCATENATED MODULE: ./lib/git/lfs-attributes.js
/**
 * What `.gitattributes` (work tree, then index) says about a path's `filter` attribute:
 * 'lfs' when an LFS rule covers it, 'unspecified' when no rule does, 'unset' for `-filter`,
 * or another driver's name.
 */
async function filterAttribute(repo, filePath) {
    const { stdout } = await repo.run(['check-attr', '-z', 'filter', '--', filePath]);
    // -z output: <path> NUL <attribute> NUL <value> NUL
    const fields = stdout.toString('utf8').split('\0');
    return fields[2] ?? 'unspecified';
}
/** True when an LFS rule in .gitattributes covers `filePath` (repo-relative, '/'-separated). */
async function isLfsTracked(repo, filePath) {
    return (await filterAttribute(repo, filePath)) === 'lfs';
}

;// CONCATENATED MODULE: ./lib/git/lfs-storage.js


/**
 * Where git-lfs keeps an object of this repository: `<common git dir>/lfs/objects/aa/bb/<oid>`
 * (the common dir, so linked worktrees share it), or under `lfs.storage` when configured.
 */
async function lfsObjectPathFor(repo, oid) {
    const commonDir = external_node_path_.resolve(repo.root, await repo.text(['rev-parse', '--path-format=absolute', '--git-common-dir']));
    const storage = await repo.run(['config', '--get', 'lfs.storage'], { okExitCodes: [0, 1] });
    const configured = storage.exitCode === 0 ? storage.stdout.toString('utf8').trim() : '';
    if (configured === '')
        return localObjectPath(commonDir, oid);
    const storageDir = external_node_path_.resolve(commonDir, configured);
    return `${storageDir}/objects/${oid.slice(0, 2)}/${oid.slice(2, 4)}/${oid}`;
}

;// CONCATENATED MODULE: ./lib/git/temp-index.js



/**
 * Runs `work` with a private index file (GIT_INDEX_FILE) so trees can be built with plumbing
 * without touching the user's index or work tree. The file is removed afterwards.
 */
async function withTempIndex(work) {
    const dir = await (0,promises_.mkdtemp)(external_node_path_.join(external_node_os_.tmpdir(), 'alfs-index-'));
    try {
        return await work({ GIT_INDEX_FILE: external_node_path_.join(dir, 'index') });
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./lib/pipeline/commit-archive.js












const NOT_LFS_TRACKED_HINT = 'set enable_autolfs: true in .codex_lfs_policy.yaml (or ALLOW_AUTOLFS=1) to add the LFS rule automatically, or run with --sync-gitattributes';
/** `git --literal-pathspecs`: our paths are file names, never globs or pathspec magic. */
const LITERAL = '--literal-pathspecs';
async function commitArchive(repo, options) {
    const { archivePath } = options;
    checkRelativePath(archivePath);
    for (const extra of options.alsoStage)
        checkRelativePath(extra);
    const message = normalizeMessage(options.message);
    if (message.trim() === '')
        throw new errors/* ArtifactLfsError */.qq('usage', 'the commit message is empty', {
            hint: 'pass a message (--message)'
        });
    const attribute = await filterAttribute(repo, archivePath);
    if (attribute !== 'lfs')
        throw new errors/* ArtifactLfsError */.qq('commit', `${archivePath} is not covered by an LFS rule in .gitattributes (filter: ${attribute}): committing it would store the raw archive in git`, { hint: NOT_LFS_TRACKED_HINT });
    if (!(await isLfsFilterConfigured(repo)))
        throw new errors/* ArtifactLfsError */.qq('commit', `the Git LFS filter is not configured in ${repo.root}: git add would silently store ${archivePath} as a raw blob`, { hint: 'run git lfs install --local (the preflight does this when it runs first)' });
    const paths = [...new Set([archivePath, ...options.alsoStage])];
    const before = await stagedEntries(repo, paths);
    const conflicted = before.find(e => e.stage !== 0);
    if (conflicted)
        throw new errors/* ArtifactLfsError */.qq('commit', `${conflicted.path} has an unresolved merge conflict`, {
            hint: 'resolve the conflict (or git merge --abort) and run again'
        });
    let committed = false;
    try {
        await stagePaths(repo, paths);
        const after = await stagedEntries(repo, paths);
        await checkStagedPointer(repo, archivePath, after, options.expected);
        const head = await repo.headCommit();
        const tree = await treeWith(repo, head, paths, after);
        if (head !== undefined && tree === (await treeOf(repo, head)))
            throw new errors/* ArtifactLfsError */.qq('commit', `nothing to commit: ${paths.join(', ')} already match HEAD`, { hint: 'the archive is already committed; package a new one or skip the commit step' });
        const commitSha = await createCommit(repo, {
            tree,
            parents: head === undefined ? [] : [head],
            message,
            identityEnv: options.identityEnv
        });
        const subject = message.split('\n', 1)[0];
        await repo.run([
            'update-ref',
            '-m',
            `commit (artifact-lfs): ${subject}`,
            'HEAD',
            commitSha,
            head ?? ''
        ]);
        committed = true;
        return { commitSha };
    }
    finally {
        if (!committed)
            await restoreEntries(repo, paths, before, options.logger ?? progress_silentLogger);
    }
}
function checkRelativePath(p) {
    const segments = p.split('/');
    if (p === '' ||
        p.startsWith('/') ||
        p.includes('\\') ||
        p.includes('\0') ||
        segments.some(s => s === '' || s === '.' || s === '..'))
        throw new errors/* ArtifactLfsError */.qq('usage', `${JSON.stringify(p)} is not a repo-relative '/'-separated path`, { hint: 'pass paths relative to the repository root, without ./ or ..' });
}
async function stagedEntries(repo, paths) {
    const { stdout } = await repo.run([LITERAL, 'ls-files', '-s', '-z', '--', ...paths]);
    const wanted = new Set(paths);
    return parseLsFilesStage(stdout).filter(e => wanted.has(e.path));
}
async function stagePaths(repo, paths) {
    try {
        await repo.run([LITERAL, 'add', '--', ...paths]);
    }
    catch (cause) {
        const stderr = cause instanceof exec_git/* GitCommandError */.iR ? cause.stderr : '';
        const ignored = /ignored by one of your \.gitignore files/.test(stderr);
        throw new errors/* ArtifactLfsError */.qq('commit', `git add failed for ${paths.join(', ')}: ${stderr.trim()}`, {
            hint: ignored
                ? 'the archive folder is ignored by .gitignore: add an exception (e.g. !SESSION_DIR/*.zip) or use another folder'
                : 'read the git message above; the index was left as it was',
            cause
        });
    }
}
async function checkStagedPointer(repo, archivePath, staged, expected) {
    const entry = staged.find(e => e.path === archivePath && e.stage === 0);
    if (!entry)
        throw new errors/* ArtifactLfsError */.qq('commit', `${archivePath} is not in the index after git add`, {
            hint: 'check that the archive exists at that path inside the repository'
        });
    const blobSize = Number(await repo.text(['cat-file', '-s', entry.oid]));
    const rawHint = 'the LFS clean filter did not convert it: check git config --get filter.lfs.process and git check-attr filter -- PATH, then run again';
    if (blobSize > MAX_POINTER_SIZE)
        throw new errors/* ArtifactLfsError */.qq('commit', `${archivePath} was staged as a raw ${formatBytes(blobSize)} blob, not an LFS pointer`, { hint: rawHint });
    const parsed = parsePointer((await repo.run(['cat-file', 'blob', entry.oid])).stdout);
    if (parsed.kind !== 'pointer')
        throw new errors/* ArtifactLfsError */.qq('commit', `${archivePath} was staged as a raw blob, not an LFS pointer (${parsed.reason})`, { hint: rawHint });
    if (!parsed.canonical)
        throw new errors/* ArtifactLfsError */.qq('commit', `${archivePath} was staged as a non-canonical LFS pointer`, {
            hint: rawHint
        });
    const { oid, size } = parsed.pointer;
    if (oid !== expected.sha256 || size !== expected.size)
        throw new errors/* ArtifactLfsError */.qq('commit', `${archivePath}: the staged pointer (sha256 ${oid}, ${size} bytes) does not match the packaged archive (sha256 ${expected.sha256}, ${expected.size} bytes)`, {
            hint: 'the file changed after packaging; package it again and do not modify it before the commit'
        });
    const objectPath = await lfsObjectPathFor(repo, oid);
    const found = await (0,promises_.stat)(objectPath).catch(() => undefined);
    if (!found || found.size !== size)
        throw new errors/* ArtifactLfsError */.qq('commit', `${archivePath}: LFS object ${oid} is ${found ? `${found.size} bytes instead of ${size}` : 'missing'} in the local store (${objectPath})`, {
            hint: 'run git lfs install --local and try again; check lfs.storage if you moved the store'
        });
}
/** HEAD's tree with exactly `paths` replaced by their staged entries (absent = deleted). */
async function treeWith(repo, head, paths, staged) {
    return withTempIndex(async (env) => {
        await repo.run(head === undefined ? ['read-tree', '--empty'] : ['read-tree', head], { env });
        const records = paths.map(p => {
            const entry = staged.find(e => e.path === p && e.stage === 0);
            return indexInfoRecord({ mode: entry?.mode ?? '0', oid: entry?.oid, path: p });
        });
        await repo.run(['update-index', '-z', '--index-info'], { env, input: records.join('') });
        return repo.text(['write-tree'], { env });
    });
}
/** Puts the index entries of `paths` back as they were before we staged them. */
async function restoreEntries(repo, paths, before, logger) {
    const records = paths.map(p => {
        const entry = before.find(e => e.path === p && e.stage === 0);
        return indexInfoRecord({ mode: entry?.mode ?? '0', oid: entry?.oid, path: p });
    });
    try {
        await repo.run(['update-index', '-z', '--index-info'], { input: records.join('') });
    }
    catch (error) {
        // the original failure is the one to report; this one only gets a warning
        logger.warn(`could not restore the index entries of ${paths.join(', ')}: ${error.message}; check git status`);
    }
}

;// CONCATENATED MODULE: ./lib/pipeline/fast-forward-local.js


async function fastForwardLocal(repo, branch, newSha, logger = progress_silentLogger) {
    const ref = `refs/heads/${branch}`;
    const reflog = `artifact-lfs: move ${branch} to the pushed commit`;
    const current = await repo.currentBranch();
    const head = await repo.headCommit();
    if (current === branch) {
        if (head === newSha)
            return { branchUpdated: true, workTreeUpdated: true };
        if (head === undefined) {
            await repo.run(['read-tree', '-m', '-u', newSha]);
            await repo.run(['update-ref', '-m', reflog, ref, newSha, '']);
            return { branchUpdated: true, workTreeUpdated: true };
        }
        await repo.run(['update-index', '-q', '--refresh'], { okExitCodes: [0, 1] });
        try {
            await repo.run(['read-tree', '-m', '-u', head, newSha]);
        }
        catch (error) {
            const why = error instanceof exec_git/* GitCommandError */.iR ? firstLine(error.stderr) : String(error);
            return leave(logger, `pushed ${newSha.slice(0, 12)}, but local edits stop ${branch} from moving to it (${why}); ` +
                `the work tree is unchanged: save your edits, then run git reset --keep ${newSha}`);
        }
        await repo.run(['update-ref', '-m', reflog, ref, newSha, head]);
        return { branchUpdated: true, workTreeUpdated: true };
    }
    const local = await repo.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
        okExitCodes: [0, 1]
    });
    const localSha = local.stdout.toString('utf8').trim();
    if (local.exitCode !== 0 || localSha === '')
        return { branchUpdated: false, workTreeUpdated: false };
    if (localSha === newSha)
        return { branchUpdated: true, workTreeUpdated: false };
    const ancestor = await repo.run(['merge-base', '--is-ancestor', localSha, newSha], {
        okExitCodes: [0, 1]
    });
    if (ancestor.exitCode !== 0)
        return leave(logger, `pushed ${newSha.slice(0, 12)} to ${branch}, but the local ${branch} has commits that are not in it; left it as it is`);
    await repo.run(['update-ref', '-m', reflog, ref, newSha, localSha]);
    return { branchUpdated: true, workTreeUpdated: false };
}
function leave(logger, warning) {
    logger.warn(warning);
    return { branchUpdated: false, workTreeUpdated: false, warning };
}
function firstLine(text) {
    return text.trim().split('\n')[0] ?? '';
}

;// CONCATENATED MODULE: ./lib/git/lfs-trace.js
/**
 * `git lfs push` runs with GIT_TRACE=1 so that we can see what git-lfs does not print
 * otherwise: each HTTP status, and each time it rejects credentials and asks the helper again.
 * git-lfs 3.3 retries a rejected password for ever (about 35 requests a second) when the
 * credential helper keeps answering the same one; the watcher stops it after a few rounds.
 */
/** Environment for a traced git-lfs call. */
const LFS_TRACE_ENV = { GIT_TRACE: '1' };
/** Credential rejections tolerated before the process is stopped as an auth loop. */
const MAX_CREDENTIAL_REJECTIONS = 3;
/** The reason an execGit watcher gives when it stops a credential loop. */
const CREDENTIAL_LOOP = 'credential loop';
// git: "12:34:56.789012 git.c:460 trace: ...", git-lfs: "12:34:56.789012 trace git-lfs: ..."
const TRACE_LINE = /^\d{2}:\d{2}:\d{2}\.\d+ (?:trace git-lfs: |\S+:\d+\s+trace: )/;
/**
 * A stderr watcher for execGit: counts `git credential reject` calls (git-lfs makes one each
 * time the server refuses the credentials it sent) and stops the process after `max`.
 */
function credentialLoopWatcher(max = MAX_CREDENTIAL_REJECTIONS) {
    let pending = '';
    let rejections = 0;
    return chunk => {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines)
            if (/trace git-lfs: exec: git 'credential' 'reject'/.test(line))
                rejections += 1;
        return rejections >= max ? CREDENTIAL_LOOP : undefined;
    };
}
/** stderr without trace lines: what git and git-lfs meant to say. */
function withoutTraceLines(stderr) {
    return stderr
        .split('\n')
        .filter(line => !TRACE_LINE.test(line))
        .join('\n');
}
/** The HTTP statuses git-lfs traced ("trace git-lfs: HTTP: 503"), in order. */
function tracedHttpStatuses(stderr) {
    const statuses = [];
    for (const match of stderr.matchAll(/trace git-lfs: HTTP: (\d{3})\s*$/gm))
        statuses.push(Number(match[1]));
    return statuses;
}

;// CONCATENATED MODULE: ./lib/pipeline/push-errors.js
/**
 * Turns what `git push` / `git lfs push` printed into a kind, whether a retry can help, a
 * message and a hint. Knows GitHub's codes (GH001, GH006, GH008, GH013), LFS quota, auth,
 * non-fast-forward (including a lost race for the ref lock) and network failures.
 */


/** The 'push' error pushWithRetry throws, with the classified failure attached. */
class PushFailedError extends errors/* ArtifactLfsError */.qq {
    failure;
    /** Push attempts made before giving up. */
    attempts;
    constructor(message, failure, attempts) {
        super('push', message, { hint: failure.hint });
        this.name = 'PushFailedError';
        this.failure = failure;
        this.attempts = attempts;
    }
}
/** Checked in order: GitHub's specific codes first, generic rejections and network last. */
const RULES = [
    {
        kind: 'protected-branch',
        patterns: [/\bGH006\b/, /protected branch hook declined/i],
        retryable: false,
        message: 'the branch is protected and refused the push (GH006)',
        hint: 'push to another branch (--branch NAME, or the branch input) and open a pull request, or let this actor bypass the branch protection'
    },
    {
        kind: 'rule-violation',
        patterns: [/\bGH013\b/, /repository rule violations/i],
        retryable: false,
        message: 'a repository ruleset refused the push (GH013)',
        hint: "read the rules listed in git's output (e.g. pull request required, signed commits, secret scanning, file path or size rules); push to a branch the rules allow, or ask a repository admin"
    },
    {
        kind: 'lfs-missing-objects',
        patterns: [/\bGH008\b/, /unknown Git LFS objects?/i],
        retryable: false,
        message: 'the push referenced Git LFS objects the remote does not have (GH008)',
        hint: 'upload them first: git lfs push --all REMOTE from a clone that has them; make sure git lfs install has set up the pre-push hook'
    },
    {
        kind: 'file-too-large',
        patterns: [/\bGH001\b/, /exceeds GitHub's file size limit/i, /Large files detected/i],
        retryable: false,
        message: 'the push contains a file over the remote size limit as a raw git blob (GH001)',
        hint: 'large files must be LFS pointers: add an LFS rule to .gitattributes (--sync-gitattributes), re-add the file, and run artifact-lfs verify before pushing'
    },
    {
        kind: 'lfs-quota',
        patterns: [/over its data quota/i, /exceeded its LFS (storage|bandwidth)/i],
        retryable: false,
        message: 'the remote refused the LFS upload: the account is over its Git LFS data quota',
        hint: 'buy more LFS data packs or free LFS storage for the account that owns the repository, then run again'
    },
    {
        kind: 'auth',
        patterns: [
            /Authentication failed/i,
            /could not read (Username|Password)/i,
            /terminal prompts disabled/i,
            /returned error: 40[13]\b/,
            /\b40[13] (Unauthorized|Forbidden)\b/i,
            /Permission to \S+ denied/i,
            /Permission denied \(publickey/i,
            /Git credentials for \S+ not found/i,
            /Authentication required/i,
            /Repository not found/i
        ],
        retryable: false,
        message: 'the remote refused the credentials (authentication or permission failure)',
        hint: 'in GitHub Actions give the job permissions: contents: write and check out with a token that may push (actions/checkout keeps it unless persist-credentials: false); locally check the remote URL, your credential helper or SSH key'
    },
    {
        kind: 'rejected-non-fast-forward',
        patterns: [
            /\[rejected\]/,
            /\(fetch first\)/,
            /non-fast-forward/i,
            /Updates were rejected because/i,
            /cannot lock ref/i,
            /is at [0-9a-f]{7,} but expected [0-9a-f]{7,}/,
            /incorrect old value provided/i,
            /\(stale info\)/
        ],
        retryable: true,
        message: 'the remote branch moved on (someone else pushed first)',
        hint: 'artifact-lfs fetches and rebuilds its commit on the new tip automatically; if every attempt lost the race, run again (or raise the attempts)'
    },
    {
        kind: 'network',
        patterns: [
            /Could not resolve host/i,
            /Failed to connect to/i,
            /Connection (refused|reset|timed out)/i,
            /Operation timed out/i,
            /remote end hung up unexpectedly/i,
            /early EOF/i,
            /RPC failed/i,
            /unexpected disconnect/i,
            /returned error: 5\d\d\b/,
            /\b50[0234] (Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)\b/i,
            /(gnutls|SSL|TLS)[^\n]*(error|failed)/i
        ],
        retryable: true,
        message: 'the remote could not be reached or dropped the connection',
        hint: 'check the network and the remote URL, then run again'
    }
];
function classifyPushFailure(stderr, timedOut) {
    if (timedOut)
        return {
            kind: 'timeout',
            retryable: false,
            message: 'the push did not finish in time and was stopped',
            hint: 'check the network and the size of what is pushed (LFS uploads included), then run again'
        };
    for (const rule of RULES) {
        if (!rule.patterns.some(p => p.test(stderr)))
            continue;
        const detail = remoteDetail(stderr, rule.patterns);
        return {
            kind: rule.kind,
            retryable: rule.retryable,
            message: detail ? `${rule.message}: ${detail}` : rule.message,
            hint: rule.hint
        };
    }
    const last = meaningfulLines(stderr).slice(-3).join(' | ');
    return {
        kind: 'unknown',
        retryable: false,
        message: last ? `the push failed: ${last}` : 'the push failed without a message',
        hint: "read git's output above; nothing was changed on the remote branch"
    };
}
/** The first line that matched, without git's `remote: error:` prefixes. */
function remoteDetail(text, patterns) {
    const line = meaningfulLines(text).find(l => patterns.some(p => p.test(l)));
    return line?.replace(/^(remote:\s*)?(error:\s*|fatal:\s*)?/i, '').slice(0, 300);
}
function meaningfulLines(text) {
    return text
        .split(/\r?\n/)
        .map(l => l.trim())
        .filter(l => l !== '' && !/^(hint:|To |Done$)/.test(l));
}
/**
 * Like classifyPushFailure, for the stderr of a `git lfs push` run with GIT_TRACE=1: the trace
 * lines are left out of the message, and when the text alone says nothing known, the last
 * HTTP status git-lfs traced decides (401/403 auth; 429 and 5xx a retryable server failure;
 * git-lfs prints only the server's message, never the status). `stoppedBecause` is the
 * CREDENTIAL_LOOP reason when the credential-loop watcher stopped git-lfs.
 */
function classifyTracedPushFailure(stderr, timedOut, stoppedBecause) {
    const auth = RULES.find(rule => rule.kind === 'auth');
    if (stoppedBecause === CREDENTIAL_LOOP)
        return {
            kind: 'auth',
            retryable: false,
            message: `the LFS server refused the credentials ${MAX_CREDENTIAL_REJECTIONS} times in a row (the credential helper keeps giving the same rejected ones); git-lfs was stopped instead of retrying for ever`,
            hint: auth.hint
        };
    const failure = classifyPushFailure(withoutTraceLines(stderr), timedOut);
    if (failure.kind !== 'unknown')
        return failure;
    const status = tracedHttpStatuses(stderr).pop();
    if (status === 401 || status === 403)
        return { ...failure, kind: 'auth', retryable: false, hint: auth.hint };
    if (status === 429 || (status !== undefined && status >= 500))
        return {
            ...failure,
            kind: 'network',
            retryable: true,
            message: `the LFS server answered HTTP ${status}: ${failure.message.replace(/^the push failed: /, '')}`,
            hint: 'the LFS server had a problem; run again later'
        };
    return failure;
}

;// CONCATENATED MODULE: ./lib/pipeline/push-with-retry.js





const defaultSleep = (ms) => new Promise(resolve => setTimeout(resolve, ms));
async function pushWithRetry(repo, options) {
    const attempts = Math.max(1, options.attempts ?? 5);
    const sleep = options.sleep ?? defaultSleep;
    const random = options.random ?? Math.random;
    const logger = options.logger ?? progress_silentLogger;
    const baseDelayMs = options.baseDelayMs ?? 1000;
    const maxDelayMs = options.maxDelayMs ?? 20_000;
    const { remote, branch } = options;
    if (remote.startsWith('-') || branch.startsWith('-'))
        throw new errors/* ArtifactLfsError */.qq('usage', `invalid remote or branch: ${remote} ${branch}`);
    let sha = options.commitSha ?? (await repo.headCommit());
    if (sha === undefined)
        throw new errors/* ArtifactLfsError */.qq('push', 'nothing to push: the repository has no commits', {
            hint: 'commit an archive first'
        });
    for (let attempt = 1;; attempt++) {
        const failure = await pushOnce(repo, options, sha);
        if (failure === undefined) {
            logger.info(`pushed ${sha.slice(0, 12)} to ${remote} ${branch}` +
                (attempt > 1 ? ` (attempt ${attempt} of ${attempts})` : ''));
            return { pushed: true, commitSha: sha, attempts: attempt };
        }
        const where = `push of ${sha.slice(0, 12)} to ${remote} ${branch}`;
        if (!failure.retryable)
            throw new PushFailedError(`${where} failed: ${failure.message}`, failure, attempt);
        if (attempt >= attempts)
            throw new PushFailedError(`${where} failed after ${attempts} attempts: ${failure.message}`, failure, attempt);
        const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
        const delay = Math.floor(random() * ceiling);
        logger.warn(`push attempt ${attempt} of ${attempts} failed: ${failure.message}; retrying in ${delay} ms`);
        await sleep(delay);
        if (failure.kind === 'rejected-non-fast-forward') {
            const tip = await fetchTip(repo, remote, branch, options.timeoutMs);
            logger.info(`${remote} ${branch} is now at ${tip.slice(0, 12)}: rebuilding our commit on it`);
            sha = await options.rebuild(tip);
            await options.verify(sha);
        }
    }
}
/** One attempt; undefined on success, the classified failure otherwise. */
async function pushOnce(repo, options, sha) {
    const timeoutMs = options.timeoutMs ?? exec_git/* NETWORK_TIMEOUT_MS */.mR;
    const { remote, branch } = options;
    const steps = [];
    if (options.pushLfsObjects !== false)
        steps.push(['lfs', 'push', remote, sha]);
    steps.push(['push', '--porcelain', remote, `${sha}:refs/heads/${branch}`]);
    for (const args of steps) {
        // git-lfs is traced (HTTP statuses) and stopped when it loops on rejected credentials
        const lfs = args[0] === 'lfs';
        try {
            const result = await repo.run(args, {
                timeoutMs,
                okExitCodes: [0, 1, 128],
                ...(lfs ? { env: { ...LFS_TRACE_ENV }, watchStderr: credentialLoopWatcher() } : {})
            });
            if (result.exitCode === 0)
                continue;
            return classifyTracedPushFailure(`${result.stdout.toString('utf8')}\n${result.stderr}`, false);
        }
        catch (error) {
            if (!(error instanceof exec_git/* GitCommandError */.iR))
                throw error;
            return classifyTracedPushFailure(error.stderr, error.timedOut, error.stoppedBecause);
        }
    }
    return undefined;
}
/** Fetches the remote branch (same depth as this clone when shallow); resolves its tip. */
async function fetchTip(repo, remote, branch, timeoutMs = exec_git/* NETWORK_TIMEOUT_MS */.mR) {
    const args = ['fetch', '--no-tags', '--quiet'];
    if (await repo.isShallow()) {
        const depth = Number(await repo.text(['rev-list', '--count', '--first-parent', 'HEAD']));
        args.push(`--depth=${Math.max(1, depth)}`);
    }
    args.push(remote, `refs/heads/${branch}`);
    try {
        await repo.run(args, { timeoutMs });
    }
    catch (error) {
        const failure = error instanceof exec_git/* GitCommandError */.iR
            ? classifyPushFailure(error.stderr, error.timedOut)
            : undefined;
        throw new errors/* ArtifactLfsError */.qq('push', `could not fetch ${remote} ${branch} to rebuild on it: ${failure?.message ?? error.message}`, { hint: failure?.hint ?? 'check the remote and run again', cause: error });
    }
    return repo.text(['rev-parse', '--verify', 'FETCH_HEAD^{commit}']);
}

;// CONCATENATED MODULE: ./lib/pipeline/rebuild-commit.js





async function recommitOnTip(repo, options) {
    const { tip, ourCommit, paths } = options;
    const ours = await entriesAt(repo, ourCommit, paths);
    const atTip = await entriesAt(repo, tip, paths);
    const records = [];
    for (const path of paths) {
        let entry = {
            mode: ours.get(path)?.mode ?? '0',
            oid: ours.get(path)?.oid
        };
        const tipEntry = atTip.get(path);
        let regenerated;
        if (options.regenerate) {
            const tipContent = tipEntry
                ? (await repo.run(['cat-file', 'blob', tipEntry.oid])).stdout
                : undefined;
            regenerated = await options.regenerate(path, tipContent);
            if (regenerated !== undefined) {
                const oid = await repo.text(['hash-object', '-w', '--stdin'], { input: regenerated });
                entry = { mode: tipEntry?.mode ?? ours.get(path)?.mode ?? '100644', oid };
            }
        }
        let target = path;
        if (regenerated === undefined && takenAtTip(tipEntry, entry))
            target = await freeArchivePath(repo, tip, path);
        records.push(indexInfoRecord({ ...entry, path: target }));
    }
    const tree = await withTempIndex(async (env) => {
        await repo.run(['read-tree', tip], { env });
        await repo.run(['update-index', '-z', '--index-info'], { env, input: records.join('') });
        return repo.text(['write-tree'], { env });
    });
    return createCommit(repo, {
        tree,
        parents: [tip],
        message: await commitMessage(repo, ourCommit),
        identityEnv: options.identityEnv
    });
}
/** Whether the tip already has `path` with other content than ours. */
function takenAtTip(tipEntry, ours) {
    return tipEntry !== undefined && (tipEntry.oid !== ours.oid || tipEntry.mode !== ours.mode);
}
/**
 * Our commit only adds files: uniquely named archives. When the tip already has one of them
 * with other content, another job pushed an archive of the same name meanwhile (clones that
 * package in the same second, or matrix jobs of one workflow run, name their archives alike).
 * Ours then takes the next name that is free at the tip (`<name>-2.zip`, `-3`, ...) and theirs
 * stays; any other path is refused rather than replaced.
 */
async function freeArchivePath(repo, tip, path) {
    const slash = path.lastIndexOf('/');
    const dir = path.slice(0, slash + 1);
    const name = path.slice(slash + 1);
    if (parseArchiveName(name) !== undefined) {
        const listing = await repo.run([
            'ls-tree',
            '-z',
            '--name-only',
            '--full-tree',
            tip,
            ...(dir === '' ? [] : ['--', dir])
        ]);
        const taken = new Set(listing.stdout.toString('utf8').split('\0').filter(Boolean));
        const base = path.slice(0, -'.zip'.length);
        for (let n = 2; n < 10_000; n++) {
            const candidate = `${base}-${n}.zip`;
            if (!taken.has(candidate))
                return candidate;
        }
    }
    throw new errors/* ArtifactLfsError */.qq('push', `${path} already exists on the remote branch (at ${tip.slice(0, 12)}) with other content: another job pushed a file of the same name; not replacing it`, {
        hint: `nothing was pushed; rename ours (git mv ${path} <new name>, git commit --amend --no-edit), then push again`
    });
}
/** The blob entries of `paths` in `commit` (exact path match; directories are not expanded). */
async function entriesAt(repo, commit, paths) {
    if (commit.startsWith('-'))
        throw new errors/* ArtifactLfsError */.qq('usage', `${JSON.stringify(commit)} is not a commit`);
    const { stdout } = await repo.run([
        '--literal-pathspecs',
        'ls-tree',
        '-z',
        '--full-tree',
        commit,
        '--',
        ...paths
    ]);
    const wanted = new Set(paths);
    const found = new Map();
    for (const entry of parseLsTree(stdout))
        if (entry.type === 'blob' && wanted.has(entry.path))
            found.set(entry.path, entry);
    return found;
}

;// CONCATENATED MODULE: ./lib/pipeline/push-step.js







/**
 * Pushes HEAD when it is ahead of the remote branch. When another job pushed first, our
 * commit is rebuilt on the new tip rather than merged: it only adds uniquely named archives
 * and the generated `.gitattributes` block, so the tip's `.gitattributes` gets our block
 * regenerated into it and the archives are taken as they are. Local commits that change
 * anything else are never rewritten: that is refused with a hint to rebase by hand.
 */
async function pushStep(repo, options) {
    const { remote, branch, logger } = options;
    const head = await repo.headCommit();
    const base = { remote, branch };
    if (head === undefined)
        return { ...base, status: 'nothing-to-push', attempts: 0 };
    const remoteTip = await lsRemoteTip(repo, remote, branch);
    if (remoteTip === head) {
        logger.info(`${remote} ${branch} already has ${head.slice(0, 12)}: nothing to push`);
        return { ...base, status: 'nothing-to-push', commitSha: head, attempts: 0 };
    }
    if (options.dryRun) {
        logger.info(`dry run: would push ${head.slice(0, 12)} to ${remote} ${branch}`);
        return { ...base, status: 'dry-run', commitSha: head, attempts: 0 };
    }
    let current = head;
    const rules = renderLfsRules(options.policy);
    const pushed = await pushWithRetry(repo, {
        remote,
        branch,
        commitSha: head,
        attempts: options.attempts,
        logger,
        verify: options.verify,
        rebuild: async (newTip) => {
            const paths = await rebuildablePaths(repo, current, newTip, options.policy.sessionArtifactDir);
            current = await recommitOnTip(repo, {
                tip: newTip,
                ourCommit: current,
                paths,
                identityEnv: options.identityEnv,
                regenerate: (path, contentAtTip) => path === '.gitattributes' ? mergeManagedBlock(contentAtTip, rules) : undefined
            });
            return current;
        }
    });
    await fastForwardLocal(repo, branch, pushed.commitSha, logger);
    return { ...base, status: 'pushed', commitSha: pushed.commitSha, attempts: pushed.attempts };
}
/**
 * Where our archive ended up in the pushed commit: the same path, unless a concurrent job had
 * already pushed an archive of that name and the rebuild gave ours the next free one (the
 * blob, i.e. the pointer, is what identifies it).
 */
async function locateArchive(repo, ourCommit, pushedCommit, archivePath) {
    if (ourCommit === pushedCommit)
        return archivePath;
    const blob = await repo.text(['rev-parse', `${ourCommit}:${archivePath}`]);
    const dir = archivePath.slice(0, archivePath.lastIndexOf('/') + 1);
    const listing = await repo.run(['ls-tree', '-z', pushedCommit, '--', dir]);
    for (const record of listing.stdout.toString('utf8').split('\0')) {
        const [meta, file] = record.split('\t');
        if (file && meta?.split(' ')[2] === blob)
            return file;
    }
    return archivePath;
}
async function lsRemoteTip(repo, remote, branch) {
    const result = await repo.run(['ls-remote', '--heads', remote, `refs/heads/${branch}`], {
        timeoutMs: exec_git/* NETWORK_TIMEOUT_MS */.mR,
        okExitCodes: [0, 2]
    });
    const line = result.stdout.toString('utf8').split('\n')[0] ?? '';
    const sha = line.split('\t')[0];
    return sha && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
}
/** The paths our unpushed commits change, when all of them are ours to regenerate. */
async function rebuildablePaths(repo, ours, tip, sessionDir) {
    const mergeBase = await repo.run(['merge-base', ours, tip], { okExitCodes: [0, 1] });
    const from = mergeBase.stdout.toString('utf8').trim();
    if (mergeBase.exitCode !== 0 || from === '')
        throw new errors/* ArtifactLfsError */.qq('push', `our commit ${ours.slice(0, 12)} shares no history with the remote tip ${tip.slice(0, 12)}`, {
            hint: 'fetch the branch and rebase your work onto it, then run again'
        });
    const diff = await repo.run(['diff', '--name-only', '--no-renames', '-z', from, ours]);
    const paths = diff.stdout.toString('utf8').split('\0').filter(Boolean);
    const foreign = paths.filter(p => p !== '.gitattributes' && !(p.startsWith(`${sessionDir}/`) && /\.zip$/i.test(p)));
    if (foreign.length > 0)
        throw new errors/* ArtifactLfsError */.qq('push', `the remote branch moved and the local commits to push change more than session archives (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', ...' : ''}): not rewriting them`, { hint: 'pull --rebase, resolve, and run again (or push your own commits first)' });
    return paths;
}

;// CONCATENATED MODULE: ./lib/cleanup/verified-removal.js





const verified_removal_RESERVED_TOP = MANIFEST_ENTRY_NAME.split('/')[0];
/** Why a manifest path cannot be a temp-dir file (absolute, `..`, reserved, ...), or undefined. */
function unsafePathReason(relPath) {
    const segments = relPath.split('/');
    if (relPath === '' || relPath.startsWith('/'))
        return 'not a relative path';
    if (relPath.includes('\\') || relPath.includes('\0'))
        return 'contains a backslash or NUL';
    if (segments.some(s => s === '' || s === '.' || s === '..'))
        return 'has an empty, "." or ".." segment';
    if (segments[0] === verified_removal_RESERVED_TOP)
        return `${verified_removal_RESERVED_TOP}/ is the archive's own folder`;
    return undefined;
}
/** Absolute path of a manifest path inside `root`. */
function fullPath(root, relPath) {
    return external_node_path_.join(root, ...relPath.split('/'));
}
/** Compares what is on disk at `file.path` (below `root`) with the manifest entry. */
async function inspectAgainstManifest(root, file) {
    const unsafe = unsafePathReason(file.path);
    if (unsafe !== undefined)
        return { kind: 'refused', why: `unsafe manifest path: ${unsafe}` };
    const parents = await checkParents(root, file.path);
    if (parents !== 'ok')
        return parents;
    const full = fullPath(root, file.path);
    const stats = await lstatOrUndefined(full);
    if (stats === undefined)
        return { kind: 'missing' };
    if (file.type === 'symlink') {
        if (!stats.isSymbolicLink())
            return { kind: 'changed', why: `is now ${describe(stats)}` };
        const text = await (0,promises_.readlink)(full);
        const matches = file.target !== undefined
            ? text === file.target
            : sha256(Buffer.from(text, 'utf8')) === file.sha256;
        return matches
            ? { kind: 'match', stats }
            : { kind: 'changed', why: `the link now points to ${JSON.stringify(text)}` };
    }
    if (!stats.isFile())
        return { kind: 'changed', why: `is now ${describe(stats)}` };
    if (stats.size !== file.size)
        return { kind: 'changed', why: `has ${stats.size} bytes, the archive has ${file.size}` };
    const hashed = await hashNoFollow(full, stats);
    if (hashed === undefined)
        return { kind: 'changed', why: 'was replaced while being read' };
    return hashed === file.sha256
        ? { kind: 'match', stats }
        : { kind: 'changed', why: 'content differs from the archived copy (sha256)' };
}
/**
 * Unlinks the file seen by a 'match' inspection, unless it was replaced or modified since
 * (device, inode, size, mtime and ctime are compared). Resolves false when it was left alone.
 */
async function removeIfUnchanged(root, relPath, seen) {
    if ((await checkParents(root, relPath)) !== 'ok')
        return false;
    const full = fullPath(root, relPath);
    const now = await lstatOrUndefined(full);
    if (now === undefined || !sameFile(now, seen))
        return false;
    await (0,promises_.unlink)(full);
    return true;
}
/**
 * Removes the folders (below `root`, never `root` itself) that held `removedPaths` and are
 * empty now, deepest first. Folders that still hold anything stay. Returns the removed ones.
 */
async function removeEmptiedFolders(root, removedPaths) {
    const folders = new Set();
    for (const relPath of removedPaths) {
        const segments = relPath.split('/');
        for (let depth = 1; depth < segments.length; depth++)
            folders.add(segments.slice(0, depth).join('/'));
    }
    const deepestFirst = [...folders].sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? -1 : 1));
    const removed = [];
    for (const folder of deepestFirst) {
        const stats = await lstatOrUndefined(fullPath(root, folder));
        if (stats === undefined || !stats.isDirectory())
            continue;
        try {
            await (0,promises_.rmdir)(fullPath(root, folder));
            removed.push(folder);
        }
        catch (error) {
            const code = error.code;
            if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT')
                throw error;
        }
    }
    return removed;
}
/** Every folder above `relPath` must be a real folder; a missing one means a missing file. */
async function checkParents(root, relPath) {
    const segments = relPath.split('/');
    for (let depth = 1; depth < segments.length; depth++) {
        const parent = segments.slice(0, depth).join('/');
        const stats = await lstatOrUndefined(fullPath(root, parent));
        if (stats === undefined)
            return { kind: 'missing' };
        if (!stats.isDirectory())
            return { kind: 'refused', why: `its folder ${parent} is now ${describe(stats)}` };
    }
    return 'ok';
}
/** sha256 of a regular file opened without following links; undefined if it is not `seen`. */
async function hashNoFollow(full, seen) {
    let handle;
    try {
        handle = await (0,promises_.open)(full, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW | external_node_fs_.constants.O_NONBLOCK);
    }
    catch (error) {
        const code = error.code;
        if (code === 'ELOOP' || code === 'ENOENT')
            return undefined;
        throw error;
    }
    try {
        const opened = await handle.stat();
        if (!opened.isFile() || opened.ino !== seen.ino || opened.dev !== seen.dev)
            return undefined;
        const hash = (0,external_node_crypto_.createHash)('sha256');
        for await (const chunk of handle.createReadStream({ highWaterMark: 1 << 20, autoClose: false }))
            hash.update(chunk);
        return hash.digest('hex');
    }
    finally {
        await handle.close();
    }
}
function sameFile(a, b) {
    return (a.dev === b.dev &&
        a.ino === b.ino &&
        a.size === b.size &&
        a.mtimeMs === b.mtimeMs &&
        a.ctimeMs === b.ctimeMs &&
        a.isSymbolicLink() === b.isSymbolicLink());
}
function sha256(bytes) {
    return (0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex');
}
function describe(stats) {
    if (stats.isDirectory())
        return 'a folder';
    if (stats.isSymbolicLink())
        return 'a symlink';
    if (stats.isFile())
        return 'a regular file';
    return 'a special file';
}
async function lstatOrUndefined(full) {
    try {
        return await (0,promises_.lstat)(full);
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT' || code === 'ENOTDIR')
            return undefined;
        throw error;
    }
}

;// CONCATENATED MODULE: ./lib/cleanup/clean-packaged-files.js


/**
 * After this run's archive is safely stored (committed and pushed), removes from `tmpDir`
 * exactly the files its manifest lists, and only those that are still byte-identical to the
 * archived copy (sha256; symlinks: same link text). A file edited since packaging is kept and
 * reported. Symlinks are never followed (every parent folder is lstat'ed). Folders emptied
 * by the removal go too; the temp dir itself always stays.
 */
async function cleanPackagedFiles(tmpDir, manifestFiles, logger) {
    const result = {
        removed: [],
        keptChanged: [],
        missing: [],
        refused: [],
        removedFolders: []
    };
    const root = await (0,promises_.realpath)(tmpDir).catch((error) => {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    });
    if (root === undefined) {
        result.missing = [...new Set(manifestFiles.map(f => f.path))];
        logger.warn(`clean: the temp dir ${tmpDir} is gone; nothing to remove`);
        return result;
    }
    const seen = new Set();
    for (const file of manifestFiles) {
        if (seen.has(file.path))
            continue;
        seen.add(file.path);
        const inspection = await inspectAgainstManifest(root, file);
        switch (inspection.kind) {
            case 'missing':
                result.missing.push(file.path);
                break;
            case 'refused':
                result.refused.push({ path: file.path, why: inspection.why });
                logger.warn(`not removing ${file.path}: ${inspection.why}`);
                break;
            case 'changed':
                result.keptChanged.push({ path: file.path, why: inspection.why });
                logger.warn(`kept ${file.path}: changed after packaging (${inspection.why})`);
                break;
            case 'match':
                if (await removeIfUnchanged(root, file.path, inspection.stats)) {
                    result.removed.push(file.path);
                    logger.debug(`removed ${file.path}`);
                }
                else {
                    result.keptChanged.push({ path: file.path, why: 'changed while being checked' });
                    logger.warn(`kept ${file.path}: it changed while being checked`);
                }
                break;
        }
    }
    result.removedFolders = await removeEmptiedFolders(root, result.removed);
    logger.info(`clean: removed ${result.removed.length} packaged file(s) from ${tmpDir}` +
        (result.keptChanged.length > 0 ? `, kept ${result.keptChanged.length} changed` : '') +
        (result.missing.length > 0 ? `, ${result.missing.length} already gone` : ''));
    return result;
}

;// CONCATENATED MODULE: ./lib/cleanup/head-archives.js







/** The policy's session dir relative to the repo root; refuses one outside it. */
function repoRelativeDir(repo, sessionDir) {
    const relative = external_node_path_.relative(repo.root, external_node_path_.resolve(repo.root, sessionDir));
    if (relative.startsWith('..') || external_node_path_.isAbsolute(relative))
        throw new errors/* ArtifactLfsError */.qq('config', `session dir ${sessionDir} is outside the repository`, {
            hint: 'set session_artifact_dir in the policy to a folder inside the repository'
        });
    return relative.split(external_node_path_.sep).join('/');
}
/**
 * The session archives committed at HEAD (blobs directly in the session dir named `*.zip`),
 * sorted by name, with their LFS pointers (one `git cat-file --batch`) and whether each
 * object is in the local LFS store. Fetches nothing.
 */
async function listHeadArchives(repo, sessionDir) {
    const dir = repoRelativeDir(repo, sessionDir);
    const head = await repo.headCommit();
    if (head === undefined)
        return { head, sessionDir: dir, archives: [] };
    const listing = await repo.run(['ls-tree', '-l', '-z', '--full-tree', head, '--', ...(dir === '' ? [] : [`${dir}/`])], { env: { GIT_LITERAL_PATHSPECS: '1' } });
    const blobs = parseLsTree(listing.stdout).filter(e => e.type === 'blob' &&
        e.mode !== SYMLINK_MODE &&
        /\.zip$/i.test(e.path) &&
        external_node_path_.posix.dirname(e.path) === (dir === '' ? '.' : dir));
    const small = blobs.filter(e => (e.size ?? 0) <= MAX_POINTER_SIZE).map(e => e.oid);
    const contents = await (0,cat_file_batch/* readObjects */.$)(repo, small);
    const objectsDir = await lfsObjectsDir(repo);
    const archives = [];
    for (const entry of blobs) {
        const content = contents.get(entry.oid);
        const parsed = content === undefined ? undefined : parsePointer(content);
        const archive = {
            name: external_node_path_.posix.basename(entry.path),
            path: entry.path,
            blob: entry.oid,
            mode: entry.mode,
            objectPresent: false
        };
        if (parsed?.kind === 'pointer') {
            const { oid } = parsed.pointer;
            archive.pointer = parsed.pointer;
            archive.objectPath = external_node_path_.join(objectsDir, oid.slice(0, 2), oid.slice(2, 4), oid);
            const found = await (0,promises_.stat)(archive.objectPath).catch(() => undefined);
            archive.objectPresent = found !== undefined && found.isFile();
        }
        archives.push(archive);
    }
    archives.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { head, sessionDir: dir, archives };
}
/** The local LFS objects folder (honours lfs.storage and linked worktrees). */
async function lfsObjectsDir(repo) {
    const sample = await lfsObjectPathFor(repo, '0'.repeat(64));
    return external_node_path_.dirname(external_node_path_.dirname(external_node_path_.dirname(sample)));
}

// EXTERNAL MODULE: ./lib/cleanup/parse-duration.js
var parse_duration = __webpack_require__(176);
;// CONCATENATED MODULE: ./lib/cleanup/select-archives.js


/**
 * Which session archives a retention rule removes. Pure: only the names count.
 * - `keep` alone: everything but the newest `keep`.
 * - `maxAgeMs` alone: everything older than it (strictly; keep defaults to 0).
 * - both: older than `maxAgeMs` and not among the newest `keep`.
 * "Newest" is compareArchiveNamesNewestFirst (timestamp, then the suffix's numbers). A name
 * whose timestamp is not a real UTC date and time is ignored, never pruned.
 */
function selectArchivesToPrune(names, rule) {
    const keep = checkRule(rule);
    const recognised = [];
    const ignored = [];
    for (const name of new Set(names)) {
        const ms = archiveTime(name);
        if (ms === undefined)
            ignored.push(name);
        else
            recognised.push({ name, ms });
    }
    recognised.sort((a, b) => compareArchiveNamesNewestFirst(a.name, b.name));
    const prune = [];
    const kept = [];
    const cutoff = rule.maxAgeMs === undefined ? undefined : rule.now.getTime() - rule.maxAgeMs;
    recognised.forEach(({ name, ms }, rank) => {
        const protectedByKeep = rank < keep;
        const oldEnough = cutoff === undefined || ms < cutoff;
        if (!protectedByKeep && oldEnough)
            prune.push(name);
        else
            kept.push(name);
    });
    prune.sort();
    return { prune, kept, ignored };
}
/** The UTC time in an archive name, or undefined when the name has none (or an invalid one). */
function archiveTime(name) {
    const parsed = parseArchiveName(name);
    if (parsed === undefined)
        return undefined;
    const s = parsed.stamp;
    const ms = Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8)), Number(s.slice(9, 11)), Number(s.slice(11, 13)), Number(s.slice(13, 15)));
    // Date.UTC rolls 2025-02-30 over into March: only a stamp that round-trips is real
    return Number.isFinite(ms) && utcStamp(new Date(ms)) === s ? ms : undefined;
}
function checkRule(rule) {
    if (rule.keep === undefined && rule.maxAgeMs === undefined)
        throw new errors/* ArtifactLfsError */.qq('usage', 'archive pruning needs keep, max-age or both', {
            hint: 'e.g. keep: 10 (the newest ten stay) and/or max-age: 30d'
        });
    if (rule.keep !== undefined && (!Number.isSafeInteger(rule.keep) || rule.keep < 0))
        throw new errors/* ArtifactLfsError */.qq('usage', `keep must be a whole number of zero or more (got ${rule.keep})`, {
            hint: 'e.g. keep: 10'
        });
    if (rule.maxAgeMs !== undefined && (!Number.isFinite(rule.maxAgeMs) || rule.maxAgeMs < 0))
        throw new errors/* ArtifactLfsError */.qq('usage', `max-age must be a duration of zero or more (got ${rule.maxAgeMs} ms)`, {
            hint: 'e.g. max-age: 30d'
        });
    if (Number.isNaN(rule.now.getTime()))
        throw new errors/* ArtifactLfsError */.qq('usage', 'the current time for archive pruning is not a valid date');
    return rule.keep ?? 0;
}

;// CONCATENATED MODULE: ./lib/cleanup/prune-archives.js













const prune_archives_LITERAL = '--literal-pathspecs';
/**
 * Removes the session archives a retention rule selects from HEAD's tree in ONE commit and
 * moves HEAD to it; they stay in history (the parent commit still has them). The commit is
 * built from HEAD with a private index, so whatever else the user has staged stays staged and
 * uncommitted. Afterwards the user's index drops the removed paths (only where it still had
 * HEAD's version) and their unmodified work-tree copies are deleted, as `git rm` would.
 * Nothing is pushed here; the push step does that.
 */
async function commitArchivePrune(repo, options) {
    const { logger } = options;
    const listed = await listHeadArchives(repo, options.sessionDir);
    const byName = new Map(listed.archives.map(a => [a.name, a]));
    const selection = selectArchivesToPrune([...byName.keys()], options);
    for (const name of selection.ignored)
        logger.info(`prune-archives: ${name} is not named like a session archive; left alone`);
    const doomed = selection.prune.map(name => byName.get(name));
    const removed = doomed.map(a => a.path);
    const result = { removed, kept: selection.kept, leftInWorkTree: [] };
    const head = listed.head;
    if (head === undefined || doomed.length === 0) {
        logger.info(`prune-archives: nothing to prune (${selection.kept.length} archive(s) kept)`);
        return { ...result, removed: [] };
    }
    const before = await prune_archives_stagedEntries(repo, removed);
    const conflicted = before.find(e => e.stage !== 0);
    if (conflicted)
        throw new errors/* ArtifactLfsError */.qq('commit', `${conflicted.path} has an unresolved merge conflict`, {
            hint: 'resolve the conflict (or git merge --abort) and run the pruning again'
        });
    const tree = await withTempIndex(async (env) => {
        await repo.run(['read-tree', head], { env });
        const records = removed.map(p => indexInfoRecord({ mode: '0', oid: undefined, path: p }));
        await repo.run(['update-index', '-z', '--index-info'], { env, input: records.join('') });
        return repo.text(['write-tree'], { env });
    });
    if (tree === (await treeOf(repo, head)))
        throw new errors/* ArtifactLfsError */.qq('commit', `pruning ${removed.join(', ')} left the tree unchanged`);
    const message = normalizeMessage(options.message ?? defaultMessage(doomed, options, head));
    const commitSha = await createCommit(repo, {
        tree,
        parents: [head],
        message,
        identityEnv: options.identityEnv
    });
    const subject = message.split('\n', 1)[0];
    try {
        await repo.run([
            'update-ref',
            '-m',
            `prune (artifact-lfs): ${subject}`,
            'HEAD',
            commitSha,
            head
        ]);
    }
    catch (cause) {
        throw new errors/* ArtifactLfsError */.qq('commit', `HEAD moved while pruning (it is no longer ${head})`, {
            hint: 'another git command committed at the same time; run the pruning again',
            cause
        });
    }
    logger.info(`pruned ${removed.length} session archive(s) in ${commitSha}: ${removed.join(', ')}`);
    const staged = new Map(before.map(e => [e.path, e.oid]));
    const synced = doomed.filter(a => staged.get(a.path) === a.blob);
    for (const a of doomed.filter(a => !synced.includes(a) && staged.has(a.path)))
        logger.warn(`${a.path}: your index holds another version; it stays staged`);
    if (synced.length > 0) {
        const records = synced.map(a => indexInfoRecord({ mode: '0', oid: undefined, path: a.path }));
        try {
            await repo.run(['update-index', '-z', '--index-info'], { input: records.join('') });
        }
        catch (error) {
            // the commit stands; only the user's index lags behind it
            logger.warn(`pruned in ${commitSha}, but your index still lists ${synced.map(a => a.path).join(', ')}: ${error.message}; run git rm --cached on them`);
            return { ...result, commitSha, leftInWorkTree: synced.map(a => a.path) };
        }
    }
    for (const archive of synced) {
        if (await removeWorkTreeCopy(repo, archive))
            continue;
        result.leftInWorkTree.push(archive.path);
        logger.warn(`${archive.path}: the work-tree copy was modified; left in place (untracked)`);
    }
    return { ...result, commitSha };
}
function defaultMessage(doomed, options, head) {
    const n = doomed.length;
    const names = doomed.map(a => a.name);
    const shown = names.length > 5
        ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`
        : names.join(', ');
    const rule = [
        options.maxAgeMs === undefined ? '' : ` older than ${(0,parse_duration/* formatDuration */.a)(options.maxAgeMs)}`,
        options.keep === undefined ? '' : ` (keep newest ${options.keep})`
    ].join('');
    return [
        `Prune ${n} session archive${n === 1 ? '' : 's'}${rule}: ${shown}`,
        '',
        `Removed from the tree; they stay in history at ${head}:`,
        ...doomed.map(a => `- ${a.path}`)
    ].join('\n');
}
async function prune_archives_stagedEntries(repo, paths) {
    const { stdout } = await repo.run([prune_archives_LITERAL, 'ls-files', '-s', '-z', '--', ...paths]);
    const wanted = new Set(paths);
    return parseLsFilesStage(stdout).filter(e => wanted.has(e.path));
}
/**
 * Deletes the work-tree copy when it is what HEAD had: the archive itself (size and sha256 of
 * the LFS object) or the bare pointer text. Missing counts as done; anything else stays.
 */
async function removeWorkTreeCopy(repo, archive) {
    const file = external_node_path_.join(repo.root, ...archive.path.split('/'));
    const stats = await (0,promises_.lstat)(file).catch(() => undefined);
    if (stats === undefined)
        return true;
    if (!stats.isFile())
        return false;
    const pointer = archive.pointer;
    if (pointer === undefined) {
        // committed as a raw blob: compare the bytes with that blob
        const oid = await repo.text(['hash-object', '--no-filters', '--', file]);
        if (oid === archive.blob)
            await (0,promises_.unlink)(file);
        return oid === archive.blob;
    }
    const unchanged = stats.size <= MAX_POINTER_SIZE &&
        (await (0,promises_.readFile)(file)).equals(Buffer.from(formatPointer(pointer)))
        ? true
        : stats.size === pointer.size && (await sha256Of(file)) === pointer.oid;
    if (unchanged)
        await (0,promises_.unlink)(file);
    return unchanged;
}
async function sha256Of(file) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(file, { highWaterMark: 1 << 20 }))
        hash.update(chunk);
    return hash.digest('hex');
}

;// CONCATENATED MODULE: ./lib/archive/read-manifest.js




/**
 * An archive's manifest, reading only the manifest entry (its CRC and size checked), not
 * the files: cheap enough for listings and for deciding what an archive vouches for.
 */
async function readManifest(file, displayName) {
    const reader = await ZipReader.open(file, { displayName });
    try {
        const entry = reader.entries.find(e => e.name === MANIFEST_ENTRY_NAME && e.kind === 'file');
        if (entry === undefined)
            throw new errors/* ArtifactLfsError */.qq('archive', `${displayName}: has no manifest (${MANIFEST_ENTRY_NAME})`);
        const bytes = await reader.readEntry(entry, { maxBytes: MAX_MANIFEST_BYTES });
        return parseManifest(bytes, displayName);
    }
    finally {
        await reader.close();
    }
}

;// CONCATENATED MODULE: ./lib/cleanup/archived-files.js






/**
 * What the committed session archives hold, by manifest path, for deciding which temp files
 * are safely archived. Only archives whose LFS object is local can vouch for anything; their
 * manifests are read up front (the manifest entry only), and an archive is fully checked
 * (object sha256 against its pointer, then every entry against the manifest) the first time
 * it is asked to vouch for a file.
 */
class ArchivedFiles {
    /** Archives that cannot vouch, and why (object missing, not a pointer, unreadable). */
    unavailable = [];
    byPath = new Map();
    verdicts = new Map();
    constructor() { }
    static async load(archives, logger) {
        const index = new ArchivedFiles();
        for (const archive of archives) {
            const why = await index.add(archive);
            if (why === undefined)
                continue;
            index.unavailable.push({ path: archive.path, why });
            logger.warn(`${archive.path} cannot vouch for any temp file: ${why}`);
        }
        return index;
    }
    /** Every archived copy of `relPath` (from archives whose object is local). */
    entriesFor(relPath) {
        return this.byPath.get(relPath) ?? [];
    }
    /** Whether the archive is intact; undefined when it is, otherwise why not. Cached. */
    verify(archive) {
        let verdict = this.verdicts.get(archive.path);
        if (verdict === undefined) {
            verdict = verifyObject(archive);
            this.verdicts.set(archive.path, verdict);
        }
        return verdict;
    }
    async add(archive) {
        if (archive.pointer === undefined || archive.objectPath === undefined)
            return 'it is committed as a raw blob, not as an LFS pointer';
        if (!archive.objectPresent)
            return `its LFS object ${archive.pointer.oid.slice(0, 12)} is not in the local store (fetch it with git lfs pull --include="${archive.path}")`;
        let files;
        try {
            files = await readManifestFiles(archive.objectPath, archive.path);
        }
        catch (error) {
            if (!(0,errors/* isArtifactLfsError */.sL)(error))
                throw error;
            return `its manifest cannot be read: ${error.message}`;
        }
        for (const file of files) {
            const list = this.byPath.get(file.path) ?? [];
            list.push({ archive, file });
            this.byPath.set(file.path, list);
        }
        return undefined;
    }
}
/** The manifest's file list, reading only the manifest entry (CRC and size checked). */
async function readManifestFiles(file, displayName) {
    return (await readManifest(file, displayName)).files;
}
async function verifyObject(archive) {
    const { pointer, objectPath } = archive;
    if (pointer === undefined || objectPath === undefined)
        return 'not an LFS pointer';
    const found = await (0,promises_.stat)(objectPath).catch(() => undefined);
    if (found === undefined)
        return 'its LFS object is not in the local store';
    if (found.size !== pointer.size)
        return `its LFS object has ${found.size} bytes, the pointer says ${pointer.size}`;
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(objectPath, { highWaterMark: 1 << 20 }))
        hash.update(chunk);
    const actual = hash.digest('hex');
    if (actual !== pointer.oid)
        return `its LFS object hashes to ${actual}, the pointer says ${pointer.oid}`;
    try {
        await checkArchive(objectPath, { displayName: archive.path });
    }
    catch (error) {
        if (!(0,errors/* isArtifactLfsError */.sL)(error))
            throw error;
        return `it failed validation: ${(0,errors/* errorMessage */.gJ)(error)}`;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./lib/cleanup/prune-temp.js








/**
 * Removes temp-dir files that are older than `olderThanMs` (mtime) and byte-identical (same
 * path, type and sha256; symlinks: same link text) to a file in a session archive committed at
 * HEAD whose LFS object is in the local store and passes a full check (sha256 of the object,
 * then every entry against its manifest). Every other file is kept and listed with the reason.
 * Nothing is followed through symlinks; `.git` folders inside the temp dir are not entered.
 */
async function pruneTemp(repo, options) {
    const { logger } = options;
    const dryRun = options.dryRun === true;
    const result = {
        removed: [],
        kept: [],
        removedFolders: [],
        unavailableArchives: [],
        dryRun
    };
    if (!Number.isFinite(options.olderThanMs) || options.olderThanMs < 0)
        throw new errors/* ArtifactLfsError */.qq('usage', `older-than must be a duration of zero or more (got ${options.olderThanMs} ms)`, {
            hint: 'pass a duration such as 7d'
        });
    const root = await resolveTempDir(repo, options.tmpDir, options.sessionDir);
    if (root === undefined) {
        logger.info(`prune-temp: ${options.tmpDir} does not exist; nothing to prune`);
        return result;
    }
    const { archives } = await listHeadArchives(repo, options.sessionDir);
    const index = await ArchivedFiles.load(archives, logger);
    result.unavailableArchives = index.unavailable;
    const age = (0,parse_duration/* formatDuration */.a)(options.olderThanMs);
    const keep = (relPath, why, detail) => {
        result.kept.push({ path: relPath, why, detail });
        logger.debug(`keep ${relPath}: ${detail}`);
    };
    for (const { relPath, stats } of await walkTempDir(root)) {
        if (!stats.isFile() && !stats.isSymbolicLink()) {
            keep(relPath, 'not-archived', 'not a regular file or symlink');
            continue;
        }
        if (options.now.getTime() - stats.mtimeMs < options.olderThanMs) {
            keep(relPath, 'too-new', `modified less than ${age} ago`);
            continue;
        }
        const decision = await judge(root, relPath, stats, index);
        if (decision.kind === 'keep') {
            keep(relPath, decision.why, decision.detail);
            continue;
        }
        if (dryRun) {
            result.removed.push(relPath);
            logger.info(`would remove ${relPath} (archived in ${decision.archivePath})`);
        }
        else if (await removeIfUnchanged(root, relPath, decision.stats)) {
            result.removed.push(relPath);
            logger.debug(`removed ${relPath} (archived in ${decision.archivePath})`);
        }
        else {
            keep(relPath, 'differs', 'changed while being checked');
        }
    }
    if (!dryRun)
        result.removedFolders = await removeEmptiedFolders(root, result.removed);
    logger.info(summary(result, age, options.tmpDir));
    return result;
}
/** Whether a committed, intact archive holds exactly this file. */
async function judge(root, relPath, stats, index) {
    const type = stats.isSymbolicLink() ? 'symlink' : 'file';
    const entries = index.entriesFor(relPath);
    if (entries.length === 0) {
        const unchecked = index.unavailable.length;
        return {
            kind: 'keep',
            why: 'not-archived',
            detail: 'not in any committed archive whose object is local' +
                (unchecked > 0 ? ` (${unchecked} archive(s) could not be read)` : '')
        };
    }
    let differs = `the archived copy in ${entries[0]?.archive.path} is a ${entries[0]?.file.type}`;
    // one disk comparison per distinct archived version of the file
    const versions = new Map();
    for (const entry of entries.filter(e => e.file.type === type)) {
        const key = `${entry.file.sha256}\0${entry.file.target ?? ''}`;
        versions.set(key, [...(versions.get(key) ?? []), entry]);
    }
    for (const sameVersion of versions.values()) {
        const first = sameVersion[0];
        const inspection = await inspectAgainstManifest(root, first.file);
        if (inspection.kind === 'changed' || inspection.kind === 'refused') {
            differs = `${inspection.why} (${first.archive.path})`;
            continue;
        }
        if (inspection.kind === 'missing')
            return { kind: 'keep', why: 'differs', detail: 'disappeared while being checked' };
        const problems = [];
        for (const entry of sameVersion) {
            const why = await index.verify(entry.archive);
            if (why === undefined)
                return { kind: 'remove', stats: inspection.stats, archivePath: entry.archive.path };
            problems.push(`${entry.archive.path}: ${why}`);
        }
        return {
            kind: 'keep',
            why: 'unverified',
            detail: `archived, but no intact archive vouches for it (${problems.join('; ')})`
        };
    }
    return { kind: 'keep', why: 'differs', detail: differs };
}
/** The temp dir's real path, or undefined when it does not exist; refuses unsafe choices. */
async function resolveTempDir(repo, tmpDir, sessionDir) {
    const wanted = external_node_path_.resolve(repo.root, tmpDir);
    let root;
    try {
        root = await (0,promises_.realpath)(wanted);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
    const refuse = (why) => {
        throw new errors/* ArtifactLfsError */.qq('config', `refusing to prune temp dir ${tmpDir}: ${why}`, {
            hint: 'point the temp dir at a folder that holds only session outputs, e.g. tmp/'
        });
    };
    if (!(await (0,promises_.lstat)(root)).isDirectory())
        refuse('it is not a folder');
    const gitDir = await repo.gitDir();
    const sessionAbs = external_node_path_.resolve(repo.root, sessionDir);
    if (root === external_node_path_.parse(root).root)
        refuse('it is the file-system root');
    if (prune_temp_isInsideOrEqual(root, repo.root))
        refuse('it is or contains the repository root');
    if (prune_temp_isInsideOrEqual(gitDir, root))
        refuse('it is inside the .git folder');
    if (prune_temp_isInsideOrEqual(root, sessionAbs))
        refuse(`it contains the session artifact dir ${sessionDir}`);
    return root;
}
function prune_temp_isInsideOrEqual(parent, candidate) {
    const rel = external_node_path_.relative(parent, candidate);
    return rel === '' || (!rel.startsWith('..') && !external_node_path_.isAbsolute(rel));
}
/** Every non-folder below `root` (symlinks not followed, `.git` not entered), path-sorted. */
async function walkTempDir(root) {
    const found = [];
    const walk = async (relDir) => {
        const entries = await (0,promises_.readdir)(relDir === '' ? root : fullPath(root, relDir), {
            withFileTypes: true
        });
        for (const entry of entries) {
            const relPath = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
            const stats = await (0,promises_.lstat)(fullPath(root, relPath)).catch(vanished);
            if (stats === undefined)
                continue;
            if (stats.isDirectory()) {
                if (entry.name !== '.git')
                    await walk(relPath);
            }
            else
                found.push({ relPath, stats });
        }
    };
    await walk('');
    return found.sort((a, b) => compareArchivePaths(a.relPath, b.relPath));
}
/** A file removed by someone else between readdir and lstat is simply not there. */
function vanished(error) {
    if (error.code === 'ENOENT')
        return undefined;
    throw error;
}
function summary(result, age, tmpDir) {
    const counts = new Map();
    for (const k of result.kept)
        counts.set(k.why, (counts.get(k.why) ?? 0) + 1);
    const parts = [...counts].map(([why, n]) => `${n} ${why.replace('-', ' ')}`);
    const verb = result.dryRun ? 'would remove' : 'removed';
    return (`prune-temp: ${verb} ${result.removed.length} file(s) in ${tmpDir} older than ${age} and archived at HEAD` +
        (result.kept.length > 0 ? `; kept ${result.kept.length} (${parts.join(', ')})` : ''));
}

;// CONCATENATED MODULE: ./lib/pipeline/cleanup-steps.js






/** --prune-archives: one commit removing older archives; in a dry run only the selection. */
async function pruneArchivesStep(repo, options) {
    if (options.dryRun) {
        const { archives } = await listHeadArchives(repo, options.sessionDir);
        const selection = selectArchivesToPrune(archives.map(a => a.name), { keep: options.keep, maxAgeMs: options.maxAgeMs, now: options.now });
        const byName = new Map(archives.map(a => [a.name, a.path]));
        const removed = selection.prune.map(name => byName.get(name) ?? name);
        options.logger.info(`dry run: would prune ${removed.length} archive(s)`);
        return { removed, kept: selection.kept, dryRun: true };
    }
    const result = await commitArchivePrune(repo, {
        sessionDir: options.sessionDir,
        keep: options.keep,
        maxAgeMs: options.maxAgeMs,
        now: options.now,
        identityEnv: options.identityEnv,
        logger: options.logger
    });
    options.logger.info(result.commitSha
        ? `pruned ${result.removed.length} archive(s) in ${result.commitSha}`
        : 'no archive is old enough to prune');
    return { commitSha: result.commitSha, removed: result.removed, kept: result.kept, dryRun: false };
}
/** --prune-temp: remove old temp-dir files that an archive at HEAD holds byte-identical. */
async function pruneTempStep(repo, options) {
    const result = await pruneTemp(repo, options);
    options.logger.info(`${options.dryRun ? 'dry run: would remove' : 'removed'} ${result.removed.length} archived file(s) from ${external_node_path_.basename(options.tmpDir)}; kept ${result.kept.length}`);
    return {
        removed: result.removed,
        kept: result.kept.map(k => ({ path: k.path, why: k.why })),
        dryRun: options.dryRun
    };
}
/** --clean: after the archive is stored, remove exactly its unchanged files from the temp dir. */
async function cleanStep(tmpDir, files, logger) {
    const result = await cleanPackagedFiles(tmpDir, files, logger);
    for (const kept of result.keptChanged)
        logger.warn(`kept ${kept.path}: ${kept.why}`);
    logger.info(`removed ${result.removed.length} archived file(s) from the temp dir`);
    return { removed: result.removed, keptChanged: result.keptChanged.map(k => k.path) };
}

;// CONCATENATED MODULE: ./lib/pipeline/run-pipeline.js















/**
 * The one engine both adapters drive: sync -> package -> commit -> verify -> validate -> push,
 * each only when asked, push only when every earlier step of this run passed.
 */
async function runPipeline(request, hooks) {
    const { logger } = hooks;
    const { repo, shallow } = await git_repo/* GitRepo */.t.locate(request.cwd);
    const gitDir = await repo.gitDir();
    const loaded = await loadPolicy(repo.root, request.policyFile);
    if (!loaded.exists)
        logger.info(`no ${request.policyFile} at the repo root: using the default policy`);
    for (const warning of loaded.warnings)
        logger.warn(warning);
    const policy = loaded.policy;
    const steps = request.steps;
    const result = {
        repoRoot: repo.root,
        policySource: loaded.source,
        policyExists: loaded.exists
    };
    let current = 'preflight';
    const step = async (name, work) => {
        current = name;
        return hooks.phase(name, work);
    };
    const tmpDir = request.tmpDir === undefined
        ? external_node_path_.join(repo.root, 'tmp')
        : external_node_path_.resolve(request.cwd, request.tmpDir);
    const writes = steps.package ||
        steps.commit ||
        steps.push ||
        steps.clean ||
        steps.pruneTemp !== undefined ||
        steps.pruneArchives !== undefined ||
        (steps.sync && !steps.syncCheck);
    const lock = writes ? await RunLock.acquire(gitDir) : undefined;
    try {
        let branch;
        let identityEnv = {};
        let autoSync = false;
        const commits = steps.commit || steps.pruneArchives !== undefined;
        // verify reads blobs through git alone; every other git step may need git-lfs
        const needsGitLfs = commits || steps.push || steps.validate || steps.pruneTemp !== undefined;
        if (needsGitLfs || steps.verify) {
            await step('preflight', async () => {
                if (needsGitLfs) {
                    const tools = await checkTools(repo);
                    logger.info(`git ${tools.git}, git-lfs ${tools.gitLfs}`);
                }
                if (shallow)
                    logger.info('shallow clone: verify and push work on it as they are');
                if (commits || steps.push) {
                    if (await ensureLfsFilter(repo))
                        logger.info('configured the LFS filter for this clone (git lfs install --local)');
                    branch = await resolveBranch(repo, request.branch);
                    identityEnv = await committer_identity_committerIdentity(repo);
                }
                if (steps.commit && !steps.sync) {
                    const probe = `${policy.sessionArtifactDir}/codex-session_00000000_000000.zip`;
                    if (!(await isLfsTracked(repo, probe))) {
                        if (policy.enableAutoLfs || request.allowAutoLfs)
                            autoSync = true;
                        else
                            throw new errors/* ArtifactLfsError */.qq('commit', `${policy.sessionArtifactDir}/*.zip is not covered by an LFS rule in .gitattributes: committing would store raw archives`, {
                                hint: 'run with --sync-gitattributes (Action: sync: true), or set enable_autolfs: true in the policy (or ALLOW_AUTOLFS=1) to add the rule automatically'
                            });
                    }
                }
            });
        }
        let gitattributesChanged = false;
        if (steps.sync || autoSync) {
            result.sync = await step('sync', async () => {
                const sync = await syncGitattributes(repo.root, policy, { check: steps.syncCheck });
                if (steps.syncCheck && sync.changed)
                    throw new errors/* ArtifactLfsError */.qq('config', `${sync.path} is out of date with ${request.policyFile}:\n${sync.diff}`, {
                        hint: 'run artifact-lfs --sync-gitattributes and commit the result'
                    });
                logger.info(sync.changed ? `updated ${sync.path}` : `${sync.path} is up to date`);
                return {
                    path: sync.path,
                    changed: sync.changed,
                    checkOnly: steps.syncCheck,
                    diff: sync.diff
                };
            });
            gitattributesChanged = !steps.syncCheck && (await differsFromHead(repo, '.gitattributes'));
        }
        let packaged;
        if (steps.package) {
            result.package = await step('package', async () => {
                const outcome = await packageSession({
                    repoRoot: repo.root,
                    gitDir,
                    tmpDir,
                    sessionArtifactDir: policy.sessionArtifactDir,
                    all: request.all,
                    includeHidden: request.includeHidden,
                    compressionLevel: request.compressionLevel,
                    sourceDateEpoch: request.sourceDateEpoch,
                    now: request.now,
                    runContext: request.runContext,
                    logger,
                    progress: hooks.progress
                });
                if (outcome.status === 'nothing-to-package') {
                    logger.info(`nothing to package: ${outcome.reason}`);
                    return {
                        status: outcome.status,
                        reason: outcome.reason,
                        files: [],
                        totalBytes: 0,
                        skipped: outcome.skipped
                    };
                }
                packaged = outcome;
                logger.info(`archive ${outcome.archiveRelPath}: ${outcome.files.length} files, ${outcome.size} bytes, sha256 ${outcome.sha256}`);
                return packageReport(outcome);
            });
            if (packaged && !steps.commit)
                await packaged.saveState();
        }
        if (steps.commit) {
            result.commit = await step('commit', async () => {
                if (!packaged) {
                    logger.info('nothing to commit: no archive was produced');
                    return { status: 'nothing-to-commit', branch };
                }
                const { commitSha } = await commitArchive(repo, {
                    archivePath: packaged.archiveRelPath,
                    expected: { sha256: packaged.sha256, size: packaged.size },
                    alsoStage: gitattributesChanged ? ['.gitattributes'] : [],
                    message: request.message ??
                        `Add session artifact ${external_node_path_.basename(packaged.archiveRelPath, '.zip').replace(/^codex-session_/, '')}`,
                    identityEnv
                });
                await packaged.saveState();
                logger.info(`committed ${commitSha} on ${branch}`);
                return { status: 'committed', commitSha, branch };
            });
        }
        const pruneArchives = steps.pruneArchives;
        if (pruneArchives) {
            const report = await step('prune-archives', () => pruneArchivesStep(repo, {
                sessionDir: policy.sessionArtifactDir,
                keep: pruneArchives.keep,
                maxAgeMs: pruneArchives.maxAgeMs,
                now: request.now,
                dryRun: request.dryRun,
                identityEnv,
                logger
            }));
            result.cleanup = { ...result.cleanup, pruneArchives: report };
        }
        if (steps.verify || steps.push) {
            result.verify = await step('verify', () => verifyAt(repo, policy, 'HEAD'));
            if (result.verify.offenders.length > 0)
                throw new errors/* ArtifactLfsError */.qq('verify', verifyFailureMessage(result.verify), {
                    hint: 'track them with LFS (add their extension to binary_extensions, run --sync-gitattributes, then git add --renormalize) or remove them from the commit'
                });
        }
        if (steps.validate || steps.push) {
            const report = await step('validate', async () => {
                const validated = await validateSessionArchives(repo, {
                    sessionDir: policy.sessionArtifactDir,
                    ref: 'HEAD',
                    requireObjects: packaged ? [packaged.archiveRelPath] : []
                });
                for (const a of validated.archives)
                    logger.info(`${a.status.padEnd(12)} ${a.path}: ${a.detail}`);
                return validated;
            });
            result.validate = report;
            if (report.failures.length > 0)
                throw new errors/* ArtifactLfsError */.qq('validate', `${report.failures.length} session archive(s) failed validation:\n` +
                    report.failures.map(f => `  ${f.path}: ${f.detail}`).join('\n'), { hint: 'nothing was pushed; fix or remove the archives listed' });
        }
        if (steps.push) {
            result.push = await step('push', () => pushStep(repo, {
                remote: request.remote,
                branch: branch,
                attempts: request.pushAttempts,
                dryRun: request.dryRun,
                policy,
                identityEnv,
                verify: async (sha) => {
                    const report = await verifyAt(repo, policy, sha);
                    if (report.offenders.length > 0)
                        throw new errors/* ArtifactLfsError */.qq('verify', verifyFailureMessage(report));
                },
                logger
            }));
            const pushedSha = result.push.commitSha;
            const committedSha = result.commit?.commitSha;
            if (result.push.status === 'pushed' &&
                packaged &&
                result.package &&
                committedSha &&
                pushedSha) {
                const finalPath = await locateArchive(repo, committedSha, pushedSha, packaged.archiveRelPath);
                if (finalPath !== packaged.archiveRelPath) {
                    logger.warn(`another job pushed an archive named ${packaged.archiveRelPath} first; ours is ${finalPath}`);
                    result.package.archiveRelPath = finalPath;
                    result.package.archivePath = external_node_path_.join(repo.root, finalPath);
                }
            }
        }
        if (steps.clean && packaged && result.commit?.status === 'committed' && !request.dryRun) {
            const stored = packaged;
            const report = await step('clean', () => cleanStep(stored.tmpDir, stored.files, logger));
            result.cleanup = { ...result.cleanup, clean: report };
        }
        const pruneTempRule = steps.pruneTemp;
        if (pruneTempRule) {
            const report = await step('prune-temp', () => pruneTempStep(repo, {
                tmpDir,
                sessionDir: policy.sessionArtifactDir,
                olderThanMs: pruneTempRule.olderThanMs,
                now: request.now,
                dryRun: request.dryRun,
                logger
            }));
            result.cleanup = { ...result.cleanup, pruneTemp: report };
        }
        return result;
    }
    catch (error) {
        if ((0,errors/* isArtifactLfsError */.sL)(error))
            throw new PipelineFailure(current, error, result);
        throw error;
    }
    finally {
        await lock?.release();
    }
}
function packageReport(outcome) {
    return {
        status: 'packaged',
        archivePath: outcome.archivePath,
        archiveRelPath: outcome.archiveRelPath,
        sha256: outcome.sha256,
        size: outcome.size,
        files: outcome.files,
        totalBytes: outcome.totalBytes,
        skipped: outcome.skipped
    };
}
async function verifyAt(repo, policy, ref) {
    const verified = await verifyLfsPointers(repo, policy, ref);
    return {
        checkedFiles: verified.checked.length,
        pointers: verified.checked.filter(c => c.status === 'pointer').length,
        offenders: verified.offenders,
        checked: verified.checked.map(c => ({ path: c.path, status: c.status, blobSize: c.blobSize }))
    };
}
function verifyFailureMessage(report) {
    return (`${report.offenders.length} tracked file(s) must be LFS pointers but are not:\n` +
        report.offenders.map(o => `  ${o.path}: ${o.reason}`).join('\n'));
}
/** True when the work-tree file differs from HEAD, including when it is new (untracked). */
async function differsFromHead(repo, file) {
    const status = await repo.run([
        'status',
        '--porcelain',
        '-z',
        '--untracked-files=all',
        '--',
        file
    ]);
    return status.stdout.length > 0;
}

;// CONCATENATED MODULE: ./lib/progress/progress-line.js

/** `packaging: 1,234/10,000 files, 512 MiB/1.0 GiB, 85.3 MiB/s` */
function describeProgress(p, elapsedSeconds) {
    const files = p.totalFiles === undefined
        ? formatCount(p.files)
        : `${formatCount(p.files)}/${formatCount(p.totalFiles)}`;
    const bytes = p.totalBytes === undefined
        ? formatBytes(p.bytes)
        : `${formatBytes(p.bytes)}/${formatBytes(p.totalBytes)}`;
    return `${p.phase}: ${files} files, ${bytes}, ${formatRate(p.bytes, elapsedSeconds)}`;
}

;// CONCATENATED MODULE: ./lib/progress/throttled-progress.js

/**
 * A ProgressSink that prints: on a terminal a single updating line (~10 per second), in CI a
 * plain line every `intervalMs` (default 5 s) and always the final line with the totals.
 */
function throttledProgress(output, intervalMs) {
    const every = intervalMs ?? (output.interactive ? 100 : 5_000);
    const started = Date.now();
    let last = 0;
    let lastPhase = '';
    const elapsed = () => (Date.now() - started) / 1000;
    return {
        update(p) {
            const now = Date.now();
            if (now - last < every && p.phase === lastPhase)
                return;
            if (last === 0 && !output.interactive && now - started < every) {
                lastPhase = p.phase;
                return;
            }
            last = now;
            lastPhase = p.phase;
            const line = describeProgress(p, elapsed());
            output.write(output.interactive ? `\r\x1b[K${line}` : `${line}\n`);
        },
        done(p) {
            const line = `${describeProgress(p, elapsed())} (${elapsed().toFixed(1)} s)`;
            output.write(output.interactive ? `\r\x1b[K${line}\n` : `${line}\n`);
            last = 0;
        }
    };
}

;// CONCATENATED MODULE: ./lib/cli/cli-io.js
function processIo() {
    return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}

;// CONCATENATED MODULE: ./lib/cli/help-text.js

const HELP_TEXT = `artifact-lfs ${TOOL_VERSION}: keep CI and coding-session artifacts in git as LFS archives

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
`;

;// CONCATENATED MODULE: ./lib/cli/json-pieces.js
/** Array items stringified at once. */
const ITEMS_PER_PIECE = 256;
/** Pieces are handed out once they hold about this many characters. */
const json_pieces_PIECE_CHARS = 32 * 1024;
/**
 * The text of `JSON.stringify(value)`, in pieces of about 32 KiB: long arrays (the file list
 * of a 70,000-file archive) are stringified a few hundred items at a time, so neither the
 * whole text nor its UTF-8 bytes are ever held at once (24 MB then, for 12 MB of JSON).
 */
function* jsonPieces(value) {
    let pending = '';
    for (const part of parts(toJsonValue(value, ''))) {
        pending += part;
        if (pending.length >= json_pieces_PIECE_CHARS) {
            yield pending;
            pending = '';
        }
    }
    if (pending !== '')
        yield pending;
}
/** JSON.stringify's text for `json` (a value whose toJSON, if any, was applied), in parts. */
function* parts(json) {
    if (Array.isArray(json)) {
        if (json.length <= ITEMS_PER_PIECE && !json.some(isContainer)) {
            yield JSON.stringify(json);
            return;
        }
        yield '[';
        for (let start = 0; start < json.length; start += ITEMS_PER_PIECE) {
            const slice = json.slice(start, start + ITEMS_PER_PIECE);
            if (slice.some(isContainer)) {
                // items that are objects or arrays may hold long arrays themselves
                for (let i = 0; i < slice.length; i++) {
                    if (start + i > 0)
                        yield ',';
                    yield* itemParts(slice[i], String(start + i));
                }
            }
            else
                yield (start > 0 ? ',' : '') + JSON.stringify(slice).slice(1, -1);
        }
        yield ']';
        return;
    }
    if (isPlainObject(json)) {
        yield '{';
        let first = true;
        for (const name of Object.keys(json)) {
            const member = toJsonValue(json[name], name);
            if (member === undefined || typeof member === 'function' || typeof member === 'symbol')
                continue;
            yield `${first ? '' : ','}${JSON.stringify(name)}:`;
            first = false;
            yield* parts(member);
        }
        yield '}';
        return;
    }
    yield JSON.stringify(json);
}
/** An array item: what JSON.stringify writes as null (undefined, a function) becomes null. */
function* itemParts(item, index) {
    const json = toJsonValue(item, index);
    if (json === undefined || typeof json === 'function' || typeof json === 'symbol')
        yield 'null';
    else
        yield* parts(json);
}
/** The value JSON.stringify serializes in place of `value` (its toJSON result, if any). */
function toJsonValue(value, key) {
    if (value !== null && typeof value === 'object' && 'toJSON' in value) {
        const toJSON = value.toJSON;
        if (typeof toJSON === 'function')
            return toJSON.call(value, key);
    }
    return value;
}
function isContainer(value) {
    return value !== null && typeof value === 'object';
}
/** An object JSON.stringify walks member by member (not a boxed primitive). */
function isPlainObject(value) {
    return (value !== null &&
        typeof value === 'object' &&
        !(value instanceof Number || value instanceof String || value instanceof Boolean));
}

// EXTERNAL MODULE: ./lib/cli/early-start.js
var early_start = __webpack_require__(632);
// EXTERNAL MODULE: ./lib/cli/parse-args.js + 2 modules
var parse_args = __webpack_require__(949);
;// CONCATENATED MODULE: ./lib/cli/render-result.js

/** The human-readable result, one fact per line, for stdout. */
function renderResult(result) {
    const lines = [];
    if (result.sync)
        lines.push(result.sync.checkOnly
            ? `.gitattributes: up to date`
            : `.gitattributes: ${result.sync.changed ? 'updated' : 'up to date, nothing changed'}`);
    const pkg = result.package;
    if (pkg?.status === 'packaged') {
        lines.push(`archive: ${pkg.archiveRelPath}`);
        lines.push(`  files: ${pkg.files.length} (${formatBytes(pkg.totalBytes)})`);
        lines.push(`  size: ${pkg.size} bytes (${formatBytes(pkg.size ?? 0)})`);
        lines.push(`  sha256: ${pkg.sha256}`);
    }
    else if (pkg) {
        lines.push(`nothing to package: ${pkg.reason}`);
    }
    if (pkg && pkg.skipped.length > 0)
        lines.push(`  skipped: ${pkg.skipped.length} (see warnings)`);
    if (result.commit)
        lines.push(result.commit.status === 'committed'
            ? `commit: ${result.commit.commitSha} on ${result.commit.branch}`
            : 'nothing to commit');
    if (result.verify) {
        const v = result.verify;
        lines.push(`verify: ${v.checkedFiles} file(s) checked, ${v.pointers} LFS pointer(s), ${v.offenders.length} offender(s)`);
        for (const o of v.offenders)
            lines.push(`  ${o.path}: ${o.reason}`);
    }
    if (result.validate) {
        const ok = result.validate.archives.filter(a => a.status === 'ok').length;
        const pointerOnly = result.validate.archives.filter(a => a.status === 'pointer-only').length;
        lines.push(`validate: ${result.validate.archives.length} archive(s): ${ok} ok, ${pointerOnly} pointer only, ${result.validate.failures.length} failed`);
        for (const a of result.validate.archives)
            if (a.status !== 'ok')
                lines.push(`  ${a.path}: ${a.status}: ${a.detail}`);
    }
    if (result.push) {
        const p = result.push;
        lines.push(p.status === 'pushed'
            ? `pushed: ${p.commitSha} to ${p.remote}/${p.branch} (${p.attempts} attempt(s))`
            : p.status === 'dry-run'
                ? `dry run: would push ${p.commitSha} to ${p.remote}/${p.branch}`
                : 'nothing to push');
    }
    return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

;// CONCATENATED MODULE: ./lib/cli/render-recovery.js

function renderRecovery(result) {
    const lines = [
        `recovered: ${result.archive}${result.fetched ? ' (fetched its LFS object)' : ''}`,
        `  into: ${result.tmpDir}`,
        `  written: ${result.written.length} file(s), ${formatBytes(result.totalBytes)}`,
        `  already identical: ${result.skippedIdentical.length}`
    ];
    return lines.join('\n') + '\n';
}
function renderListing(archives) {
    if (archives.length === 0)
        return 'no session archives\n';
    const rows = archives.map(a => [
        a.name,
        a.size === undefined ? '-' : formatBytes(a.size),
        a.files === undefined ? '-' : String(a.files),
        a.objectPresent ? 'local' : 'pointer only',
        a.tracked ? 'tracked' : 'untracked'
    ]);
    const header = ['ARCHIVE', 'SIZE', 'FILES', 'LFS OBJECT', 'GIT'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
    const line = (cells) => cells
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd();
    return [line(header), ...rows.map(line)].join('\n') + '\n';
}

;// CONCATENATED MODULE: ./lib/recover/session-archives.js






/**
 * The policy's session dir as a clean repo-relative '/'-separated path ('' for the root).
 * Refuses a folder outside the repository.
 */
function sessionDirRelative(repo, sessionDir) {
    const absolute = external_node_path_.resolve(repo.root, sessionDir);
    const relative = external_node_path_.relative(repo.root, absolute);
    if (relative.startsWith('..') || external_node_path_.isAbsolute(relative))
        throw new errors/* ArtifactLfsError */.qq('config', `session dir ${sessionDir} is outside the repository`, {
            hint: 'set session_artifact_dir in the policy to a folder inside the repository'
        });
    return relative.split(external_node_path_.sep).join('/');
}
/** `<dir>/<name>`, or just the name when the dir is the repo root. */
function joinRepoPath(dir, name) {
    return dir === '' ? name : `${dir}/${name}`;
}
/**
 * Every `*.zip` directly in the session dir: regular files in the work tree (a file that is
 * only an LFS pointer is recognised as one) and blobs tracked at HEAD (pointers read with one
 * `git cat-file --batch`). Sorted by name; nothing is fetched.
 */
async function findSessionArchives(repo, sessionDir) {
    const dir = sessionDirRelative(repo, sessionDir);
    const byName = new Map();
    const entry = (name) => {
        let found = byName.get(name);
        if (found === undefined) {
            found = { name, repoPath: joinRepoPath(dir, name) };
            byName.set(name, found);
        }
        return found;
    };
    for (const file of await workTreeZips(external_node_path_.join(repo.root, dir))) {
        entry(external_node_path_.basename(file.path)).workTree = file;
    }
    for (const committed of await headZips(repo, dir)) {
        entry(committed.name).head = committed.archive;
    }
    return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
async function workTreeZips(folder) {
    let names;
    try {
        names = await (0,promises_.readdir)(folder);
    }
    catch (cause) {
        const code = cause.code;
        if (code === 'ENOENT' || code === 'ENOTDIR')
            return [];
        throw cause;
    }
    const found = [];
    for (const name of names.filter(n => /\.zip$/i.test(n))) {
        const file = external_node_path_.join(folder, name);
        const info = await inspectWorkTreeFile(file);
        if (info !== undefined)
            found.push(info);
    }
    return found;
}
/** A regular file (symlinks are not followed), and its pointer when it is only a pointer. */
async function inspectWorkTreeFile(file) {
    const stats = await (0,promises_.lstat)(file).catch(() => undefined);
    if (stats === undefined || !stats.isFile())
        return undefined;
    const pointer = stats.size <= MAX_POINTER_SIZE ? await readPointerFile(file) : undefined;
    return pointer === undefined
        ? { path: file, size: stats.size }
        : { path: file, size: stats.size, pointer };
}
/** The pointer a small file holds, or undefined when it is not a pointer. */
async function readPointerFile(file) {
    const handle = await (0,promises_.open)(file, 'r');
    try {
        const buffer = Buffer.alloc(MAX_POINTER_SIZE + 1);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        const parsed = parsePointer(buffer.subarray(0, bytesRead));
        return parsed.kind === 'pointer' ? parsed.pointer : undefined;
    }
    finally {
        await handle.close();
    }
}
async function headZips(repo, dir) {
    const head = await repo.headCommit();
    if (head === undefined)
        return [];
    const pathspec = dir === '' ? [] : ['--', `${dir}/`];
    const listing = await repo.run(['ls-tree', '-l', '-z', '--full-tree', head, ...pathspec], {
        env: { GIT_LITERAL_PATHSPECS: '1' }
    });
    const blobs = parseLsTree(listing.stdout).filter(e => e.type === 'blob' &&
        e.mode !== '120000' &&
        /\.zip$/i.test(e.path) &&
        external_node_path_.posix.dirname(e.path) === (dir === '' ? '.' : dir));
    const small = blobs.filter(e => (e.size ?? 0) <= MAX_POINTER_SIZE).map(e => e.oid);
    const contents = await (0,cat_file_batch/* readObjects */.$)(repo, small);
    return blobs.map(e => {
        const content = contents.get(e.oid);
        const parsed = content === undefined ? undefined : parsePointer(content);
        const archive = { commit: head, blob: e.oid };
        if (parsed?.kind === 'pointer')
            archive.pointer = parsed.pointer;
        return { name: external_node_path_.posix.basename(e.path), archive };
    });
}

;// CONCATENATED MODULE: ./lib/recover/list-archives.js







/**
 * The session archives of the work tree and of HEAD, newest first (by the timestamp in the
 * name, then the suffix). Reads only manifests of objects already local; fetches nothing and
 * does not hash the objects (recover does that before extracting).
 */
async function listArchives(repo, options) {
    const archives = await findSessionArchives(repo, options.sessionDir);
    const objectPath = await objectLocator(repo);
    const listings = [];
    for (const archive of archives)
        listings.push(await list_archives_describe(archive, objectPath));
    return listings.sort((a, b) => compareArchiveNamesNewestFirst(a.name, b.name));
}
async function list_archives_describe(archive, objectPath) {
    const { workTree, head } = archive;
    const pointer = workTree?.pointer ?? head?.pointer;
    const listing = {
        name: archive.name,
        path: archive.repoPath,
        objectPresent: false,
        tracked: head !== undefined,
        inWorkTree: workTree !== undefined
    };
    let local;
    if (pointer !== undefined) {
        listing.size = pointer.size;
        listing.oid = pointer.oid;
        const stored = objectPath(pointer.oid);
        if (await isFile(stored))
            local = stored;
    }
    if (local === undefined && workTree !== undefined && workTree.pointer === undefined) {
        local = workTree.path;
        listing.size ??= workTree.size;
    }
    if (head !== undefined && head.pointer === undefined)
        listing.problem = 'committed as a raw blob, not as an LFS pointer';
    if (local === undefined)
        return listing;
    listing.objectPresent = true;
    try {
        listing.files = (await readManifest(local, archive.repoPath)).files.length;
    }
    catch (error) {
        if (!(0,errors/* isArtifactLfsError */.sL)(error))
            throw error;
        listing.problem = error.message;
    }
    return listing;
}
/**
 * Object paths for many oids with two git calls in total: lfsObjectPathFor once, then the
 * same `<objects>/aa/bb/<oid>` layout for every other oid.
 */
async function objectLocator(repo) {
    const sample = '0'.repeat(64);
    const objectsDir = external_node_path_.dirname(external_node_path_.dirname(external_node_path_.dirname(await lfsObjectPathFor(repo, sample))));
    return oid => external_node_path_.join(objectsDir, oid.slice(0, 2), oid.slice(2, 4), oid);
}
async function isFile(file) {
    const stats = await (0,promises_.stat)(file).catch(() => undefined);
    return stats !== undefined && stats.isFile();
}

;// CONCATENATED MODULE: ./lib/recover/lfs-object-fetch.js



/**
 * Our fetches must download even when the caller's environment says "skip smudge"
 * (a clone made with GIT_LFS_SKIP_SMUDGE=1 is exactly the case being repaired).
 */
const FETCH_ENV = { GIT_LFS_SKIP_SMUDGE: undefined };
/**
 * A git-lfs --include pattern that matches exactly `repoPath`: wildmatch characters are
 * backslash-escaped (braces are literal to git-lfs; escaping them breaks the match), and a
 * comma (git-lfs splits the list on commas, with no escape) becomes `?`, which can only widen
 * the match to a sibling name differing in that one character.
 */
function lfsIncludePattern(repoPath) {
    return repoPath.replace(/[\\*?[\]!#]/g, ch => `\\${ch}`).replace(/,/g, '?');
}
/** The remote git-lfs would use: remote.lfsdefault, the branch's upstream, origin, the only one. */
async function lfsRemote(repo) {
    const configured = async (key) => {
        const result = await repo.run(['config', '--get', key], { okExitCodes: [0, 1] });
        return result.exitCode === 0 ? result.stdout.toString('utf8').trim() : '';
    };
    const lfsDefault = await configured('remote.lfsdefault');
    if (lfsDefault !== '')
        return lfsDefault;
    const branch = await repo.currentBranch();
    if (branch !== undefined) {
        const upstream = await configured(`branch.${branch}.remote`);
        if (upstream !== '' && upstream !== '.')
            return upstream;
    }
    const remotes = (await repo.text(['remote'])).split('\n').filter(Boolean);
    if (remotes.includes('origin'))
        return 'origin';
    if (remotes.length === 1)
        return remotes[0];
    throw new errors/* ArtifactLfsError */.qq('recover', remotes.length === 0
        ? 'this clone has no remote to fetch the LFS object from'
        : `this clone has ${remotes.length} remotes and none is origin or the branch's upstream`, {
        hint: 'add the remote (git remote add origin URL) or set git config remote.lfsdefault NAME'
    });
}
/**
 * Downloads the object of a work-tree file that is only a pointer:
 * `git lfs pull --include=<path>` (which also checks the real file out in place of the pointer).
 */
async function pullWorkTreeObject(repo, target) {
    const args = ['lfs', 'pull', `--include=${lfsIncludePattern(target.repoPath)}`, '--exclude='];
    await runFetch(repo, args, target);
}
/** Downloads the object a commit's pointer names: `git lfs fetch <remote> <commit> --include=...`. */
async function fetchCommitObject(repo, commit, target) {
    const remote = await lfsRemote(repo);
    const args = [
        'lfs',
        'fetch',
        `--include=${lfsIncludePattern(target.repoPath)}`,
        '--exclude=',
        remote,
        commit
    ];
    await runFetch(repo, args, target);
}
/**
 * git-lfs runs traced, so that a credential helper answering the same rejected password is
 * stopped after a few rounds instead of looping until the timeout (see lfs-trace.ts).
 */
async function runFetch(repo, args, target) {
    try {
        await repo.run(args, {
            timeoutMs: exec_git/* NETWORK_TIMEOUT_MS */.mR,
            env: { ...FETCH_ENV, ...LFS_TRACE_ENV },
            watchStderr: credentialLoopWatcher()
        });
    }
    catch (error) {
        if (!(error instanceof exec_git/* GitCommandError */.iR))
            throw error;
        throw fetchFailed(target, error);
    }
}
function fetchFailed(target, error) {
    const said = withoutTraceLines(error.stderr).trim();
    const auth = error.stoppedBecause === CREDENTIAL_LOOP ||
        /Git credentials for \S+ not found|could not read (Username|Password)|Authorization error/i.test(said);
    const missing = !auth && /missing object|does not exist|not found|404/i.test(said);
    const why = error.timedOut
        ? 'the transfer timed out'
        : error.stoppedBecause === CREDENTIAL_LOOP
            ? `the LFS server refused the credentials ${MAX_CREDENTIAL_REJECTIONS} times in a row; git-lfs was stopped`
            : auth
                ? 'the LFS server wants credentials that were not given or not accepted'
                : missing
                    ? 'the remote does not have it'
                    : 'git-lfs failed';
    const detail = said === '' ? '' : `: ${said.split('\n').slice(-4).join(' | ')}`;
    return new errors/* ArtifactLfsError */.qq('recover', `${target.displayName} is only an LFS pointer here and its object ${target.oid.slice(0, 12)} could not be fetched (${why})${detail}`, {
        hint: auth
            ? 'check the credentials for the LFS server (credential helper, token, lfs.url), then try git lfs fetch yourself'
            : missing
                ? 'the job that pushed this archive must also push its LFS object (git lfs push --all <remote>); check that you fetch from the right remote'
                : 'check the remote URL, your network and credentials, then try git lfs fetch yourself',
        cause: error
    });
}
/** After a fetch that "worked", the object is still not in the local store. */
function notFetchedError(target, objectPath) {
    return new errors/* ArtifactLfsError */.qq('recover', `${target.displayName}: git-lfs did not bring LFS object ${target.oid.slice(0, 12)} (no ${objectPath})`, {
        hint: `check that ${target.repoPath} is tracked by LFS in that commit and that the remote has the object (git lfs ls-files; git lfs fetch --all)`
    });
}

;// CONCATENATED MODULE: ./lib/recover/verify-archive-bytes.js




/**
 * Checks that `file` is exactly what `pointer` promises: size first (cheap), then the sha256
 * of every byte. Throws a 'recover' error naming the archive on any mismatch.
 */
async function verifyArchiveBytes(file, pointer, options) {
    const fail = (detail) => {
        throw new errors/* ArtifactLfsError */.qq('recover', `${options.displayName}: ${options.what} ${detail}; nothing was extracted`, { hint: options.hint });
    };
    const { size } = await (0,promises_.stat)(file);
    if (size !== pointer.size)
        fail(`has ${size} bytes, but its LFS pointer says ${pointer.size}`);
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let bytes = 0;
    for await (const chunk of (0,external_node_fs_.createReadStream)(file, { highWaterMark: 1 << 20 })) {
        hash.update(chunk);
        bytes += chunk.length;
        options.progress.update({
            phase: 'verifying',
            files: 0,
            bytes,
            totalFiles: 1,
            totalBytes: size
        });
    }
    const actual = hash.digest('hex');
    if (actual !== pointer.oid)
        fail(`has sha256 ${actual}, but its LFS pointer says ${pointer.oid} (corrupt copy)`);
    options.progress.update({ phase: 'verifying', files: 1, bytes, totalFiles: 1, totalBytes: size });
}

;// CONCATENATED MODULE: ./lib/recover/fetch-archive-object.js





/**
 * Makes the archive's bytes local and proves them right before anything is extracted:
 * 1. with a pointer, the object in the LFS store is preferred; else a work-tree file with
 *    real content; else the object is fetched (`git lfs pull --include` for a work-tree
 *    pointer, `git lfs fetch <remote> <commit> --include` for a commit);
 * 2. the bytes' size and sha256 must match the pointer.
 * A pointer file is never handed on as an archive. Without a pointer (an untracked zip, a file
 * outside the repo) the bytes are used as they are; extraction still checks CRCs and the
 * manifest's sha256 of every entry.
 */
async function ensureArchiveBytes(repo, archive, options) {
    const { pointer, displayName } = archive;
    if (pointer === undefined) {
        if (archive.file === undefined || archive.file.isPointer)
            throw new Error(`internal: ${displayName} has neither a pointer nor a file`);
        options.logger.info(`${displayName} is not described by an LFS pointer (not committed): only the zip's own checksums and manifest are checked`);
        return { path: archive.file.path, fetched: false, verified: false };
    }
    const objectPath = await lfsObjectPathFor(repo, pointer.oid);
    const storeHint = `the copy in the LFS store (${objectPath}) is damaged: run git lfs fsck to move it aside, then recover again to fetch a fresh copy`;
    if (await fetch_archive_object_isFile(objectPath)) {
        options.logger.debug(`${displayName}: reading LFS object ${objectPath}`);
        await verifyArchiveBytes(objectPath, pointer, {
            displayName,
            what: 'the local LFS object',
            hint: storeHint,
            progress: options.progress
        });
        return { path: objectPath, fetched: false, verified: true };
    }
    if (archive.source === 'work-tree' && archive.file && !archive.file.isPointer) {
        await verifyArchiveBytes(archive.file.path, pointer, {
            displayName,
            what: 'the work-tree file',
            hint: `it differs from what its committed LFS pointer names: restore it (git checkout -- "${archive.repoPath ?? archive.file.path}") or recover <commit>:<path> instead`,
            progress: options.progress
        });
        return { path: archive.file.path, fetched: false, verified: true };
    }
    const target = fetchTarget(archive, pointer);
    if (archive.source === 'commit') {
        options.logger.info(`fetching LFS object ${pointer.oid.slice(0, 12)} (${pointer.size} bytes) of ${displayName} with git lfs fetch`);
        await fetchCommitObject(repo, archive.commit, target);
    }
    else {
        options.logger.info(`${displayName} is only an LFS pointer here: fetching its object ${pointer.oid.slice(0, 12)} (${pointer.size} bytes) with git lfs pull`);
        await pullWorkTreeObject(repo, target);
    }
    if (!(await fetch_archive_object_isFile(objectPath)))
        throw notFetchedError(target, objectPath);
    options.logger.info(`fetched LFS object ${pointer.oid.slice(0, 12)} for ${displayName}`);
    await verifyArchiveBytes(objectPath, pointer, {
        displayName,
        what: 'the fetched LFS object',
        hint: `${storeHint}; if it happens again, the copy on the remote is damaged`,
        progress: options.progress
    });
    return { path: objectPath, fetched: true, verified: true };
}
function fetchTarget(archive, pointer) {
    if (archive.repoPath === undefined)
        throw new errors/* ArtifactLfsError */.qq('recover', `${archive.displayName} is only an LFS pointer and its object ${pointer.oid.slice(0, 12)} is not in this clone's LFS store`, {
            hint: 'recover it from inside the clone that tracks it (by name, latest, or <commit>:<path>) so it can be fetched'
        });
    return { displayName: archive.displayName, repoPath: archive.repoPath, oid: pointer.oid };
}
async function fetch_archive_object_isFile(file) {
    const stats = await (0,promises_.stat)(file).catch(() => undefined);
    return stats !== undefined && stats.isFile();
}

;// CONCATENATED MODULE: ./lib/recover/committed-archive.js




/** Pathspecs below are file paths, never globs or magic. */
const committed_archive_LITERAL = { env: { GIT_LITERAL_PATHSPECS: '1' } };
/** The full id of the commit `rev` names, or undefined when it names none. */
async function resolveCommit(repo, rev) {
    if (rev === '' || rev.startsWith('-'))
        return undefined;
    const result = await repo.run(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], {
        okExitCodes: [0, 1, 128]
    });
    const sha = result.stdout.toString('utf8').trim();
    return result.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
}
/** What `commit` holds at `repoPath` (repo-relative, '/'-separated), or undefined when nothing. */
async function committedFile(repo, commit, repoPath) {
    const listing = await repo.run(['ls-tree', '-l', '-z', '--full-tree', commit, '--', repoPath], committed_archive_LITERAL);
    const entry = parseLsTree(listing.stdout).find(e => e.path === repoPath);
    if (entry === undefined)
        return undefined;
    if (entry.type !== 'blob' || entry.mode === SYMLINK_MODE)
        return { kind: 'not-a-file', mode: entry.mode };
    return classifyBlob(repo, entry.oid, entry.size);
}
/** The pointer the index holds for a work-tree path, when it holds one. */
async function indexPointer(repo, repoPath) {
    const listing = await repo.run(['ls-files', '-s', '-z', '--', repoPath], committed_archive_LITERAL);
    const entry = parseLsFilesStage(listing.stdout).find(e => e.path === repoPath && e.stage === 0);
    if (entry === undefined || entry.mode === SYMLINK_MODE)
        return undefined;
    const size = Number(await repo.text(['cat-file', '-s', entry.oid]));
    const file = await classifyBlob(repo, entry.oid, size);
    return file.kind === 'pointer' ? file.pointer : undefined;
}
async function classifyBlob(repo, blob, size) {
    if (size === undefined || size > MAX_POINTER_SIZE)
        return { kind: 'raw', blob, size: size ?? 0 };
    const content = (await (0,cat_file_batch/* readObjects */.$)(repo, [blob])).get(blob);
    const parsed = content === undefined ? undefined : parsePointer(content);
    if (parsed?.kind === 'pointer')
        return { kind: 'pointer', blob, pointer: parsed.pointer };
    return { kind: 'raw', blob, size };
}
/** The refusal for a commit that holds the archive as something other than an LFS pointer. */
function notAPointerError(displayName, file) {
    if (file.kind === 'not-a-file')
        return new errors/* ArtifactLfsError */.qq('recover', `${displayName} is not a file in that commit (git mode ${file.mode})`, { hint: 'pass the path of a session archive (.zip) as the commit has it' });
    return new errors/* ArtifactLfsError */.qq('recover', `${displayName} was committed as a raw ${file.size}-byte blob, not as an LFS pointer`, {
        hint: `write it out with git cat-file blob ${file.blob} > archive.zip and recover that file by path`
    });
}

;// CONCATENATED MODULE: ./lib/recover/resolve-archive.js






const LIST_HINT = 'list the archives with artifact-lfs --recover --list';
/**
 * Turns the --recover ARCHIVE argument into a ResolvedArchive:
 * - `latest`: the newest archive by the timestamp in its name, then by suffix, over the
 *   session dir in the work tree and the archives tracked at HEAD;
 * - a path (absolute or relative to `cwd`) to an existing file;
 * - `<commit>:<path>`: the pointer blob that commit has at that repo path (a bare file name
 *   is looked up in the session dir); the work tree is never read;
 * - a file name in the session dir (work tree first, then HEAD).
 */
async function resolveArchive(repo, spec, options) {
    const sessionDir = sessionDirRelative(repo, options.sessionDir);
    if (spec === '')
        throw new errors/* ArtifactLfsError */.qq('recover', 'no archive given', {
            hint: `pass latest, a file name, a path or <commit>:<path>; ${LIST_HINT}`
        });
    if (spec === 'latest')
        return resolveLatest(repo, sessionDir);
    const asPath = external_node_path_.resolve(options.cwd, spec);
    const existing = await (0,promises_.stat)(asPath).catch(() => undefined);
    if (existing !== undefined) {
        if (!existing.isFile())
            throw new errors/* ArtifactLfsError */.qq('recover', `${spec} is not a file`, {
                hint: `pass an archive file; ${LIST_HINT}`
            });
        return fromWorkTreeFile(repo, asPath, spec);
    }
    if (spec.includes(':'))
        return resolveCommitSpec(repo, spec, sessionDir);
    if (!spec.includes('/') && !spec.includes(external_node_path_.sep)) {
        const found = (await findSessionArchives(repo, sessionDir)).find(a => a.name === spec);
        if (found?.workTree)
            return fromWorkTreeFile(repo, found.workTree.path, found.repoPath);
        if (found?.head)
            return fromCommit(repo, found.head.commit, found.repoPath);
    }
    throw new errors/* ArtifactLfsError */.qq('recover', `no archive ${spec}: not a file, not in ${sessionDir || 'the repo root'}/ and not at HEAD`, { hint: `pass latest, a file name from the list, a path or <commit>:<path>; ${LIST_HINT}` });
}
async function resolveLatest(repo, sessionDir) {
    const named = (await findSessionArchives(repo, sessionDir))
        .filter(a => parseArchiveName(a.name) !== undefined)
        .sort((a, b) => compareArchiveNamesNewestFirst(a.name, b.name));
    const newest = named[0];
    if (newest === undefined)
        throw new errors/* ArtifactLfsError */.qq('recover', `no session archives in ${sessionDir || 'the repo root'}/ (neither in the work tree nor at HEAD)`, {
            hint: 'package one first (artifact-lfs --package --commit), pull the branch that has them, or check session_artifact_dir in the policy'
        });
    if (newest.workTree)
        return fromWorkTreeFile(repo, newest.workTree.path, newest.repoPath);
    return fromCommit(repo, newest.head.commit, newest.repoPath);
}
/** A file on disk; inside the repo its pointer comes from the file or, when smudged, the index. */
async function fromWorkTreeFile(repo, file, label) {
    const real = await (0,promises_.realpath)(file);
    const info = await inspectWorkTreeFile(real);
    if (info === undefined)
        throw new errors/* ArtifactLfsError */.qq('recover', `${label} is not a regular file`, {
            hint: `pass an archive file; ${LIST_HINT}`
        });
    const repoPath = await insideRepo(repo, real);
    const pointer = info.pointer ?? (repoPath ? await indexPointer(repo, repoPath) : undefined);
    const resolved = {
        displayName: repoPath ?? label,
        source: 'work-tree',
        file: { path: real, isPointer: info.pointer !== undefined }
    };
    if (pointer !== undefined)
        resolved.pointer = pointer;
    if (repoPath !== undefined)
        resolved.repoPath = repoPath;
    return resolved;
}
/** The repo-relative path of a real path in the work tree (not in .git), else undefined. */
async function insideRepo(repo, real) {
    const root = await (0,promises_.realpath)(repo.root);
    const relative = external_node_path_.relative(root, real);
    if (relative === '' || relative.startsWith('..') || external_node_path_.isAbsolute(relative))
        return undefined;
    const gitDir = await repo.gitDir();
    const fromGitDir = external_node_path_.relative(gitDir, real);
    if (!fromGitDir.startsWith('..') && !external_node_path_.isAbsolute(fromGitDir))
        return undefined;
    return relative.split(external_node_path_.sep).join('/');
}
async function resolveCommitSpec(repo, spec, sessionDir) {
    const colon = spec.indexOf(':');
    const rev = spec.slice(0, colon);
    const wanted = spec.slice(colon + 1).replace(/^\/+/, '');
    if (rev === '' || wanted === '')
        throw new errors/* ArtifactLfsError */.qq('recover', `${spec}: expected <commit>:<path>`, {
            hint: `e.g. HEAD~1:${joinRepoPath(sessionDir, 'codex-session_20250101_120000.zip')}`
        });
    const commit = await resolveCommit(repo, rev);
    if (commit === undefined)
        throw new errors/* ArtifactLfsError */.qq('recover', `${spec} is neither a file nor <commit>:<path>: ${rev} is not a commit in this repository`, {
            hint: `use a commit, branch or tag this clone has (git log --oneline -- ${sessionDir || '.'}); a shallow clone may need git fetch --deepen=N or --unshallow`
        });
    const candidates = wanted.includes('/') ? [wanted] : [joinRepoPath(sessionDir, wanted), wanted];
    for (const repoPath of [...new Set(candidates)]) {
        const resolved = await fromCommit(repo, commit, repoPath, true);
        if (resolved !== undefined)
            return resolved;
    }
    throw new errors/* ArtifactLfsError */.qq('recover', `commit ${commit.slice(0, 12)} has no ${candidates.join(' or ')}`, {
        hint: `see what it has with git ls-tree --name-only ${commit.slice(0, 12)} -- ${sessionDir || '.'}/`
    });
}
async function fromCommit(repo, commit, repoPath, missingOk = false) {
    const displayName = `${commit.slice(0, 12)}:${repoPath}`;
    const file = await committedFile(repo, commit, repoPath);
    if (file === undefined) {
        if (missingOk)
            return undefined;
        throw new errors/* ArtifactLfsError */.qq('recover', `commit ${commit.slice(0, 12)} has no ${repoPath}`, {
            hint: LIST_HINT
        });
    }
    if (file.kind !== 'pointer')
        throw notAPointerError(displayName, file);
    return { displayName, pointer: file.pointer, source: 'commit', commit, repoPath };
}

;// CONCATENATED MODULE: ./lib/recover/destination-tree.js





/**
 * The absolute destination folder, with a symlinked destDir resolved (the user chose it);
 * `exists` false means it will be created.
 */
async function resolveDestination(destDir) {
    const absolute = external_node_path_.resolve(destDir);
    const found = await (0,promises_.lstat)(absolute).catch(noEntry);
    if (found === undefined)
        return { root: absolute, exists: false };
    const target = found.isSymbolicLink() ? await (0,promises_.stat)(absolute).catch(noEntry) : found;
    if (target === undefined || !target.isDirectory()) {
        throw new errors/* ArtifactLfsError */.qq('recover', `${destDir} exists and is not a directory`, {
            hint: 'pass a directory (or a path that does not exist yet) as the destination'
        });
    }
    return { root: found.isSymbolicLink() ? await (0,promises_.realpath)(absolute) : absolute, exists: true };
}
/** lstat of `relative` inside `root`; a missing parent counts as missing. */
async function inspectPath(root, relative) {
    const full = external_node_path_.join(root, ...relative.split('/'));
    const found = await (0,promises_.lstat)(full).catch(noEntry);
    if (found === undefined)
        return { kind: 'missing' };
    if (found.isSymbolicLink())
        return { kind: 'symlink', target: await (0,promises_.readlink)(full) };
    if (found.isDirectory())
        return { kind: 'directory' };
    if (found.isFile())
        return { kind: 'file', size: found.size };
    return { kind: 'other' };
}
/**
 * `inspectPath` with one synchronous lstat: for surveying many paths, where an async call
 * per path costs several times the lstat itself.
 */
function inspectPathSync(root, relative) {
    const full = external_node_path_.join(root, ...relative.split('/'));
    let found;
    try {
        found = (0,external_node_fs_.lstatSync)(full, { throwIfNoEntry: false });
    }
    catch (error) {
        found = noEntry(error);
    }
    if (found === undefined)
        return { kind: 'missing' };
    if (found.isSymbolicLink())
        return { kind: 'symlink', target: (0,external_node_fs_.readlinkSync)(full) };
    if (found.isDirectory())
        return { kind: 'directory' };
    if (found.isFile())
        return { kind: 'file', size: found.size };
    return { kind: 'other' };
}
/**
 * Every folder above `relative` inside `root` must be a real directory or not exist yet: a
 * symlink or a file there would make the write land somewhere else. Refuses otherwise.
 * `verified` remembers folders already seen to be real directories (one lstat per folder
 * instead of one per entry and level).
 */
async function checkParentsInside(root, relative, verified = new Set()) {
    const segments = relative.split('/');
    for (let depth = 1; depth < segments.length; depth++) {
        const parent = segments.slice(0, depth).join('/');
        if (verified.has(parent))
            continue;
        const existing = await inspectPath(root, parent);
        if (existing.kind === 'missing')
            return;
        if (existing.kind === 'directory') {
            verified.add(parent);
            continue;
        }
        throw notAFolderError(root, parent, relative, existing);
    }
}
/** The refusal for an entry `relative` below `parent`, which is not a folder on disk. */
function notAFolderError(root, parent, relative, existing) {
    return new errors/* ArtifactLfsError */.qq('recover', `${external_node_path_.join(root, parent)} is a ${existing.kind === 'symlink' ? 'symlink' : 'file'}, but the archive puts ${relative} inside it; refusing to write through it`, { hint: `move ${external_node_path_.join(root, parent)} out of the way, or extract into an empty directory` });
}
/** A symlink lookup over what is on disk below `root` (for resolving symlink targets). */
function diskLinkLookup(root) {
    return async (relative) => {
        const existing = await inspectPath(root, relative);
        return existing.kind === 'symlink' ? existing.target : undefined;
    };
}
/** sha256 of a file's content, streamed. */
async function hashFile(file) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(file, { highWaterMark: 1 << 20 })) {
        hash.update(chunk);
    }
    return hash.digest('hex');
}
function noEntry(error) {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR')
        return undefined;
    throw error;
}

;// CONCATENATED MODULE: ./lib/recover/bounded-parallel.js
/**
 * Runs `task` over `items` with at most `limit` running at once; results keep the input order.
 * On the first failure no new task starts, the running ones are awaited (so nothing is still
 * writing when the caller cleans up), and that first error is thrown.
 */
async function mapBounded(items, limit, task) {
    const results = new Array(items.length);
    let next = 0;
    let failed = false;
    let firstError;
    const worker = async () => {
        while (!failed && next < items.length) {
            const index = next++;
            try {
                results[index] = await task(items[index], index);
            }
            catch (error) {
                if (!failed)
                    firstError = error;
                failed = true;
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    if (failed)
        throw firstError;
    return results;
}

;// CONCATENATED MODULE: ./lib/recover/extract-decisions.js




/** hash calls in flight at once (they mostly wait on the file system). */
const LOOKUP_CONCURRENCY = 16;
/**
 * Before anything is written: every folder above an entry must be a real folder (or absent),
 * a directory entry cannot land on a file or symlink, and a file or symlink entry cannot
 * replace a folder or a special file, even with force. One synchronous lstat per folder, plus
 * one per entry in a folder that exists (below a missing folder everything is missing).
 */
function surveyDestination(root, items) {
    const survey = { missingFolders: new Set(), occupied: new Set() };
    const folders = new Set();
    for (const item of items) {
        if (belowMissingFolder(root, item.path, folders, survey.missingFolders))
            continue;
        const existing = inspectPathSync(root, item.path);
        refuseUnreplaceable(root, item, existing);
        if (existing.kind === 'missing') {
            if (item.entry.kind === 'directory')
                survey.missingFolders.add(item.path);
        }
        else {
            survey.occupied.add(item.path);
            if (existing.kind === 'directory')
                folders.add(item.path);
        }
    }
    return survey;
}
/**
 * Walks the folders above `relative`: true at the first one that is missing (recorded in
 * `missing`); refuses one that is a file or symlink. `folders` remembers folders seen to exist.
 */
function belowMissingFolder(root, relative, folders, missing) {
    let end = relative.indexOf('/');
    while (end !== -1) {
        const parent = relative.slice(0, end);
        if (missing.has(parent))
            return true;
        if (!folders.has(parent)) {
            const existing = inspectPathSync(root, parent);
            if (existing.kind === 'missing') {
                missing.add(parent);
                return true;
            }
            if (existing.kind !== 'directory')
                throw notAFolderError(root, parent, relative, existing);
            folders.add(parent);
        }
        end = relative.indexOf('/', end + 1);
    }
    return false;
}
/** Whether `relative` is `folder` or below it. */
function isWithin(relative, folder) {
    return relative === folder || (relative.startsWith(folder) && relative[folder.length] === '/');
}
/**
 * Compares each staged file or symlink whose place was occupied at the survey with what is
 * there now. (A place that was free and is taken meanwhile makes placement refuse.) A staged
 * file's sha256 is its own or, when the archive has a manifest, the one `manifest` lists.
 */
async function decideAgainstDestination(root, staged, occupied, manifest) {
    const candidates = staged.filter(entry => entry.item.entry.kind !== 'directory' && occupied.has(entry.item.path));
    const verdicts = await mapBounded(candidates, LOOKUP_CONCURRENCY, async (entry) => {
        const { item } = entry;
        const existing = await inspectPath(root, item.path);
        refuseUnreplaceable(root, item, existing);
        if (existing.kind === 'missing')
            return 'new';
        let same = false;
        if (item.entry.kind === 'symlink' && existing.kind === 'symlink') {
            same = existing.target === entry.target;
        }
        else if (item.entry.kind === 'file' && existing.kind === 'file') {
            same =
                existing.size === entry.size &&
                    (await hashFile(external_node_path_.join(root, ...item.path.split('/')))) ===
                        (entry.sha256 ?? manifest?.sha256Of(item.path));
        }
        return same ? 'identical' : 'conflict';
    });
    const decisions = { skip: new Set(), conflicts: [] };
    verdicts.forEach((verdict, i) => {
        if (verdict === 'identical')
            decisions.skip.add(candidates[i].item.path);
        if (verdict === 'conflict')
            decisions.conflicts.push(candidates[i].item.path);
    });
    return decisions;
}
function refuseUnreplaceable(root, item, existing) {
    const kind = item.entry.kind;
    const there = existing.kind === 'other' ? 'a special file' : `a ${existing.kind}`;
    const blocked = kind === 'directory'
        ? existing.kind !== 'missing' && existing.kind !== 'directory'
        : existing.kind === 'directory' || existing.kind === 'other';
    if (!blocked)
        return;
    const full = external_node_path_.join(root, ...item.path.split('/'));
    throw new errors/* ArtifactLfsError */.qq('recover', `${full} is ${there}, but the archive has a ${kind} there; nothing was extracted`, { hint: `move ${full} out of the way (force never replaces folders), or extract elsewhere` });
}

;// CONCATENATED MODULE: ./lib/recover/placement.js




/**
 * Moves staged entries into the destination one rename at a time, remembering every change
 * so that `rollback()` can put the destination back exactly as it was: created folders are
 * removed, placed entries unlinked, replaced files restored from the backup folder (same file
 * system, so every step is a rename).
 */
class Placement {
    root;
    backupDir;
    steps = [];
    backups = 0;
    /** Folders inside root seen (or made) as real directories during this placement. */
    verified = new Set();
    /** Folders this placement created (relative paths). */
    created = new Set();
    constructor(root, backupDir) {
        this.root = root;
        this.backupDir = backupDir;
    }
    /** Makes sure the destination root exists (recording it if created). */
    async ensureRoot() {
        const found = await (0,promises_.lstat)(this.root).catch(() => undefined);
        if (found?.isDirectory())
            return;
        await (0,promises_.mkdir)(this.root);
        this.steps.push({ kind: 'mkdir', full: this.root });
    }
    /** Whether this placement created the folder `relative` (now or for an earlier entry). */
    createdDirectory(relative) {
        return this.created.has(relative);
    }
    /**
     * Creates `relative` and the folders above it, refusing anything that is not a folder;
     * true if it was created now.
     */
    async ensureDirectory(relative) {
        if (this.verified.has(relative))
            return false;
        await checkParentsInside(this.root, relative, this.verified);
        const existing = await inspectPath(this.root, relative);
        if (existing.kind === 'directory') {
            this.verified.add(relative);
            return false;
        }
        if (existing.kind !== 'missing')
            throw this.changed(relative);
        const segments = relative.split('/');
        if (segments.length > 1)
            await this.ensureDirectory(segments.slice(0, -1).join('/'));
        const full = this.full(relative);
        await (0,promises_.mkdir)(full);
        this.steps.push({ kind: 'mkdir', full });
        this.verified.add(relative);
        this.created.add(relative);
        return true;
    }
    /**
     * Renames the staged folder `stagedPath` to `relative` in one step, with everything in it.
     * The place must still be free: the survey found it missing, so nothing of the user's can
     * be below it. Rollback removes the whole folder again.
     */
    async placeFolder(relative, stagedPath) {
        const segments = relative.split('/');
        if (segments.length > 1)
            await this.ensureDirectory(segments.slice(0, -1).join('/'));
        await checkParentsInside(this.root, relative, this.verified);
        if ((await inspectPath(this.root, relative)).kind !== 'missing')
            throw this.changed(relative);
        const full = this.full(relative);
        await (0,promises_.rename)(stagedPath, full);
        this.steps.push({ kind: 'tree', full });
        this.verified.add(relative);
        this.created.add(relative);
    }
    /**
     * Renames `stagedPath` to `relative`. `replace` says what the caller saw there before: if
     * true the current occupant (file or symlink, never a folder) is moved to the backup folder
     * first; if false the path must still be free.
     */
    async place(relative, stagedPath, replace) {
        const segments = relative.split('/');
        if (segments.length > 1)
            await this.ensureDirectory(segments.slice(0, -1).join('/'));
        await checkParentsInside(this.root, relative, this.verified);
        const full = this.full(relative);
        const existing = await inspectPath(this.root, relative);
        if (existing.kind === 'missing') {
            await (0,promises_.rename)(stagedPath, full);
            this.steps.push({ kind: 'placed', full });
            return;
        }
        if (!replace || (existing.kind !== 'file' && existing.kind !== 'symlink')) {
            throw this.changed(relative);
        }
        const step = {
            kind: 'replaced',
            full,
            backup: external_node_path_.join(this.backupDir, String(this.backups++)),
            placed: false
        };
        await (0,promises_.rename)(full, step.backup);
        this.steps.push(step);
        await (0,promises_.rename)(stagedPath, full);
        step.placed = true;
    }
    /** Undoes every recorded step, newest first; returns what could not be undone. */
    async rollback() {
        const problems = [];
        for (const step of this.steps.splice(0).reverse()) {
            try {
                if (step.kind === 'mkdir')
                    await (0,promises_.rmdir)(step.full);
                else if (step.kind === 'placed')
                    await (0,promises_.unlink)(step.full);
                else if (step.kind === 'tree')
                    await (0,promises_.rm)(step.full, { recursive: true });
                else {
                    if (step.placed)
                        await (0,promises_.unlink)(step.full);
                    await (0,promises_.rename)(step.backup, step.full);
                }
            }
            catch (error) {
                problems.push(`${step.full}: ${error.message}`);
            }
        }
        return problems;
    }
    full(relative) {
        return external_node_path_.join(this.root, ...relative.split('/'));
    }
    changed(relative) {
        return new errors/* ArtifactLfsError */.qq('recover', `${this.full(relative)} changed while the archive was being extracted; nothing was extracted`, { hint: 'make sure nothing else writes to the destination, then retry' });
    }
}

// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(466);
;// CONCATENATED MODULE: ./lib/recover/staging-area.js








/** Creates a hidden, uniquely named folder next to the destination (same file system). */
async function createStagingDir(parent, destName) {
    const name = `.${destName}.artifact-lfs-extract-${process.pid}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`;
    const dir = external_node_path_.join(parent, name);
    await (0,promises_.mkdir)(dir, { mode: 0o700 });
    return dir;
}
/** Where an archive path lives below the staging data folder. */
function stagedPathOf(dataDir, relative) {
    return external_node_path_.join(dataDir, ...relative.split('/'));
}
/**
 * File entries up to this size (declared and compressed) are read whole and written with
 * synchronous calls: for small files the cost of a stream and of async calls per entry is far
 * more than the work itself. Bigger files are streamed (bounded memory).
 */
const SYNC_FILE_MAX_BYTES = 1024 * 1024;
/** Streamed (big) files in flight at once: reading, inflating and writing overlap (~10 MiB each). */
const STREAMED_CONCURRENCY = 3;
/** The synchronous loop hands control back to the event loop this often (progress, signals). */
const YIELD_EVERY_MS = 100;
/**
 * Writes every entry of `plan` under `dataDir` with the same relative path: directories,
 * files (CRC-32 and size checked by the reader, sha256 checked against the manifest before
 * the file is written), symlinks. Files get their mode (permission bits only) and mtime here,
 * so the later rename keeps them; folders are made with the default mode (the staging folder
 * itself is private), directory entries get theirs after placement. Small entries are staged
 * synchronously in archive order (consecutive entries share one read of the archive), big
 * files are streamed afterwards. The reader holds each entry to its declared size, and the
 * declared sizes were checked against the limits, so the real output is bounded too.
 */
async function stageEntries(reader, plan, dataDir, options) {
    const folders = new StagingFolders(dataDir);
    const counter = new StageCounter(plan, options);
    const staged = new Array(plan.length);
    const streamed = [];
    const inArchiveOrder = new Uint32Array(plan.length).map((_, index) => index);
    inArchiveOrder.sort((a, b) => plan[a].entry.localHeaderOffset - plan[b].entry.localHeaderOffset);
    let lastYield = Date.now();
    for (const index of inArchiveOrder) {
        const item = plan[index];
        const entry = newStagedEntry(item, options.manifest);
        const kind = item.entry.kind;
        if (kind === 'directory') {
            folders.ensure(item.path);
        }
        else if (kind === 'symlink') {
            stageSymlink(item, entry, folders, options.targets);
        }
        else if (isSmallFile(item)) {
            stageSmallFile(reader, item, entry, folders, options.manifest);
        }
        else {
            streamed.push(index);
            continue;
        }
        staged[index] = entry;
        counter.add(entry);
        if (Date.now() - lastYield >= YIELD_EVERY_MS) {
            await new Promise(resolve => setImmediate(resolve));
            lastYield = Date.now();
        }
    }
    await mapBounded(streamed, STREAMED_CONCURRENCY, async (index) => {
        const item = plan[index];
        const entry = newStagedEntry(item, options.manifest);
        folders.ensure(external_node_path_.posix.dirname(item.path));
        const stagedPath = folders.pathOf(item.path);
        const { size, digest } = await stageStreamedFile(reader, item, stagedPath, entry);
        entry.size = size;
        checkDigest(reader, item, entry, digest, options.manifest);
        staged[index] = entry;
        counter.add(entry);
    });
    return staged;
}
/** Folders made below the staging data folder, each made once (parents first). */
class StagingFolders {
    dataDir;
    made = new Set(['.']);
    constructor(dataDir) {
        this.dataDir = dataDir;
    }
    pathOf(relative) {
        return stagedPathOf(this.dataDir, relative);
    }
    /** Makes the folder `relative` ('.' is the data folder) and every folder above it. */
    ensure(relative) {
        if (this.made.has(relative))
            return;
        this.ensure(external_node_path_.posix.dirname(relative));
        try {
            (0,external_node_fs_.mkdirSync)(this.pathOf(relative));
        }
        catch (error) {
            // on a case-insensitive disk "A" and "a" are one folder: the second mkdir finds it
            if (error.code !== 'EEXIST')
                throw error;
        }
        this.made.add(relative);
    }
}
/** Counts staged files and bytes for the progress sink. */
class StageCounter {
    options;
    files = 0;
    bytes = 0;
    totalFiles;
    constructor(plan, options) {
        this.options = options;
        let files = 0;
        for (const item of plan)
            if (item.entry.kind !== 'directory')
                files++;
        this.totalFiles = files;
    }
    add(entry) {
        if (entry.item.entry.kind === 'directory')
            return;
        this.files++;
        this.bytes += entry.size;
        this.options.progress.update({
            phase: 'extracting',
            files: this.files,
            bytes: this.bytes,
            totalFiles: this.totalFiles,
            totalBytes: this.options.totalBytes
        });
    }
}
function newStagedEntry(item, manifest) {
    return {
        item,
        size: 0,
        mode: item.entry.mode & 0o777,
        mtime: manifest?.mtimeOf(item.path) ?? item.entry.mtime
    };
}
function isSmallFile(item) {
    return (item.entry.uncompressedSize <= SYNC_FILE_MAX_BYTES &&
        item.entry.compressedSize <= SYNC_FILE_MAX_BYTES);
}
function stageSymlink(item, entry, folders, targets) {
    const target = targets.get(item.key);
    if (target === undefined)
        throw new Error(`internal: no target read for ${item.path}`);
    folders.ensure(external_node_path_.posix.dirname(item.path));
    const stagedPath = folders.pathOf(item.path);
    (0,external_node_fs_.symlinkSync)(target, stagedPath);
    (0,external_node_fs_.lutimesSync)(stagedPath, entry.mtime, entry.mtime);
    entry.target = target;
    entry.size = Buffer.byteLength(target);
}
/** Reads, checks and writes one small file with synchronous calls. */
function stageSmallFile(reader, item, entry, folders, manifest) {
    const data = reader.readWholeEntry(item.entry);
    entry.size = data.length;
    checkDigest(reader, item, entry, (0,external_node_crypto_.hash)('sha256', data, 'buffer'), manifest);
    folders.ensure(external_node_path_.posix.dirname(item.path));
    const fd = (0,external_node_fs_.openSync)(folders.pathOf(item.path), 'wx', 0o600);
    try {
        let written = 0;
        while (written < data.length)
            written += (0,external_node_fs_.writeSync)(fd, data, written);
        (0,external_node_fs_.fchmodSync)(fd, entry.mode);
        (0,external_node_fs_.futimesSync)(fd, entry.mtime, entry.mtime);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
/**
 * A listed file's content must have the manifest's sha256; an unlisted one (no manifest)
 * keeps its own sha256 for the comparison with the destination.
 */
function checkDigest(reader, item, entry, digest, manifest) {
    if (manifest === undefined || !manifest.has(item.path)) {
        entry.sha256 = digest.toString('hex');
        return;
    }
    if (manifest.digestMatches(item.path, digest))
        return;
    throw archiveError(reader.displayName, `entry ${quoteName(item.entry.name)} has sha256 ${digest.toString('hex')} but the manifest says ${manifest.sha256Of(item.path)}: the archive is corrupt`);
}
/** Streams one big file entry to `stagedPath`, with its mode and mtime; returns size and sha256 digest. */
async function stageStreamedFile(reader, item, stagedPath, entry) {
    const hasher = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    const counter = new external_node_stream_.Transform({
        transform(chunk, _encoding, callback) {
            hasher.update(chunk);
            size += chunk.length;
            callback(null, chunk);
        }
    });
    await (0,external_node_stream_promises_.pipeline)(reader.openEntry(item.entry), counter, (0,external_node_fs_.createWriteStream)(stagedPath, { flags: 'wx', mode: 0o600, highWaterMark: 1024 * 1024 }));
    await (0,promises_.chmod)(stagedPath, entry.mode);
    await (0,promises_.utimes)(stagedPath, entry.mtime, entry.mtime);
    return { size, digest: hasher.digest() };
}

// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(877);
;// CONCATENATED MODULE: ./lib/recover/young-generation.js

const FLAG = 'semi-space-growth-factor';
/** V8's default growth factor of the young generation. */
const DEFAULT_GROWTH_FACTOR = 2;
let holders = 0;
/** Whoever started node chose the growth factor (node flags or NODE_OPTIONS): leave it. */
function chosenByUser() {
    return (process.execArgv.some(arg => arg.includes(FLAG)) ||
        (process.env.NODE_OPTIONS ?? '').includes(FLAG));
}
/**
 * Runs `work` with V8's young generation held at the size it has now. Extracting 70,000 small
 * files keeps ~30 MB of bookkeeping alive while it churns through garbage; V8 reads those
 * survivors as a sign to double the young generation up to 2 x 16 MB, and that space stays
 * resident: ~20 MiB of peak RSS for a few percent of CPU (more, smaller scavenges), measured
 * on 70,000 files. V8 reads the growth factor each time it considers growing, so setting it
 * at run time works; it is put back afterwards. Nested or overlapping calls share one hold.
 */
async function withYoungGenerationHeld(work, setFlags = external_node_v8_.setFlagsFromString) {
    if (chosenByUser())
        return work();
    if (holders++ === 0)
        setFlags(`--${FLAG}=1`);
    try {
        return await work();
    }
    finally {
        if (--holders === 0)
            setFlags(`--${FLAG}=${DEFAULT_GROWTH_FACTOR}`);
    }
}

;// CONCATENATED MODULE: ./lib/recover/safe-extract.js


















/**
 * Extracts an archive into `destDir` all-or-nothing. Every name, symlink target and size is
 * checked before anything is written; entries are inflated into a hidden staging folder next
 * to destDir (CRC-32, sizes and the manifest's sha256 verified), then renamed into place. An
 * existing file with the same content is skipped; a different one is a conflict that refuses
 * the extraction unless `force`. Nothing is ever written through a symlink. Modes (permission
 * bits only) and mtimes are restored; the manifest entry is not extracted. On any failure the
 * staging folder is removed and destDir is left as it was (created folders removed too).
 */
async function extractArchive(archivePath, destDir, options = {}) {
    return withYoungGenerationHeld(() => extractHeld(archivePath, destDir, options));
}
async function extractHeld(archivePath, destDir, options) {
    const logger = options.logger ?? progress_silentLogger;
    const progress = options.progress ?? silentProgress;
    const limits = resolveLimits(options.limits);
    const reader = await ZipReader.open(archivePath, { displayName: options.displayName });
    try {
        const name = reader.displayName;
        const declaredBytes = checkDeclaredLimits(reader.entries, limits, name);
        const plan = planEntryPaths(reader.entries, name);
        const manifestItem = plan.find(item => item.entry.name === MANIFEST_ENTRY_NAME);
        const manifest = manifestItem && (await readManifestIndex(reader, manifestItem));
        const items = plan.filter(item => item !== manifestItem && !onlyHoldsManifest(item, plan));
        const targets = await readLinkTargets(reader, items);
        if (manifest !== undefined)
            checkAgainstManifest(items, targets, manifest, name);
        const { root } = await resolveDestination(destDir);
        await checkLinksStayInside(items, targets, name, diskLinkLookup(root));
        const survey = surveyDestination(root, items);
        const parent = external_node_path_.dirname(root);
        const createdParent = await (0,promises_.mkdir)(parent, { recursive: true });
        let staging;
        try {
            staging = await createStagingDir(parent, external_node_path_.basename(root));
            const dataDir = external_node_path_.join(staging, 'data');
            const backupDir = external_node_path_.join(staging, 'replaced');
            await (0,promises_.mkdir)(dataDir);
            await (0,promises_.mkdir)(backupDir);
            const staged = await stageEntries(reader, items, dataDir, {
                manifest,
                targets,
                progress,
                totalBytes: declaredBytes
            });
            const decisions = await decideAgainstDestination(root, staged, survey.occupied, manifest);
            if (decisions.conflicts.length > 0 && !options.force) {
                throw new errors/* ArtifactLfsError */.qq('recover', `${destDir}: ${decisions.conflicts.length} file(s) already exist with different content; nothing was extracted:${formatList(decisions.conflicts)}`, { hint: 'move those files away, extract elsewhere, or pass --force to replace them' });
            }
            const written = await placeAll({ root, dataDir, backupDir, missingFolders: survey.missingFolders }, staged, decisions, progress);
            for (const conflict of decisions.conflicts)
                logger.warn(`replaced ${conflict} (different content)`);
            const totalBytes = staged.reduce((sum, s) => sum + s.size, 0);
            progress.done({
                phase: 'extracting',
                files: written.length,
                bytes: totalBytes,
                totalFiles: written.length
            });
            logger.info(`extracted ${written.length} file(s) to ${root}; ${decisions.skip.size} identical skipped, ${decisions.conflicts.length} replaced`);
            return {
                written,
                skippedIdentical: [...decisions.skip],
                conflicts: decisions.conflicts,
                totalBytes
            };
        }
        catch (error) {
            if (createdParent !== undefined)
                await (0,promises_.rm)(createdParent, { recursive: true, force: true });
            if ((0,errors/* isArtifactLfsError */.sL)(error))
                throw error;
            throw new errors/* ArtifactLfsError */.qq('io', `could not extract ${name} into ${destDir}: ${error.message}`, {
                hint: 'nothing was extracted; fix the cause (disk space, permissions, name length) and retry',
                cause: error
            });
        }
        finally {
            if (staging !== undefined)
                await (0,promises_.rm)(staging, { recursive: true, force: true });
        }
    }
    finally {
        await reader.close();
    }
}
/** The manifest's files, indexed compactly as they are parsed (no list of file objects). */
async function readManifestIndex(reader, item) {
    if (item.entry.kind !== 'file') {
        throw archiveError(reader.displayName, `manifest entry ${MANIFEST_ENTRY_NAME} is a ${item.entry.kind}`);
    }
    const bytes = await reader.readEntry(item.entry, { maxBytes: MAX_MANIFEST_BYTES });
    // every listed file is an entry (else the archive is refused): the entry count fits all
    const index = new ManifestIndex(reader.entries.length);
    scanManifest(bytes, reader.displayName, file => index.add(file));
    return index;
}
/** The ".artifact-lfs/" directory entry, when the manifest is all it holds, is not extracted. */
function onlyHoldsManifest(item, plan) {
    const folder = external_node_path_.posix.dirname(MANIFEST_ENTRY_NAME);
    if (item.entry.kind !== 'directory' || item.path !== folder)
        return false;
    return !plan.some(other => other.path.startsWith(`${folder}/`) && other.entry.name !== MANIFEST_ENTRY_NAME);
}
/** Paths, types, declared sizes and symlink targets must match the manifest before writing. */
function checkAgainstManifest(items, targets, index, name) {
    function* facts() {
        for (const item of items) {
            yield {
                path: item.path,
                kind: item.entry.kind,
                size: item.entry.uncompressedSize,
                mode: item.entry.mode,
                target: targets.get(item.key)
            };
        }
    }
    // content (sha256) is checked while staging
    const problems = compareWithManifest(facts(), index, { content: false, modes: false });
    if (problems.length === 0)
        return;
    throw archiveError(name, `entries and manifest disagree (${problems.length}):${formatList(problems)}`, { hint: 'the archive was changed after packaging or is corrupt; nothing was extracted' });
}
/**
 * Renames staged entries into place (rolling back on failure), then fixes folder metadata.
 * A folder the destination did not have is moved in with one rename (all it holds is from the
 * archive); entries in existing folders are placed one by one, skipping identical ones and
 * replacing conflicts (the caller refused them unless forced).
 */
async function placeAll(places, staged, decisions, progress) {
    const { root, dataDir, missingFolders } = places;
    const placement = new Placement(root, places.backupDir);
    const replace = new Set(decisions.conflicts);
    const movedFolders = new Set();
    const written = [];
    const createdDirs = [];
    const report = () => progress.update({
        phase: 'placing',
        files: written.length,
        bytes: 0,
        totalFiles: staged.length
    });
    try {
        await placement.ensureRoot();
        for (const entry of staged) {
            const relative = entry.item.path;
            const isDirectory = entry.item.entry.kind === 'directory';
            const folder = missingFolderHolding(relative, missingFolders);
            if (folder !== undefined) {
                // folded: on a case-insensitive disk "A" and "a" are one staged folder, moved once
                const key = foldPathKey(folder);
                if (!movedFolders.has(key)) {
                    await placement.placeFolder(folder, stagedPathOf(dataDir, folder));
                    movedFolders.add(key);
                }
                if (isDirectory)
                    createdDirs.push(entry);
                else {
                    written.push(relative);
                    report();
                }
                continue;
            }
            if (isDirectory) {
                await placement.ensureDirectory(relative);
                if (placement.createdDirectory(relative))
                    createdDirs.push(entry);
                continue;
            }
            if (decisions.skip.has(relative))
                continue;
            await placement.place(relative, stagedPathOf(dataDir, relative), replace.has(relative));
            written.push(relative);
            report();
        }
        // folder modes and times last, deepest first, so adding entries does not change them
        for (const entry of createdDirs.sort((x, y) => y.item.path.length - x.item.path.length)) {
            const full = external_node_path_.join(root, ...entry.item.path.split('/'));
            await (0,promises_.chmod)(full, entry.mode);
            await (0,promises_.utimes)(full, entry.mtime, entry.mtime);
        }
    }
    catch (error) {
        const problems = await placement.rollback();
        if (problems.length > 0 && error instanceof Error) {
            error.message += `\n  (could not undo: ${problems.join('; ')})`;
        }
        throw error;
    }
    return written;
}
/** The folder of `missingFolders` that is `relative` or holds it, if any. */
function missingFolderHolding(relative, missingFolders) {
    if (missingFolders.size === 0)
        return undefined;
    let end = relative.indexOf('/');
    while (end !== -1) {
        const folder = relative.slice(0, end);
        if (missingFolders.has(folder))
            return folder;
        end = relative.indexOf('/', end + 1);
    }
    return missingFolders.has(relative) ? relative : undefined;
}

;// CONCATENATED MODULE: ./lib/recover/recover-session.js








/**
 * --recover: resolve the archive, make its bytes local (fetching only that LFS object), prove
 * them against the pointer (sha256 and size), then extract all-or-nothing into the temp dir.
 * Nothing is written to the temp dir unless every check passed.
 */
async function recoverSession(repo, options) {
    const logger = options.logger ?? progress_silentLogger;
    const progress = options.progress ?? silentProgress;
    const destination = await checkDestination(repo, external_node_path_.resolve(options.cwd, options.tmpDir));
    const archive = await resolveArchive(repo, options.spec, {
        sessionDir: options.sessionDir,
        cwd: options.cwd
    });
    logger.info(`recovering ${archive.displayName}${archive.source === 'commit' ? ' (from the commit, not the work tree)' : ''} into ${destination}`);
    const local = await ensureArchiveBytes(repo, archive, { logger, progress });
    let extracted;
    try {
        extracted = await extractArchive(local.path, destination, {
            force: options.force,
            limits: options.limits,
            logger,
            progress
        });
    }
    catch (error) {
        throw renameArchive(error, local.path, archive.displayName);
    }
    const result = {
        archive: archive.displayName,
        source: archive.source,
        fetched: local.fetched,
        verified: local.verified,
        tmpDir: destination,
        ...extracted
    };
    if (archive.commit !== undefined)
        result.commit = archive.commit;
    return result;
}
/**
 * Refuses destinations that are not a session temp dir: the file-system root, the repository
 * root or a folder holding it, anything inside the git dir.
 */
async function checkDestination(repo, wanted) {
    const destination = await realpathOfExistingPart(wanted);
    const refuse = (why) => {
        throw new errors/* ArtifactLfsError */.qq('config', `refusing to recover into ${wanted}: ${why}`, {
            hint: 'pass --tmp-dir with a folder for session outputs, e.g. tmp/'
        });
    };
    if (destination === external_node_path_.parse(destination).root)
        refuse('it is the file-system root');
    if (isInsideOrEqual(destination, repo.root))
        refuse('it is or contains the repository root');
    const gitDir = await realpathOfExistingPart(await repo.gitDir());
    if (isInsideOrEqual(gitDir, destination))
        refuse('it is inside the .git folder');
    return destination;
}
/** The real path of the longest existing prefix, with the missing rest appended. */
async function realpathOfExistingPart(wanted) {
    const missing = [];
    let current = wanted;
    for (;;) {
        try {
            return external_node_path_.join(await (0,promises_.realpath)(current), ...missing.reverse());
        }
        catch (cause) {
            const code = cause.code;
            const parent = external_node_path_.dirname(current);
            if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === current)
                throw cause;
            missing.push(external_node_path_.basename(current));
            current = parent;
        }
    }
}
/** The extractor names the archive by its file (an LFS store path): use the display name. */
function renameArchive(error, bytesPath, displayName) {
    if (error instanceof errors/* ArtifactLfsError */.qq && error.message.startsWith(bytesPath)) {
        error.message = displayName + error.message.slice(bytesPath.length);
    }
    return error;
}

;// CONCATENATED MODULE: ./lib/recover/run-recovery.js






async function run_recovery_open(cwd, policyFile, logger) {
    const repo = await git_repo/* GitRepo */.t.discover(cwd);
    const loaded = await loadPolicy(repo.root, policyFile);
    if (!loaded.exists)
        logger.info(`no ${policyFile} at the repo root: using the default policy`);
    for (const warning of loaded.warnings)
        logger.warn(warning);
    return { repo, policy: loaded.policy };
}
/** The engine entry point of `--recover [ARCHIVE]` (CLI) and `recover:` (Action). */
async function runRecovery(request) {
    const { repo, policy } = await run_recovery_open(request.cwd, request.policyFile, request.logger);
    const lock = await RunLock.acquire(await repo.gitDir());
    try {
        return await recoverSession(repo, {
            spec: request.spec,
            tmpDir: request.tmpDir ?? external_node_path_.join(repo.root, 'tmp'),
            sessionDir: policy.sessionArtifactDir,
            cwd: request.cwd,
            force: request.force,
            logger: request.logger,
            progress: request.progress
        });
    }
    finally {
        await lock.release();
    }
}
/** The engine entry point of `--recover --list`. */
async function runListing(request) {
    const { repo, policy } = await run_recovery_open(request.cwd, request.policyFile, request.logger);
    return listArchives(repo, { sessionDir: policy.sessionArtifactDir });
}

;// CONCATENATED MODULE: ./lib/cli/main.js
















/** The CLI: argv -> engine -> stdout/stderr and an exit code (0 done, 1 failure, 2 usage). */
async function main(argv, io = processIo()) {
    // src/cli.ts has done this already when started as a command; in-process callers have not
    (0,early_start/* startBeforeLoading */.g)(argv, io.cwd);
    try {
        return await runCli(argv, io);
    }
    finally {
        (0,early_git_call/* abandonEarlyGitCalls */.Et)();
    }
}
async function runCli(argv, io) {
    let options;
    try {
        options = (0,parse_args/* parseCliArgs */.hT)(argv);
    }
    catch (error) {
        io.stderr.write(`artifact-lfs: ${(0,errors/* errorMessage */.gJ)(error)}\n`);
        return 2;
    }
    if (options.help) {
        io.stdout.write(HELP_TEXT);
        return 0;
    }
    if (options.version) {
        io.stdout.write(`artifact-lfs ${TOOL_VERSION}\n`);
        return 0;
    }
    if ((0,parse_args/* nothingRequested */.UE)(options)) {
        io.stderr.write(HELP_TEXT);
        io.stderr.write('\nartifact-lfs: say what to do, e.g. --package --commit --sync-gitattributes\n');
        return 2;
    }
    const hooks = cliHooks(io, options);
    if (options.recover)
        return recover(options, io, hooks);
    try {
        const result = await runPipeline(requestFromOptions(options, io), hooks);
        if (options.json)
            writeJson(io, { ok: true, ...result });
        else
            io.stdout.write(renderResult(result));
        return 0;
    }
    catch (error) {
        const partial = error instanceof PipelineFailure ? error.partial : {};
        if (options.json) {
            writeJson(io, { ok: false, error: jsonError(error), ...partial });
        }
        else {
            io.stdout.write(renderResult(partial));
            if (partial.package?.archiveRelPath && !partial.push)
                io.stderr.write(`artifact-lfs: the archive was kept at ${partial.package.archiveRelPath}\n`);
        }
        io.stderr.write(`artifact-lfs: error: ${(0,errors/* errorMessage */.gJ)(error)}\n`);
        return (0,errors/* isArtifactLfsError */.sL)(error) ? error.exitCode : 1;
    }
}
async function recover(options, io, hooks) {
    try {
        if (options.list) {
            const archives = await runListing({
                cwd: io.cwd,
                policyFile: options.policyFile,
                logger: hooks.logger
            });
            io.stdout.write(options.json ? JSON.stringify({ ok: true, archives }) + '\n' : renderListing(archives));
            return 0;
        }
        const result = await runRecovery({
            cwd: io.cwd,
            policyFile: options.policyFile,
            spec: options.recoverArchive,
            tmpDir: options.tmpDir,
            force: options.force,
            logger: hooks.logger,
            progress: hooks.progress
        });
        io.stdout.write(options.json ? JSON.stringify({ ok: true, recover: result }) + '\n' : renderRecovery(result));
        return 0;
    }
    catch (error) {
        if (options.json)
            io.stdout.write(JSON.stringify({ ok: false, error: jsonError(error) }) + '\n');
        io.stderr.write(`artifact-lfs: error: ${(0,errors/* errorMessage */.gJ)(error)}\n`);
        return (0,errors/* isArtifactLfsError */.sL)(error) ? error.exitCode : 1;
    }
}
function requestFromOptions(options, io) {
    return {
        cwd: io.cwd,
        policyFile: options.policyFile,
        tmpDir: options.tmpDir,
        steps: {
            sync: options.syncGitattributes,
            syncCheck: options.check,
            package: options.package,
            commit: options.commit,
            verify: options.verify,
            validate: options.validate,
            push: options.push,
            clean: options.clean,
            pruneTemp: options.pruneTemp,
            pruneArchives: options.pruneArchives
        },
        all: options.all,
        includeHidden: options.includeHidden,
        compressionLevel: options.compressionLevel,
        message: options.message,
        branch: options.branch,
        remote: options.remote,
        pushAttempts: options.pushAttempts,
        dryRun: options.dryRun,
        ...environmentContext(io.env)
    };
}
function cliHooks(io, options) {
    const say = (text) => {
        if (!options.quiet)
            io.stderr.write(`${text}\n`);
    };
    return {
        logger: {
            info: say,
            warn: message => io.stderr.write(`warning: ${message}\n`),
            debug: message => {
                if (io.env.ARTIFACT_LFS_DEBUG === '1')
                    io.stderr.write(`debug: ${message}\n`);
            }
        },
        progress: options.quiet
            ? silentProgress
            : throttledProgress({
                interactive: io.stderr.isTTY === true,
                write: text => io.stderr.write(text)
            }),
        phase: async (name, work) => {
            say(`== ${name}`);
            return work();
        }
    };
}
function jsonError(error) {
    if (error instanceof errors/* ArtifactLfsError */.qq)
        return { kind: error.kind, message: error.message, hint: error.hint };
    return { kind: 'internal', message: (0,errors/* errorMessage */.gJ)(error) };
}
/** One JSON document and a newline on stdout, written in pieces (a file list may be long). */
function writeJson(io, value) {
    for (const piece of jsonPieces(value))
        io.stdout.write(piece);
    io.stdout.write('\n');
}


/***/ })

};
