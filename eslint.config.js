import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { forbiddenSpecifiers, moduleMap, sameWorkspaceRelative } from './scripts/module-map.js';

/** The module map (scripts/module-map.js) as one import rule per workspace. */
const boundaries = Object.entries(moduleMap).map(([workspace, allowed]) => ({
  files: [`${workspace}/**/*.{ts,tsx,js,mjs}`],
  plugins: { boundaries: { rules: { 'same-workspace-relative': sameWorkspaceRelative } } },
  rules: {
    'boundaries/same-workspace-relative': 'error',
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: forbiddenSpecifiers(allowed),
            message: `${workspace} may import only ${allowed.join(', ') || 'nothing of another workspace'} (scripts/module-map.js)`,
          },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'site/.astro/**', 'bench/results/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/only-throw-error': 'error',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  ...boundaries,
  {
    // Tests read JSON answers whose shape they then assert.
    files: ['**/*.test.ts', '**/testing/**/*.ts', 'tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
