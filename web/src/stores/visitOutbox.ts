// Home visits logged on a phone where the network comes and goes: the
// visit being typed (the draft) and the visits waiting to be sent (待发送)
// live in localStorage, per user, so that nothing typed is lost when the
// signal or the battery goes. Every visit carries one Idempotency-Key
// from its first attempt to its last, so that a retry after a lost answer
// returns the record already made instead of making a second one.
import { defineStore } from 'pinia';
import { ApiError, http } from '@/api/http';
import type { Service } from '@/api/types';
import { newIdempotencyKey } from '@/utils/idempotency';
import type { ServiceInput } from '@/views/services/serviceForm';

export interface VisitDraft {
  form: ServiceInput;
  /** Made on the first attempt to send, kept until the visit is saved. */
  key: string;
  createdAt: number;
  savedAt: number;
}

export interface QueuedVisit {
  key: string;
  /** Exactly what was sent first: a replay must send the same bytes. */
  body: Record<string, unknown>;
  /** The form, to change the visit if the server refuses it. */
  form: ServiceInput;
  /** "李大爷 · 低保核查 · 06-14 09:00" for the list. */
  label: string;
  queuedAt: number;
  tries: number;
  /** Why it was not sent last time (network, server busy). */
  lastError?: string;
  /** The server refused it: it waits for the user to change or drop it. */
  refused?: string;
}

export interface SentVisit {
  id: number;
  label: string;
}

interface Stored {
  draft: VisitDraft | null;
  queue: QueuedVisit[];
}

/** How often a waiting visit is tried while the device says it is online. */
const RETRY_MS = 30e3;

const storageKey = (uid: number) => `sgz.visits.${uid}`;

/** Worth trying again later: no answer, or the server could not do it now
 *  (the same request still running is a 409 on the key). */
function transient(e: unknown): boolean {
  if (!(e instanceof ApiError)) return true;
  return e.status === 0 || e.status >= 500 || e.status === 429 || (e.status === 409 && e.field === 'Idempotency-Key');
}

/** The session ended: the visit waits for the user to log in again. */
function loggedOut(e: unknown): boolean {
  return e instanceof ApiError && (e.status === 401 || /^(login|password_change|second_factor)/.test(e.code));
}

/** A 409 on the key that does not go away: the server did the work but
 *  lost its answer (it says so), so sending again would be wrong. */
const MAX_KEY_CONFLICTS = 5;

let timer: ReturnType<typeof setInterval> | null = null;
let listening = false;
/** A network that has just come back often fails the first request: try
 *  again soon, then less often (2 s, 4 s … up to the 30 s round). */
let retrySoon: ReturnType<typeof setTimeout> | null = null;
let backoff = 0;

