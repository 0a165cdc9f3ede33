// Finds what the authorization matrix must cover: every export of every 'use server' module
// under src/, and every HTTP method of every route handler under src/app/api.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../..');
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
export type Action = (input?: unknown) => Promise<unknown>;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
const isUseServer = (file: string) =>
  /^(\s*\/\/[^\n]*\n|\s*\/\*[\s\S]*?\*\/)*\s*['"]use server['"]/.test(readFileSync(file, 'utf8'));

export async function enumerateActions(): Promise<Map<string, Action>> {
  const found = new Map<string, Action>();
  for (const file of walk(join(ROOT, 'src')).filter(
    (f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && isUseServer(f),
  )) {
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value === 'function')
        found.set(`${relative(ROOT, file)}#${name}`, value as Action);
    }
  }
  return found;
}

export async function enumerateRoutes(): Promise<Map<string, unknown>> {
  const found = new Map<string, unknown>();
  for (const file of walk(join(ROOT, 'src/app/api')).filter((f) => /\/route\.tsx?$/.test(f))) {
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const m of HTTP_METHODS)
      if (typeof mod[m] === 'function') found.set(`${relative(ROOT, file)} ${m}`, mod[m]);
  }
  return found;
}

/** Files that declare a server action inline (a 'use server' directive inside a function), which
 * the module scan above would not see. */
export function inlineServerActions(): string[] {
  return walk(join(ROOT, 'src'))
    .filter((f) => /\.tsx?$/.test(f))
    .filter((f) => {
      const text = readFileSync(f, 'utf8');
      const all = text.match(/^\s*['"]use server['"]/gm)?.length ?? 0;
      return all > (isUseServer(f) ? 1 : 0);
    })
    .map((f) => relative(ROOT, f));
}
