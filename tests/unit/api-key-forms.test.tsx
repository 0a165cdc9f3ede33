import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';

// The forms post through server actions; rendering needs only their references.
vi.mock('@/server/api-keys/actions', () => ({ createApiKeyAction: vi.fn(), setApiKeyLimitAction: vi.fn() }));
vi.mock('next/navigation', () => ({ useRouter: () => ({ refresh: vi.fn() }) }));

const { CreateApiKeyForm } = await import('@/app/(admin)/admin/api-keys/create-form');
const { ApiKeyLimit } = await import('@/app/(admin)/admin/api-keys/limit-form');

describe('API key forms', () => {
  it('a new key gets a labelled calls-per-minute field, 600 unless changed', () => {
    const html = renderToStaticMarkup(<CreateApiKeyForm />);
    expect(html).toMatch(/<label[^>]*for="requestsPerMinute"[^>]*>[^<]*Calls per minute/);
    expect(html).toMatch(/<input[^>]*inputMode="numeric"[^>]*value="600"[^>]*id="requestsPerMinute"|<input[^>]*id="requestsPerMinute"[^>]*value="600"/);
    expect(html).toContain('aria-describedby="requestsPerMinute-hint"');
  });

  it("a key's limit is changed from a button that names the key to screen readers", () => {
    const html = renderToStaticMarkup(<ApiKeyLimit id="k1" name="Viewer (production)" requestsPerMinute={6000} />);
    expect(html).toContain('Change limit…');
    expect(html).toContain('<span class="sr-only"> — Viewer (production)</span>');
  });
});
