import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import {
  Button,
  Checkbox,
  CheckboxGroup,
  ErrorSummary,
  Fieldset,
  FormError,
  Notice,
  ProgressBar,
  RadioGroup,
  Select,
  StatusBadge,
  Table,
  TextArea,
  TextField,
} from '@/components/ui';

const html = (el: ReactElement) => renderToStaticMarkup(el);
const css = readFileSync(path.join(__dirname, '..', '..', 'src', 'app', 'globals.css'), 'utf8');

/** Attributes of the first opening tag matching `tag` whose attributes include `where`. */
function tagAttrs(markup: string, tag: string, where = ''): Record<string, string> {
  const re = new RegExp(`<${tag}\\b([^>]*)>`, 'g');
  for (const m of markup.matchAll(re)) {
    const raw = m[1] ?? '';
    if (!raw.includes(where)) continue;
    const attrs: Record<string, string> = {};
    for (const a of raw.matchAll(/([\w:-]+)(?:="([^"]*)")?/g))
      attrs[a[1]!.toLowerCase()] = a[2] ?? ''; // HTML names are case-insensitive
    return attrs;
  }
  throw new Error(`no <${tag}> with ${where} in ${markup}`);
}

const idsIn = (list: string | undefined) => (list ?? '').split(' ').filter(Boolean);

describe('TextField', () => {
  it('wires the error and hint to the input', () => {
    const out = html(
      <TextField
        name="contactEmail"
        label="Email"
        hint="We write to you here"
        error="Enter an email address"
      />,
    );
    const input = tagAttrs(out, 'input');
    expect(input.id).toBe('contactEmail');
    expect(input['aria-invalid']).toBe('true');
    const described = idsIn(input['aria-describedby']);
    expect(described).toContain('contactEmail-error');
    expect(described).toContain('contactEmail-hint');
    expect(tagAttrs(out, 'p', 'id="contactEmail-error"')).toBeDefined();
    expect(out).toMatch(/id="contactEmail-error"[^>]*>.*Enter an email address<\/p>/);
    expect(tagAttrs(out, 'label').for).toBe('contactEmail');
  });

  it('is not marked invalid without an error and describes only what exists', () => {
    const input = tagAttrs(html(<TextField name="givenName" label="First name" />), 'input');
    expect(input['aria-invalid']).toBeUndefined();
    expect(input['aria-describedby']).toBeUndefined();
  });

  it('derives the id from a dotted field name and passes register() props through', () => {
    const registered = {
      name: 'address.city',
      onChange: async () => true,
      onBlur: async () => true,
      ref: () => {},
    };
    const out = html(
      <TextField
        label="City"
        autoComplete="address-level2"
        required
        error="Enter a city"
        {...registered}
      />,
    );
    const input = tagAttrs(out, 'input');
    expect(input.id).toBe('address-city');
    expect(input.name).toBe('address.city');
    expect(input.autocomplete).toBe('address-level2');
    expect('required' in input).toBe(true);
    expect(input.type).toBe('text');
    expect(idsIn(input['aria-describedby'])).toEqual(['address-city-error']);
  });

  it('keeps a caller-supplied aria-describedby alongside its own ids', () => {
    const input = tagAttrs(
      html(
        <TextField name="phone" label="Phone" error="Too short" aria-describedby="phone-note" />,
      ),
      'input',
    );
    expect(idsIn(input['aria-describedby'])).toEqual(['phone-error', 'phone-note']);
  });

  it('TextArea gets the same wiring', () => {
    const ta = tagAttrs(
      html(<TextArea name="reason" label="Reason" error="Enter a reason" />),
      'textarea',
    );
    expect(ta.id).toBe('reason');
    expect(ta['aria-invalid']).toBe('true');
    expect(idsIn(ta['aria-describedby'])).toContain('reason-error');
  });
});

describe('Select', () => {
  it('renders a placeholder option with an empty value and the error wiring', () => {
    const out = html(
      <Select
        name="profession"
        label="Profession"
        placeholder="Choose a profession"
        options={[{ value: 'PHYSICIAN', label: 'Physician' }]}
        error="Choose your profession"
      />,
    );
    expect(out).toContain('<option value="">Choose a profession</option>');
    expect(out).toContain('<option value="PHYSICIAN">Physician</option>');
    const select = tagAttrs(out, 'select');
    expect(select['aria-invalid']).toBe('true');
    expect(select['aria-describedby']).toBe('profession-error');
  });
});

describe('Checkbox', () => {
  it('labels the box and ties the error to it', () => {
    const out = html(<Checkbox name="agree" label="I agree" error="Confirm that you agree" />);
    const input = tagAttrs(out, 'input');
    expect(input.type).toBe('checkbox');
    expect(input['aria-invalid']).toBe('true');
    expect(input['aria-describedby']).toBe('agree-error');
    expect(tagAttrs(out, 'label').for).toBe('agree');
    expect(out).toContain('Confirm that you agree');
  });
});

describe('RadioGroup and CheckboxGroup', () => {
  const options = [
    { value: 'yes', label: 'Yes' },
    { value: 'no', label: 'No', hint: 'You work here permanently' },
  ];

  it('renders a fieldset with a legend and the error described on the fieldset', () => {
    const out = html(
      <RadioGroup
        name="locum"
        legend="Are you a locum?"
        options={options}
        hint="Pick one"
        error="Select yes or no"
      />,
    );
    expect(out).toMatch(/<fieldset[^>]*>\s*<legend[^>]*>Are you a locum\?<\/legend>/);
    const fieldset = tagAttrs(out, 'fieldset');
    expect(idsIn(fieldset['aria-describedby'])).toEqual(['locum-hint', 'locum-error']);
    expect(out).toMatch(/id="locum-error"[^>]*>.*Select yes or no/);
  });

  it('gives the first option the field id so error links land on it, and unique ids after', () => {
    const out = html(
      <RadioGroup name="locum" legend="Locum?" options={options} defaultValue="no" />,
    );
    const first = tagAttrs(out, 'input', 'value="yes"');
    const second = tagAttrs(out, 'input', 'value="no"');
    expect(first.id).toBe('locum');
    expect(first.type).toBe('radio');
    expect(second.id).not.toBe(first.id);
    expect('checked' in second).toBe(true);
    expect('checked' in first).toBe(false);
    expect(tagAttrs(out, 'label', `for="${second.id}"`)).toBeDefined();
    // The option hint is read with its option only.
    expect(second['aria-describedby']).toBeDefined();
    expect(out).toContain(`id="${second['aria-describedby']}"`);
  });

  it('CheckboxGroup uses checkboxes sharing one name and checks each default', () => {
    const out = html(
      <CheckboxGroup
        name="safeguards"
        legend="Safeguards"
        options={options}
        defaultValue={['yes', 'no']}
      />,
    );
    expect(out).toContain('<legend');
    const boxes = [...out.matchAll(/<input[^>]*type="checkbox"[^>]*>/g)].map((m) => m[0]);
    expect(boxes).toHaveLength(2);
    for (const b of boxes) {
      expect(b).toContain('name="safeguards"');
      expect(b).toContain('checked');
    }
  });

  it('Fieldset ties its description to the group', () => {
    const out = html(
      <Fieldset legend="Address" description="Where patients are seen">
        <span>fields</span>
      </Fieldset>,
    );
    const describedId = tagAttrs(out, 'fieldset')['aria-describedby'];
    expect(describedId).toBeTruthy();
    expect(out).toMatch(new RegExp(`id="${describedId}"[^>]*>Where patients are seen`));
  });
});

describe('Table', () => {
  type Row = { id: string; name: string; status: string };
  const columns = [
    { key: 'name', header: 'Name', rowHeader: true, cell: (r: Row) => r.name },
    { key: 'status', header: 'Status', cell: (r: Row) => r.status },
  ];

  it('renders its caption and column headers with scope="col"', () => {
    const out = html(
      <Table
        caption="Members"
        columns={columns}
        rows={[{ id: '1', name: 'Ada', status: 'Active' }]}
        rowKey={(r) => r.id}
      />,
    );
    expect(out).toMatch(/<caption[^>]*>Members<\/caption>/);
    const colHeaders = [...out.matchAll(/<th[^>]*scope="col"[^>]*>([^<]*)<\/th>/g)].map(
      (m) => m[1],
    );
    expect(colHeaders).toEqual(['Name', 'Status']);
    expect(out).toMatch(/<th[^>]*scope="row"[^>]*>Ada<\/th>/);
    expect(out).toContain('<td');
  });

  it('wraps the table in a named, focusable scroll region', () => {
    const out = html(<Table caption="Members" columns={columns} rows={[]} rowKey={(r) => r.id} />);
    const region = tagAttrs(out, 'div', 'role="region"');
    expect(region.tabindex).toBe('0');
    expect(region['aria-label']).toContain('Members');
  });

  it('can hide the caption visually but keeps it, and says when there are no rows', () => {
    const out = html(
      <Table
        caption="Invitations"
        captionHidden
        columns={columns}
        rows={[]}
        rowKey={(r) => r.id}
        emptyText="No invitations."
      />,
    );
    expect(tagAttrs(out, 'caption').class).toContain('sr-only');
    expect(out).toMatch(/<td colSpan="2"[^>]*>No invitations\.<\/td>/i);
  });
  // A long table repeats its cells' styling on every row; the stylesheet says it once.
  it('styles its rows from the stylesheet, not on each cell', () => {
    const out = html(
      <Table caption="Members" columns={columns} rows={[{ id: '1', name: 'Ada', status: 'Active' }]} rowKey={(r) => r.id} />,
    );
    expect(tagAttrs(out, 'table').class).toContain('data-table');
    expect(out).toMatch(/<tr><th scope="row">Ada<\/th><td>Active<\/td><\/tr>/);
    for (const rule of ['.data-table > tbody > tr {', '.data-table > tbody > tr > th {']) expect(css).toContain(rule);
  });
});

describe('ProgressBar', () => {
  it('exposes value, bounds and the text', () => {
    const out = html(<ProgressBar label="Your enrolment" value={3} max={5} />);
    const bar = tagAttrs(out, 'div', 'role="progressbar"');
    expect(bar['aria-valuenow']).toBe('3');
    expect(bar['aria-valuemin']).toBe('0');
    expect(bar['aria-valuemax']).toBe('5');
    expect(bar['aria-valuetext']).toBe('3 of 5 steps complete');
    expect(out).toContain('>3 of 5 steps complete<');
    expect(out).toMatch(new RegExp(`id="${bar['aria-labelledby']}"[^>]*>Your enrolment<`));
    expect(out).toContain('width:60%');
  });

  it('keeps the value within the bounds', () => {
    const bar = tagAttrs(
      html(<ProgressBar label="Steps" value={9} max={4} />),
      'div',
      'role="progressbar"',
    );
    expect(bar['aria-valuenow']).toBe('4');
    expect(bar['aria-valuetext']).toBe('4 of 4 steps complete');
  });
});

describe('StatusBadge', () => {
  it.each([
    ['PENDING_REVIEW', 'Pending review', 'warning'],
    ['ACTIVE', 'Active', 'success'],
    ['DECLINED', 'Declined', 'danger'],
    ['CHANGES_REQUESTED', 'Changes requested', 'warning'],
    ['IN_REVIEW', 'In review', 'info'],
    ['SOMETHING_NEW', 'Something new', 'neutral'],
  ])('%s reads "%s" in the %s tone', (status, text, tone) => {
    const out = html(<StatusBadge status={status} />);
    expect(out).toContain(`>${text}</span>`);
    expect(tagAttrs(out, 'span').class).toContain(`tone-${tone}`);
  });

  it.each(['success', 'warning', 'danger', 'info', 'neutral'])('has the %s tone in the stylesheet', (tone) => {
    expect(css).toMatch(new RegExp(`\\.tone-${tone} \\{\\s*@apply border-\\S+ bg-${tone}-bg text-${tone}-ink;`));
  });

  it('accepts an explicit tone and label', () => {
    const out = html(<StatusBadge status="ACTIVE" tone="danger" label="Active, but expiring" />);
    expect(out).toContain('>Active, but expiring</span>');
    expect(tagAttrs(out, 'span').class).toContain('tone-danger');
  });
});

describe('ErrorSummary and FormError', () => {
  it('lists each error as a link to its field under "There is a problem"', () => {
    const out = html(
      <ErrorSummary
        errors={[
          { fieldId: 'contactEmail', message: 'Enter an email address' },
          { fieldId: 'address-city', message: 'Enter a city' },
        ]}
      />,
    );
    const box = tagAttrs(out, 'div', 'role="alert"');
    expect(box.tabindex).toBe('-1');
    expect(out).toMatch(
      new RegExp(`<h2 id="${box['aria-labelledby']}"[^>]*>There is a problem</h2>`),
    );
    expect(out).toMatch(/<a href="#contactEmail"[^>]*>Enter an email address<\/a>/);
    expect(out).toMatch(/<a href="#address-city"[^>]*>Enter a city<\/a>/);
  });

  it('renders nothing without errors', () => {
    expect(html(<ErrorSummary errors={[]} />)).toBe('');
  });

  it('FormError shows the message and the reference for support', () => {
    const out = html(
      <FormError message="Something went wrong. Please try again." correlationId="ABC123" />,
    );
    expect(tagAttrs(out, 'div')).toHaveProperty('role', 'alert');
    expect(out).toContain('Something went wrong. Please try again.');
    expect(out.replace(/<[^>]+>/g, '')).toContain('Reference: ABC123');
    expect(html(<FormError message={null} correlationId="ABC123" />)).toBe('');
  });
});

describe('Notice and Button', () => {
  it('announces success politely but leaves warnings as static content unless asked', () => {
    expect(tagAttrs(html(<Notice tone="success" title="Saved" />), 'div').role).toBe('status');
    expect(
      tagAttrs(html(<Notice tone="warning" title="Expires soon" />), 'div').role,
    ).toBeUndefined();
    expect(
      tagAttrs(
        html(
          <Notice tone="danger" role="alert">
            Stop
          </Notice>,
        ),
        'div',
      ).role,
    ).toBe('alert');
    // The tone is spoken too, not only shown in colour.
    expect(html(<Notice tone="warning" title="Expires soon" />)).toContain('Warning: ');
  });

  it('Button defaults to type="button" and is disabled and busy while pending', () => {
    const idle = tagAttrs(html(<Button>Save</Button>), 'button');
    expect(idle.type).toBe('button');
    expect('disabled' in idle).toBe(false);
    const out = html(
      <Button type="submit" pending pendingText="Saving…">
        Save
      </Button>,
    );
    const busy = tagAttrs(out, 'button');
    expect(busy.type).toBe('submit');
    expect('disabled' in busy).toBe(true);
    expect(busy['aria-busy']).toBe('true');
    expect(out).toContain('>Saving…</button>');
  });
});
