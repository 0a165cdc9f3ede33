import type { AssuranceLevel, Identity, PresetIdentity } from './identities';

const TITLE = 'BC Services Card — local test sign-in';

export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const fieldNames = [
  'given_name',
  'family_name',
  'birthdate',
  'email',
  'identity_assurance_level',
] as const;
export type FieldName = (typeof fieldNames)[number];
export type NewIdentityValues = Record<FieldName, string>;
export type FieldErrors = Partial<Record<FieldName, string>>;

export const emptyValues: NewIdentityValues = {
  given_name: '',
  family_name: '',
  birthdate: '',
  email: '',
  identity_assurance_level: '3',
};

export type Validation =
  | { ok: true; identity: Omit<Identity, 'sub'> }
  | { ok: false; values: NewIdentityValues; errors: FieldErrors };

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

function birthdateError(value: string, today: Date): string | undefined {
  if (!value) return 'Enter a birthdate';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const real =
    m && isoDate(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))) === value;
  if (!real) return 'Enter a real date, for example 1980-04-12';
  if (value < '1900-01-01') return 'Enter a birthdate from 1900 onwards';
  if (value >= isoDate(today)) return 'Birthdate must be in the past';
  return undefined;
}

function nameError(value: string, label: string): string | undefined {
  if (!value) return `Enter a ${label}`;
  if (value.length > 100) return `The ${label} must be 100 characters or fewer`;
  return undefined;
}

function emailError(value: string): string | undefined {
  if (!value) return 'Enter an email address';
  if (value.length > 254 || !/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(value)) {
    return 'Enter an email address in the correct format, like name@example.com';
  }
  return undefined;
}

export function validateNewIdentity(form: URLSearchParams, today = new Date()): Validation {
  const values = { ...emptyValues };
  for (const name of fieldNames) values[name] = (form.get(name) ?? '').trim();

  const errors: FieldErrors = {
    given_name: nameError(values.given_name, 'given name'),
    family_name: nameError(values.family_name, 'family name'),
    birthdate: birthdateError(values.birthdate, today),
    email: emailError(values.email),
    identity_assurance_level: ['1', '2', '3'].includes(values.identity_assurance_level)
      ? undefined
      : 'Choose an identity assurance level',
  };
  for (const name of fieldNames) if (!errors[name]) delete errors[name];

  if (Object.keys(errors).length) return { ok: false, values, errors };
  return {
    ok: true,
    identity: {
      given_name: values.given_name,
      family_name: values.family_name,
      birthdate: values.birthdate,
      email: values.email,
      identity_assurance_level: Number(values.identity_assurance_level) as AssuranceLevel,
    },
  };
}

