import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useSession } from '@/stores/session';
import { useDict } from '@/stores/dict';
import { i18n } from '@/i18n';
import AppLayout from '@/layout/AppLayout.vue';
import LoginView from '@/views/LoginView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    perm?: string;
    public?: boolean;
    group?: string;
    parent?: { title: string; path: string };
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true, title: 'login.title' } },
  // A report on A4 paper, without the menus.
  {
    path: '/reports/:id(\\d+)/print',
    name: 'report-print',
    component: () => import('@/views/reports/ReportPrint.vue'),
    meta: { title: 'report.print', perm: 'report.read' },
  },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', name: 'home', component: () => import('@/views/HomeView.vue'), meta: { title: 'menu.home' } },
      {
        path: 'dashboard',
        name: 'dashboard',
        component: () => import('@/views/dashboard/DashboardPanel.vue'),
        meta: { title: 'dash.menu', perm: 'dashboard.read' },
      },
      {
        path: 'stats',
        name: 'stats',
        component: () => import('@/views/stats/StatsQuery.vue'),
        meta: { title: 'stats.menu', perm: 'stats.read' },
      },
      {
        path: 'clients',
        name: 'clients',
        component: () => import('@/views/clients/ClientList.vue'),
        meta: { title: 'menu.clients', perm: 'client.read' },
      },
      {
        path: 'clients/:id(\\d+)',
        name: 'client',
        component: () => import('@/views/clients/ClientDetail.vue'),
        meta: { title: 'client.detail', perm: 'client.read', parent: { title: 'menu.clients', path: '/clients' } },
      },
      {
        path: 'services',
        name: 'services',
        component: () => import('@/views/services/ServiceList.vue'),
        meta: { title: 'menu.services', perm: 'service.read' },
      },
      {
        path: 'services/new',
        name: 'service-new',
        component: () => import('@/views/services/ServiceFormPage.vue'),
        meta: { title: 'service.create', perm: 'service.write', parent: { title: 'menu.services', path: '/services' } },
      },
      {
        path: 'services/visit',
        name: 'service-visit',
        component: () => import('@/views/services/QuickVisit.vue'),
        meta: { title: 'service.quickVisit', perm: 'service.write', parent: { title: 'menu.services', path: '/services' } },
      },
      {
        path: 'services/:id(\\d+)',
        name: 'service',
        component: () => import('@/views/services/ServiceDetail.vue'),
        meta: { title: 'service.detail', perm: 'service.read', parent: { title: 'menu.services', path: '/services' } },
      },
      {
        path: 'services/:id(\\d+)/edit',
        name: 'service-edit',
        component: () => import('@/views/services/ServiceFormPage.vue'),
        meta: { title: 'service.editTitle', perm: 'service.write', parent: { title: 'menu.services', path: '/services' } },
      },
      // ---- Casework, tasks, groups, plans, organisations, calendar ----
      {
        path: 'tasks',
        name: 'tasks',
        component: () => import('@/views/tasks/TaskList.vue'),
        meta: { title: 'task.menu', perm: 'task.read' },
      },
      {
        path: 'cases',
        name: 'cases',
        component: () => import('@/views/cases/CaseBoard.vue'),
        meta: { title: 'case.menu', perm: 'case.read' },
      },
      {
        path: 'cases/inbox',
        name: 'case-inbox',
        component: () => import('@/views/cases/SupervisorInbox.vue'),
        meta: { title: 'case.inboxMenu', perm: 'case.approve' },
      },
      {
        path: 'cases/:id(\\d+)',
        name: 'case',
        component: () => import('@/views/cases/CasePage.vue'),
        meta: { title: 'case.detail', perm: 'case.read', parent: { title: 'case.menu', path: '/cases' } },
      },
      {
        path: 'worklog',
        name: 'worklog',
        component: () => import('@/views/worklog/WorkLog.vue'),
        meta: { title: 'worklog.menu', perm: 'service.read' },
      },
      {
        path: 'groups',
        name: 'groups',
        component: () => import('@/views/groups/GroupList.vue'),
        meta: { title: 'group.menu', perm: 'service.read' },
      },
      {
        path: 'groups/:id(\\d+)',
        name: 'group',
        component: () => import('@/views/groups/GroupPage.vue'),
        meta: { title: 'group.detail', perm: 'service.read', parent: { title: 'group.menu', path: '/groups' } },
      },
      {
        path: 'needs-surveys',
        name: 'needs-surveys',
        component: () => import('@/views/plans/SurveyList.vue'),
        meta: { title: 'plan.surveyMenu', perm: 'service.read', group: 'plan.group' },
      },
      {
        path: 'station-plans',
        name: 'station-plans',
        component: () => import('@/views/plans/PlanList.vue'),
        meta: { title: 'plan.menu', perm: 'service.read', group: 'plan.group' },
      },
      {
        path: 'reports',
        name: 'reports',
        component: () => import('@/views/reports/ReportList.vue'),
        meta: { title: 'report.menu', perm: 'report.read' },
      },
      {
        path: 'reports/:id(\\d+)',
        name: 'report',
        component: () => import('@/views/reports/ReportPage.vue'),
        meta: { title: 'report.detail', perm: 'report.read', parent: { title: 'report.menu', path: '/reports' } },
      },
      {
        path: 'station-plans/:id(\\d+)',
        name: 'station-plan',
        component: () => import('@/views/plans/PlanPage.vue'),
        meta: { title: 'plan.detail', perm: 'service.read', group: 'plan.group', parent: { title: 'plan.menu', path: '/station-plans' } },
      },
      {
        path: 'organisations',
        name: 'organisations',
        component: () => import('@/views/orgs/OrgList.vue'),
        meta: { title: 'org.menu', perm: 'organisation.read', group: 'org.group' },
      },
      {
        path: 'staff',
        name: 'staff',
        component: () => import('@/views/staff/StaffList.vue'),
        meta: { title: 'staff.menu', perm: 'staff.read', group: 'org.group' },
      },
      {
        path: 'staff/:id(\\d+)',
        name: 'staff-member',
        component: () => import('@/views/staff/StaffPage.vue'),
        meta: { title: 'staff.detail', perm: 'staff.read', group: 'org.group', parent: { title: 'staff.menu', path: '/staff' } },
      },
      {
        path: 'supervision-sessions',
        name: 'supervision-sessions',
        component: () => import('@/views/staff/SupervisionList.vue'),
        meta: { title: 'staff.supervisionMenu', perm: 'staff.read', group: 'org.group' },
      },
      {
        path: 'min-wages',
        name: 'min-wages',
        component: () => import('@/views/staff/MinWageList.vue'),
        meta: { title: 'staff.minWageMenu', perm: 'staff.read', group: 'org.group' },
      },
      {
        path: 'system/calendar',
        name: 'calendar',
        component: () => import('@/views/system/CalendarView.vue'),
        meta: { title: 'calendar.menu', group: 'menu.system' },
      },
      {
        path: 'system/profile',
        name: 'profile',
        component: () => import('@/views/system/ProfileView.vue'),
        meta: { title: 'profileView.menu', perm: 'profile.read', group: 'menu.system' },
      },
      {
        path: 'compliance',
        name: 'compliance',
        component: () => import('@/views/compliance/ComplianceView.vue'),
        meta: { title: 'compliance.menu', perm: 'compliance.read' },
      },
      // ---- Contracts (服务协议) ----
      {
        path: 'contracts',
        name: 'contracts',
        component: () => import('@/views/contracts/ContractList.vue'),
        meta: { title: 'contract.menu', perm: 'contract.read', group: 'contract.group' },
      },
      {
        path: 'contracts/:id(\\d+)',
        name: 'contract',
        component: () => import('@/views/contracts/ContractPage.vue'),
        meta: { title: 'contract.detail', perm: 'contract.read', group: 'contract.group', parent: { title: 'contract.menu', path: '/contracts' } },
      },
      {
        path: 'filings',
        name: 'filings',
        component: () => import('@/views/contracts/FilingList.vue'),
        meta: { title: 'filing.menu', perm: 'contract.read', group: 'contract.group' },
      },
      {
        path: 'work-plans',
        name: 'work-plans',
        component: () => import('@/views/contracts/WorkPlanList.vue'),
        meta: { title: 'workPlan.menu', perm: 'contract.read', group: 'contract.group' },
      },
      {
        path: 'debarments',
        name: 'debarments',
        component: () => import('@/views/contracts/DebarmentList.vue'),
        meta: { title: 'debarment.menu', perm: 'contract.read', group: 'contract.group' },
      },
      // ---- money and payments (协议资金) ----
      {
        path: 'money/budget',
        name: 'money-budget',
        component: () => import('@/views/money/BudgetPage.vue'),
        meta: { title: 'money.budgetMenu', perm: 'money.read', group: 'money.group' },
      },
      {
        path: 'money/expenditures',
        name: 'money-expenditures',
        component: () => import('@/views/money/ExpenditureList.vue'),
        meta: { title: 'money.expenditures', perm: 'money.read', group: 'money.group' },
      },
      {
        path: 'money/payments',
        name: 'money-payments',
        component: () => import('@/views/money/ContractMoney.vue'),
        meta: { title: 'money.paymentsMenu', perm: 'money.read', group: 'money.group' },
      },
      {
        // The evaluator's way in: the same page, opened on its evaluations.
        path: 'money/evaluations',
        name: 'money-evaluations',
        component: () => import('@/views/money/ContractMoney.vue'),
        props: { defaultTab: 'evaluations' },
        meta: { title: 'money.evaluationsMenu', perm: 'money.read', group: 'money.group' },
      },
      {
        // A contract picked there: still under 绩效评估, in the menu and
        // the title, not under the payments it was reached without.
        path: 'money/evaluations/:id(\\d+)',
        name: 'contract-evaluations',
        component: () => import('@/views/money/ContractMoney.vue'),
        props: { defaultTab: 'evaluations' },
        meta: { title: 'money.thisContractEvals', perm: 'money.read', group: 'money.group', parent: { title: 'money.evaluationsMenu', path: '/money/evaluations' } },
      },
      {
        path: 'contracts/:id(\\d+)/payments',
        name: 'contract-payments',
        component: () => import('@/views/money/ContractMoney.vue'),
        meta: { title: 'money.thisContract', perm: 'money.read', group: 'money.group', parent: { title: 'money.paymentsMenu', path: '/money/payments' } },
      },
      // ---- end of casework block ----
      {
        path: 'stations',
        name: 'stations',
        component: () => import('@/views/stations/StationList.vue'),
        meta: { title: 'menu.stations', perm: 'station.read' },
      },
      {
        path: 'stations/:id(\\d+)',
        name: 'station',
        component: () => import('@/views/stations/StationDetail.vue'),
        meta: { title: 'station.detail', perm: 'station.read', parent: { title: 'menu.stations', path: '/stations' } },
      },
      {
        path: 'system/users',
        component: () => import('@/views/system/UserList.vue'),
        meta: { title: 'menu.users', perm: 'user.read', group: 'menu.system' },
      },
      {
        path: 'system/roles',
        component: () => import('@/views/system/RoleList.vue'),
        meta: { title: 'menu.roles', perm: 'user.read', group: 'menu.system' },
      },
      {
        path: 'system/dictionaries',
        component: () => import('@/views/system/DictList.vue'),
        meta: { title: 'menu.dictionaries', group: 'menu.system' },
      },
      {
        path: 'system/evaluation-indicators',
        component: () => import('@/views/system/EvaluationIndicators.vue'),
        meta: { title: 'evalInd.menu', perm: 'money.read', group: 'menu.system' },
      },
      {
        path: 'system/settings',
        component: () => import('@/views/system/SettingList.vue'),
        meta: { title: 'menu.settings', perm: 'setting.read', group: 'menu.system' },
      },
      {
        path: 'system/notices',
        component: () => import('@/views/system/NoticeList.vue'),
        meta: { title: 'menu.notices', group: 'menu.system' },
      },
      {
        path: 'system/operation-log',
        component: () => import('@/views/system/AuditLog.vue'),
        props: { kind: 'operation' },
        meta: { title: 'menu.operationLog', perm: 'audit.read', group: 'menu.system' },
      },
      {
        path: 'system/login-log',
        component: () => import('@/views/system/AuditLog.vue'),
        props: { kind: 'login' },
        meta: { title: 'menu.loginLog', perm: 'audit.read', group: 'menu.system' },
      },
      {
        path: 'system/online',
        component: () => import('@/views/system/OnlineList.vue'),
        meta: { title: 'menu.online', perm: 'session.manage', group: 'menu.system' },
      },
      {
        path: 'system/tokens',
        component: () => import('@/views/system/TokenList.vue'),
        meta: { title: 'menu.tokens', perm: 'token.manage', group: 'menu.system' },
      },
      {
        path: 'system/api-docs',
        component: () => import('@/views/system/ApiDocs.vue'),
        meta: { title: 'menu.apiDocs', group: 'menu.system' },
      },
      {
        path: 'account',
        name: 'account',
        component: () => import('@/views/account/AccountView.vue'),
        meta: { title: 'menu.account' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/NotFound.vue'),
        meta: { title: 'notFound.title' },
      },
    ],
  },
];

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

