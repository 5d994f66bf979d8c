import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'scripts/**', '*.mjs'] },
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
    files: ['modules/**/*.ts', 'examples/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/src',
                '**/src/**',
                '**/test/**',
                '**/dist/**',
                'nest-tryton/*',
                '!nest-tryton/testing',
              ],
              message: "Import from 'nest-tryton' (tests: 'nest-tryton/testing'), not from its internals.",
            },
          ],
        },
      ],
    },
  },
);
