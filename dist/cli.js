#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 24:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 75:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 466:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");

/***/ }),

/***/ 500:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");

/***/ }),

/***/ 877:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:v8");

/***/ }),

/***/ 919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 176:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ parseDuration),
/* harmony export */   a: () => (/* binding */ formatDuration)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(452);

/**
 * Retention durations as users write them: a whole number and one unit letter, `30m`, `12h`,
 * `7d`, `2w`. Months and years are not accepted (their length varies); write days instead.
 */
const UNIT_MS = {
    m: 60_000,
    h: 3_600_000,
    d: 86_400_000,
    w: 604_800_000
};
const DURATION_PATTERN = /^(0|[1-9][0-9]{0,12})([mhdw])$/;
/**
 * Milliseconds for `value`. `label` names the setting in the error (e.g. `--older-than`).
 * Anything but `<number><m|h|d|w>` is a usage error that quotes the value.
 */
function parseDuration(value, label = 'duration') {
    const match = DURATION_PATTERN.exec(value);
    const ms = match ? Number(match[1]) * UNIT_MS[match[2]] : Number.NaN;
    if (!match || !Number.isSafeInteger(ms))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ArtifactLfsError */ .qq('usage', `${label}: ${JSON.stringify(value)} is not a duration`, {
            hint: 'write a whole number followed by m (minutes), h (hours), d (days) or w (weeks), e.g. 30m, 12h, 7d or 2w'
        });
    return ms;
}
/** The shortest exact spelling of `ms` in the same units (`604800000` -> `1w`), for messages. */
function formatDuration(ms) {
    for (const unit of ['w', 'd', 'h', 'm']) {
        if (ms > 0 && ms % UNIT_MS[unit] === 0)
            return `${ms / UNIT_MS[unit]}${unit}`;
    }
    if (ms === 0)
        return '0m';
    return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}


/***/ }),

/***/ 69:
/***/ ((__webpack_module__, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _cli_early_start_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(632);

const argv = process.argv.slice(2);
// git starts listing the tree (a verify-only run) while node loads the rest of the CLI: main
// is imported lazily, so the bundler puts it in its own chunk, evaluated after git started
(0,_cli_early_start_js__WEBPACK_IMPORTED_MODULE_0__/* .startBeforeLoading */ .g)(argv, process.cwd());
const { main } = await Promise.all(/* import() */[__nccwpck_require__.e(243), __nccwpck_require__.e(52)]).then(__nccwpck_require__.bind(__nccwpck_require__, 52));
process.exitCode = await main(argv);

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 632:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ startBeforeLoading)
/* harmony export */ });
/* harmony import */ var _verify_verify_prefetch_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(434);
/* harmony import */ var _parse_args_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(949);


/**
 * What the CLI starts before it loads the rest of itself (src/cli.ts imports this module
 * statically and main.js lazily): for a verify-only run, verify's git processes, so git lists
 * the tree on the other core while node loads and evaluates the bundle. Keep this module's
 * imports small: they are loaded before anything happens. Bad arguments are left for `main`
 * to report.
 */
function startBeforeLoading(argv, cwd) {
    let verifyOnlyRun;
    try {
        verifyOnlyRun = (0,_parse_args_js__WEBPACK_IMPORTED_MODULE_1__/* .verifyOnly */ .Ec)((0,_parse_args_js__WEBPACK_IMPORTED_MODULE_1__/* .parseCliArgs */ .hT)(argv));
    }
    catch {
        return;
    }
    if (verifyOnlyRun)
        (0,_verify_verify_prefetch_js__WEBPACK_IMPORTED_MODULE_0__/* .prefetchVerifyCalls */ .k)(cwd);
}


/***/ }),

/***/ 949:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  UE: () => (/* binding */ nothingRequested),
  hT: () => (/* binding */ parseCliArgs),
  Ec: () => (/* binding */ verifyOnly)
});

;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
// EXTERNAL MODULE: ./lib/cleanup/parse-duration.js
var parse_duration = __nccwpck_require__(176);
// EXTERNAL MODULE: ./lib/errors.js
var errors = __nccwpck_require__(452);
;// CONCATENATED MODULE: ./lib/cleanup/parse-keep-count.js

