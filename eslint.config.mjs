// Lint: typescript-eslint (type-aware where it matters) + Nx module boundaries + Prettier.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const infraPackages = [
  '@nestjs/*',
  'kafkajs',
  'ioredis',
  'typeorm',
  'pg',
  'fastify',
  '@opentelemetry/*',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.cache/**',
      '.run/**',
      '.nx/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      // Plain-JS scripts that run before anything is built are linted too (block below).
      '!tools/**/*.js',
      '!deploy/**/*.js',
      '!bench/**/*.js',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false } },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='eval']",
          message: 'Rules are interpreted, never evaluated.',
        },
        {
          selector: "NewExpression[callee.name='Function']",
          message: 'Rules are interpreted, never evaluated.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vm', message: 'No code evaluation.' },
            { name: 'node:vm', message: 'No code evaluation.' },
          ],
        },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // main.ts loads NestJS (via service-kit) lazily so telemetry patches apply first.
          checkDynamicDependenciesExceptions: ['@cip/service-kit'],
          allow: [],
          banTransitiveDependencies: false,
          depConstraints: [
            // Tiny dependency-free helpers (async utilities) anyone may use.
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: [] },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:util',
                'type:domain',
                'type:infra',
                'type:contracts',
              ],
            },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:util', 'type:domain', 'type:contracts'],
              bannedExternalImports: infraPackages,
            },
            {
              sourceTag: 'type:infra',
              onlyDependOnLibsWithTags: ['type:util', 'type:infra', 'type:contracts'],
            },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:util', 'type:contracts'],
              bannedExternalImports: infraPackages,
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: [
                'type:util',
                'type:testing',
                'type:infra',
                'type:contracts',
                'type:simulation',
              ],
            },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: [
                'type:util',
                'type:testing',
                'type:contracts',
                'type:infra',
                'type:simulation',
              ],
            },
            {
              sourceTag: 'type:bench',
              onlyDependOnLibsWithTags: [
                'type:util',
                'type:testing',
                'type:contracts',
                'type:infra',
                'type:domain',
                'type:simulation',
              ],
            },
            {
              // The customer simulator (demo, benchmarks, model training); never used by apps.
              sourceTag: 'type:simulation',
              onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:simulation'],
              bannedExternalImports: infraPackages,
            },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['type:util', 'scope:shared'] },
            {
              sourceTag: 'scope:ingestion',
              onlyDependOnLibsWithTags: ['type:util', 'scope:ingestion', 'scope:shared'],
            },
            {
              sourceTag: 'scope:segmentation',
              onlyDependOnLibsWithTags: ['type:util', 'scope:segmentation', 'scope:shared'],
            },
            {
              sourceTag: 'scope:lifecycle',
              onlyDependOnLibsWithTags: ['type:util', 'scope:lifecycle', 'scope:shared'],
            },
            {
              sourceTag: 'scope:nba',
              onlyDependOnLibsWithTags: ['type:util', 'scope:nba', 'scope:shared'],
            },
          ],
        },
      ],
    },
  },
  {
    // Specs (and harness files only specs import) may use the test kit and fakes; boundaries
    // still apply to production code above.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.harness.ts'],
    rules: {
      '@nx/enforce-module-boundaries': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  prettier,
  // Last, so the TypeScript presets above do not apply their rules to CommonJS scripts.
  {
    files: ['tools/**/*.js', 'deploy/**/*.js', 'bench/**/*.js'],
    ...js.configs.recommended,
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: {
      ...js.configs.recommended.rules,
      '@typescript-eslint/no-require-imports': 'off',
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
