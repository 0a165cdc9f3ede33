// An unexpected console.error usually means a swallowed failure, so it fails the test.
// A test that expects one calls allowConsoleError() first.
import { afterEach, beforeEach, vi, type MockInstance } from 'vitest';

const state = globalThis as unknown as { __ccAllowConsoleError?: boolean };

export function allowConsoleError(): void {
  state.__ccAllowConsoleError = true;
}

let spy: MockInstance<typeof console.error> | undefined;

beforeEach(() => {
  state.__ccAllowConsoleError = false;
  const original = console.error.bind(console);
  spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => original(...args));
});

afterEach(() => {
  const calls = spy?.mock.calls ?? [];
  spy?.mockRestore();
  spy = undefined;
  const allowed = state.__ccAllowConsoleError;
  state.__ccAllowConsoleError = false;
  if (calls.length > 0 && !allowed) {
    const first = calls[0]!.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
    throw new Error(
      `console.error was called ${calls.length} time(s) during the test (call allowConsoleError() if expected): ${first.slice(0, 500)}`,
    );
  }
});
