// Debian packages a test needs (Chromium, Xvfb), installed when missing (root only), as the README says.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Installs Debian package `pkg` unless `file` (what the test runs from it) is there. */
export function ensureDebianPackage(file, pkg) {
  if (existsSync(file)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`${file} is missing: run \`sudo apt-get install -y ${pkg}\` and try again`);
  }
  console.error(`[tests] installing Debian ${pkg} (apt-get install -y ${pkg})...`);
  const apt = (...args) => execFileSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    apt('install', '-y', '-q', pkg);
  } catch {
    apt('update', '-q'); // stale package lists on a fresh machine
    apt('install', '-y', '-q', pkg);
  }
}
