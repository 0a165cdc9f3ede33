// Started as its own process by tests/unit/boot.test.ts: runs what Next.js runs when the server
// starts (instrumentation's register), then says so. A refused configuration exits before that.
import { register } from '../../src/instrumentation';

void register().then(() => {
  process.stdout.write('BOOTED\n');
  process.exit(0);
});
