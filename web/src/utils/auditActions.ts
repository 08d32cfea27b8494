// The audit log's actions a user can pick in its filter (a code not listed
// can still be typed). Their names are in the catalogue under
// audit.actions, keyed by the code with "_" for ".".
export const LOGIN_ACTIONS = ['login', 'logout', 'password.change', 'totp.check'];

export const OPERATION_ACTIONS = [
  'client.create', 'client.update', 'client.read', 'client.list_sensitive', 'client.reveal', 'client.export', 'client.import', 'client.merge', 'client.move',
  'household.create', 'household.update', 'household.delete',
  'service.create', 'service.update', 'service.amend', 'service.delete', 'service.export', 'case.opened', 'case.assessment', 'case.plan_submitted', 'case.plan_approved', 'case.plan_returned', 'case.evaluation', 'case.closure_requested', 'case.closure_approved', 'case.closure_returned', 'case.transfer_requested', 'case.transfer_accepted', 'case.transfer_declined', 'case.reopened', 'case.referred', 'case.referral_outcome', 'case.transfer_withdrawn', 'case.export',
  'group.create', 'group.update', 'group.close', 'group.export', 'plan.create', 'plan.update', 'plan.submit',
  'report.create', 'report.update', 'report.submit', 'report.accept', 'report.return', 'report.delete', 'report.review', 'report.export',
  'organisation.create', 'organisation.update', 'staff.create', 'staff.update', 'staff.export', 'staff.assign', 'staff.end_assignment',
  'staff.training', 'staff.training_update', 'staff.training_delete', 'supervision.create', 'supervision.update', 'supervision.delete', 'survey.create', 'survey.update',
  'contract.create', 'contract.update', 'contract.amend', 'contract.scope', 'contract.targets', 'contract.terminate',
  'filing.create', 'filing.update', 'work_plan.create', 'work_plan.update', 'debarment.create',
  'payment.generate', 'payment.pay', 'payment.override', 'payment.withhold', 'payment.rescale',
  'expenditure.create', 'expenditure.update', 'expenditure.delete', 'expenditure.export', 'allocation.create', 'allocation.delete', 'budget_line.create', 'budget_line.update', 'acceptance.create', 'evaluation.create',
  'evaluation.export', 'evaluation.void', 'evaluation_indicator.create', 'evaluation_indicator.update', 'evaluation_bands.update',
  'attachment.add', 'attachment.remove',
  'user.create', 'user.update', 'user.roles', 'user.organisation', 'user.lock', 'user.unlock', 'user.reset_password',
  'totp.enrol', 'totp.enable', 'totp.disable', 'totp.reset',
  'station.create', 'station.update', 'station.activate', 'station.deactivate',
  'dictionary.create', 'dictionary.update', 'notice.create', 'notice.withdraw', 'setting.update',
  'session.force_logout', 'session.revoke', 'token.create', 'token.revoke', 'token.use',
  'calendar.load', 'min_wage.create', 'audit.prune', 'audit.export', 'regions.import', 'profile.import', 'profile.use',
  'system.init', 'system.demo', 'system.backup', 'system.restore', 'contract.demo', 'staff.demo', 'service.demo',
];
