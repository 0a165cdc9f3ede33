// Runs once per integration run, before any worker: picks the database server, builds the
// migrated template, and afterwards drops any clone a test file failed to drop.
import {
  EMBEDDED,
  dropOrphanClones,
  dropRunClones,
  ensureTemplate,
  resolveServer,
} from './test-db';

export default async function setup() {
  // Workers are forked after this runs and inherit these.
  process.env.CC_TEST_RUN_ID ??= String(process.pid);
  const server = await resolveServer();
  process.env.CC_TEST_SERVER = server;
  if (server === EMBEDDED) {
    process.stderr.write(
      'Integration tests use an embedded database per test file (no PostgreSQL server set or answering).\n',
    );
    return;
  }
  await dropOrphanClones(server);
  await ensureTemplate(server);
  return async () => {
    await dropRunClones(server);
  };
}