export const useVisitOutbox = defineStore('visitOutbox', {
  state: () => ({
    uid: 0,
    draft: null as VisitDraft | null,
    queue: [] as QueuedVisit[],
    sending: false,
    /** Sent from the queue since the page was opened. */
    sent: [] as SentVisit[],
  }),
  getters: {
    waiting: (s) => s.queue.filter((q) => !q.refused).length,
    /** Something was typed into the draft beyond what the form starts with. */
    draftHasContent: (s) => {
      const f = s.draft?.form;
      return !!f && (f.clients.length > 0 || !!f.content.trim() || !!f.visit.purpose || !!f.visit.met.trim());
    },
  },
  actions: {
    /** Loads the user's draft and queue and starts sending on its own:
     *  now, when the device comes back online, and every 30 s. */
    start(uid: number) {
      if (this.uid !== uid) {
        this.uid = uid;
        this.sent = [];
        try {
          const s = JSON.parse(localStorage.getItem(storageKey(uid)) || 'null') as Stored | null;
          this.draft = s?.draft || null;
          this.queue = Array.isArray(s?.queue) ? s!.queue : [];
        } catch {
          this.draft = null;
          this.queue = [];
        }
      }
      if (!listening) {
        listening = true;
        window.addEventListener('online', () => this.flush());
      }
      if (!timer) {
        timer = setInterval(() => {
          if (this.waiting && navigator.onLine) this.flush();
        }, RETRY_MS);
      }
      return this.flush();
    },
    /** On logout: what is waiting names clients, so it does not stay on a
     *  device the next person may use (the user was told how many). */
    forget() {
      if (this.uid) localStorage.removeItem(storageKey(this.uid));
      this.uid = 0;
      this.draft = null;
      this.queue = [];
      this.sent = [];
    },
    persist() {
      if (!this.uid) return;
      try {
        localStorage.setItem(storageKey(this.uid), JSON.stringify({ draft: this.draft, queue: this.queue } as Stored));
      } catch {
        /* storage full or blocked: the page still holds it */
      }
    },
    saveDraft(form: ServiceInput) {
      const now = Date.now();
      this.draft = { form: JSON.parse(JSON.stringify(form)), key: this.draft?.key || '', createdAt: this.draft?.createdAt || now, savedAt: now };
      this.persist();
    },
    clearDraft() {
      this.draft = null;
      this.persist();
    },
    /** The draft's Idempotency-Key, made once and stored before the first
     *  request leaves. */
    draftKey(): string {
      if (!this.draft) throw new Error('no draft');
      if (!this.draft.key) {
        this.draft.key = newIdempotencyKey('visit');
        this.persist();
      }
      return this.draft.key;
    },
    /**
     * Sends the draft. Saved: the record. The network failed: the draft
     * moves to the queue (null is returned). Refused: the error is thrown
     * and the draft stays, key and all (a refused request is not kept by
     * the server, so the corrected one may use the same key).
     */
    async submitDraft(body: Record<string, unknown>, label: string): Promise<Service | null> {
      const key = this.draftKey();
      const form = this.draft!.form;
      if (!navigator.onLine) {
        this.enqueue({ key, body, form, label, queuedAt: Date.now(), tries: 0 });
        return null;
      }
      try {
        const r = await http.post<Service>('/services', body, { idempotencyKey: key });
        this.clearDraft();
        return r;
      } catch (e) {
        if (!transient(e) || loggedOut(e)) throw e;
        this.enqueue({ key, body, form, label, queuedAt: Date.now(), tries: 1, lastError: (e as Error).message });
        this.retryLater();
        return null;
      }
    },
    enqueue(q: QueuedVisit) {
      this.queue.push(q);
      this.draft = null;
      this.persist();
    },
    /** Tries every waiting visit once, in the order they were queued. */
    async flush() {
      if (this.sending || !this.waiting || !navigator.onLine) return;
      this.sending = true;
      let unreachable = false;
      try {
        for (const q of [...this.queue]) {
          if (q.refused) continue;
          try {
            const r = await http.post<Service>('/services', q.body, { idempotencyKey: q.key });
            this.queue = this.queue.filter((x) => x.key !== q.key);
            this.sent.unshift({ id: r.id, label: q.label });
            this.persist();
          } catch (e) {
            q.tries++;
            q.lastError = (e as Error).message;
            const stuck = e instanceof ApiError && e.status === 409 && q.tries >= MAX_KEY_CONFLICTS;
            if (stuck || (!transient(e) && !loggedOut(e))) {
              q.refused = (e as Error).message;
            }
            this.persist();
            unreachable = !(e instanceof ApiError) || e.status === 0 || e.status >= 500;
            if (loggedOut(e) || unreachable) break; // later, all of them
          }
        }
      } finally {
        this.sending = false;
      }
      if (unreachable) this.retryLater();
      else backoff = 0;
    },
    retryLater() {
      if (retrySoon) clearTimeout(retrySoon);
      backoff = Math.min(backoff ? backoff * 2 : 2000, RETRY_MS);
      retrySoon = setTimeout(() => {
        retrySoon = null;
        this.flush();
      }, backoff);
    },
    /** Takes a refused visit back into the form (keeping its key). */
    edit(key: string): boolean {
      const q = this.queue.find((x) => x.key === key);
      if (!q) return false;
      this.queue = this.queue.filter((x) => x.key !== key);
      const now = Date.now();
      this.draft = { form: q.form, key: q.key, createdAt: q.queuedAt, savedAt: now };
      this.persist();
      return true;
    },
    remove(key: string) {
      this.queue = this.queue.filter((x) => x.key !== key);
      this.persist();
    },
  },
});
