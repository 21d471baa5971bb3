// Debian packages a test needs (Chromium, Xvfb), installed when missing (root only), as the README says.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Installs Debian's `packages` unless `file` (what the test runs from them) is there. */
export function ensureDebianPackage(file, ...packages) {
  if (existsSync(file)) return;
  const names = packages.join(' ');
  if (process.getuid?.() !== 0) {
    throw new Error(`${file} is missing: run \`sudo apt-get install -y ${names}\` and try again`);
  }
  console.error(`[tests] installing Debian ${names} (apt-get install -y ${names})...`);
  const apt = (...args) => execFileSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    apt('install', '-y', '-q', ...packages);
  } catch {
    apt('update', '-q'); // stale package lists on a fresh machine
    apt('install', '-y', '-q', ...packages);
  }
}
