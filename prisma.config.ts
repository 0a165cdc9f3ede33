import path from 'node:path';
import { defineConfig } from 'prisma/config';

// Prisma's CLI wants a native schema engine it would download from a host we cannot reach.
// `generate` never runs it, so a stub path lets generation work offline; migrations use the
// WebAssembly engine through scripts/db.ts instead.
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(__dirname, 'scripts', 'no-schema-engine.sh');
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
