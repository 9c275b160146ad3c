// ESLint flat config: the recommended rules of ESLint and typescript-eslint,
// syntactic only (type-aware linting would double the time of the lint, and
// `npm run typecheck` runs the compiler anyway). Rules tuned, with reasons:
//   no-unused-vars: a leading underscore marks a value dropped on purpose
//     (`const { kind: _kind, ...rest } = o`, an unused callback argument).
//   test/types/: a compile-time test of the public types; its values exist
//     only to be type-checked, so unused ones are the point.
//   *.js (CommonJS scripts, bench, bin, test/workers): require() is how they
//     import; a top-level `const crypto = require('node:crypto')` is local to
//     the module, not a redeclared global.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'build-examples/', 'node_modules/', '.venv/', 'docs/api/', 'prebuilds/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {
        argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_',
      }],
    },
  },
  {
    files: ['test/types/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-redeclare': ['error', { builtinGlobals: false }] },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module' },
  },
);