router.beforeEach(async (to) => {
  const session = useSession();
  try {
    await session.load();
  } catch {
    // The server could not be reached: the login page says so.
    if (!to.meta.public) return { name: 'login', query: { redirect: to.fullPath } };
    return true;
  }
  if (to.meta.public) {
    if (to.name === 'login' && session.ready) {
      const r = typeof to.query.redirect === 'string' && to.query.redirect.startsWith('/') ? to.query.redirect : '/';
      return r;
    }
    return true;
  }
  if (!session.ready) {
    const query: Record<string, string> = to.fullPath !== '/' ? { redirect: to.fullPath } : {};
    if (session.expired) query.expired = '1';
    return { name: 'login', query };
  }
  if (session.enrolRequired && to.name !== 'account') {
    return { name: 'account', query: { tab: 'security' } };
  }
  if (to.meta.perm && !session.can(to.meta.perm)) {
    return { name: 'home' };
  }
  const dict = useDict();
  if (!dict.loaded) {
    try {
      await dict.load();
    } catch {
      /* pages show codes until it loads */
    }
  }
  return true;
});

router.afterEach((to) => {
  const t = i18n.global.t;
  const title = to.meta.title ? t(to.meta.title) : '';
  document.title = title ? `${title} - ${t('app.name')}` : t('app.name');
});