const styles = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1rem;line-height:1.5;color:#1a1a1a;background:#fff}
header{background:#003366;color:#fff;padding:.75rem 1.5rem;border-bottom:4px solid #fcba19}
header p{margin:0;font-weight:600}
main{max-width:44rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.75rem;margin:0 0 1rem}
h2{font-size:1.3rem;margin:2rem 0 .75rem}
.notice{background:#fef1d8;border-left:6px solid #8a5a00;padding:.75rem 1rem}
ul.identities{list-style:none;padding:0;margin:0}
ul.identities li{border:1px solid #8c8c8c;border-radius:4px;padding:.75rem 1rem;margin:0 0 .75rem}
ul.identities p{margin:.25rem 0 0}
button{font:inherit;font-weight:600;background:#003366;color:#fff;border:2px solid #003366;border-radius:4px;padding:.5rem 1rem;cursor:pointer}
button:hover{background:#1a5a96;border-color:#1a5a96}
:focus-visible{outline:3px solid #3b99fc;outline-offset:2px}
a{color:#1a5a96}
.field{margin:0 0 1.25rem}
label{display:block;font-weight:600}
.hint{display:block;color:#4d4d4d;margin:.125rem 0 0}
input,select{font:inherit;border:2px solid #313132;border-radius:4px;padding:.4rem .5rem;margin-top:.25rem;width:100%;max-width:24rem;background:#fff;color:#1a1a1a}
[aria-invalid="true"]{border-color:#a4161a}
.error{color:#a4161a;font-weight:600;margin:.25rem 0 0}
.error-summary{border:4px solid #a4161a;padding:1rem;margin:0 0 1.5rem}
.error-summary h3{margin:0 0 .5rem;font-size:1.1rem}
.error-summary a{color:#a4161a;font-weight:600}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}
dd{margin:0;overflow-wrap:anywhere}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:0;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
`;

function layout(title: string, main: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body>
<header><p>BC Services Card · development stand-in</p></header>
<main>
${main}
</main>
</body>
</html>`;
}

function presetItem(p: PresetIdentity): string {
  const descId = `preset-${escapeHtml(p.key)}-description`;
  return `<li>
<button type="submit" name="key" value="${escapeHtml(p.key)}" aria-describedby="${descId}">Sign in as ${escapeHtml(p.given_name)} ${escapeHtml(p.family_name)}</button>
<p id="${descId}">${escapeHtml(p.description)} Assurance level ${escapeHtml(p.identity_assurance_level)}; born ${escapeHtml(p.birthdate)}; ${escapeHtml(p.email)}.</p>
</li>`;
}

const labels: Record<FieldName, string> = {
  given_name: 'Given name',
  family_name: 'Family name',
  birthdate: 'Birthdate',
  email: 'Email',
  identity_assurance_level: 'Identity assurance level',
};

const hints: Partial<Record<FieldName, string>> = {
  identity_assurance_level:
    '3 is a card verified in person. The portal refuses levels below its configured minimum.',
};

function describedBy(name: FieldName, errors: FieldErrors): string {
  const ids = [hints[name] ? `${name}-hint` : '', errors[name] ? `${name}-error` : ''].filter(
    Boolean,
  );
  return ids.length ? ` aria-describedby="${ids.join(' ')}"` : '';
}

function field(name: FieldName, control: string, errors: FieldErrors): string {
  const hint = hints[name];
  const error = errors[name];
  return `<div class="field">
<label for="${name}">${labels[name]}</label>
${hint ? `<span class="hint" id="${name}-hint">${escapeHtml(hint)}</span>` : ''}
${error ? `<p class="error" id="${name}-error"><span class="visually-hidden">Error: </span>${escapeHtml(error)}</p>` : ''}
${control}
</div>`;
}

function input(
  name: FieldName,
  type: string,
  autocomplete: string,
  values: NewIdentityValues,
  errors: FieldErrors,
): string {
  const invalid = errors[name] ? ' aria-invalid="true"' : '';
  return field(
    name,
    `<input id="${name}" name="${name}" type="${type}" autocomplete="${autocomplete}" required value="${escapeHtml(values[name])}"${invalid}${describedBy(name, errors)}>`,
    errors,
  );
}

function assuranceSelect(values: NewIdentityValues, errors: FieldErrors): string {
  const name = 'identity_assurance_level';
  const invalid = errors[name] ? ' aria-invalid="true"' : '';
  const options = ['1', '2', '3']
    .map(
      (level) =>
        `<option value="${level}"${values[name] === level ? ' selected' : ''}>${level}</option>`,
    )
    .join('');
  return field(
    name,
    `<select id="${name}" name="${name}" required${invalid}${describedBy(name, errors)}>${options}</select>`,
    errors,
  );
}

function errorSummary(errors: FieldErrors): string {
  const items = fieldNames
    .filter((name) => errors[name])
    .map((name) => `<li><a href="#${name}">${escapeHtml(errors[name])}</a></li>`)
    .join('');
  if (!items) return '';
  return `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h3 id="error-summary-title">There is a problem</h3>
<ul>${items}</ul>
</div>`;
}

export interface SignInPageInput {
  uid: string;
  clientId: string;
  presets: readonly PresetIdentity[];
  values?: NewIdentityValues;
  errors?: FieldErrors;
}

export function renderSignInPage({
  uid,
  clientId,
  presets,
  values = emptyValues,
  errors = {},
}: SignInPageInput): string {
  const base = `/interaction/${encodeURIComponent(uid)}`;
  const title = Object.keys(errors).length ? `Error: ${TITLE}` : TITLE;
  return layout(
    title,
    `<h1>${escapeHtml(TITLE)}</h1>
<p class="notice"><strong>For development and testing only.</strong> This page stands in for the BC Services Card sign-in. No identity is checked: pick a test identity or enter any details.</p>
<p>Signing in to <strong>${escapeHtml(clientId)}</strong>.</p>

<section aria-labelledby="presets-title">
<h2 id="presets-title">Test identities</h2>
<form method="post" action="${escapeHtml(`${base}/preset`)}">
<ul class="identities">
${presets.map(presetItem).join('\n')}
</ul>
</form>
</section>

<section aria-labelledby="new-identity-title">
<h2 id="new-identity-title">Sign in as a new identity</h2>
<p>Signing in again with the same names, birthdate and email returns the same person.</p>
${errorSummary(errors)}
<form method="post" action="${escapeHtml(`${base}/new`)}" novalidate aria-labelledby="new-identity-title">
${input('given_name', 'text', 'given-name', values, errors)}
${input('family_name', 'text', 'family-name', values, errors)}
${input('birthdate', 'date', 'bday', values, errors)}
${input('email', 'email', 'email', values, errors)}
${assuranceSelect(values, errors)}
<button type="submit">Sign in as this new identity</button>
</form>
</section>

<p><a href="${escapeHtml(`${base}/abort`)}">Cancel</a> and return without signing in.</p>`,
  );
}

export function renderErrorPage(message: string, details: Record<string, unknown> = {}): string {
  const rows = Object.entries(details)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
    .join('');
  return layout(
    `Sign-in could not continue — ${TITLE}`,
    `<h1>Sign-in could not continue</h1>
<p>${escapeHtml(message)}</p>
${rows ? `<dl>${rows}</dl>` : ''}
<p>Return to the application and start signing in again.</p>`,
  );
}
