// Local stand-in for the BC Services Card: npx tsx dev/oidc/main.ts
import { startOidcProvider } from './provider';

function readPort(raw: string | undefined): number {
  const port = Number(raw ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`OIDC_PORT must be a port number, got "${raw}"`);
  }
  return port;
}

async function main() {
  const redirectUris = (
    process.env.OIDC_REDIRECT_URIS ?? 'http://localhost:3000/api/auth/callback/bcsc'
  )
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  if (!redirectUris.length) throw new Error('OIDC_REDIRECT_URIS must list at least one URI');

  const op = await startOidcProvider({
    port: readPort(process.env.OIDC_PORT),
    clients: [
      {
        clientId: process.env.OIDC_CLIENT_ID ?? 'careconnect-portal',
        clientSecret: process.env.OIDC_CLIENT_SECRET ?? 'dev-client-secret',
        redirectUris,
      },
    ],
  });
  console.log(`Local BC Services Card stand-in: issuer ${op.issuer}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}, stopping.`);
    op.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