/**
 * How many archives to keep, as users write it (`10`, `0`): a whole number, no sign, no
 * decimals. `label` names the setting in the error (e.g. `--keep`).
 */
function parseKeepCount(value, label = 'keep') {
    const count = /^(0|[1-9][0-9]{0,8})$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(count))
        throw new errors/* ArtifactLfsError */.qq('usage', `${label}: ${JSON.stringify(value)} is not a number of archives`, { hint: 'write a whole number of archives to keep, e.g. 10 (0 keeps none)' });
    return count;
}

;// CONCATENATED MODULE: ./lib/cli/parse-args.js




const OPTIONS = {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'V' },
    package: { type: 'boolean' },
    commit: { type: 'boolean' },
    'sync-gitattributes': { type: 'boolean' },
    check: { type: 'boolean' },
    verify: { type: 'boolean' },
    validate: { type: 'boolean' },
    push: { type: 'boolean' },
    recover: { type: 'boolean' },
    list: { type: 'boolean' },
    force: { type: 'boolean' },
    'tmp-dir': { type: 'string' },
    message: { type: 'string', short: 'm' },
    all: { type: 'boolean' },
    'include-hidden': { type: 'boolean' },
    'compression-level': { type: 'string' },
    json: { type: 'boolean' },
    'policy-file': { type: 'string' },
    branch: { type: 'string' },
    remote: { type: 'string' },
    'push-attempts': { type: 'string' },
    'dry-run': { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
    clean: { type: 'boolean' },
    'prune-temp': { type: 'boolean' },
    'older-than': { type: 'string' },
    'prune-archives': { type: 'boolean' },
    keep: { type: 'string' },
    'max-age': { type: 'string' }
};
function usage(message) {
    return new errors/* ArtifactLfsError */.qq('usage', message, { hint: 'run artifact-lfs --help for the options' });
}
function integerOption(name, raw, min, max, fallback) {
    if (raw === undefined)
        return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
        throw usage(`--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
    return Number(raw);
}
function parseCliArgs(argv) {
    let parsed;
    try {
        parsed = (0,external_node_util_namespaceObject.parseArgs)({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    }
    catch (cause) {
        throw usage(cause.message.replace(/\. To specify a positional.*$/s, ''));
    }
    const v = parsed.values;
    const positionals = parsed.positionals;
    const recover = v.recover === true;
    if (positionals.length > 0 && !recover)
        throw usage(`unexpected argument ${JSON.stringify(positionals[0])}`);
    if (positionals.length > 1)
        throw usage('--recover takes at most one ARCHIVE');
    const options = {
        help: v.help === true,
        version: v.version === true,
        package: v.package === true,
        commit: v.commit === true,
        syncGitattributes: v['sync-gitattributes'] === true,
        check: v.check === true,
        verify: v.verify === true,
        validate: v.validate === true,
        push: v.push === true,
        recover,
        recoverArchive: positionals[0] ?? 'latest',
        list: v.list === true,
        force: v.force === true,
        tmpDir: v['tmp-dir'],
        message: v.message,
        all: v.all === true,
        includeHidden: v['include-hidden'] === true,
        compressionLevel: integerOption('compression-level', v['compression-level'], 0, 9, 6),
        json: v.json === true,
        policyFile: v['policy-file'] ?? '.codex_lfs_policy.yaml',
        branch: v.branch,
        remote: v.remote ?? 'origin',
        pushAttempts: integerOption('push-attempts', v['push-attempts'], 1, 20, 5),
        dryRun: v['dry-run'] === true,
        quiet: v.quiet === true,
        clean: v.clean === true,
        pruneTemp: undefined,
        pruneArchives: undefined
    };
    if (v['prune-temp'] === true) {
        if (v['older-than'] === undefined)
            throw usage('--prune-temp needs --older-than DURATION (e.g. 7d)');
        options.pruneTemp = { olderThanMs: (0,parse_duration/* parseDuration */.E)(v['older-than'], '--older-than') };
    }
    else if (v['older-than'] !== undefined)
        throw usage('--older-than goes with --prune-temp');
    if (v['prune-archives'] === true) {
        if (v.keep === undefined && v['max-age'] === undefined)
            throw usage('--prune-archives needs --keep N and/or --max-age DURATION');
        options.pruneArchives = {
            keep: v.keep === undefined ? undefined : parseKeepCount(v.keep, '--keep'),
            maxAgeMs: v['max-age'] === undefined ? undefined : (0,parse_duration/* parseDuration */.E)(v['max-age'], '--max-age')
        };
    }
    else if (v.keep !== undefined || v['max-age'] !== undefined)
        throw usage('--keep and --max-age go with --prune-archives');
    if (options.clean && !options.commit)
        throw usage('--clean needs --commit: files are removed only once their archive is committed (and pushed, with --push)');
    if (options.check && !options.syncGitattributes)
        throw usage('--check goes with --sync-gitattributes');
    if (options.recover && (options.package || options.commit || options.push || options.clean))
        throw usage('--recover cannot be combined with --package, --commit or --push');
    if (options.list && !options.recover)
        throw usage('--list goes with --recover');
    if (options.tmpDir === '')
        throw usage('--tmp-dir needs a folder');
    if (options.message !== undefined && options.message.trim() === '')
        throw usage('--message must not be empty');
    return options;
}
/** True when no action flag was given (then the CLI prints its help). */
function nothingRequested(options) {
    return !(options.package ||
        options.commit ||
        options.syncGitattributes ||
        options.verify ||
        options.validate ||
        options.push ||
        options.recover ||
        options.pruneTemp !== undefined ||
        options.pruneArchives !== undefined);
}
/**
 * True when verify is the only step asked for: nothing commits before it, so its tree listing
 * git processes can start before the rest of the CLI has loaded (see prefetchVerifyCalls).
 */
function verifyOnly(options) {
    return (options.verify &&
        !options.help &&
        !options.version &&
        !options.clean &&
        nothingRequested({ ...options, verify: false }));
}


/***/ }),

/***/ 452:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   qq: () => (/* binding */ ArtifactLfsError),
/* harmony export */   sL: () => (/* binding */ isArtifactLfsError)
/* harmony export */ });
class ArtifactLfsError extends Error {
    kind;
    hint;
    constructor(kind, message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'ArtifactLfsError';
        this.kind = kind;
        this.hint = options.hint;
    }
    /** 2 for a usage error (bad flags), 1 for everything else. */
    get exitCode() {
        return this.kind === 'usage' ? 2 : 1;
    }
    /** Message plus hint, the text a user sees. */
    describe() {
        return this.hint ? `${this.message}\n  hint: ${this.hint}` : this.message;
    }
}
function isArtifactLfsError(value) {
    return value instanceof ArtifactLfsError;
}
/** The message of any thrown value, for logging. */
function errorMessage(value) {
    if (value instanceof ArtifactLfsError)
        return value.describe();
    if (value instanceof Error)
        return value.message;
    return String(value);
}


/***/ }),

/***/ 530:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ readObjects),
/* harmony export */   G: () => (/* binding */ READ_OBJECTS_ARGS)
/* harmony export */ });
/* harmony import */ var _early_git_call_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(675);

/** The call readObjects makes: ids on stdin, objects on stdout. */
const READ_OBJECTS_ARGS = ['cat-file', '--batch', '--buffer'];
/**
 * Reads many objects with ONE `git cat-file --batch` process: all ids go in on stdin, every
 * object comes back as `<oid> <type> <size>\n<content>\n` (or `<oid> missing\n`).
 * Meant for small blobs (e.g. pointer candidates): everything is held in memory.
 */
async function readObjects(repo, oids) {
    const unique = [...new Set(oids)];
    const found = new Map();
    if (unique.length === 0)
        return found;
    const input = unique.map(oid => `${oid}\n`).join('');
    // a verify-only CLI run started this call, waiting for its input, before it loaded this code
    const early = (0,_early_git_call_js__WEBPACK_IMPORTED_MODULE_0__/* .takeEarlyGitCall */ .t5)(repo.locatedFrom, READ_OBJECTS_ARGS);
    early?.provideInput(input);
    const { stdout } = await (early?.output() ?? repo.run(READ_OBJECTS_ARGS, { input }));
    let at = 0;
    for (const requested of unique) {
        const lineEnd = stdout.indexOf(0x0a, at);
        if (lineEnd === -1)
            throw new Error(`git cat-file --batch: output ended before ${requested}`);
        const header = stdout.subarray(at, lineEnd).toString('utf8');
        const parts = header.split(' ');
        if (parts[1] === 'missing' || parts.length !== 3) {
            found.set(requested, undefined);
            at = lineEnd + 1;
            continue;
        }
        const size = Number(parts[2]);
        const start = lineEnd + 1;
        found.set(requested, stdout.subarray(start, start + size));
        at = start + size + 1;
    }
    return found;
}


/***/ }),

/***/ 675:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Et: () => (/* binding */ abandonEarlyGitCalls),
/* harmony export */   sI: () => (/* binding */ startEarlyGitCall),
/* harmony export */   t5: () => (/* binding */ takeEarlyGitCall)
/* harmony export */ });
/* unused harmony export EarlyGitCall */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(24);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(760);
/* harmony import */ var _exec_git_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(826);




/** How much of the output `consume` reads and hands over at a time, into one reused buffer. */
const READ_CHUNK_BYTES = 1024 * 1024;
/**
 * A git call started before the code that reads its output is ready: a verify-only CLI run
 * starts its git processes first thing (see startEarlyGitCall), so git works on the other
 * core while node still loads the rest of the CLI. stdout goes to a temporary file, unlinked
 * at once (nothing is left behind whatever happens), not to a pipe: git never waits for us,
 * and the output is read back into one reused 1 MiB buffer instead of thousands of 8 KiB pipe
 * reads, each into fresh memory (on a 100,000-file tree those cost node more than git's work).
 */
class EarlyGitCall {
    cwd;
    args;
    result;
    giveInput;
    fd;
    taken = false;
    /** `withInput`: stdin stays open until `provideInput` (or `abandon`, which closes it empty). */
    constructor(cwd, args, withInput = false) {
        this.cwd = cwd;
        this.args = args;
        let giveInput;
        const input = withInput
            ? new Promise(resolve => {
                giveInput = resolve;
            })
            : undefined;
        this.giveInput = giveInput;
        const fd = openUnlinkedTempFile();
        this.fd = fd;
        this.result = (0,_exec_git_js__WEBPACK_IMPORTED_MODULE_3__/* .execGit */ .Ix)(args, { cwd, input, stdoutFd: fd });
        // nobody may ever take it (the run failed earlier): its failure is not unhandled
        this.result.catch(() => undefined);
    }
    /** Writes `input` to a call started `withInput`, then closes its stdin. */
    provideInput(input) {
        this.giveInput?.(input);
    }
    /**
     * Once git has exited, gives `onStdout` its whole stdout, chunk by chunk, in order; resolves
     * or rejects as execGit does with `onStdout`. Every chunk is the same buffer refilled:
     * `onStdout` must copy what it keeps beyond the call. Once only (consume or output).
     */
    async consume(onStdout) {
        this.take();
        try {
            const result = await this.result;
            const fd = this.fd;
            const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
            for (let position = 0;;) {
                const read = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, chunk, 0, chunk.length, position);
                if (read === 0)
                    break;
                onStdout(read === chunk.length ? chunk : chunk.subarray(0, read));
                position += read;
            }
            return result;
        }
        finally {
            this.close();
        }
    }
    /** The result with stdout read whole, as execGit gives it; for small outputs. Once only. */
    async output() {
        this.take();
        try {
            const result = await this.result;
            const fd = this.fd;
            const stdout = Buffer.allocUnsafe((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd).size);
            let filled = 0;
            while (filled < stdout.length) {
                const read = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, stdout, filled, stdout.length - filled, filled);
                if (read === 0)
                    break;
                filled += read;
            }
            return { ...result, stdout: stdout.subarray(0, filled) };
        }
        finally {
            this.close();
        }
    }
    /** Nobody will read the output: stdin is closed, the file once git is done with it. */
    abandon() {
        if (this.taken)
            return;
        this.taken = true;
        this.giveInput?.('');
        void this.result.finally(() => this.close()).catch(() => undefined);
    }
    take() {
        if (this.taken)
            throw new Error(`git ${this.args.join(' ')}: output taken twice`);
        this.taken = true;
    }
    close() {
        if (this.fd === undefined)
            return;
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(this.fd);
        this.fd = undefined;
    }
}
/** Calls started early and not taken yet, by folder and argv. */
const waiting = new Map();
function callKey(cwd, args) {
    return [cwd, ...args].join('\0');
}
/**
 * Starts `git args` in `cwd` now, with plain execGit options, unless the same call is already
 * waiting; `takeEarlyGitCall` hands it to the code that would have started it. Only for calls
 * whose answer cannot change before they are taken (nothing this run does writes in between).
 */
function startEarlyGitCall(cwd, args, options = {}) {
    const key = callKey(cwd, args);
    if (waiting.has(key))
        return;
    let call;
    try {
        call = new EarlyGitCall(cwd, args, options.withInput);
    }
    catch {
        return; // no temporary file (a read-only temp folder): the caller runs git itself, later
    }
    waiting.set(key, call);
}
/**
 * The call `startEarlyGitCall(cwd, args)` started, taken (a second take gets undefined), or
 * undefined when there is none: the caller then runs git itself. `cwd` undefined: none.
 */
function takeEarlyGitCall(cwd, args) {
    if (cwd === undefined)
        return undefined;
    const key = callKey(cwd, args);
    const call = waiting.get(key);
    waiting.delete(key);
    return call;
}
/** Drops the calls nobody took (the run failed, or had nothing for them to do). */
function abandonEarlyGitCalls() {
    for (const call of waiting.values())
        call.abandon();
    waiting.clear();
}
let tempFiles = 0;
/** A new file in the temp folder, opened for reading and writing, its name already removed. */
function openUnlinkedTempFile() {
    for (;;) {
        // not node:crypto for the name: loading it costs more than a verify run's git calls;
        // O_EXCL ('wx+') makes a name taken by someone else a retry, never a shared file
        const name = `artifact-lfs-git-${process.pid}-${++tempFiles}-${Math.random().toString(36).slice(2)}`;
        const file = node_path__WEBPACK_IMPORTED_MODULE_2__.join(node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir(), name);
        let fd;
        try {
            fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(file, 'wx+', 0o600);
        }
        catch (error) {
            if (error.code === 'EEXIST')
                continue;
            throw error;
        }
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(file);
        return fd;
    }
}


/***/ }),

/***/ 826:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  iR: () => (/* binding */ GitCommandError),
  mR: () => (/* binding */ NETWORK_TIMEOUT_MS),
  Ix: () => (/* binding */ execGit)
});

// UNUSED EXPORTS: LOCAL_TIMEOUT_MS, gitEnvironment

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
// EXTERNAL MODULE: ./lib/errors.js
var errors = __nccwpck_require__(452);
;// CONCATENATED MODULE: ./lib/security/redact.js
/**
 * Removes credentials from text before it is logged or thrown: the user:password part of
 * URLs (`https://x-access-token:ghs_...@github.com/...`), HTTP Authorization values, and
 * GitHub token shapes wherever they appear. Runner-side masking (core.setSecret) only knows
 * secrets it was told about; this catches tokens that git echoes back in its messages.
 */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+(?::[^\s/@]*)?@/gi;
const AUTHORIZATION = /(authorization:\s*(?:basic|bearer|token)\s+)[^\s'"]+/gi;
const GITHUB_TOKEN = /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g;
function redactSecrets(text) {
    return text
        .replace(URL_CREDENTIALS, '$1***@')
        .replace(AUTHORIZATION, '$1***')
        .replace(GITHUB_TOKEN, '***');
}

;// CONCATENATED MODULE: ./lib/git/exec-git.js



/** Local git calls: generous, but never unbounded. */
const LOCAL_TIMEOUT_MS = 5 * 60_000;
/**
 * Network calls (fetch, push, lfs transfers): 15 minutes, unless the environment variable
 * ARTIFACT_LFS_NETWORK_TIMEOUT_MS holds a positive whole number of milliseconds. It is read
 * once, when this module loads; tests use it to bound a hanging server in seconds.
 */
const NETWORK_TIMEOUT_MS = timeoutFromEnv(process.env.ARTIFACT_LFS_NETWORK_TIMEOUT_MS, 15 * 60_000);
/** After SIGTERM, how long a process group gets before SIGKILL. */
const KILL_GRACE_MS = 3_000;
/** A git (or git-lfs) process that failed, timed out or could not start. */
class GitCommandError extends errors/* ArtifactLfsError */.qq {
    args;
    gitExitCode;
    stderr;
    timedOut;
    /** Set when a `watchStderr` callback stopped the process: its reason. */
    stoppedBecause;
    constructor(args, details, hint) {
        const what = redactSecrets(`git ${args.join(' ')}`);
        const why = details.timedOut
            ? 'timed out'
            : details.stoppedBecause !== undefined
                ? `was stopped: ${details.stoppedBecause}`
                : details.exitCode === null
                    ? 'could not be started'
                    : `exited with code ${details.exitCode}`;
        const tail = details.stderr.trim()
            ? `: ${redactSecrets(lastLines(details.stderr.trim(), 6))}`
            : '';
        super('git', `${what} ${why}${tail}`, {
            hint,
            cause: details.cause
        });
        this.name = 'GitCommandError';
        this.args = args;
        this.gitExitCode = details.exitCode;
        this.stderr = redactSecrets(details.stderr);
        this.timedOut = details.timedOut;
        this.stoppedBecause = details.stoppedBecause;
    }
}
function timeoutFromEnv(raw, fallback) {
    return raw !== undefined && /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : fallback;
}
function lastLines(text, n) {
    const lines = text.split('\n');
    return lines.slice(Math.max(0, lines.length - n)).join(' | ');
}
/** The environment every git call gets: no prompts, stable English messages. */
function gitEnvironment(extra = {}) {
    const env = { ...process.env };
    env.GIT_TERMINAL_PROMPT = '0';
    env.GCM_INTERACTIVE = 'never';
    env.GIT_ASKPASS = env.GIT_ASKPASS ?? '';
    env.SSH_ASKPASS = env.SSH_ASKPASS ?? '';
    env.LC_ALL = 'C';
    env.LANGUAGE = 'C';
    for (const [key, value] of Object.entries(extra)) {
        if (value === undefined)
            delete env[key];
        else
            env[key] = value;
    }
    return env;
}
/**
 * The one way this project runs git and git-lfs: argv arrays (never a shell), no terminal
 * prompts, a timeout that kills the whole process group (git-lfs and credential helpers
 * included), stderr kept for the error. Resolves for exit codes in `okExitCodes`, rejects
 * with GitCommandError otherwise.
 */
function execGit(args, options) {
    const timeoutMs = options.timeoutMs ?? LOCAL_TIMEOUT_MS;
    const okExitCodes = options.okExitCodes ?? [0];
    return new Promise((resolve, reject) => {
        let child;
        try {
            child = (0,external_node_child_process_namespaceObject.spawn)(options.gitPath ?? 'git', [...args], {
                cwd: options.cwd,
                env: gitEnvironment(options.env),
                stdio: [
                    options.input === undefined ? 'ignore' : 'pipe',
                    options.stdoutFd ?? 'pipe',
                    'pipe'
                ],
                detached: true
            });
        }
        catch (cause) {
            reject(new GitCommandError(args, { exitCode: null, stderr: '', timedOut: false, cause }));
            return;
        }
        const stdout = [];
        const stderr = [];
        let timedOut = false;
        let stoppedBecause;
        let settled = false;
        const killGroup = (signal) => {
            if (child.pid === undefined)
                return;
            try {
                process.kill(-child.pid, signal);
            }
            catch {
                // already gone
            }
        };
        const timer = setTimeout(() => {
            timedOut = true;
            killGroup('SIGTERM');
            setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS).unref();
        }, timeoutMs);
        timer.unref();
        const onStdout = options.onStdout ?? ((chunk) => stdout.push(chunk));
        child.stdout?.on('data', onStdout);
        child.stderr.on('data', (chunk) => {
            stderr.push(chunk);
            if (options.watchStderr === undefined || stoppedBecause !== undefined)
                return;
            stoppedBecause = options.watchStderr(chunk.toString('utf8'));
            if (stoppedBecause !== undefined) {
                killGroup('SIGTERM');
                setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS).unref();
            }
        });
        child.on('error', cause => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            const missing = cause.code === 'ENOENT';
            reject(new GitCommandError(args, { exitCode: null, stderr: Buffer.concat(stderr).toString('utf8'), timedOut, cause }, missing ? 'git is not installed or not on PATH: install git 2.30 or newer.' : undefined));
        });
        child.on('close', (code, signal) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            const result = {
                exitCode: code ?? (signal ? 128 : 1),
                stdout: Buffer.concat(stdout),
                stderr: Buffer.concat(stderr).toString('utf8')
            };
            if (!timedOut && stoppedBecause === undefined && code !== null && okExitCodes.includes(code))
                resolve(result);
            else
                reject(new GitCommandError(args, {
                    exitCode: timedOut ? null : result.exitCode,
                    stderr: result.stderr,
                    timedOut,
                    stoppedBecause
                }));
        });
        if (options.input !== undefined && child.stdin) {
            child.stdin.on('error', () => {
                // the process exited before reading all input; its exit code tells the story
            });
            const stdin = child.stdin;
            if (options.input instanceof Promise)
                options.input.then(input => stdin.end(input), () => stdin.end());
            else
                stdin.end(options.input);
        }
    });
}


