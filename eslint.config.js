// ESLint: typescript-eslint's recommended rules and import cycles (import-x/no-cycle). The
// folder matrix and type-only cycles are checked by test/architecture.test.ts.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import { configs as typescriptConfigs } from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'results/', 'node_modules/', 'test/fixtures/policies/**/*.js', '**/*.d.ts'] },
  js.configs.recommended,
  typescriptConfigs.recommended,
  importX.flatConfigs.recommended,
  importX.flatConfigs.typescript,
  {
    files: ['**/*.ts', '**/*.cts', '**/*.mts'],
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      // tsc resolves every import already (and knows `.js` means `.ts`).
      'import-x/no-unresolved': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // AS 241's coefficients and reference values as published: more digits than a double holds,
    // rounded to the nearest double as intended.
    files: ['src/random/normal-quantile.ts', 'test/random/normal-quantile.test.ts'],
    rules: { 'no-loss-of-precision': 'off' },
  },
);
