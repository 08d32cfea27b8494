import { defineStore } from 'pinia';
import { http } from '@/api/http';
import type { TaskCounts, TaskPage } from '@/api/casework';
import { bjToday } from '@/utils/beijing';
import { useSession } from './session';

/** How many of my tasks are overdue or due within 7 days (the menu's
 *  badge), and the server's today — the day deadlines are counted from,
 *  which a device's clock may not agree with. */
export const useTasks = defineStore('tasks', {
  state: () => ({
    counts: null as TaskCounts | null,
    today: '',
    at: 0,
    /** Whose counts these are. */
    uid: 0,
  }),
  getters: {
    /** Overdue plus due this week: what the badge shows. */
    due: (s) => (s.counts ? s.counts.overdue + s.counts.week : 0),
  },
  actions: {
    /** Refreshes at most once a minute unless forced. */
    async refresh(force = false) {
      const session = useSession();
      const uid = session.user?.id || 0;
      if (uid !== this.uid) {
        this.clear();
        this.uid = uid;
        force = true;
      }
      if (!force && Date.now() - this.at < 60e3) return;
      if (!session.can('task.read')) return;
      this.at = Date.now();
      try {
        const r = await http.get<TaskPage>('/tasks', { limit: 1 });
        this.counts = r.counts;
        this.today = r.today;
      } catch {
        /* the badge is not worth an error message */
      }
    },
    set(r: Pick<TaskPage, 'counts' | 'today'>) {
      this.counts = r.counts;
      this.today = r.today;
      this.at = Date.now();
    },
    clear() {
      this.counts = null;
      this.today = '';
      this.at = 0;
    },
    /** The server's today when known, else the device's (Beijing). */
    day(): string {
      return this.today || useSession().today || bjToday();
    },
  },
});
