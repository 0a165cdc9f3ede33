import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      '.next-*/**',
      '.data/**',
      'src/generated/**',
      'next-env.d.ts',
      'playwright-report/**',
      'test-results/**',
    ],
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];

// Time comes from one clock: `clock.now()` (src/lib/clock.ts) in the portal, the test clock
// (tests/support/clock.ts) in tests. A test that reads the wall clock passes on Monday and fails
// on Sunday; a rule that reads it cannot be tested at a chosen instant.
const wallClock = (where) => [
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: `Read the time from ${where}, not new Date().`,
  },
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: `Read the time from ${where}, not Date.now().`,
  },
];
const fakeTimers = {
  selector:
    "CallExpression[callee.object.name='vi'][callee.property.name=/^(useFakeTimers|useRealTimers|setSystemTime)$/]",
  message: 'Move the test clock with setNow/advance from tests/support/clock.ts.',
};
config.push(
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/lib/clock.ts', 'src/server/log.ts', 'src/generated/**'],
    rules: { 'no-restricted-syntax': ['error', ...wallClock('clock.now() (src/lib/clock.ts)')] },
  },
  {
    files: ['tests/**/*.{ts,tsx}', 'e2e/**/*.{ts,tsx}'],
    ignores: ['tests/support/clock.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...wallClock('tests/support/clock.ts (now, fromNow, monotonic)'), fakeTimers],
    },
  },
);

export default config;
