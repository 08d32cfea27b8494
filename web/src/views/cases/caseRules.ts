// What the case page may offer at each stage (mirrors core/case_workflow.c,
// which has the last word), the one way a step is sent (with the case's
// version), and where a refused step's errors go.
import { reactive, watch, type WatchSource } from 'vue';
import { ElMessage } from 'element-plus';
import { ApiError, http } from '@/api/http';
import type { CaseDetail, CaseItem } from '@/api/casework';
import { showError } from '@/utils/errors';

/** 接案 → 预估 → 计划 → 介入 → 评估 → 结案. */
export const STAGES = ['intake', 'assessment', 'planning', 'intervention', 'evaluation', 'closed'] as const;

export function stageIndex(stage: string): number {
  const i = (STAGES as readonly string[]).indexOf(stage);
  return i < 0 ? 0 : i;
}

/** Nothing moves while a supervisor or a transfer's receiver is awaited. */
export const isIdle = (k: CaseItem) => !k.pending && !k.transfer;
export const canAssess = (k: CaseItem) => isIdle(k) && (k.stage === 'intake' || k.stage === 'assessment');
export const canPlan = (k: CaseItem) => isIdle(k) && (k.stage === 'assessment' || k.stage === 'planning');
export const canEvaluate = (k: CaseItem) => isIdle(k) && (k.stage === 'intervention' || k.stage === 'evaluation');
export const canRequestClosure = (k: CaseItem) => isIdle(k) && k.stage === 'evaluation';
/** The closure reasons of a client who ended the service (moved, died,
 *  declined, unreachable): such a closure is asked at any open stage. */
export const EARLY_CLOSURE_REASONS: readonly string[] = ['moved', 'deceased', 'client_declined', 'no_contact'];
export const canCloseEarly = (k: CaseItem) => isIdle(k) && k.stage !== 'evaluation' && k.stage !== 'closed';
export const canTransfer = (k: CaseItem) => isIdle(k) && k.stage !== 'closed';
/** A referral waits, as the server says, while a decision is awaited. */
export const canRefer = (k: CaseItem) => isIdle(k) && k.stage !== 'closed';
export const canReopen = (k: CaseItem) => k.stage === 'closed';
/** Case notes (个案服务记录) need the case in intervention or evaluation. */
export const canNote = (k: CaseItem) => k.stage === 'intervention' || k.stage === 'evaluation';
/** A closed case with a follow-up still open takes a follow-up visit. */
export const canFollowUp = (k: CaseDetail) => k.stage === 'closed' && k.followups.some((f) => !f.done_on);

export type StepForm = 'assessment' | 'plan' | 'evaluation' | 'closure';

/** The form the case's stage calls for next (null: none now). */
export function nextStep(k: CaseItem): StepForm | null {
  if (!isIdle(k)) return null;
  switch (k.stage) {
    case 'intake':
      return 'assessment';
    case 'assessment':
    case 'planning':
      return 'plan';
    case 'intervention':
      return 'evaluation';
    case 'evaluation':
      return 'closure';
    default:
      return null;
  }
}

/** The colour of a stage's tag. */
export function stageTag(stage: string): 'primary' | 'success' | 'info' | 'warning' | 'danger' {
  switch (stage) {
    case 'intake':
      return 'info';
    case 'closed':
      return 'success';
    case 'intervention':
      return 'primary';
    default:
      return 'warning';
  }
}

export function riskTag(level: string | null | undefined): 'danger' | 'warning' | 'info' {
  return level === 'high' ? 'danger' : level === 'medium' ? 'warning' : 'info';
}

/** POST /cases/{id}/{step} with the case's version; the case as it is now. */
export function postStep(k: { id: number; version: number }, step: string, body: Record<string, unknown>): Promise<CaseDetail> {
  return http.post<CaseDetail>(`/cases/${k.id}/${step}`, { ...body, version: k.version });
}

/** A refusal that means the page shows an old case: reload it. */
export function isStale(e: unknown): boolean {
  return e instanceof ApiError && e.status === 409;
}

/**
 * The errors of a step's form: the form's own checks and the server's,
 * keyed by the server's field paths ("goals[0].tasks[1].due_on").
 */
export function useStepErrors() {
  const errors = reactive<Record<string, string>>({});
  function clear() {
    for (const k of Object.keys(errors)) delete errors[k];
  }
  function err(path: string): string {
    return errors[path] || '';
  }
  function set(all: Record<string, string>) {
    clear();
    Object.assign(errors, all);
  }
  /**
   * Puts a refused request's field errors on the form (a conflict's too,
   * when it names a field the form shows); what names none goes to a
   * message; `map` turns a
   * server path into the form's ("members[1]" → "members"). True when the
   * page should reload the case.
   */
  function take(e: unknown, shown: (path: string) => boolean, map: (path: string) => string = (p) => p): boolean {
    clear();
    if (!(e instanceof ApiError)) {
      showError(e);
      return false;
    }
    let placed = false;
    for (const [raw, msg] of Object.entries(e.fieldErrors())) {
      const path = map(raw);
      if (shown(path) && !errors[path]) {
        errors[path] = msg;
        placed = true;
      }
    }
    // A conflict that names a field the form shows (a credit code or a
    // name already taken) is said under it, as any refusal of a field is;
    // one that names none (version_conflict) is a message, and the page
    // reloads what it shows.
    if (placed) return false;
    if (e.status === 409) {
      ElMessage.error({ message: e.message, grouping: true, duration: 6000 });
      return true;
    }
    showError(e);
    return false;
  }
  /**
   * A form's own checks: validate() runs them all (and says whether the
   * form may be sent); after the first attempt they run again on every
   * change, so that a mistake corrected disappears at once.
   */
  function checks(source: WatchSource, check: () => Record<string, string>) {
    let tried = false;
    // `source` gives a new value when the form changes (a JSON string);
    // `check` must not change the form.
    watch(source, () => {
      if (tried) set(check());
    });
    return {
      validate(): boolean {
        tried = true;
        const e = check();
        set(e);
        return Object.keys(e).length === 0;
      },
      reset() {
        tried = false;
        clear();
      },
    };
  }
  return { errors, err, clear, set, take, checks };
}

/** "2026-06-10" ≤ "2026-06-15" for dates of the same form. */
export const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
