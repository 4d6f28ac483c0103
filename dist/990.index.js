export const id = 990;
export const ids = [990];
export const modules = {

/***/ 31990:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  uploadRecoveredFiles: () => (/* binding */ uploadRecoveredFiles)
});

// EXTERNAL MODULE: ./node_modules/@actions/artifact/lib/artifact.js + 326 modules
var artifact = __webpack_require__(20584);
// EXTERNAL MODULE: ./lib/errors.js
var errors = __webpack_require__(452);
// EXTERNAL MODULE: ./lib/action/action-inputs.js + 1 modules
var action_inputs = __webpack_require__(47713);
;// CONCATENATED MODULE: ./lib/action/artifact-name.js


/**
 * Characters the artifact service refuses in an artifact name (they break downloads on some
 * file systems). Checked here so a bad `upload-artifact:` value fails before any request.
 */
const FORBIDDEN_IN_NAME = [
    ['"', 'a double quote (")'],
    [':', 'a colon (:)'],
    ['<', 'a less-than sign (<)'],
    ['>', 'a greater-than sign (>)'],
    ['|', 'a vertical bar (|)'],
    ['*', 'an asterisk (*)'],
    ['?', 'a question mark (?)'],
    ['\r', 'a carriage return (\\r)'],
    ['\n', 'a line feed (\\n)'],
    ['\\', 'a backslash (\\)'],
    ['/', 'a forward slash (/)']
];
/** The characters a recovered file's path may not hold (the name rules minus the separators). */
const FORBIDDEN_IN_FILE_PATH = FORBIDDEN_IN_NAME.filter(([c]) => c !== '/' && c !== '\\');
/** The first forbidden character in `text`, described, or undefined. */
function forbiddenCharacterIn(text, table) {
    return table.find(([character]) => text.includes(character))?.[1];
}
const ALL_FORBIDDEN = '" : < > | * ? \\r \\n \\ /';
/** Refuses an artifact name the service would reject, naming the `upload-artifact` input. */
function checkArtifactName(name) {
    if (name.trim() === '')
        throw new errors/* ArtifactLfsError */.qq('usage', `input ${action_inputs/* Input */.pd.UploadArtifact}: the artifact name is empty`, {
            hint: `give "with: ${action_inputs/* Input */.pd.UploadArtifact}:" a name, e.g. recovered-session`
        });
    const found = forbiddenCharacterIn(name, FORBIDDEN_IN_NAME);
    if (found)
        throw new errors/* ArtifactLfsError */.qq('usage', `input ${action_inputs/* Input */.pd.UploadArtifact}: the artifact name ${JSON.stringify(name)} contains ${found}, which the artifact service rejects`, {
            hint: `choose a name without any of ${ALL_FORBIDDEN} in "with: ${action_inputs/* Input */.pd.UploadArtifact}:"`
        });
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./lib/action/upload-file-list.js




function isInside(root, candidate) {
    const relative = external_node_path_.relative(root, candidate);
    return (relative !== '' &&
        relative !== '..' &&
        !relative.startsWith(`..${external_node_path_.sep}`) &&
        !external_node_path_.isAbsolute(relative));
}
function refuse(message, hint) {
    return new errors/* ArtifactLfsError */.qq('recover', message, { hint });
}
/** `rootDir` itself: an existing folder, returned absolute and with symlinks resolved. */
async function checkRoot(rootDir) {
    const given = external_node_path_.resolve(rootDir);
    const info = await (0,promises_.stat)(given).catch(() => undefined);
    if (!info?.isDirectory())
        throw refuse(`cannot upload recovered files: ${given} is not a folder`, 'recover into the temp dir first; the upload reads the files from there');
    return { given, real: await (0,promises_.realpath)(given) };
}
/**
 * Checks the recovered files before anything is sent: each path is relative, stays inside
 * `rootDir`, holds no character the artifact service rejects, and names a regular file reached
 * without passing through a symlinked folder. Symlinks themselves are skipped with a warning:
 * the artifact client would upload whatever they point at, possibly outside the temp dir.
 */
async function resolveUploadFiles(rootDir, relativePaths, logger) {
    const root = await checkRoot(rootDir);
    const files = [];
    const skippedSymlinks = [];
    const seen = new Set();
    for (const relative of relativePaths) {
        const absolute = external_node_path_.resolve(root.given, relative);
        if (relative === '' || external_node_path_.isAbsolute(relative) || !isInside(root.given, absolute))
            throw refuse(`cannot upload ${JSON.stringify(relative)}: not a path inside ${root.given}`, 'pass paths relative to the temp dir, as recovery reports them');
        const key = external_node_path_.relative(root.given, absolute);
        if (seen.has(key))
            continue;
        seen.add(key);
        const found = forbiddenCharacterIn(key, FORBIDDEN_IN_FILE_PATH);
        if (found)
            throw refuse(`cannot upload recovered file ${key}: its path contains ${found}, which the artifact service rejects`, `the file is recovered in ${root.given}; rename it (or upload without upload-artifact)`);
        const info = await (0,promises_.lstat)(absolute).catch(() => undefined);
        if (!info)
            throw refuse(`cannot upload recovered file ${key}: it is missing from ${root.given}`, 'upload right after recovering, before anything removes files from the temp dir');
        if (info.isSymbolicLink()) {
            logger.warn(`not uploading ${key}: it is a symlink (an artifact holds only regular files)`);
            skippedSymlinks.push(key);
            continue;
        }
        if (!info.isFile())
            throw refuse(`cannot upload ${key}: it is not a regular file`, 'pass the recovered files only, not folders or special files');
        if (!isInside(root.real, await (0,promises_.realpath)(absolute)))
            throw refuse(`cannot upload recovered file ${key}: it is reached through a symlinked folder that leaves ${root.given}`, 'remove the symlinked folder from the temp dir');
        files.push(absolute);
    }
    return { rootDir: root.given, files, skippedSymlinks };
}

;// CONCATENATED MODULE: ./lib/action/upload-recovered-files.js





/** The two variables the runner gives JavaScript actions (never `run:` steps). */
const RUNTIME_VARIABLES = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL'];
function checkRuntimeEnvironment(name) {
    const missing = RUNTIME_VARIABLES.filter(variable => !process.env[variable]);
    if (missing.length === 0)
        return;
    throw new errors/* ArtifactLfsError */.qq('usage', `cannot upload artifact "${name}": ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set`, {
        hint: 'the runner gives these only to JavaScript actions: run this through the action ' +
            `(a uses: step with recover: and ${action_inputs/* Input */.pd.UploadArtifact}:), not a run: step`
    });
}
function checkNumbers(request) {
    const { retentionDays, compressionLevel = 6 } = request;
    if (!Number.isInteger(retentionDays) || retentionDays < 0 || retentionDays > 90)
        throw new errors/* ArtifactLfsError */.qq('usage', `input ${action_inputs/* Input */.pd.RetentionDays}: must be a whole number from 0 to 90, got ${retentionDays}`, { hint: `fix the "with: ${action_inputs/* Input */.pd.RetentionDays}:" value in your workflow` });
    if (!Number.isInteger(compressionLevel) || compressionLevel < 0 || compressionLevel > 9)
        throw new errors/* ArtifactLfsError */.qq('usage', `compression level must be a whole number from 0 to 9, got ${compressionLevel}`);
    return compressionLevel;
}
/** What to do about a failure the artifact client reported. */
function hintFor(error, detail, rootDir) {
    const kept = `the recovered files are still in ${rootDir}`;
    const errorName = error instanceof Error ? error.name : '';
    if (errorName === 'GHESNotSupportedError')
        return `${kept}; this artifact service is not available on GitHub Enterprise Server`;
    if (errorName === 'UsageError')
        return `${kept}; the artifact storage quota is used up: delete old artifacts or wait for them to expire`;
    if (/\(409\)/.test(detail))
        return `${kept}; an artifact of this name may already exist in this run: choose another ${action_inputs/* Input */.pd.UploadArtifact} name`;
    if (/backend IDs|invalid token/i.test(detail))
        return `${kept}; ACTIONS_RUNTIME_TOKEN is not a runner token: run this through the action, not a run: step`;
    return `${kept}; if the artifact service was briefly unavailable, re-run the job`;
}
function uploadFailure(name, rootDir, error) {
    const detail = error instanceof Error ? error.message : String(error);
    const firstLine = detail.split('\n', 1)[0]?.trim() ?? detail;
    return new errors/* ArtifactLfsError */.qq('recover', `uploading artifact "${name}" failed: ${firstLine}`, {
        hint: hintFor(error, detail, rootDir),
        cause: error
    });
}
/**
 * Uploads the recovered files themselves (not a zip of them: the artifact service zips them
 * once, so a person downloads the files from the run page) as a workflow artifact. Everything
 * that can be checked locally is checked before the first request: the name, the runtime
 * variables, every file.
 */
async function uploadRecoveredFiles(request) {
    const { name, logger } = request;
    checkArtifactName(name);
    const compressionLevel = checkNumbers(request);
    checkRuntimeEnvironment(name);
    const list = await resolveUploadFiles(request.rootDir, request.files, logger);
    if (list.files.length === 0)
        throw new errors/* ArtifactLfsError */.qq('recover', `nothing to upload as artifact "${name}": no recovered regular files in ${list.rootDir}`, { hint: `leave ${action_inputs/* Input */.pd.UploadArtifact} empty when the archive holds no files` });
    logger.info(`uploading ${list.files.length} recovered file(s) from ${list.rootDir} as artifact "${name}"`);
    const options = {
        compressionLevel,
        ...(request.retentionDays > 0 ? { retentionDays: request.retentionDays } : {})
    };
    let response;
    try {
        response = await new artifact/* DefaultArtifactClient */.t9().uploadArtifact(name, list.files, list.rootDir, options);
    }
    catch (error) {
        throw uploadFailure(name, list.rootDir, error);
    }
    if (response.id === undefined || response.size === undefined || !response.digest)
        throw uploadFailure(name, list.rootDir, new Error('the artifact client returned no id, size or digest'));
    logger.info(`artifact "${name}" uploaded: id ${response.id}, ${response.size} bytes, sha256:${response.digest}`);
    return {
        id: response.id,
        size: response.size,
        digest: response.digest,
        files: list.files.length,
        skippedSymlinks: list.skippedSymlinks
    };
}


/***/ })

};
