import { describe, expect, it } from 'vitest';
import { isUuid } from '@/lib/ids';

describe('isUuid', () => {
  it.each([
    ['0193b7a2-1c2d-7e3f-8a9b-0c1d2e3f4a5b', true],
    ['0193B7A2-1C2D-7E3F-8A9B-0C1D2E3F4A5B', true],
    ['0193b7a2-1c2d-7e3f-8a9b-0c1d2e3f4a5', false],
    ['0193b7a2-1c2d-7e3f-8a9b-0c1d2e3f4a5bb', false],
    ['0193b7a21c2d7e3f8a9b0c1d2e3f4a5b', false],
    [' 0193b7a2-1c2d-7e3f-8a9b-0c1d2e3f4a5b', false],
    ["0193b7a2-1c2d-7e3f-8a9b-0c1d2e3f4a5b' OR 1=1", false],
    ['', false],
  ])('%j → %s', (v, ok) => expect(isUuid(v)).toBe(ok));
});
