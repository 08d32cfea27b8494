// Staff (社工) as /api/v1/staff, /supervision_sessions and /min_wages
// answer them.
export interface StaffStation {
  id: number;
  name: string;
  type: string;
  assignment_id: number;
  from_on: string;
}

export interface Staff {
  /** On a create or a change only: what the plan's staffing rules say of
   *  her (age at hire, education), told, never refused. */
  warnings?: { code: string; field: string; message: string }[];
  id: number;
  name: string;
  role: string;
  user_id: number | null;
  username: string | null;
  organisation_id: number | null;
  organisation_name: string | null;
  employer_region: string | null;
  employer_region_name: string | null;
  labour_from: string | null;
  labour_to: string | null;
  birth_date: string;
  age: number;
  age_at_hire: number;
  sex: string;
  education: string;
  major: string;
  certificate: string;
  certified_on: string | null;
  hukou_local: boolean;
  hired_on: string;
  wage_fen: number;
  phone: string;
  status: string;
  left_on: string | null;
  left_reason: string;
  notes: string;
  station: StaffStation | null;
  version: number;
}

export interface Assignment {
  id: number;
  station_id: number;
  station_name: string;
  from_on: string;
  to_on: string | null;
  current: boolean;
}

export interface Training {
  id: number;
  held_on: string;
  title: string;
  hours: number;
  organiser: string;
  version: number;
  removable: boolean; /* its author, within service.edit_days */
}

export interface SupervisionSession {
  id: number;
  held_on: string;
  supervisor_id: number;
  supervisor_name: string;
  station_id: number | null;
  station_name: string | null;
  topic: string;
  content: string;
  minutes: string;
  attendees: { id: number; name: string }[];
  version: number;
  removable: boolean; /* its author, within service.edit_days */
}

export interface MinWage {
  id: number;
  region_code: string;
  region_name: string;
  effective_on: string;
  monthly_fen: number;
  source: string;
}
