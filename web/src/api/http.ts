// The one way the UI talks to the server: JSON over fetch, the session
// cookie (HttpOnly, set by the server), the CSRF header on every
// state-changing request, the UI language as Accept-Language, and the
// server's error envelope turned into an ApiError.
export interface FieldError {
  field: string;
  message: string;
  /** The message without the field's name, when it began with it: what a
   *  form shows under the field, whose label names it already. */
  reason?: string;
}

export class ApiError extends Error {
  status: number;
  code: string;
  field?: string;
  reason?: string;
  details: FieldError[];
  /** A conflict's record already there, when the user may open it. */
  existingId?: number;
  constructor(status: number, code: string, message: string, field?: string, details: FieldError[] = [], reason?: string, existingId?: number) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details;
    this.reason = reason;
    this.existingId = existingId;
  }
  /** Field → what to show under it, from `field` and `details`. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) {
      if (d.field && !(d.field in out)) out[d.field] = d.reason || d.message;
    }
    if (this.field && !(this.field in out)) out[this.field] = this.reason || this.message;
    return out;
  }
}

let csrfToken = '';
let language = 'zh-CN';
type Hook = (e: ApiError, path: string) => void;
let onAuthError: Hook | null = null;

export function setCsrf(token: string) {
  csrfToken = token || '';
}
/** The session's CSRF token, for requests made without request(). */
export function csrf(): string {
  return csrfToken;
}
export function setLanguage(lang: string) {
  language = lang;
}
/** Called for errors that move the user elsewhere (login_required …). */
export function setAuthErrorHook(h: Hook) {
  onAuthError = h;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  ifMatch?: number | string;
  /** Sent as Idempotency-Key (POST): a retry with the same key and body
   *  returns the first answer instead of doing the work twice. */
  idempotencyKey?: string;
  /** Do not run the global hook (the login page handles its own). */
  quiet?: boolean;
}

export function buildQuery(q?: Query): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? '?' + s : '';
}

const AUTH_CODES = new Set([
  'login_required',
  'password_change_required',
  'second_factor_required',
  'second_factor_enrolment_required',
]);

export async function request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': language === 'en' ? 'en' : 'zh-CN',
  };
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (opts.ifMatch !== undefined) headers['If-Match'] = String(opts.ifMatch);
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch('/api/v1' + path + buildQuery(opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'network', language === 'en' ? 'The server cannot be reached' : '无法连接服务器，请检查网络');
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const err = errorOf(res.status, data);
    if (!opts.quiet && onAuthError && AUTH_CODES.has(err.code)) onAuthError(err, path);
    throw err;
  }
  return data as T;
}

function errorOf(status: number, data: unknown): ApiError {
  const env = (data as { error?: { code?: string; message?: string; field?: string; reason?: string; details?: FieldError[]; existing_id?: number } } | null)?.error;
  return new ApiError(
    status,
    env?.code || 'http_' + status,
    env?.message || (language === 'en' ? `Request failed (${status})` : `请求失败（${status}）`),
    env?.field || undefined,
    Array.isArray(env?.details) ? env!.details! : [],
    env?.reason || undefined,
    typeof env?.existing_id === 'number' ? env.existing_id : undefined,
  );
}

/** POSTs body and saves the file the server answers with (an export),
 *  under the name its Content-Disposition gives. */
export async function download(path: string, body: unknown): Promise<string> {
  const headers: Record<string, string> = {
    Accept: '*/*',
    'Accept-Language': language === 'en' ? 'en' : 'zh-CN',
    'Content-Type': 'application/json',
  };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch('/api/v1' + path, { method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin', cache: 'no-store' });
  if (!res.ok) {
    let data: unknown = null;
    try {
      data = await res.json();
    } catch {
      data = null;
    }
    throw errorOf(res.status, data);
  }
  const cd = res.headers.get('content-disposition') || '';
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  const name = m ? decodeURIComponent(m[1]) : 'export';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return name;
}

export const http = {
  get: <T = unknown>(path: string, query?: Query, opts: RequestOptions = {}) => request<T>('GET', path, { ...opts, query }),
  post: <T = unknown>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>('POST', path, { ...opts, body: body ?? {} }),
  put: <T = unknown>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>('PUT', path, { ...opts, body }),
  patch: <T = unknown>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>('PATCH', path, { ...opts, body }),
  del: <T = unknown>(path: string, opts: RequestOptions = {}) => request<T>('DELETE', path, opts),
};
