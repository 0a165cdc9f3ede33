// Runs the mail catcher on its own: `npx tsx dev/mail-catcher/main.ts`.
import { startMailCatcher } from './server';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new Error(`${name} must be a port number (0-65535), got "${raw}"`);
  }
  return n;
}

async function main() {
  const catcher = await startMailCatcher({
    smtpPort: port('MAIL_SMTP_PORT', 1025),
    httpPort: port('MAIL_HTTP_PORT', 1080),
  });
  process.stdout.write(
    `Mail catcher\n  SMTP  smtp://127.0.0.1:${catcher.smtpPort}\n  Web   http://127.0.0.1:${catcher.httpPort}/\n`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Mail catcher stopping (${signal})\n`);
    catcher.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`Mail catcher did not stop cleanly: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(
    `Mail catcher failed to start: ${e instanceof Error ? e.message : String(e)}\n`,
  );
  process.exit(1);
});