/***/ }),

/***/ 937:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   t: () => (/* binding */ GitRepo),
/* harmony export */   z: () => (/* binding */ LOCATE_ARGS)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(760);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(452);
/* harmony import */ var _early_git_call_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(675);
/* harmony import */ var _exec_git_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(826);





/** The one git call `GitRepo.locate` makes (unless a path holds a newline). */
const LOCATE_ARGS = [
    'rev-parse',
    '--show-toplevel',
    '--absolute-git-dir',
    '--is-shallow-repository'
];
/**
 * A repository on disk: its root, and `run()` that executes git there through execGit.
 * Feature modules (verify, commit, push, ...) take a GitRepo and build their own argv.
 */
class GitRepo {
    root;
    defaults;
    /** See `locatedFrom`. */
    plainLocateDir;
    /** The git dir once known: it does not change while we run, so it is asked for once. */
    knownGitDir;
    constructor(root, defaults = {}) {
        this.root = root;
        this.defaults = defaults;
    }
    /** Finds the work-tree root that contains `dir` (any folder inside the repo). */
    static async discover(dir, defaults = {}) {
        return (await GitRepo.locate(dir, defaults)).repo;
    }
    /**
     * `discover`, plus whether the clone is shallow, from ONE `git rev-parse` (root, git dir and
     * shallowness in one process: each spawn costs more than the little work git does here).
     */
    static async locate(dir, defaults = {}) {
        const plain = Object.keys(defaults).length === 0;
        // a verify-only CLI run started this call before it loaded the code that reads it
        const early = plain ? (0,_early_git_call_js__WEBPACK_IMPORTED_MODULE_3__/* .takeEarlyGitCall */ .t5)(dir, LOCATE_ARGS) : undefined;
        let result;
        try {
            result = await (early?.output() ?? (0,_exec_git_js__WEBPACK_IMPORTED_MODULE_4__/* .execGit */ .Ix)(LOCATE_ARGS, { ...defaults, cwd: dir }));
        }
        catch (cause) {
            if (cause instanceof _exec_git_js__WEBPACK_IMPORTED_MODULE_4__/* .GitCommandError */ .iR && cause.gitExitCode === null && !cause.timedOut)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ArtifactLfsError */ .qq('git-missing', 'git is not installed or cannot be run', {
                    hint: 'install git 2.30 or newer and make sure it is on PATH',
                    cause
                });
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ArtifactLfsError */ .qq('repo-state', `${dir} is not inside a git work tree`, {
                hint: 'run artifact-lfs from inside a git repository (git init, or cd into your clone)',
                cause
            });
        }
        const lines = result.stdout.toString('utf8').replace(/\n$/, '').split('\n');
        const [top, gitDir, shallow] = lines;
        if (lines.length === 3 && top !== undefined && gitDir !== undefined) {
            const repo = new GitRepo(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.realpath)(top), defaults);
            repo.knownGitDir = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(repo.root, gitDir);
            if (plain)
                repo.plainLocateDir = dir;
            return { repo, shallow: shallow === 'true' };
        }
        // a path with a newline in it makes the lines ambiguous: ask one question per process
        const topOnly = await (0,_exec_git_js__WEBPACK_IMPORTED_MODULE_4__/* .execGit */ .Ix)(['rev-parse', '--show-toplevel'], { ...defaults, cwd: dir });
        const repo = new GitRepo(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.realpath)(topOnly.stdout.toString('utf8').replace(/\n$/, '')), defaults);
        if (plain)
            repo.plainLocateDir = dir;
        return { repo, shallow: await repo.isShallow() };
    }
    /**
     * The folder `locate` found this repository from, when its calls use plain execGit options
     * (no env, no other git): git run in that folder sees exactly this repository, so a call
     * started there before the repository was known (an EarlyGitCall) can stand in for `run`.
     */
    get locatedFrom() {
        return this.plainLocateDir;
    }
    run(args, options = {}) {
        return (0,_exec_git_js__WEBPACK_IMPORTED_MODULE_4__/* .execGit */ .Ix)(args, {
            ...this.defaults,
            ...options,
            env: { ...this.defaults.env, ...options.env },
            cwd: this.root
        });
    }
    /** stdout as text without the trailing newline. */
    async text(args, options = {}) {
        const result = await this.run(args, options);
        return result.stdout.toString('utf8').replace(/\n$/, '');
    }
    /** The git dir as an absolute path (handles worktrees and submodules). */
    async gitDir() {
        if (this.knownGitDir === undefined) {
            const dir = await this.text(['rev-parse', '--absolute-git-dir']);
            this.knownGitDir = node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(this.root, dir);
        }
        return this.knownGitDir;
    }
    /** The commit HEAD points to, or undefined in a repository without commits. */
    async headCommit() {
        const result = await this.run(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], {
            okExitCodes: [0, 1]
        });
        const sha = result.stdout.toString('utf8').trim();
        return result.exitCode === 0 && sha ? sha : undefined;
    }
    /** The branch HEAD is on (short name), or undefined when detached. */
    async currentBranch() {
        const result = await this.run(['symbolic-ref', '--quiet', '--short', 'HEAD'], {
            okExitCodes: [0, 1]
        });
        const name = result.stdout.toString('utf8').trim();
        return result.exitCode === 0 && name ? name : undefined;
    }
    async isShallow() {
        return (await this.text(['rev-parse', '--is-shallow-repository'])) === 'true';
    }
}


