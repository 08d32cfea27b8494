import { defineStore } from 'pinia';
import { http } from '@/api/http';
import type { DictItem, Profile } from '@/api/types';
import { currentLocale } from '@/i18n';

/** Code lists (GET /dictionaries) and the active profile: every code the
 *  UI shows goes through label(). */
export const useDict = defineStore('dict', {
  state: () => ({
    lists: {} as Record<string, DictItem[]>,
    profile: null as Profile | null,
    loaded: false,
  }),
  actions: {
    async load(force = false) {
      if (this.loaded && !force) return;
      const [lists, profile] = await Promise.all([
        http.get<Record<string, DictItem[]>>('/dictionaries'),
        http.get<Profile>('/profile').catch(() => null),
      ]);
      this.lists = lists;
      this.profile = profile;
      this.loaded = true;
    },
    items(kind: string, activeOnly = true): DictItem[] {
      const l = this.lists[kind] || [];
      return activeOnly ? l.filter((i) => i.active) : l;
    },
    label(kind: string, code: string | null | undefined): string {
      if (code === null || code === undefined || code === '') return '';
      const item = (this.lists[kind] || []).find((i) => i.code === code);
      if (!item) return code;
      return currentLocale() === 'en' ? item.label_en || item.label : item.label;
    },
  },
});
