// Record ids are UUIDs; a malformed one is "not found" before any query (Postgres would raise on
// the cast, and a page or action must answer a forged id exactly like a missing record).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (v: string): boolean => UUID.test(v);
