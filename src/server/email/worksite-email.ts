import 'server-only';
import { env } from '../env';

/** An absolute link into the portal for emails. */
export const portalUrl = (path: string) => new URL(path, env().APP_URL).toString();
