import 'server-only';
import pino from 'pino';
import { clock } from '../lib/clock';
import { CENSOR, REDACT_PATHS, scrub } from './log/redact';

// Structured JSON lines through pino: debug and info on stdout, warn and error on stderr, one
// object per line ({"level","t","msg",…fields}), so a log shipper reads them as they are.
// What is redacted is listed in ./log/redact.ts.
export type LogFields = Record<string, unknown>;
export type Logger = {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger whose every line also carries `bindings` (e.g. the request id). */
  child(bindings: LogFields): Logger;
};

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

// Each line is written with the stream's own write(), synchronously, at the moment of the call:
// nothing is buffered or lost on exit, and tests can capture it by replacing write().
const to = (name: 'stdout' | 'stderr') => ({ write: (line: string) => process[name].write(line) });

function create(): pino.Logger {
  const env = process.env.LOG_LEVEL as Level | undefined;
  const level = env && LEVELS.includes(env) ? env : 'info';
  return pino(
    {
      level,
      base: null,
      // The portal's clock, so logs agree with the rows and rules (and with tests' fixed time).
      timestamp: () => `,"t":"${clock.now().toISOString()}"`,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => scrub(fields) as LogFields,
      },
      redact: { paths: REDACT_PATHS, censor: CENSOR },
    },
    pino.multistream(
      [
        { level: 'debug', stream: to('stdout') },
        { level: 'warn', stream: to('stderr') },
      ],
      { dedupe: true },
    ),
  );
}

// Created on first use, after the process (or test setup) has set LOG_LEVEL.
let root: pino.Logger | undefined;

function wrap(get: () => pino.Logger): Logger {
  const at = (level: Level) => (msg: string, fields?: LogFields) => get()[level](fields ?? {}, msg);
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (bindings) => {
      let child: pino.Logger | undefined;
      return wrap(() => (child ??= get().child(scrub(bindings) as LogFields)));
    },
  };
}

export const log: Logger = wrap(() => (root ??= create()));

/** The logger for one request: every line carries its request id (the X-Request-Id header). */
export function logFor(ctx: { requestId: string }): Logger {
  return log.child({ requestId: ctx.requestId });
}
