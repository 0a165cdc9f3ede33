// Next.js's server sets this global at start-up; its request storage needs it. Imported first.
import { AsyncLocalStorage } from 'node:async_hooks';

const g = globalThis as { AsyncLocalStorage?: typeof AsyncLocalStorage };
g.AsyncLocalStorage ??= AsyncLocalStorage;
