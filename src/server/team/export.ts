import 'server-only';
import { csvRow, csvRows, type CsvValue } from '@/lib/csv';
import { audit } from '../audit';
import { db } from '../db';
import { log } from '../log';
import type { AuditContext } from '../request-context';
import { EXPORT_BATCH_SIZE, parseQueueFilter, parseSearch, type QueueFilter, type SearchInput } from './list-rules';
import { can, requireCapability } from '../authz/guard';
import { queuePage, type QueueItem, type StaffCaller } from './queue-queries';
import { search, type PersonHit, type WorksiteHit } from './search-queries';
import { clock } from '@/lib/clock';

// CSV export of the list on screen (SPEC §10). Rows are fetched in keyset batches as the client
// reads, so memory stays flat however long the list is; nothing builds the whole file.

export type ExportRequest = { list: 'queue'; filter: QueueFilter } | { list: 'search'; input: SearchInput };

/** The export's query string, as the list pages link to it; field messages on bad input. */
export function parseExportRequest(
  params: URLSearchParams,
): { ok: true; request: ExportRequest } | { ok: false; errors: Record<string, string> } {
  const raw = Object.fromEntries([...params.keys()].map((k) => [k, params.get(k)]));
  delete raw.after; // an export is always the whole list, from its start
  if (raw.list === 'queue') {
    const f = parseQueueFilter(raw);
    return f.ok ? { ok: true, request: { list: 'queue', filter: f.value } } : { ok: false, errors: f.errors };
  }
  if (raw.list === 'search') {
    const s = parseSearch(raw);
    return s.ok ? { ok: true, request: { list: 'search', input: s.value } } : { ok: false, errors: s.errors };
  }
  return { ok: false, errors: { list: 'Choose the queue or search results to export' } };
}

type Sheet<T> = { header: string[]; cells: (r: T) => CsvValue[] };

const QUEUE_SHEET: Sheet<QueueItem> = {
  header: ['Type', 'Status', 'Person', 'Worksite', 'Worksite ID', 'Waiting since (UTC)', 'Business days waiting', 'Assigned to', 'Record id'],
  cells: (r) => [r.typeLabel, r.statusLabel, r.personName, r.worksiteName, r.worksiteCode, r.waitingSince, r.ageDays, r.assigneeName, r.id],
};
const PEOPLE_SHEET: Sheet<PersonHit> = {
  header: ['Name', 'Legal name', 'Contact email', 'Sign-in email', 'Status', 'Profession', 'Licence', 'Enrolment status', 'Person id'],
  cells: (r) => [r.name, r.legalName, r.email, r.signInEmail, r.status, r.profession, r.licence, r.enrolmentStatus, r.id],
};
const WORKSITE_SHEET: Sheet<WorksiteHit> = {
  header: ['Worksite ID', 'Operating name', 'Legal name', 'City', 'Email', 'Status', 'Record id'],
  cells: (r) => [r.worksiteCode, r.operatingName, r.legalName, r.city, r.email, r.statusLabel, r.id],
};

type Batch = { lines: CsvValue[][]; next: string | null };

function batches(caller: StaffCaller, req: ExportRequest, size: number, now: Date): { header: string[]; next: (after?: string) => Promise<Batch> } {
  if (req.list === 'queue')
    return {
      header: QUEUE_SHEET.header,
      next: async (after) => {
        const p = await queuePage(caller, { ...req.filter, after }, { pageSize: size, now });
        return { lines: p.rows.map(QUEUE_SHEET.cells), next: p.nextCursor };
      },
    };
  const sheet = req.input.kind === 'worksites' ? WORKSITE_SHEET : PEOPLE_SHEET;
  return {
    header: sheet.header,
    next: async (after) => {
      const p = await search(caller, { ...req.input, after }, { pageSize: size });
      return { lines: (p.rows as never[]).map((r) => (sheet.cells as (x: never) => CsvValue[])(r)), next: p.nextCursor };
    },
  };
}

const exportAudit = (caller: StaffCaller, req: ExportRequest, ctx: AuditContext, action: string, extra: Record<string, unknown>) =>
  db().$transaction((tx) =>
    audit(tx, {
      actor: { type: 'STAFF', personId: caller.id },
      action,
      target: { type: 'PERSON', id: null },
      after: { list: req.list, filter: req.list === 'queue' ? req.filter : req.input, ...extra },
      requestId: ctx.requestId,
      ip: ctx.ip,
    }),
  );

/**
 * The list as a CSV stream. The export is audited before the first byte (who and which filter),
 * and again when the stream ends or the reader goes away (how many rows left the portal).
 */
export async function exportCsv(
  caller: StaffCaller,
  req: ExportRequest,
  ctx: AuditContext = {},
  opts: { batchSize?: number; now?: Date } = {},
): Promise<{ filename: string; stream: ReadableStream<Uint8Array> }> {
  requireCapability(caller, 'team.export');
  const now = opts.now ?? clock.now();
  const source = batches(caller, req, opts.batchSize ?? EXPORT_BATCH_SIZE, now);
  await exportAudit(caller, req, ctx, 'team.export.started', {});
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let rows = 0;
  let ended = false;
  let cancelled = false; // the reader went away: nothing more to send, and nothing went wrong
  const finish = async (outcome: 'complete' | 'cancelled' | 'failed') => {
    if (ended) return;
    ended = true;
    await exportAudit(caller, req, ctx, 'team.export.finished', { rows, outcome });
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // A byte-order mark lets spreadsheets read the UTF-8 names (é, ñ) correctly.
      controller.enqueue(encoder.encode(`\uFEFF${csvRow(source.header)}`));
    },
    async pull(controller) {
      try {
        const batch = await source.next(cursor);
        if (cancelled) return;
        rows += batch.lines.length;
        if (batch.lines.length) controller.enqueue(encoder.encode(csvRows(batch.lines)));
        cursor = batch.next ?? undefined;
        if (!batch.next) {
          await finish('complete');
          controller.close();
        }
      } catch (e) {
        if (cancelled) return;
        log.error('team.export.failed', { requestId: ctx.requestId, error: e instanceof Error ? e.message : String(e) });
        await finish('failed').catch(() => {});
        controller.error(new Error('The export stopped unexpectedly.'));
      }
    },
    async cancel() {
      cancelled = true;
      await finish('cancelled');
    },
  });
  const list = req.list === 'queue' ? 'queue' : req.input.kind;
  return { filename: `careconnect-${list}-${now.toISOString().slice(0, 10)}.csv`, stream };
}

const TEXT = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

/**
 * The whole HTTP answer for GET /api/admin/export, given who is signed in: 401 for nobody, 403
 * (and no data) for someone without a staff role, 400 for a bad filter, else the CSV stream.
 */
export async function exportResponse(
  caller: StaffCaller | null,
  params: URLSearchParams,
  ctx: AuditContext = {},
): Promise<Response> {
  if (!caller) return new Response('Sign in to export.', { status: 401, headers: TEXT });
  if (!can(caller, 'team.export'))
    return new Response('Exports are only available to the enrolment team.', { status: 403, headers: TEXT });
  const parsed = parseExportRequest(params);
  if (!parsed.ok) return Response.json({ errors: parsed.errors }, { status: 400, headers: { 'Cache-Control': 'no-store' } });
  const { filename, stream } = await exportCsv(caller, parsed.request, ctx);
  return new Response(stream, {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
