// 统一社会信用代码 (GB 32100-2015): 18 characters from the code's alphabet,
// the last a check character over the first 17. The server checks the
// rest (the division code, the organisation code's own check) and says
// which part is wrong.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = 'length' | 'chars' | 'check' | null;

export function creditCodeProblem(code: string): CreditCodeProblem {
  if (code.length !== 18) return 'length';
  for (const c of code) if (!ALPHABET.includes(c)) return 'chars';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(code[i]) * WEIGHTS[i];
  const check = ALPHABET[(31 - (sum % 31)) % 31];
  return code[17] === check ? null : 'check';
}
