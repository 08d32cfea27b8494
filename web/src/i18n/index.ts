import { createI18n } from 'vue-i18n';
import { ref } from 'vue';
import zhCnEl from 'element-plus/es/locale/lang/zh-cn';
import enEl from 'element-plus/es/locale/lang/en';
import zhCN from './zh-CN';
import en from './en';
import { setLanguage } from '@/api/http';

export type Locale = 'zh-CN' | 'en';
const STORAGE_KEY = 'sgz.locale';

function initial(): Locale {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'en' || v === 'zh-CN') return v;
  } catch {
    /* storage may be blocked */
  }
  return 'zh-CN';
}

const start = initial();

export const i18n = createI18n({
  legacy: false,
  locale: start,
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
  missingWarn: false,
  fallbackWarn: false,
});

/** Element Plus's own strings (pagination, date pickers …). */
export const elementLocale = ref(start === 'en' ? enEl : zhCnEl);

export function currentLocale(): Locale {
  return (i18n.global.locale.value as Locale) || 'zh-CN';
}

function applyLocale(l: Locale) {
  elementLocale.value = l === 'en' ? enEl : zhCnEl;
  setLanguage(l);
  document.documentElement.lang = l === 'en' ? 'en' : 'zh-CN';
  document.title = l === 'en' ? en.app.name : zhCN.app.name;
  // A download by plain link sends no Accept-Language: the server reads
  // the chosen language from this cookie (LANG_COOKIE in src/http/auth.h).
  document.cookie = `sgz_lang=${l === 'en' ? 'en' : 'zh-CN'}; path=/; max-age=31536000; SameSite=Strict`;
}

export function setLocale(l: Locale) {
  i18n.global.locale.value = l;
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    /* ignore */
  }
  applyLocale(l);
}

applyLocale(start);
