import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPath } from './repo-path';

describe('repoPath', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'repo-path-'));
    mkdirSync(join(root, 'services', 'svc', 'data'), { recursive: true });
    writeFileSync(join(root, 'services', 'svc', 'data', 'model.json'), '{}');
    mkdirSync(join(root, 'dist', 'services', 'svc', 'src', 'model'), { recursive: true });
    writeFileSync(join(root, 'dist', 'services', 'svc', 'data'), 'a file, not the folder');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds a shipped file from the sources, from the build output and from the root', () => {
    const file = join(root, 'services', 'svc', 'data', 'model.json');
    expect(repoPath('services/svc/data/model.json', { from: join(root, 'services', 'svc', 'src', 'model') })).toBe(file);
    expect(repoPath('services/svc/data/model.json', { from: join(root, 'dist', 'services', 'svc', 'src', 'model') })).toBe(file);
    expect(repoPath('services/svc/data/model.json', { from: root })).toBe(file);
  });

  it('passes over a file of the same name when a folder is asked for', () => {
    expect(repoPath('services/svc/data', { from: join(root, 'dist', 'services', 'svc', 'src', 'model') })).toBe(join(root, 'dist', 'services', 'svc', 'data'));
    expect(repoPath('services/svc/data', { from: join(root, 'dist', 'services', 'svc', 'src', 'model'), folder: true })).toBe(
      join(root, 'services', 'svc', 'data'),
    );
  });

  it('says what it looked for and where from when nothing is found', () => {
    expect(() => repoPath('services/svc/none.json', { from: join(root, 'services') })).toThrow(
      `services/svc/none.json not found above ${join(root, 'services')}`,
    );
  });

  it("finds this repository's files from the lib itself by default", () => {
    expect(repoPath('libs/platform/src/repo-path.ts')).toBe(join(__dirname, 'repo-path.ts'));
  });
});
