// Uploads a file as the request body (application/octet-stream), as the
// attachments and the calendar take them: the CSRF header, the UI's
// language, an optional Idempotency-Key, and the server's error envelope
// turned into an ApiError like every other request.
import { ApiError, buildQuery, csrf, type Query } from './http';
import { currentLocale } from '@/i18n';

export async function uploadBody<T>(path: string, query: Query, body: Blob, idempotencyKey?: string): Promise<T> {
  const en = currentLocale() === 'en';
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': en ? 'en' : 'zh-CN',
    'Content-Type': 'application/octet-stream',
    'X-CSRF-Token': csrf(),
  };
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  let res: Response;
  try {
    res = await fetch('/api/v1' + path + buildQuery(query), { method: 'POST', headers, body, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network', en ? 'The server cannot be reached' : '无法连接服务器，请检查网络');
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const env = (data as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
    throw new ApiError(res.status, env?.code || 'http_' + res.status, env?.message || (en ? `Upload failed (${res.status})` : `上传失败（${res.status}）`), env?.field);
  }
  return data as T;
}