/***/ }),

/***/ 434:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ prefetchVerifyCalls),
/* harmony export */   s: () => (/* binding */ treeListingArgs)
/* harmony export */ });
/* harmony import */ var _git_cat_file_batch_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(530);
/* harmony import */ var _git_early_git_call_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(675);
/* harmony import */ var _git_git_repo_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(937);



/**
 * The listing verify reads: every tracked path at `ref` with mode, oid and blob size. Listed
 * from the top of the tree whatever folder git runs in (--full-tree), so a listing started in
 * any folder of the work tree is the same bytes.
 */
function treeListingArgs(ref) {
    return ['ls-tree', '-r', '-l', '-z', '--full-tree', ref];
}
/**
 * Starts, in `cwd`, the three git processes a verify of HEAD in the repository around `cwd`
 * runs (GitRepo.locate's rev-parse, the tree listing, and cat-file waiting for the candidate
 * ids), before the repository, the policy or even the code that reads their output are
 * loaded: a verify-only CLI run calls this first thing, and the code that makes each call
 * takes the one started here (takeEarlyGitCall). Only when nothing in the run can move HEAD
 * before verify reads it. Calls nobody takes are dropped by abandonEarlyGitCalls.
 */
function prefetchVerifyCalls(cwd) {
    (0,_git_early_git_call_js__WEBPACK_IMPORTED_MODULE_1__/* .startEarlyGitCall */ .sI)(cwd, _git_git_repo_js__WEBPACK_IMPORTED_MODULE_2__/* .LOCATE_ARGS */ .z);
    (0,_git_early_git_call_js__WEBPACK_IMPORTED_MODULE_1__/* .startEarlyGitCall */ .sI)(cwd, treeListingArgs('HEAD'));
    (0,_git_early_git_call_js__WEBPACK_IMPORTED_MODULE_1__/* .startEarlyGitCall */ .sI)(cwd, _git_cat_file_batch_js__WEBPACK_IMPORTED_MODULE_0__/* .READ_OBJECTS_ARGS */ .G, { withInput: true });
}


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(69);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
