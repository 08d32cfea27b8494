// Element Plus ships no types for this internal module; only what
// utils/tableTooltip.ts uses (its source: packages/components/table/src/util.ts).
declare module 'element-plus/es/components/table/src/util.mjs' {
  type RemovePopperFn = (() => void) & { trigger?: HTMLElement; vm?: unknown };
  export let removePopper: RemovePopperFn | null;
}
