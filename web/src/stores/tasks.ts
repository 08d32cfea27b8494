import { defineStore } from 'pinia';
import { http } from '@/api/http';
import type { CasePage, TaskCounts, TaskPage } from '@/api/casework';
import { useSession } from './session';

/** How many of my tasks are overdue or due within 7 days (the menu's
 *  badge), how many plans and closures wait for a supervisor (督导待办's),
 *  and the server's today — the day deadlines are counted from, which a
 *  device's clock may not agree with. */
export const useTasks = defineStore('tasks', {
  state: () => ({
    counts: null as TaskCounts | null,
    /** Plans and closures waiting in the supervisor's inbox. */
    approvals: 0,
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
      this.at = Date.now();
      /* the badges are not worth an error message */
      const quiet = () => null;
      const [r, inbox] = await Promise.all([
        session.can('task.read') ? http.get<TaskPage>('/tasks', { limit: 1 }).catch(quiet) : null,
        session.can('case.approve') ? http.get<CasePage>('/cases', { pending: 1, limit: 1 }).catch(quiet) : null,
      ]);
      if (r) {
        this.counts = r.counts;
        this.today = r.today;
      }
      this.approvals = inbox ? inbox.total : 0;
    },
    set(r: Pick<TaskPage, 'counts' | 'today'>) {
      this.counts = r.counts;
      this.today = r.today;
      this.at = Date.now();
    },
    clear() {
      this.counts = null;
      this.approvals = 0;
      this.today = '';
      this.at = 0;
    },
    /** The server's today when known, else the device's (Beijing). */
    day(): string {
      return this.today || useSession().day();
    },
  },
});
