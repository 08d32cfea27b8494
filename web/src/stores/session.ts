import { defineStore } from 'pinia';
import { http, setCsrf, ApiError } from '@/api/http';
import type { Me, User } from '@/api/types';
import { addDays, bjToday, daysBetween } from '@/utils/beijing';

interface State {
  loaded: boolean;
  user: User | null;
  permissions: string[];
  secondFactorPending: boolean;
  secondFactorEnabled: boolean;
  /** The server refused a request until a second factor is enrolled. */
  enrolRequired: boolean;
  /** The most rows an export holds (参数设置), as of the last login or
   * page load; 0 when not known. The server checks it anyway. */
  exportMaxRows: { client: number; ledger: number };
  /** Clients' names reach her masked, in lists and exports alike. */
  namesMasked: boolean;
  /** The password and token rules of 参数设置, as of the last login or
   * page load. */
  policy: { passwordMinLength: number; passwordHistory: number; tokenMaxDays: number; idempotencyKeyHours: number };
  /** Days from the device's day to the server's `today` as of the last
   * login or page load (0 unknown): day() is the server's day, and moves
   * on at midnight with the device. */
  dayShift: number;
  /** Each permission's name ('' unknown: the code is shown). */
  permissionLabels: Record<string, string>;
  /** Her session ended while the page was open (the server refused a
   * request as not logged in): every way to the login page says so, not
   * only the first refusal's, until she logs in again. */
  expired: boolean;
}

export const useSession = defineStore('session', {
  state: (): State => ({
    loaded: false,
    user: null,
    permissions: [],
    secondFactorPending: false,
    secondFactorEnabled: false,
    enrolRequired: false,
    exportMaxRows: { client: 0, ledger: 0 },
    namesMasked: false,
    policy: { passwordMinLength: 8, passwordHistory: 5, tokenMaxDays: 366, idempotencyKeyHours: 168 },
    dayShift: 0,
    permissionLabels: {},
    expired: false,
  }),
  getters: {
    loggedIn: (s) => !!s.user,
    /** Logged in, second factor done, password changed: the app may open. */
    ready: (s) => !!s.user && !s.secondFactorPending && !s.user.must_change_password,
  },
  actions: {
    /** Today as the server counts it, "YYYY-MM-DD": what it refuses as
     *  the future and what its reminders are due against, whatever the
     *  device's clock says. */
    day(): string {
      return addDays(bjToday(), this.dayShift);
    },
    can(action: string): boolean {
      return this.permissions.includes(action);
    },
    permissionLabel(action: string): string {
      return this.permissionLabels[action] || action;
    },
    apply(me: Me) {
      this.user = me.user;
      this.permissions = me.permissions || [];
      this.permissionLabels = me.permission_labels || {};
      this.secondFactorPending = !!me.second_factor_required;
      this.secondFactorEnabled = !!me.second_factor_enabled;
      this.exportMaxRows = { client: me.export_max_rows?.client || 0, ledger: me.export_max_rows?.ledger || 0 };
      this.namesMasked = !!me.names_masked;
      this.dayShift = me.today ? daysBetween(bjToday(), me.today) : 0;
      this.policy = {
        passwordMinLength: me.policy?.password_min_length || 8,
        passwordHistory: me.policy?.password_history || 5,
        tokenMaxDays: me.policy?.token_max_days || 366,
        idempotencyKeyHours: me.policy?.idempotency_key_hours || 168,
      };
      setCsrf(me.csrf_token);
      this.expired = false;
      this.loaded = true;
    },
    clear() {
      this.user = null;
      this.permissions = [];
      this.permissionLabels = {};
      this.secondFactorPending = false;
      this.secondFactorEnabled = false;
      this.enrolRequired = false;
      this.namesMasked = false;
      setCsrf('');
      this.loaded = true;
    },
    /** Asks the server who is logged in (once per page load). */
    async load(force = false) {
      if (this.loaded && !force) return;
      try {
        this.apply(await http.get<Me>('/session', undefined, { quiet: true }));
      } catch (e) {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
          this.clear();
        } else {
          this.loaded = false;
          throw e;
        }
      }
    },
    async login(username: string, password: string) {
      const me = await http.post<Me>('/session', { username, password }, { quiet: true });
      this.enrolRequired = false;
      this.apply(me);
      return me;
    },
    async verifyTotp(code: string) {
      this.apply(await http.post<Me>('/session/totp/verify', { code }, { quiet: true }));
    },
    async changePassword(current_password: string, new_password: string) {
      this.apply(await http.post<Me>('/session/password', { current_password, new_password }, { quiet: true }));
    },
    async logout() {
      try {
        await http.del('/session', { quiet: true });
      } catch {
        /* the session may be gone already */
      }
      this.clear();
      this.expired = false;
    },
  },
});
