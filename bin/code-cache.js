// A V8 code cache for the CLI bundle on Node versions without Node's own compile cache (Node 20;
// Node 22.1+ has module.enableCompileCache(), which bin/lxp.js uses instead).
//
// What it does: each chunk of dist/cli-bundle/ (CommonJS, see scripts/bundle-cli.mjs) is compiled
// with vm.Script and the cached data saved by an earlier run, so V8 deserialises its bytecode
// instead of parsing and compiling it. The data is made when the process exits
// (script.createCachedData() after the command ran), so it holds the functions the command
// actually ran, not only the top level. Only chunks with no usable cache are written, once.
//
// Where: <user cache dir>/code-cache/<node version>-<arch>-<key>/<chunk>.v8. The user cache dir
// is the one env-paths gives lxp, the folder of the server's data too: $XDG_CACHE_HOME/lxp-nodejs
// or ~/.cache/lxp-nodejs on Linux, ~/Library/Caches/lxp-nodejs on macOS,
// %LOCALAPPDATA%\lxp-nodejs\Cache on Windows (worked out here: env-paths is an ES module, and
// loading one costs the start what this file saves). Never the package: a global install is
// read-only. <key> is a CRC-32 of the bundle's real path, the platform, V8's version and the flags
// the process runs with (its own and those bin/lxp.js sets), so two installs or two Nodes never share an entry.
//
// Checks: each entry starts with a header that names the chunk's length and CRC-32 and the data's
// length and CRC-32. An entry for another build of the chunk, or a truncated or corrupt file, is
// ignored: V8 itself checks only its version, its flags and the source's length, and a corrupt
// payload must never reach it. V8 may still refuse data (script.cachedDataRejected): the chunk
// then compiles as usual and its entry is written again.
// Files are written beside and renamed in, so a reader sees a whole entry or none. Any error of
// the cache (no home, read-only or full disk, unreadable entry) costs only the speed it would have
// saved: it is caught and the command goes on. When a run writes, it also removes the entries of
// chunks the bundle no longer has and the folders of other keys untouched for 30 days (an older
// Node or lxp).
//
// LXP_NO_CODE_CACHE=1 turns it off (the bundle then compiles as any CommonJS module).
// A chunk must not contain import(): on Node 20, V8 drops what import() needs when it serialises a
// script (fixed in later V8s), so a cached script could no longer import. The bundle has none
// (scripts/bundle-cli.mjs turns them into require() and checks).
'use strict';
const { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const { crc32 } = require('node:zlib');

const MAGIC = 0x4c585043; // "LXPC"
const FORMAT = 1;
const HEADER_BYTES = 24;
const SUFFIX = '.v8';
const STALE_MS = 30 * 24 * 3600 * 1000;

/** env-paths('lxp').cache, the user's cache folder for lxp (see the header). */
function userCacheDir(env = process.env, platform = process.platform, home = os.homedir()) {
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'lxp-nodejs');
  if (platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'lxp-nodejs', 'Cache');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'lxp-nodejs');
}

/** The folder the entries of the bundle in bundleDir go to (see the header); flags names V8 flags bin/lxp.js set. */
function codeCacheDir(cacheRoot, bundleDir, flags = '') {
  const context = [bundleDir, process.platform, process.versions.v8, process.execArgv.join(' '), process.env.NODE_OPTIONS ?? '', flags].join('\0');
  return path.join(cacheRoot, 'code-cache', `${process.version}-${process.arch}-${crc32(context).toString(16).padStart(8, '0')}`);
}

/** An entry: header (magic, format, source length and CRC-32, data length and CRC-32) and V8's data; source is the chunk's text. */
function encodeEntry(source, data) {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(FORMAT, 4);
  header.writeUInt32LE(source.length, 8);
  header.writeUInt32LE(crc32(source), 12);
  header.writeUInt32LE(data.length, 16);
  header.writeUInt32LE(crc32(data), 20);
  return Buffer.concat([header, data]);
}

/** V8's data of an entry for exactly this source, or undefined (none, another source, damaged). */
function decodeEntry(entry, source) {
  if (entry.length < HEADER_BYTES) return undefined;
  if (entry.readUInt32LE(0) !== MAGIC || entry.readUInt32LE(4) !== FORMAT) return undefined;
  if (entry.readUInt32LE(8) !== source.length || entry.readUInt32LE(16) !== entry.length - HEADER_BYTES) return undefined;
  const data = entry.subarray(HEADER_BYTES);
  if (entry.readUInt32LE(20) !== crc32(data) || entry.readUInt32LE(12) !== crc32(source)) return undefined;
  return data;
}

/**
 * Compiles the CommonJS files of bundleDir through the cache in dir from now on, and writes the
 * entries they lacked when the process exits, after beforeWrite() (bin/lxp.js puts back a V8 flag
 * it changed while running: V8 refuses data made under other flags). Returns what happened to
 * each file (for tests): a map of file name to 'hit' | 'miss' | 'rejected'.
 */
function installCodeCache({ bundleDir, dir, beforeWrite = () => {} }) {
  const outcomes = new Map();
  /** Scripts to write at exit: [file name, source, script]. */
  const toWrite = [];
  const prefix = bundleDir + path.sep;
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileCached(content, filename) {
    if (typeof filename !== 'string' || !filename.startsWith(prefix) || !filename.endsWith('.cjs')) return compile.call(this, content, filename);
    const name = path.basename(filename);
    let cachedData;
    try {
      cachedData = decodeEntry(readFileSync(path.join(dir, name + SUFFIX)), content);
    } catch {
      // No entry (the first run), or one that cannot be read: compile as usual.
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    const outcome = cachedData === undefined ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';
    outcomes.set(name, outcome);
    if (outcome !== 'hit') toWrite.push([name, content, script]);
    const wrapper = script.runInThisContext({ displayErrors: true });
    const require = Module.createRequire(filename);
    return wrapper.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    if (toWrite.length === 0) return;
    beforeWrite();
    writeEntries(dir, bundleDir, toWrite);
  });
  return outcomes;
}

function writeEntries(dir, bundleDir, scripts) {
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    return;
  }
  for (const [name, source, script] of scripts) {
    const file = path.join(dir, name + SUFFIX);
    const temp = `${file}.${process.pid}.tmp`;
    let fd;
    try {
      // Opened before the data is made, so a folder that cannot be written costs no serialising.
      fd = openSync(temp, 'w');
      const entry = encodeEntry(source, script.createCachedData());
      writeSync(fd, entry, 0, entry.length);
      closeSync(fd);
      fd = undefined;
      renameSync(temp, file);
    } catch {
      if (fd !== undefined) closeSync(fd);
      rmSync(temp, { force: true });
      return;
    }
  }
  // Entries of chunks the bundle no longer has (an older build of the same install), and the
  // folders of other keys nobody has written to for a month.
  try {
    const chunks = new Set(readdirSync(bundleDir));
    for (const entry of readdirSync(dir)) {
      if (entry.endsWith(SUFFIX) && !chunks.has(entry.slice(0, -SUFFIX.length))) rmSync(path.join(dir, entry), { force: true });
    }
    const parent = path.dirname(dir);
    for (const other of readdirSync(parent)) {
      const folder = path.join(parent, other);
      if (folder !== dir && Date.now() - statSync(folder).mtimeMs > STALE_MS) rmSync(folder, { recursive: true, force: true });
    }
  } catch {
    // Tidying only.
  }
}

module.exports = { userCacheDir, codeCacheDir, encodeEntry, decodeEntry, installCodeCache };
