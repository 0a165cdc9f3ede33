import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';

vi.mock('next/navigation', () => ({ useRouter: () => ({ refresh: vi.fn() }) }));

const { ChoiceButtons } = await import('@/components/forms/choice-buttons');
const { ConfirmButton } = await import('@/components/forms/confirm-button');
const { OnceButton } = await import('@/components/forms/once-button');

const never = () => new Promise<never>(() => {});

describe('shared action buttons, as first shown', () => {
  it('a step that cannot be undone shows only its first button, named for screen readers', () => {
    const html = renderToStaticMarkup(
      <ConfirmButton
        label="Revoke…"
        confirmLabel="Revoke now"
        pendingText="Revoking…"
        which=" — Harbour EMR"
        question="Sure?"
        action={never}
      />,
    );
    expect(html).toContain('Revoke…<span class="sr-only"> — Harbour EMR</span>');
    expect(html).not.toContain('Revoke now');
    expect(html).not.toContain('role="alert"');
  });

  it("a row's choices each name the row, and a row with nothing to do shows nothing", () => {
    const choice = {
      label: 'End sponsorship',
      run: never,
      confirm: () => 'End?',
      done: () => 'Ended.',
    };
    const html = renderToStaticMarkup(
      <ChoiceButtons choices={[choice]} input="s1" name="Dr Lee" />,
    );
    expect(html).toContain('End sponsorship<span class="sr-only"> — Dr Lee</span>');
    expect(renderToStaticMarkup(<ChoiceButtons choices={[]} input="s1" name="Dr Lee" />)).toBe('');
  });

  it("a link's one button shows its label until it has been used", () => {
    const html = renderToStaticMarkup(
      <OnceButton action={never} pendingText="Accepting…" done={() => 'Joined'}>
        Accept invitation
      </OnceButton>,
    );
    expect(html).toContain('Accept invitation');
    expect(html).not.toContain('Joined');
  });
});
