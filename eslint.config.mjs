import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Deep paths into nest-tryton are refused: its package entries are the API. */
function publicApiOnly(sourcePaths) {
  return {
    group: [...sourcePaths, '**/test/**', '**/dist/**', 'nest-tryton/*', '!nest-tryton/testing'],
    message: "Import from 'nest-tryton' (tests: 'nest-tryton/testing'), not from its internals.",
  };
}

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'scripts/**', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // A module, in modules/ or in another repository, sees one public surface.
    files: ['modules/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [publicApiOnly(['**/src', '**/src/**'])] }] },
  },
  {
    // An example's own src/ is its business; nest-tryton's (three levels up or more) is not.
    files: ['examples/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            publicApiOnly(['../../../src', '../../../src/**', '../../../../src/**', '**/modules/**']),
          ],
        },
      ],
    },
  },
);
