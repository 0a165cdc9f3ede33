// What every server action returns; forms map fieldErrors onto react-hook-form's setError.
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | {
      ok: false;
      code: string;
      formError?: string;
      fieldErrors?: Record<string, string>;
      correlationId?: string;
    };

export const ok = <T>(data: T): ActionResult<T> => ({ ok: true, data });
