// Loads the behaviour suite for the JavaScript runners: every tests/behaviour/cases/*.json of
// the repository, sorted by file name, with `input_file` read (UTF-8) into `input`, and the
// `*_file` keys of a validate case's local `profiles` and `tables` read into the key without
// `_file` (`profile_file` into `profile`), and those of a route case (`jurisdictions_file`):
// the browser runner gets every text inline.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function loadSuites() {
  const dir = join(repoRoot, 'tests', 'behaviour', 'cases');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const suite = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      for (const c of suite.cases) {
        if (typeof c.input_file === 'string') {
          c.input = readFileSync(join(repoRoot, c.input_file), 'utf8');
          delete c.input_file;
        }
        const v = c.validate;
        if (v) for (const spec of [...(v.profiles ?? []), ...(v.tables ? [v.tables] : [])]) inlineFiles(spec);
        if (c.route) inlineFiles(c.route);
      }
      return suite;
    });
}

/** Replaces every `KEY_file` of `spec` with `KEY`: the file's text (UTF-8). */
function inlineFiles(spec) {
  for (const key of Object.keys(spec)) {
    if (key.endsWith('_file')) {
      spec[key.slice(0, -'_file'.length)] = readFileSync(join(repoRoot, spec[key]), 'utf8');
      delete spec[key];
    }
  }
}
