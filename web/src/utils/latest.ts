/**
 * A list asked twice in quick succession (a filter changed, a page
 * clicked, a search typed again) can have its answers arrive out of
 * order; only the last question's answer may show, and only its error or
 * its end of loading. Once per page: `const ask = latestOnly();`; in its
 * load: `const current = ask();`, and after each await
 * `if (!current()) return;`.
 */
export function latestOnly(): () => () => boolean {
  let asked = 0;
  return () => {
    const mine = ++asked;
    return () => mine === asked;
  };
}
