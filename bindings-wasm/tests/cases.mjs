// Loads the behaviour suite for the JavaScript runners: every tests/behaviour/cases/*.json of
// the repository, sorted by file name, with `input_file` read (UTF-8) into `input`.
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
      }
      return suite;
    });
}
