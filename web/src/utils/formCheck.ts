// Checking one field as the user leaves or changes it.
//
// Element Plus's controls do that themselves (validate-event), but they
// leave a failed check's rejection to Element Plus, which logs each one
// with console.warn (its fields object, no message; element-plus#19591;
// in 2.13 in production builds too). A form that checks fields while they
// are typed turns validate-event off on those controls and calls the check
// returned here from @blur or @change instead: the message still shows
// under the field, and the failure is handled, not logged.
import type { Ref } from 'vue';
import type { FormInstance, FormItemProp, FormItemRule } from 'element-plus';
import { i18n } from '@/i18n';

export function useFieldCheck(form: Ref<FormInstance | undefined>) {
  return (prop: FormItemProp) => {
    form.value?.validateField(prop).catch(() => undefined);
  };
}

// Numbers are checked, not clamped: an el-input-number holding a form's
// value has no :min/:max (it would change 50 into 10 without a word); the
// range is said under the field by numberProblem or numberRule.

export interface NumberRange {
  min?: number;
  max?: number;
  /** Whole numbers only (years, hours without decimals). */
  integer?: boolean;
  /** A multiple of step only (training hours by the half hour). */
  step?: number;
  /** An empty value is refused (with `required`'s message). */
  required?: boolean;
  /** What is said when out of the range (default: 须在 min 至 max 之间). */
  message?: string;
  /** What is said above max, when it is not `message`. */
  maxMessage?: string;
}

/** What is wrong with a typed number, or ''. */
export function numberProblem(v: number | null | undefined, r: NumberRange): string {
  const t = i18n.global.t;
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return r.required ? t('validation.required') : '';
  if (typeof v !== 'number' || !Number.isFinite(v)) return t('validation.number');
  if (r.integer && !Number.isInteger(v)) return t('validation.integer');
  if (r.step && Math.abs(v / r.step - Math.round(v / r.step)) > 1e-9) return t('validation.step', { step: r.step });
  if (r.max !== undefined && v > r.max && r.maxMessage) return r.maxMessage;
  if ((r.min !== undefined && v < r.min) || (r.max !== undefined && v > r.max)) {
    return r.message || t('validation.range', { min: r.min ?? '', max: r.max ?? '' });
  }
  return '';
}

/** An amount in yuan as typed into a MoneyInput: 0 (or min) to max yuan,
 *  whole cents (the server keeps fen; 12.345 is said, not rounded). */
/** The largest amount the money routes take (MAX_FEN in src/api/api_money.c), in yuan. */
export const MONEY_MAX_YUAN = 1000000000000;

/** At most two decimals, as typed: the shortest decimal form of a number
 *  is what was typed, while v * 100 is not exact past 2^27 yuan
 *  (141253754.02 * 100 = 14125375402.000002 was said to have cents). */
export function wholeCents(v: number): boolean {
  const s = String(Math.abs(v));
  if (s.includes('e')) return s.includes('e+');
  const dot = s.indexOf('.');
  return dot < 0 || s.length - dot - 1 <= 2;
}

export function moneyProblem(v: number | null | undefined, r: { min?: number; max: number; required?: boolean }): string {
  const t = i18n.global.t;
  if (typeof v === 'number' && Number.isFinite(v) && !wholeCents(v)) return t('validation.cents');
  const min = r.min ?? 0;
  // Below the floor says the floor (an amount is positive, or not
  // negative); only above the ceiling names the ceiling.
  if (typeof v === 'number' && Number.isFinite(v) && v < min) return min > 0 ? t('validation.amountPositive') : t('validation.amountNotNegative');
  const max = r.max.toLocaleString('zh-CN');
  return numberProblem(v, {
    min,
    max: r.max,
    required: r.required,
    message: min > 0 ? t('validation.moneyRangePositive', { max }) : t('validation.moneyRange', { max }),
  });
}

/** A required choice, date or text left empty ('' when filled): said
 *  with the other fields' problems in one go, not after the server's. */
export function requiredProblem(v: unknown): string {
  const t = i18n.global.t;
  if (v === null || v === undefined || v === '') return t('validation.required');
  if (typeof v === 'string' && !v.trim()) return t('validation.blank');
  return '';
}

/** numberProblem as an el-form rule. */
export function numberRule(r: NumberRange, trigger: string | string[] = ['blur', 'change']): FormItemRule {
  return {
    trigger,
    validator: (_rule: unknown, v: number | null | undefined, cb: (e?: Error) => void) => {
      const p = numberProblem(v, r);
      if (p) cb(new Error(p));
      else cb();
    },
  };
}

/** A text that must hold more than spaces (trimmed before it is sent). */
export function textRule(message?: string, trigger: string | string[] = 'blur'): FormItemRule {
  return {
    required: true,
    trigger,
    validator: (_rule: unknown, v: unknown, cb: (e?: Error) => void) => {
      const s = typeof v === 'string' ? v : v == null ? '' : String(v);
      if (!s.trim()) cb(new Error(message || i18n.global.t(s ? 'validation.blank' : 'validation.required')));
      else cb();
    },
  };
}
