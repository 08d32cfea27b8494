// 服务协议 and what hangs on it: scope, targets, amendments, filings (备案),
// debarments and annual plans, as the server shows them.

export interface ContractStation {
  station_id: number;
  station_name: string;
  region_code: string;
  amount_fen: number;
  /** Read only: the reader may open the station (a township officer sees only hers). */
  in_range?: boolean;
}

export interface Contract {
  id: number;
  code: string;
  title: string;
  region_code: string;
  region_name: string;
  purchaser: string;
  organisation_id: number;
  organisation_name: string;
  procurement: string;
  cycle_years: number;
  cycle_year: number;
  amount_fen: number;
  signed_on: string;
  effective_on: string;
  starts_on: string;
  ends_on: string;
  filed_on: string | null;
  staff_in_place_on: string | null;
  previous_id: number | null;
  status: string;
  status_reason: string;
  status_on: string | null;
  requirements: string;
  liability: string;
  notes: string;
  stations: ContractStation[];
  version: number;
  updated_at: string;
}

export interface ContractArea {
  area: string;
  label: string;
  items: string;
}

export interface ContractTarget {
  id: number;
  service_type: string;
  area: string | null;
  area_label: string | null;
  quantity: number;
  note: string;
  done: number;
  expected: number;
  behind: boolean;
}

export interface Amendment {
  id: number;
  amended_on: string;
  reason: string;
  changes: string;
  created_by_name: string;
  created_at: string;
}

export interface Filing {
  id: number;
  region_code: string;
  contract_id: number | null;
  contract_code: string | null;
  kind: string;
  kind_label: string;
  year: number;
  title: string;
  filed_with: string;
  due_on: string | null;
  provisional: boolean;
  filed_on: string | null;
  overdue: boolean;
  notes: string;
  version: number;
}

export interface Debarment {
  id: number;
  organisation_id: number;
  organisation_name: string;
  starts_on: string;
  ends_on: string;
  reason: string;
  contract_id: number | null;
  current: boolean;
}

export interface Milestone {
  title: string;
  due_on: string;
  done_on: string | null;
  overdue?: boolean;
}

export interface WorkPlan {
  id: number;
  kind: string;
  region_code: string;
  year: number;
  organisation_id: number | null;
  organisation_name: string | null;
  contract_id: number | null;
  title: string;
  summary: string;
  milestones: Milestone[];
  version: number;
}
