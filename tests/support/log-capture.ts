// Captures the app's structured log lines (JSON on stdout/stderr) so a test can assert that a
// refusal or failure was logged, and with which fields.
import { vi } from 'vitest';

export type LogLine = { level: string; msg: string; [field: string]: unknown };

export function captureLog(): { lines: LogLine[]; find(msg: string): LogLine[]; stop(): void } {
  const lines: LogLine[] = [];
  const spies = (['stdout', 'stderr'] as const).map((name) => {
    const stream = process[name];
    const original = stream.write.bind(stream) as (...a: unknown[]) => boolean;
    return vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
      for (const l of text.split('\n')) {
        if (!l.startsWith('{')) continue;
        try {
          const parsed = JSON.parse(l) as LogLine;
          if (typeof parsed.msg === 'string') lines.push(parsed);
        } catch {
          // not one of ours
        }
      }
      return original(chunk, ...rest);
    }) as typeof stream.write);
  });
  return {
    lines,
    find: (msg) => lines.filter((l) => l.msg === msg),
    stop: () => spies.forEach((s) => s.mockRestore()),
  };
}
