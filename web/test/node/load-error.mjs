// The error loader.js's loadAssets() rejects with, for the tests of files that do not arrive as they should.
import assert from 'node:assert/strict';
import { loadAssets } from '../../lib/loader.js';

export async function loadError(options) {
  try {
    await loadAssets(options);
  } catch (e) {
    return e;
  }
  assert.fail('the download should have failed');
}
