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
import type { FormInstance, FormItemProp } from 'element-plus';

export function useFieldCheck(form: Ref<FormInstance | undefined>) {
  return (prop: FormItemProp) => {
    form.value?.validateField(prop).catch(() => undefined);
  };
}
