// Entry of the access API's own process (decision 026):
//   tsx --conditions=react-server src/server/access/main.ts
//   ACCESS_PORT (default 3001), ACCESS_HOST (default 127.0.0.1), and the portal's environment.
import { env } from '../env';
import { log } from '../log';
import { startAccessServer } from './server';

async function main() {
  env(); // refuse to start on a bad configuration, as the portal does
  const s = await startAccessServer(Number(process.env.ACCESS_PORT ?? 3001), process.env.ACCESS_HOST ?? '127.0.0.1');
  log.info('access API listening', { url: s.url });
  const stop = () => void s.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  log.error('access API failed to start', { error });
  process.exit(1);
});
