import type { Component } from 'vue';
import {
  HomeFilled,
  OfficeBuilding,
  Setting,
  User,
  UserFilled,
  Collection,
  Tools,
  Bell,
  Document,
  Tickets,
  Monitor,
  Key,
  Reading,
  Avatar,
  Notebook,
  AlarmClock,
  Files,
  Stamp,
  Calendar,
  Histogram,
  Connection,
  DataAnalysis,
  Memo,
  Briefcase,
  School,
  Checked,
  Management,
  DocumentChecked,
  Money,
  Wallet,
  Coin,
  ChatDotSquare,
  TrendCharts,
  Medal,
  DataLine,
} from '@element-plus/icons-vue';

export interface MenuLeaf {
  path: string;
  title: string; // i18n key
  icon: Component;
  /** Shown when the user has this action; none: everyone. */
  perm?: string;
  /** A count shown beside the title ('tasks': my tasks due;
   *  'approvals': plans and closures waiting for a supervisor). */
  badge?: 'tasks' | 'approvals';
  /** Not in the menu of those who only serve (社工, 站长, 督导): a page
   *  for administrators and integrators, still open by its address. */
  office?: boolean;
}
export interface MenuGroup {
  key: string;
  title: string;
  icon: Component;
  children: MenuLeaf[];
}
export type MenuEntry = MenuLeaf | MenuGroup;

/** The sidebar, in order (DESIGN.md §9): the work first, 系统管理 below. */
export const MENU: MenuEntry[] = [
  { path: '/', title: 'menu.home', icon: HomeFilled },
  { path: '/dashboard', title: 'dash.menu', icon: TrendCharts, perm: 'dashboard.read' },
  { path: '/stats', title: 'stats.menu', icon: DataLine, perm: 'stats.read' },
  { path: '/tasks', title: 'task.menu', icon: AlarmClock, perm: 'task.read', badge: 'tasks' },
  { path: '/clients', title: 'menu.clients', icon: UserFilled, perm: 'client.read' },
  { path: '/services', title: 'menu.services', icon: Notebook, perm: 'service.read' },
  { path: '/cases', title: 'case.menu', icon: Files, perm: 'case.read' },
  { path: '/cases/inbox', title: 'case.inboxMenu', icon: Stamp, perm: 'case.approve', badge: 'approvals' },
  { path: '/groups', title: 'group.menu', icon: Connection, perm: 'service.read' },
  { path: '/worklog', title: 'worklog.menu', icon: Histogram, perm: 'service.read' },
  {
    key: 'planning',
    title: 'plan.group',
    icon: DataAnalysis,
    children: [
      { path: '/needs-surveys', title: 'plan.surveyMenu', icon: Memo, perm: 'service.read' },
      { path: '/station-plans', title: 'plan.menu', icon: Tickets, perm: 'service.read' },
    ],
  },
  { path: '/stations', title: 'menu.stations', icon: OfficeBuilding, perm: 'station.read' },
  {
    key: 'org',
    title: 'org.group',
    icon: School,
    children: [
      { path: '/organisations', title: 'org.menu', icon: Briefcase, perm: 'organisation.read' },
      { path: '/staff', title: 'staff.menu', icon: Avatar, perm: 'staff.read' },
      { path: '/supervision-sessions', title: 'staff.supervisionMenu', icon: ChatDotSquare, perm: 'staff.read' },
      { path: '/min-wages', title: 'staff.minWageMenu', icon: Money, perm: 'staff.read' },
    ],
  },
  { path: '/reports', title: 'report.menu', icon: Reading, perm: 'report.read' },
  { path: '/compliance', title: 'compliance.menu', icon: Checked, perm: 'compliance.read' },
  {
    key: 'contracts',
    title: 'contract.group',
    icon: DocumentChecked,
    children: [
      { path: '/contracts', title: 'contract.menu', icon: Document, perm: 'contract.read' },
      { path: '/filings', title: 'filing.menu', icon: Stamp, perm: 'contract.read' },
      { path: '/work-plans', title: 'workPlan.menu', icon: Calendar, perm: 'contract.read' },
      { path: '/debarments', title: 'debarment.menu', icon: Tickets, perm: 'contract.read' },
    ],
  },
  {
    key: 'money',
    title: 'money.group',
    icon: Money,
    children: [
      { path: '/money/budget', title: 'money.budgetMenu', icon: Wallet, perm: 'money.read' },
      { path: '/money/expenditures', title: 'money.expenditures', icon: Coin, perm: 'money.read' },
      { path: '/money/payments', title: 'money.paymentsMenu', icon: Tickets, perm: 'money.read' },
      { path: '/money/evaluations', title: 'money.evaluationsMenu', icon: Medal, perm: 'money.read' },
    ],
  },
  {
    key: 'system',
    title: 'menu.system',
    icon: Setting,
    children: [
      { path: '/system/users', title: 'menu.users', icon: User, perm: 'user.read' },
      { path: '/system/roles', title: 'menu.roles', icon: UserFilled, perm: 'user.read' },
      { path: '/system/dictionaries', title: 'menu.dictionaries', icon: Collection, office: true },
      { path: '/system/evaluation-indicators', title: 'evalInd.menu', icon: Histogram, perm: 'evaluation.indicator' },
      { path: '/system/settings', title: 'menu.settings', icon: Tools, perm: 'setting.read' },
      { path: '/system/calendar', title: 'calendar.menu', icon: Calendar, office: true },
      { path: '/system/profile', title: 'profileView.menu', icon: Management, perm: 'profile.read', office: true },
      { path: '/system/notices', title: 'menu.notices', icon: Bell },
      { path: '/system/operation-log', title: 'menu.operationLog', icon: Document, perm: 'audit.read' },
      { path: '/system/login-log', title: 'menu.loginLog', icon: Tickets, perm: 'audit.read' },
      { path: '/system/online', title: 'menu.online', icon: Monitor, perm: 'session.manage' },
      { path: '/system/tokens', title: 'menu.tokens', icon: Key, perm: 'token.manage' },
      { path: '/system/api-docs', title: 'menu.apiDocs', icon: Reading, office: true },
    ],
  },
  { path: '/account', title: 'menu.account', icon: Avatar },
];

export function isGroup(e: MenuEntry): e is MenuGroup {
  return (e as MenuGroup).children !== undefined;
}

/** The roles that serve clients and nothing else. */
const FRONTLINE = ['social_worker', 'station_lead', 'supervisor'];

/** The menu as the user may see it. */
export function visibleMenu(can: (a: string) => boolean, roles: string[] = []): MenuEntry[] {
  const frontline = roles.length > 0 && roles.every((r) => FRONTLINE.includes(r));
  const out: MenuEntry[] = [];
  for (const e of MENU) {
    if (isGroup(e)) {
      const children = e.children.filter((c) => (!c.perm || can(c.perm)) && !(c.office && frontline));
      if (children.length) out.push({ ...e, children });
    } else if (!e.perm || can(e.perm)) {
      out.push(e);
    }
  }
  return out;
}
