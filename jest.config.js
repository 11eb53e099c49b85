// One jest run for the whole monorepo. Unit specs (*.spec.ts) and integration specs
// (*.integration-spec.ts, real Kafka + PostgreSQL) are separate projects so they can be run alone.
const { readFileSync } = require('node:fs');
const swc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;

const libs = ['contracts', 'messaging', 'persistence', 'observability', 'auth', 'testing', 'platform'];
const moduleNameMapper = Object.fromEntries(
  libs.map((lib) => [`^@clearpath/${lib}$`, `<rootDir>/libs/${lib}/src/index.ts`]),
);
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper,
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/deploy', '<rootDir>/bench', '<rootDir>/test'],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['**/*.integration-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest.global-setup.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest.integration-setup.ts'],
    },
  ],
};
