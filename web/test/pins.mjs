// Versions the tests expect, read from scripts/pins.env (where the build takes
// them from) so that a version bump there does not leave stale literals here.
import { readFileSync } from 'node:fs';

const text = readFileSync(new URL('../../scripts/pins.env', import.meta.url), 'utf8');

function pin(name) {
  const value = text.match(new RegExp(`^${name}=["']?([^"'\\s#]+)`, 'm'))?.[1];
  if (!value) throw new Error(`scripts/pins.env has no ${name}=… line`);
  return value;
}

/** CPython's version, e.g. "3.13.5". */
export const PYTHON_VERSION = pin('PYTHON_VERSION');
