// Lint rules that hold the architecture: Nx module boundaries by tag (services never import
// services; libs never import services), libs only through their index, strict TypeScript.
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

module.exports = [
  { ignores: ['**/dist/**', '**/node_modules/**', '.nx/**', '.run/**', 'coverage/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: __dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.integration-spec.ts'],
    plugins: { jest: require('eslint-plugin-jest') },
    rules: { 'jest/valid-expect': ['error', { alwaysAwait: true }] },
  },
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:testing'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:testing'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:ingestion', onlyDependOnLibsWithTags: ['scope:shared', 'scope:ingestion'] },
            { sourceTag: 'scope:risk-scoring', onlyDependOnLibsWithTags: ['scope:shared', 'scope:risk-scoring'] },
            { sourceTag: 'scope:contact-orchestration', onlyDependOnLibsWithTags: ['scope:shared', 'scope:contact-orchestration'] },
            { sourceTag: 'scope:repayment-plan', onlyDependOnLibsWithTags: ['scope:shared', 'scope:repayment-plan'] },
            { sourceTag: 'scope:complaints', onlyDependOnLibsWithTags: ['scope:shared', 'scope:complaints'] },
            { sourceTag: 'scope:flow-monitor', onlyDependOnLibsWithTags: ['scope:shared', 'scope:flow-monitor'] },
            { sourceTag: 'scope:tooling', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@clearpath/*/src', '@clearpath/*/src/*'], message: 'Import a lib through its index: @clearpath/<lib>.' }] },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
];
