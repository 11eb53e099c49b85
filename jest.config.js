// One jest run for the whole monorepo. Unit specs (*.spec.ts) and integration specs
// (*.integration-spec.ts, real Kafka + PostgreSQL) are separate projects so they can be run alone.
const { readFileSync } = require('node:fs');
const swc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;

const libs = ['contracts', 'messaging', 'persistence', 'observability', 'auth', 'testing', 'platform'];
const moduleNameMapper = Object.fromEntries(libs.map((lib) => [`^@clearpath/${lib}$`, `<rootDir>/libs/${lib}/src/index.ts`]));
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  // jose ships ES modules only: Node (>= 20.19) can require() them, jest's own loader cannot, so swc
  // compiles it to CommonJS like our sources.
  transform: { '^.+\\.ts$': ['@swc/jest', swc], '/node_modules/jose/.+\\.js$': ['@swc/jest', swc] },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
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
